// Heartbeats (contract v1.1) against the real optrackd: heartbeatSeconds on create, every
// PATCH of the producer renews it while the operation is pending or in progress, a producer
// that stops reporting has its operation failed within the window plus a second, and a SIGKILL
// and restart of optrackd keep the deadline (counted from the last report, a heartbeat
// included).

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>
#include <QTimer>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString svc = u"svc"_s;
const QString serviceActor = u"optrackd"_s;
constexpr int windowSeconds = 5;
constexpr qint64 windowMsecs = windowSeconds * 1000;
// The contract's bound: failed within the window plus one second.
constexpr qint64 graceMsecs = 1000;
constexpr int heartbeatIntervalMs = 1000;
constexpr int reportsBeforeRestart = 2;
constexpr int failTimeoutMs = 15'000;
const QString stoppedMessage
        = u"No progress report for 5 seconds; the producer stopped reporting."_s;

qint64 nowMsecs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 msecsOf(const QJsonObject &operation, const QString &field)
{
    return QDateTime::fromString(operation.value(field).toString(), Qt::ISODateWithMs)
            .toMSecsSinceEpoch();
}

} // namespace

class tst_Heartbeats final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void heartbeatSecondsOnCreate_data();
    void heartbeatSecondsOnCreate();
    void reportsKeepAnOperationAlive();
    void deadlineSurvivesRestart();

private:
    /// An operation of alice's with a heartbeat of windowSeconds; empty on failure.
    QJsonObject createWatched(const QJsonObject &extra = {});
    QJsonObject read(const QString &operationId);
    /// Reads until the operation has failed (or the timeout); its state then.
    void waitForFailure(const QString &operationId, QJsonObject *failed);
    /// The failure is the heartbeat's: its message, a timeout event by the service, and a
    /// deadline counted from lastReportMsecs (when the report was sent).
    void expectStoppedReporting(const QJsonObject &failed, qint64 lastReportMsecs);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
};

void tst_Heartbeats::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_Heartbeats::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

QJsonObject tst_Heartbeats::createWatched(const QJsonObject &extra)
{
    QJsonObject body{{u"operationType"_s, u"backup.nightly"_s},
                     {u"heartbeatSeconds"_s, windowSeconds}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return m_scenario.create(alice, body);
}

QJsonObject tst_Heartbeats::read(const QString &operationId)
{
    return m_client.get(operationPath(operationId), alice).json;
}

void tst_Heartbeats::waitForFailure(const QString &operationId, QJsonObject *failed)
{
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(*failed = read(operationId)) == u"failed"_s, failTimeoutMs);
}

void tst_Heartbeats::expectStoppedReporting(const QJsonObject &failed, qint64 lastReportMsecs)
{
    QCOMPARE(statusOf(failed), u"failed"_s);
    QCOMPARE(failed.value(u"errorMessage"_s).toString(), stoppedMessage);
    const qint64 after = msecsOf(failed, u"completedAt"_s) - lastReportMsecs;
    QVERIFY2(after >= windowMsecs && after <= windowMsecs + graceMsecs,
             qPrintable(u"failed %1 ms after the last report"_s.arg(after)));
    const QJsonArray events = m_client.get(operationPath(idOf(failed), u"/events"_s), alice)
                                      .json.value(u"events"_s)
                                      .toArray();
    QVERIFY(!events.isEmpty());
    const QJsonObject last = events.last().toObject();
    QCOMPARE(last.value(u"kind"_s).toString(), u"timeout"_s);
    QCOMPARE(last.value(u"actor"_s).toString(), serviceActor);
    QCOMPARE(last.value(u"status"_s).toString(), u"failed"_s);
}

void tst_Heartbeats::heartbeatSecondsOnCreate_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QJsonValue>("shown");

    const QJsonValue null(QJsonValue::Null);
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << 201 << null;
    QTest::newRow("null") << null << 201 << null;
    QTest::newRow("shortest, 5") << QJsonValue(5) << 201 << QJsonValue(5);
    QTest::newRow("a day, 86400") << QJsonValue(86400) << 201 << QJsonValue(86400);
    QTest::newRow("4") << QJsonValue(4) << 400 << null;
    QTest::newRow("0") << QJsonValue(0) << 400 << null;
    QTest::newRow("negative") << QJsonValue(-30) << 400 << null;
    QTest::newRow("86401") << QJsonValue(86401) << 400 << null;
    QTest::newRow("fraction") << QJsonValue(7.5) << 400 << null;
    QTest::newRow("string") << QJsonValue(u"30"_s) << 400 << null;
    QTest::newRow("bool") << QJsonValue(true) << 400 << null;
}

void tst_Heartbeats::heartbeatSecondsOnCreate()
{
    QFETCH(QJsonValue, value);
    QFETCH(int, expected);
    QFETCH(QJsonValue, shown);
    QJsonObject body{{u"operationType"_s, u"backup.nightly"_s}, {u"entityId"_s, u"db1"_s}};
    if (!value.isUndefined())
        body.insert(u"heartbeatSeconds"_s, value);
    const qint64 cursor = m_scenario.cursor();
    const ApiResponse response = m_client.post(u"/api/operations"_s, alice, body);
    if (expected == 400) {
        ApiScenario::expectBadRequestNaming(response, u"heartbeatSeconds"_s);
        m_scenario.expectNoChangeSince(cursor);
        return;
    }
    EXPECT_STATUS(response, 201);
    QVERIFY(response.json.contains(u"heartbeatSeconds"_s));
    QCOMPARE(response.json.value(u"heartbeatSeconds"_s), shown);
    QCOMPARE(read(idOf(response.json)).value(u"heartbeatSeconds"_s), shown);
}

// Three operations with the same window: one keeps reporting (empty PATCHes), one never
// reports, one waits for approval (no report is due then). The silent one fails first; the
// others are untouched by then; the reporter fails once it stops.
void tst_Heartbeats::reportsKeepAnOperationAlive()
{
    const QJsonObject reporter = createWatched();
    const QJsonObject silent = createWatched();
    const QJsonObject waiting = createWatched({{u"approval"_s, QJsonObject{{u"required"_s, 1}}}});
    QVERIFY(!reporter.isEmpty() && !silent.isEmpty() && !waiting.isEmpty());
    const QString reporterPath = operationPath(idOf(reporter));
    EXPECT_STATUS(m_client.patch(reporterPath, alice, {{u"status"_s, u"in_progress"_s}}), 200);
    EXPECT_STATUS(m_client.patch(operationPath(idOf(waiting)), alice,
                                 {{u"status"_s, u"waiting_for_approval"_s}}),
                  200);
    const qint64 version = versionOf(read(idOf(reporter)));

    qint64 lastReport = 0;
    int reports = 0;
    int failedReports = 0;
    QTimer heartbeat;
    heartbeat.setInterval(heartbeatIntervalMs);
    connect(&heartbeat, &QTimer::timeout, this, [&] {
        const qint64 sent = nowMsecs();
        // The service role reports too: any producer renews.
        const QString producer = ++reports % 2 ? svc : alice;
        m_client.sendAsync(ApiRequest::patch(reporterPath, producer, {}),
                           [&, sent](const ApiResponse &answer) {
                               if (answer.status == 200)
                                   lastReport = std::max(lastReport, sent);
                               else
                                   ++failedReports;
                           });
    });
    heartbeat.start();

    // The silent one's last report is its creation.
    QJsonObject failed;
    waitForFailure(idOf(silent), &failed);
    expectStoppedReporting(failed, msecsOf(silent, u"createdAt"_s));
    QCOMPARE(failedReports, 0);
    const QJsonObject alive = read(idOf(reporter));
    QCOMPARE(statusOf(alive), u"in_progress"_s);
    QCOMPARE(versionOf(alive), version);
    QCOMPARE(statusOf(read(idOf(waiting))), u"waiting_for_approval"_s);

    heartbeat.stop();
    QTRY_COMPARE(m_client.inFlight(), 0);
    waitForFailure(idOf(reporter), &failed);
    expectStoppedReporting(failed, lastReport);
}

// The last report before a SIGKILL is an empty PATCH: it changed nothing, yet the restarted
// service counts the window from it, not from the last change.
void tst_Heartbeats::deadlineSurvivesRestart()
{
    const QJsonObject watched = createWatched();
    QVERIFY(!watched.isEmpty());
    const QString path = operationPath(idOf(watched));
    EXPECT_STATUS(m_client.patch(path, alice,
                                 {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 10}}),
                  200);
    qint64 lastReport = 0;
    QElapsedTimer sinceChange;
    sinceChange.start();
    for (int i = 1; i <= reportsBeforeRestart; ++i) {
        QTRY_VERIFY(sinceChange.elapsed() >= i * heartbeatIntervalMs);
        lastReport = nowMsecs();
        EXPECT_STATUS(m_client.patch(path, svc, {}), 200);
    }

    m_server.kill();
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QJsonObject failed;
    waitForFailure(idOf(watched), &failed);
    expectStoppedReporting(failed, lastReport);
    QCOMPARE(failed.value(u"progressPercentage"_s).toDouble(), 10.0);
}

QTEST_GUILESS_MAIN(tst_Heartbeats)
#include "tst_heartbeats.moc"
