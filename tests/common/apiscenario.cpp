#include "apiscenario.h"

#include "apiclient.h"
#include "apihelpers.h"

#include <QTest>

#include <algorithm>

namespace optrack::testing {

using namespace Qt::StringLiterals;

ApiScenario::ApiScenario(ApiClient &client, QString reader, QString voter)
    : m_client(client)
    , m_reader(std::move(reader))
    , m_voter(std::move(voter))
{ }

QJsonObject ApiScenario::create(const QString &user, QJsonObject body)
{
    if (!body.contains(u"entityId"_s))
        body.insert(u"entityId"_s, u"entity_1"_s);
    const ApiResponse response = m_client.post(u"/api/operations"_s, user, body);
    if (response.status != 201) {
        QTest::qFail(qPrintable(u"create failed: "_s + response.describe()), __FILE__, __LINE__);
        return {};
    }
    return response.json;
}

void ApiScenario::makeInStatus(const QString &owner, const QString &status, bool needsApproval,
                               QJsonObject *operation, const QString &operationType)
{
    QJsonObject body{{u"operationType"_s, operationType}};
    if (needsApproval)
        body.insert(u"approval"_s, QJsonObject{{u"required"_s, 1}});
    const QJsonObject created = create(owner, body);
    QVERIFY(!created.isEmpty());
    const QString path = operationPath(idOf(created));
    const auto move = [&](const QString &to) {
        const ApiResponse response = m_client.patch(path, owner, {{u"status"_s, to}});
        EXPECT_STATUS(response, 200);
    };
    const auto vote = [&](const QString &decision) {
        const ApiResponse response
                = m_client.post(path + u"/votes"_s, m_voter, {{u"decision"_s, decision}});
        EXPECT_STATUS(response, 200);
    };
    if (status == u"in_progress"_s || status == u"waiting_for_approval"_s || status == u"failed"_s
        || status == u"cancelled"_s) {
        move(status);
    } else if (status == u"approved"_s) {
        move(u"waiting_for_approval"_s);
        vote(u"approve"_s);
    } else if (status == u"denied"_s) {
        move(u"waiting_for_approval"_s);
        vote(u"deny"_s);
    } else if (status == u"completed"_s) {
        move(u"in_progress"_s);
        move(status);
    }
    if (QTest::currentTestFailed())
        return;
    const ApiResponse current = m_client.get(path, owner);
    EXPECT_STATUS(current, 200);
    QCOMPARE(statusOf(current.json), status);
    *operation = current.json;
}

void ApiScenario::expectUnchanged(const QJsonObject &before)
{
    const ApiResponse after = m_client.get(operationPath(idOf(before)), m_reader);
    EXPECT_STATUS(after, 200);
    QCOMPARE(withoutEstimate(after.json), withoutEstimate(before));
}

qint64 ApiScenario::cursor()
{
    return latestCursor(m_client, m_reader);
}

void ApiScenario::expectNoChangeSince(qint64 cursor)
{
    QVERIFY(cursor >= 0);
    const ApiResponse poll = m_client.get(
            u"/api/operations?scope=all&limit=1000&since=%1"_s.arg(cursor), m_reader);
    QVERIFY2(poll.status == 304 || (poll.status == 200 && poll.operations().isEmpty()),
             qPrintable(u"something changed: "_s + poll.describe()));
}

void ApiScenario::expectErrorBody(const ApiResponse &response, const QString &code)
{
    QVERIFY2(response.isJsonObject, qPrintable(response.describe()));
    QCOMPARE(response.errorCode(), code);
    QVERIFY2(!response.errorMessage().trimmed().isEmpty(), qPrintable(response.describe()));
}

void ApiScenario::expectBadRequestNaming(const ApiResponse &response, const QString &field)
{
    EXPECT_STATUS(response, 400);
    expectErrorBody(response, u"bad_request"_s);
    const QStringList alternatives = field.split(u'|');
    const bool named = std::any_of(
            alternatives.cbegin(), alternatives.cend(), [&response](const QString &name) {
                return response.errorMessage().contains(name)
                        || response.json.value(u"field"_s).toString() == name;
            });
    QVERIFY2(named, qPrintable(u"the error does not name %1: "_s.arg(field) + response.describe()));
}

} // namespace optrack::testing
