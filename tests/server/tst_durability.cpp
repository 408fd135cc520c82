// Durability: every change answered 2xx survives a SIGKILL under load; SIGTERM under load
// drains and exits 0; versions carry on above everything acknowledged after a restart.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "operationwriters.h"
#include "optrackdprocess.h"

#include <QJsonArray>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString svc = u"svc"_s;

constexpr int writerLanes = 16;
// Far more than gets written before the stop: the server goes while writers are busy.
constexpr int operationsPerLane = 60;
constexpr int acknowledgedBeforeKill = 800;
constexpr int acknowledgedBeforeTerm = 300;
constexpr int loadTimeoutMs = 180'000;
constexpr int settleTimeoutMs = 30'000;
const QStringList terminalStatuses{u"denied"_s, u"completed"_s, u"failed"_s, u"cancelled"_s};

} // namespace

class tst_Durability final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void sigkillKeepsAcknowledgedChanges();
    void sigtermUnderLoadExitsCleanly();
    void restartWithoutLoad();

private:
    void expectAcknowledgedSurvived(const OperationWriters &writers);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
};

void tst_Durability::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_Durability::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

// Each acknowledged operation reads back in its acknowledged state or a later one.
void tst_Durability::expectAcknowledgedSurvived(const OperationWriters &writers)
{
    const QHash<QString, OperationWriters::Acknowledged> latest = writers.latestAcknowledged();
    QVERIFY(!latest.isEmpty());
    qint64 highest = 0;
    int unchanged = 0;
    for (const OperationWriters::Acknowledged &ack : latest) {
        const ApiResponse read = m_client.get(operationPath(ack.operationId), svc);
        EXPECT_STATUS(read, 200);
        const qint64 version = versionOf(read.json);
        QVERIFY2(version >= ack.version,
                 qPrintable(u"%1: acknowledged version %2, after restart %3"_s.arg(ack.operationId)
                                    .arg(ack.version)
                                    .arg(version)));
        if (version == ack.version || terminalStatuses.contains(statusOf(ack.operation))) {
            QCOMPARE(withoutEstimate(read.json), withoutEstimate(ack.operation));
            ++unchanged;
        } else {
            // A later change that was applied but whose answer never arrived: it only ever
            // moves forward.
            QVERIFY(read.json.value(u"progressPercentage"_s).toDouble()
                            >= ack.operation.value(u"progressPercentage"_s).toDouble()
                    || terminalStatuses.contains(statusOf(read.json)));
        }
        highest = std::max(highest, ack.version);
    }
    // Most answers were not overtaken by an unanswered change.
    QVERIFY(unchanged > 0);

    // The audit trail came back too: one created event each, and the trail ends in the
    // operation's status.
    for (const OperationWriters::Acknowledged &ack : latest) {
        const ApiResponse events = m_client.get(operationPath(ack.operationId, u"/events"_s), svc);
        EXPECT_STATUS(events, 200);
        const QJsonArray trail = events.json.value(u"events"_s).toArray();
        QVERIFY(!trail.isEmpty());
        QCOMPARE(trail.first().toObject().value(u"kind"_s).toString(), u"created"_s);
        const ApiResponse read = m_client.get(operationPath(ack.operationId), svc);
        QCOMPARE(trail.last().toObject().value(u"status"_s).toString(), statusOf(read.json));
    }

    // The counter carries on above everything acknowledged.
    const QJsonObject next = m_scenario.create(alice, {{u"operationType"_s, u"d.after"_s}});
    QVERIFY(!next.isEmpty());
    QVERIFY2(versionOf(next) > highest,
             qPrintable(u"new version %1, highest acknowledged %2"_s.arg(versionOf(next))
                                .arg(highest)));
}

void tst_Durability::sigkillKeepsAcknowledgedChanges()
{
    OperationWriters writers(m_client);
    writers.start(writerLanes, operationsPerLane);
    QTRY_VERIFY_WITH_TIMEOUT(writers.acknowledgedCount() >= acknowledgedBeforeKill
                                     || writers.isFinished(),
                             loadTimeoutMs);
    QVERIFY2(writers.errors().isEmpty(), qPrintable(writers.errors().join(u'\n')));
    QVERIFY2(!writers.isFinished(), "the writers ran out before the kill; raise their load");
    writers.stop();
    m_server.kill();
    QTRY_VERIFY_WITH_TIMEOUT(writers.isFinished(), settleTimeoutMs);

    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    expectAcknowledgedSurvived(writers);
}

void tst_Durability::sigtermUnderLoadExitsCleanly()
{
    OperationWriters writers(m_client);
    writers.start(writerLanes, operationsPerLane);
    QTRY_VERIFY_WITH_TIMEOUT(writers.acknowledgedCount() >= acknowledgedBeforeTerm
                                     || writers.isFinished(),
                             loadTimeoutMs);
    QVERIFY2(writers.errors().isEmpty(), qPrintable(writers.errors().join(u'\n')));
    QVERIFY2(!writers.isFinished(), "the writers ran out before SIGTERM; raise their load");
    writers.stop();
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(writers.isFinished(), settleTimeoutMs);

    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    expectAcknowledgedSurvived(writers);
}

// A quiet restart keeps every operation exactly, lists included.
void tst_Durability::restartWithoutLoad()
{
    // Operations of its own in each kind of state (running, waiting for a vote, approved,
    // finished), so that the test needs nothing an earlier one left behind.
    const QList<std::pair<QString, bool>> states{{u"in_progress"_s, false},
                                                 {u"waiting_for_approval"_s, true},
                                                 {u"approved"_s, true},
                                                 {u"completed"_s, false},
                                                 {u"cancelled"_s, false}};
    for (const auto &[status, needsApproval] : states) {
        QJsonObject operation;
        m_scenario.makeInStatus(alice, status, needsApproval, &operation);
        if (QTest::currentTestFailed())
            return;
    }
    const ApiResponse before = m_client.get(u"/api/operations?scope=all&limit=1000"_s, svc);
    EXPECT_STATUS(before, 200);
    QVERIFY(!before.operations().isEmpty());
    QVERIFY2(m_server.restart(), qPrintable(m_server.errorString()));
    const ApiResponse after = m_client.get(u"/api/operations?scope=all&limit=1000"_s, svc);
    EXPECT_STATUS(after, 200);
    QCOMPARE(after.operations().size(), before.operations().size());
    for (qsizetype i = 0; i < before.operations().size(); ++i) {
        QCOMPARE(withoutEstimate(after.operations().at(i).toObject()),
                 withoutEstimate(before.operations().at(i).toObject()));
    }
    QCOMPARE(after.json.value(u"cursor"_s), before.json.value(u"cursor"_s));
}

QTEST_GUILESS_MAIN(tst_Durability)
#include "tst_durability.moc"
