// Delta polling: a poller that always asks since=cursor while writers are busy ends with the
// exact state of every operation, never sees a version twice and never misses a change.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - A poll with since and nothing new is a 304 or an empty list whose cursor is not lower
//   than since.
// - The ETA fields may be recomputed on read, so states are compared without them.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "operationwriters.h"
#include "optrackdprocess.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString sam = u"sam"_s;
const QString svc = u"svc"_s;

constexpr int pollLimit = 7;
constexpr int writerLanes = 8;
constexpr int operationsPerLane = 6;
constexpr int loadTimeoutMs = 180'000;

} // namespace

class tst_Polling final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void cursorSemantics();
    void nothingNew();
    void filtersDoNotApplyWithSince();
    void onlyVisibleChanges();
    void pollerAgainstConcurrentWriters();

private:
    /// One poll with since=m_cursor, checked against the contract; false on a failure.
    void handlePoll(const ApiResponse &response, qint64 since);
    void poll();

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};

    // The concurrent poller's picture.
    QHash<QString, QJsonObject> m_picture;
    QSet<qint64> m_seenVersions;
    QStringList m_pollerErrors;
    qint64 m_cursor = 0;
    int m_polls = 0;
    bool m_writersDone = false;
    bool m_pollerDone = false;
};

void tst_Polling::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_Polling::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_Polling::cursorSemantics()
{
    constexpr int created = 10;
    const qint64 start = m_scenario.cursor();
    QVERIFY(start >= 0);
    QList<qint64> versions;
    for (int i = 0; i < created; ++i) {
        const QJsonObject operation
                = m_scenario.create(alice, {{u"operationType"_s, u"p.cursor"_s}});
        QVERIFY(!operation.isEmpty());
        versions.append(versionOf(operation));
    }

    const ApiResponse first = m_client.get(
            u"/api/operations?scope=all&limit=%1&since=%2"_s.arg(pollLimit).arg(start), sam);
    EXPECT_STATUS(first, 200);
    QList<qint64> got;
    for (const QJsonValue &value : first.operations())
        got.append(versionOf(value.toObject()));
    // Lowest version first, at most limit of them, cursor the last one returned.
    QCOMPARE(got, versions.first(pollLimit));
    QCOMPARE(first.json.value(u"cursor"_s).toInteger(), versions.at(pollLimit - 1));

    const ApiResponse second
            = m_client.get(u"/api/operations?scope=all&limit=%1&since=%2"_s.arg(pollLimit).arg(
                                   first.json.value(u"cursor"_s).toInteger()),
                           sam);
    EXPECT_STATUS(second, 200);
    got.clear();
    for (const QJsonValue &value : second.operations())
        got.append(versionOf(value.toObject()));
    QCOMPARE(got, versions.mid(pollLimit));
    QCOMPARE(second.json.value(u"cursor"_s).toInteger(), versions.last());

    // An operation changed twice after since comes once, in its current state.
    const QString id = idOf(first.operations().first().toObject());
    EXPECT_STATUS(m_client.patch(operationPath(id), svc, {{u"progressPercentage"_s, 10}}), 200);
    const ApiResponse last
            = m_client.patch(operationPath(id), svc, {{u"progressPercentage"_s, 20}});
    EXPECT_STATUS(last, 200);
    const ApiResponse third
            = m_client.get(u"/api/operations?scope=all&since=%1"_s.arg(versions.last()), sam);
    EXPECT_STATUS(third, 200);
    QCOMPARE(idsOf(third.operations()), QStringList{id});
    QCOMPARE(withoutEstimate(third.operations().first().toObject()), withoutEstimate(last.json));
    QCOMPARE(third.json.value(u"cursor"_s).toInteger(), versionOf(last.json));
}

// Assumption: nothing new is a 304 or an empty list whose cursor does not go back.
void tst_Polling::nothingNew()
{
    QVERIFY(!m_scenario.create(alice, {{u"operationType"_s, u"p.quiet"_s}}).isEmpty());
    const qint64 cursor = m_scenario.cursor();
    QVERIFY(cursor > 0);
    const QString path
            = u"/api/operations?scope=all&limit=%1&since=%2"_s.arg(pollLimit).arg(cursor);
    const ApiResponse quiet = m_client.get(path, sam);
    QVERIFY2(quiet.status == 304 || (quiet.status == 200 && quiet.operations().isEmpty()),
             qPrintable(quiet.describe()));
    if (quiet.status == 200) {
        QVERIFY(quiet.json.value(u"cursor"_s).toInteger() >= cursor);
        const QByteArray etag = quiet.header("ETag"_ba);
        QVERIFY(!etag.isEmpty());
        EXPECT_STATUS(m_client.get(path, sam, {{"If-None-Match"_ba, etag}}), 304);
    }
    // Another user's poll from the same place is quiet too.
    const ApiResponse mine = m_client.get(
            u"/api/operations?limit=%1&since=%2"_s.arg(pollLimit).arg(cursor), alice);
    QVERIFY2(mine.status == 304 || (mine.status == 200 && mine.operations().isEmpty()),
             qPrintable(mine.describe()));
}

void tst_Polling::filtersDoNotApplyWithSince()
{
    const QJsonObject operation = m_scenario.create(alice, {{u"operationType"_s, u"p.filter"_s}});
    QVERIFY(!operation.isEmpty());
    const qint64 cursor = m_scenario.cursor();
    const ApiResponse moved = m_client.patch(operationPath(idOf(operation)), alice,
                                             {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(moved, 200);
    // It left status=pending, and it is not of type p.other: with since it comes anyway.
    for (const QString &filter : {u"status=pending"_s, u"operationType=p.other"_s,
                                  u"status=completed&operationType=p.other"_s}) {
        for (const QString &user : {alice, sam}) {
            const QString scope = user == sam ? u"&scope=all"_s : QString();
            const ApiResponse response = m_client.get(
                    u"/api/operations?%1&since=%2%3"_s.arg(filter).arg(cursor).arg(scope), user);
            EXPECT_STATUS(response, 200);
            QCOMPARE(idsOf(response.operations()), QStringList{idOf(operation)});
            QCOMPARE(statusOf(response.operations().first().toObject()), u"in_progress"_s);
        }
    }
    // Unknown values are still refused.
    ApiScenario::expectBadRequestNaming(
            m_client.get(u"/api/operations?status=bogus&since=%1"_s.arg(cursor), alice),
            u"status"_s);
}

void tst_Polling::onlyVisibleChanges()
{
    const qint64 cursor = m_scenario.cursor();
    const QJsonObject daves = m_scenario.create(dave, {{u"operationType"_s, u"p.visible"_s}});
    const QJsonObject alices = m_scenario.create(alice, {{u"operationType"_s, u"p.visible"_s}});
    QVERIFY(!daves.isEmpty() && !alices.isEmpty());
    const ApiResponse forAlice = m_client.get(u"/api/operations?since=%1"_s.arg(cursor), alice);
    EXPECT_STATUS(forAlice, 200);
    QCOMPARE(idsOf(forAlice.operations()), QStringList{idOf(alices)});
    const ApiResponse forDave = m_client.get(u"/api/operations?since=%1"_s.arg(cursor), dave);
    EXPECT_STATUS(forDave, 200);
    QCOMPARE(idsOf(forDave.operations()), QStringList{idOf(daves)});
    const ApiResponse forStaff
            = m_client.get(u"/api/operations?scope=all&since=%1"_s.arg(cursor), sam);
    EXPECT_STATUS(forStaff, 200);
    QCOMPARE(idsOf(forStaff.operations()), (QStringList{idOf(daves), idOf(alices)}));
}

void tst_Polling::handlePoll(const ApiResponse &response, qint64 since)
{
    ++m_polls;
    if (response.status == 304)
        return;
    if (response.status != 200) {
        m_pollerErrors.append(response.describe());
        return;
    }
    const QJsonArray operations = response.operations();
    if (operations.size() > pollLimit)
        m_pollerErrors.append(u"more than limit: "_s + response.describe());
    qint64 previous = since;
    for (const QJsonValue &value : operations) {
        const QJsonObject operation = value.toObject();
        const qint64 version = versionOf(operation);
        if (version <= previous) {
            m_pollerErrors.append(
                    u"version %1 not above %2 (since %3)"_s.arg(version).arg(previous).arg(since));
        }
        if (m_seenVersions.contains(version))
            m_pollerErrors.append(u"version %1 came twice"_s.arg(version));
        m_seenVersions.insert(version);
        const QJsonObject known = m_picture.value(idOf(operation));
        if (!known.isEmpty() && versionOf(known) >= version) {
            m_pollerErrors.append(u"%1 went back from %2 to %3"_s.arg(idOf(operation))
                                          .arg(versionOf(known))
                                          .arg(version));
        }
        m_picture.insert(idOf(operation), operation);
        previous = version;
    }
    const qint64 cursor = response.json.value(u"cursor"_s).toInteger(-1);
    if (!operations.isEmpty() && cursor != previous) {
        m_pollerErrors.append(
                u"cursor %1 is not the last version returned (%2)"_s.arg(cursor).arg(previous));
    }
    if (cursor < since)
        m_pollerErrors.append(u"cursor went back from %1 to %2"_s.arg(since).arg(cursor));
    m_cursor = std::max(m_cursor, cursor);
}

void tst_Polling::poll()
{
    const qint64 since = m_cursor;
    // Only a poll that starts after the last write can show that nothing is left.
    const bool afterWrites = m_writersDone;
    m_client.sendAsync(
            ApiRequest::get(
                    u"/api/operations?scope=all&limit=%1&since=%2"_s.arg(pollLimit).arg(since),
                    sam),
            [this, since, afterWrites](const ApiResponse &response) {
                handlePoll(response, since);
                const bool quiet = response.status == 304
                        || (response.status == 200 && response.operations().isEmpty());
                if ((afterWrites && quiet) || !m_pollerErrors.isEmpty())
                    m_pollerDone = true;
                else
                    poll();
            });
}

void tst_Polling::pollerAgainstConcurrentWriters()
{
    // The poller starts from what exists before the writers begin.
    const ApiResponse before = m_client.get(u"/api/operations?scope=all&limit=1000"_s, sam);
    EXPECT_STATUS(before, 200);
    for (const QJsonValue &value : before.operations())
        m_picture.insert(idOf(value.toObject()), value.toObject());
    m_cursor = before.json.value(u"cursor"_s).toInteger(-1);
    QVERIFY(m_cursor >= 0);

    OperationWriters writers(m_client);
    connect(&writers, &OperationWriters::finished, this, [this] { m_writersDone = true; });
    writers.start(writerLanes, operationsPerLane);
    poll();
    QTRY_VERIFY_WITH_TIMEOUT(m_writersDone, loadTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_pollerDone, loadTimeoutMs);
    QVERIFY2(writers.errors().isEmpty(), qPrintable(writers.errors().join(u'\n')));
    QVERIFY2(m_pollerErrors.isEmpty(), qPrintable(m_pollerErrors.join(u'\n')));
    // The poller really ran alongside the writers.
    QVERIFY2(m_polls > 2, qPrintable(QString::number(m_polls)));

    const ApiResponse after = m_client.get(u"/api/operations?scope=all&limit=1000"_s, sam);
    EXPECT_STATUS(after, 200);
    QCOMPARE(after.operations().size(), m_picture.size());
    for (const QJsonValue &value : after.operations()) {
        const QJsonObject truth = value.toObject();
        const QJsonObject seen = m_picture.value(idOf(truth));
        QVERIFY2(!seen.isEmpty(), qPrintable(u"the poller never saw "_s + idOf(truth)));
        QCOMPARE(withoutEstimate(seen), withoutEstimate(truth));
    }
    // Every acknowledged change is in the picture, or superseded there.
    const QHash<QString, OperationWriters::Acknowledged> latest = writers.latestAcknowledged();
    QCOMPARE(latest.size(), writerLanes * operationsPerLane);
    for (const OperationWriters::Acknowledged &ack : latest)
        QVERIFY(versionOf(m_picture.value(ack.operationId)) >= ack.version);
}

QTEST_GUILESS_MAIN(tst_Polling)
#include "tst_polling.moc"
