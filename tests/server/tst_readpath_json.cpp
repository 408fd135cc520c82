// The read path's answers are spliced from bytes serialised once per version; this suite
// holds every route that carries operations to what the codec and QJsonDocument write, for
// every role: the body is QJsonDocument's compact form of itself (keys in its order, its
// number and string formatting), and each operation in it is exactly codec::toJson of the
// operation it describes. Operations here carry the values that are easy to get wrong by
// hand: escapes, non-ASCII, fractions, nested results, approvals with votes.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "operationcodec.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString bob = u"bob"_s;
const QString carol = u"carol"_s;
const QString erin = u"erin"_s;
const QString sam = u"sam"_s;
const QString ada = u"ada"_s;
const QString svc = u"svc"_s;

constexpr int streamTimeoutMs = 10'000;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// Fails the running test unless bytes are QJsonDocument's compact form of themselves.
void expectCanonical(const QByteArray &bytes, const QString &where)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(),
             qPrintable(where + u": not a JSON object: "_s + error.errorString()));
    QCOMPARE(bytes, document.toJson(QJsonDocument::Compact));
}

/// Fails the running test unless json is what the codec writes for the operation it describes.
void expectCodecs(const QJsonObject &json, const QString &where)
{
    Operation op;
    FieldError error;
    QVERIFY2(codec::fromJson(json, &op, &error),
             qPrintable(where + u": "_s + error.field + u": "_s + error.message));
    QVERIFY2(compact(codec::toJson(op)) == compact(json),
             qPrintable(where + u": "_s + QString::fromUtf8(compact(json))));
}

} // namespace

class tst_ReadPathJson final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void singleOperation_data();
    void singleOperation();
    void lists_data();
    void lists();
    void stream_data();
    void stream();

private:
    void checkList(const QString &user, const QString &query, int *operations);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
    QStringList m_ids;
};

void tst_ReadPathJson::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    // Plain, pending.
    m_ids << idOf(m_scenario.create(alice, {{u"operationType"_s, u"r.plain"_s}}));
    // Every optional field, with escapes and non-ASCII, moved with fractions and a result.
    const QJsonObject rich = m_scenario.create(
            alice,
            {{u"operationType"_s, u"r.rich"_s},
             {u"displayName"_s, u"Ünïcödé \"quoted\" \\ back\tslash € 😀 </script>"_s},
             {u"steps"_s, QJsonArray{u"Read \"rows\""_s, u"Write"_s, u"Check"_s}},
             {u"context"_s,
              QJsonObject{{u"fileName"_s, u"ä\nb.csv"_s},
                          {u"fileSize"_s, 12345678901LL},
                          {u"nested"_s, QJsonObject{{u"list"_s, QJsonArray{1, 2.5, true}}}}}},
             {u"heartbeatSeconds"_s, 60}});
    m_ids << idOf(rich);
    EXPECT_STATUS(m_client.patch(operationPath(m_ids.last()), alice,
                                 {{u"status"_s, u"in_progress"_s},
                                  {u"progressPercentage"_s, 33.333333333333336},
                                  {u"currentStep"_s, 2},
                                  {u"stepDescription"_s, u"Writing \"row\" 7\u0001"_s}}),
                  200);
    // Finished with a nested result.
    m_ids << idOf(m_scenario.create(alice, {{u"operationType"_s, u"r.done"_s}}));
    EXPECT_STATUS(
            m_client.patch(operationPath(m_ids.last()), alice, {{u"status"_s, u"in_progress"_s}}),
            200);
    EXPECT_STATUS(
            m_client.patch(operationPath(m_ids.last()), alice,
                           {{u"status"_s, u"completed"_s},
                            {u"result"_s,
                             QJsonObject{{u"rows"_s, 1000000},
                                         {u"ratio"_s, 0.1},
                                         {u"notes"_s, QJsonArray{u"a\"b"_s, QJsonValue()}}}}}),
            200);
    // Failed with a message.
    m_ids << idOf(m_scenario.create(dave, {{u"operationType"_s, u"r.failed"_s}}));
    EXPECT_STATUS(
            m_client.patch(operationPath(m_ids.last()), dave, {{u"status"_s, u"in_progress"_s}}),
            200);
    EXPECT_STATUS(m_client.patch(operationPath(m_ids.last()), dave,
                                 {{u"status"_s, u"failed"_s},
                                  {u"errorMessage"_s, u"Line 7: \"12,5\" is not a number ✗"_s}}),
                  200);
    // Waiting for a second vote, one in with a reason that needs escaping.
    m_ids << idOf(m_scenario.create(
            dave,
            {{u"operationType"_s, u"r.vote"_s}, {u"approval"_s, QJsonObject{{u"required"_s, 2}}}}));
    EXPECT_STATUS(m_client.patch(operationPath(m_ids.last()), dave,
                                 {{u"status"_s, u"waiting_for_approval"_s}}),
                  200);
    EXPECT_STATUS(m_client.post(operationPath(m_ids.last()) + u"/votes"_s, bob,
                                {{u"decision"_s, u"approve"_s}, {u"reason"_s, u"ok \"go\" ✓"_s}}),
                  200);
    for (const QString &id : std::as_const(m_ids))
        QVERIFY(!id.isEmpty());
}

void tst_ReadPathJson::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_ReadPathJson::singleOperation_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("suffix");
    for (const QString &user : {alice, dave, bob, sam, ada, svc}) {
        QTest::addRow("%s, operation", qPrintable(user)) << user << QString();
        QTest::addRow("%s, status", qPrintable(user)) << user << u"/status"_s;
    }
}

void tst_ReadPathJson::singleOperation()
{
    QFETCH(QString, user);
    QFETCH(QString, suffix);
    int read = 0;
    for (const QString &id : std::as_const(m_ids)) {
        const ApiResponse response = m_client.get(operationPath(id) + suffix, user);
        if (response.status == 403)
            continue; // not this role's to see: no body to compare
        EXPECT_STATUS(response, 200);
        ++read;
        expectCanonical(response.body, response.requestLine);
        expectCodecs(response.json, response.requestLine);
        QCOMPARE(response.header("ETag"),
                 "\"v" + QByteArray::number(response.json.value(u"version"_s).toInteger()) + '"');
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY(read > 0);
}

void tst_ReadPathJson::checkList(const QString &user, const QString &query, int *operations)
{
    QString next = query;
    for (int page = 0; !next.isEmpty() && page < 100; ++page) {
        const ApiResponse response = m_client.get(u"/api/operations?"_s + next, user);
        EXPECT_STATUS(response, 200);
        expectCanonical(response.body, response.requestLine);
        // A page says how many match (total) and at which version; a delta does not.
        QStringList keys{u"cursor"_s, u"nextPageToken"_s, u"operations"_s};
        if (!query.contains(u"since="_s))
            keys << u"total"_s << u"version"_s;
        QCOMPARE(response.json.keys(), keys);
        for (const QJsonValue &op : response.operations())
            expectCodecs(op.toObject(), response.requestLine);
        if (QTest::currentTestFailed())
            return;
        *operations += int(response.operations().size());
        const QJsonValue token = response.json.value(u"nextPageToken"_s);
        next = token.isString() ? query + u"&pageToken="_s + token.toString() : QString();
    }
}

void tst_ReadPathJson::lists_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("nonEmpty");
    // bob voted on the waiting operation: it leaves his approvals list, not his deltas.
    for (const QString &user : {alice, dave, bob, carol, sam, ada, svc}) {
        const bool owns = user == alice || user == dave;
        const bool staff = user == sam || user == ada || user == svc;
        QTest::addRow("%s, mine", qPrintable(user)) << user << u"scope=mine"_s << owns;
        QTest::addRow("%s, mine, pages of 2", qPrintable(user))
                << user << u"scope=mine&limit=2"_s << owns;
        QTest::addRow("%s, approvals", qPrintable(user))
                << user << u"scope=approvals"_s << (user == carol);
        QTest::addRow("%s, approvals delta", qPrintable(user))
                << user << u"scope=approvals&since=0"_s << (user == bob || user == carol);
        QTest::addRow("%s, mine delta", qPrintable(user))
                << user << u"scope=mine&since=0"_s << owns;
        QTest::addRow("%s, mine delta, 1 at a time", qPrintable(user))
                << user << u"scope=mine&since=0&limit=1"_s << owns;
        if (staff) {
            QTest::addRow("%s, all", qPrintable(user)) << user << u"scope=all"_s << true;
            QTest::addRow("%s, all, pages of 2", qPrintable(user))
                    << user << u"scope=all&limit=2"_s << true;
            QTest::addRow("%s, all, filtered", qPrintable(user))
                    << user << u"scope=all&status=completed,failed&operationType=r.done"_s << true;
            QTest::addRow("%s, all delta", qPrintable(user))
                    << user << u"scope=all&since=0"_s << true;
            QTest::addRow("%s, all delta from the head", qPrintable(user))
                    << user << u"scope=all&since=1000000"_s << false;
        }
    }
}

void tst_ReadPathJson::lists()
{
    QFETCH(QString, user);
    QFETCH(QString, query);
    QFETCH(bool, nonEmpty);
    int operations = 0;
    checkList(user, query, &operations);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(operations > 0, nonEmpty);
}

void tst_ReadPathJson::stream_data()
{
    QTest::addColumn<QString>("user");
    for (const QString &user : {alice, dave, bob, sam, svc})
        QTest::addRow("%s", qPrintable(user)) << user;
}

void tst_ReadPathJson::stream()
{
    QFETCH(QString, user);
    StreamRecorder recorder(&m_server);
    QStringList texts;
    connect(&recorder.socket(), &QWebSocket::textMessageReceived, this,
            [&texts](const QString &text) { texts << text; });
    recorder.open(user, 0); // the replay: every operation the user may see
    QTRY_VERIFY_WITH_TIMEOUT(recorder.otherMessages().size() == 1, streamTimeoutMs); // "ready"
    const qsizetype replayed = recorder.operations().size();
    QVERIFY(replayed > 0);
    // Live pushes: an operation this user sees is created, waits for votes and gets one.
    const QString owner = user == dave || user == bob ? dave : alice;
    const QString id = idOf(m_scenario.create(
            owner,
            {{u"operationType"_s, u"r.live"_s}, {u"approval"_s, QJsonObject{{u"required"_s, 2}}}}));
    QVERIFY(!id.isEmpty());
    EXPECT_STATUS(m_client.patch(operationPath(id), owner,
                                 {{u"status"_s, u"waiting_for_approval"_s},
                                  {u"stepDescription"_s, u"Waiting for \"votes\" ✓"_s}}),
                  200);
    const ApiResponse vote
            = m_client.post(operationPath(id) + u"/votes"_s, erin,
                            {{u"decision"_s, u"approve"_s}, {u"reason"_s, u"fine\tby me"_s}});
    EXPECT_STATUS(vote, 200);
    const qint64 version
            = vote.json.value(u"operation"_s).toObject().value(u"version"_s).toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.sawVersionAtLeast(id, version), streamTimeoutMs);
    for (const QString &text : std::as_const(texts)) {
        const QByteArray bytes = text.toUtf8();
        expectCanonical(bytes, u"stream of "_s + user);
        const QJsonObject message = QJsonDocument::fromJson(bytes).object();
        if (message.value(u"type"_s).toString() == u"operation"_s) {
            QCOMPARE(message.keys(), (QStringList{u"operation"_s, u"type"_s}));
            expectCodecs(message.value(u"operation"_s).toObject(), u"stream of "_s + user);
        }
        if (QTest::currentTestFailed())
            return;
    }
}

QTEST_MAIN(tst_ReadPathJson)
#include "tst_readpath_json.moc"
