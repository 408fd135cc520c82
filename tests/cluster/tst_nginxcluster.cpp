// Three optrackd on one PostgreSQL database behind nginx (the shipped site): a change made
// through nginx, whichever instance took it, is read on every instance and pushed on the
// streams of every instance; writes through nginx go on when an instance (the writer too) is
// killed, and the instance serves again once restarted.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "clusterharness.h"
#include "streamrecorder.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <vector>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int instanceCount = 3;
// Round robin over three instances: six changes reach each of them twice.
constexpr int changesPerRound = 2 * instanceCount;
// A change reaches the other instances' reads and streams within this (the bar is 100 ms
// p99; a loaded test machine gets more room).
constexpr int visibleWithinMs = 2'000;
// Writes through nginx succeed again within this after an instance is killed.
constexpr qint64 failoverWithinMs = 5'000;
const QString alice = u"alice"_s;
const QString sam = u"sam"_s;

} // namespace

class tst_NginxCluster final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aChangeThroughTheFrontIsReadOnEveryInstance();
    void aChangeThroughTheFrontIsPushedOnEveryInstancesStream();
    void writesGoOnWhenAnInstanceIsKilled_data();
    void writesGoOnWhenAnInstanceIsKilled();

private:
    QString roleOf(int index);
    int instanceWithRole(const QString &role);

    ClusterHarness m_cluster{instanceCount};
    std::unique_ptr<ApiClient> m_front;
    std::vector<std::unique_ptr<ApiClient>> m_direct;
};

void tst_NginxCluster::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_front = std::make_unique<ApiClient>(&m_cluster.instance(0));
    m_front->setBaseUrl(m_cluster.frontUrl());
    for (int i = 0; i < instanceCount; ++i)
        m_direct.push_back(std::make_unique<ApiClient>(&m_cluster.instance(i)));
}

QString tst_NginxCluster::roleOf(int index)
{
    return m_direct.at(std::size_t(index))->get(u"/healthz"_s, {}).json.value(u"role"_s).toString();
}

int tst_NginxCluster::instanceWithRole(const QString &role)
{
    for (int i = 0; i < instanceCount; ++i) {
        if (m_cluster.instance(i).isRunning() && roleOf(i) == role)
            return i;
    }
    return -1;
}

void tst_NginxCluster::aChangeThroughTheFrontIsReadOnEveryInstance()
{
    ApiScenario scenario(*m_front);
    for (int change = 0; change < changesPerRound; ++change) {
        const QJsonObject created = scenario.create(alice, {{u"operationType"_s, u"nc.read"_s}});
        QVERIFY(!created.isEmpty());
        const ApiResponse moved = m_front->patch(operationPath(idOf(created)), alice,
                                                 {{u"status"_s, u"in_progress"_s}});
        EXPECT_STATUS(moved, 200);
        for (int i = 0; i < instanceCount; ++i) {
            ApiClient &direct = *m_direct.at(std::size_t(i));
            QTRY_COMPARE_WITH_TIMEOUT(versionOf(direct.get(operationPath(idOf(created)), sam).json),
                                      versionOf(moved.json), visibleWithinMs);
        }
    }
}

void tst_NginxCluster::aChangeThroughTheFrontIsPushedOnEveryInstancesStream()
{
    std::vector<std::unique_ptr<StreamRecorder>> streams;
    for (int i = 0; i < instanceCount; ++i) {
        streams.push_back(std::make_unique<StreamRecorder>(&m_cluster.instance(i)));
        streams.back()->open(sam);
    }
    StreamRecorder throughFront(&m_cluster.instance(0));
    throughFront.setBaseUrl(m_cluster.frontUrl());
    throughFront.open(sam);
    for (const auto &stream : streams)
        QTRY_VERIFY(stream->isConnected());
    QTRY_VERIFY(throughFront.isConnected());

    ApiScenario scenario(*m_front);
    for (int change = 0; change < changesPerRound; ++change) {
        const QJsonObject created = scenario.create(alice, {{u"operationType"_s, u"nc.push"_s}});
        QVERIFY(!created.isEmpty());
        for (int i = 0; i < instanceCount; ++i) {
            QTRY_VERIFY2_WITH_TIMEOUT(streams.at(std::size_t(i))->sawOperation(idOf(created)),
                                      qPrintable(u"instance %1"_s.arg(i)), visibleWithinMs);
        }
        QTRY_VERIFY_WITH_TIMEOUT(throughFront.sawOperation(idOf(created)), visibleWithinMs);
    }
}

void tst_NginxCluster::writesGoOnWhenAnInstanceIsKilled_data()
{
    QTest::addColumn<QString>("role");
    QTest::newRow("a follower") << u"follower"_s;
    QTest::newRow("the writer") << u"writer"_s;
}

void tst_NginxCluster::writesGoOnWhenAnInstanceIsKilled()
{
    QFETCH(QString, role);
    const int victim = instanceWithRole(role);
    QVERIFY2(victim >= 0, qPrintable(u"no instance is the "_s + role));

    m_cluster.kill(victim);
    QElapsedTimer sinceKill;
    sinceKill.start();
    // Round robin sends some of these to the dead instance: nginx takes them to the next one
    // (the connection is refused, so nothing was sent), and a follower forwards to whichever
    // instance writes by then.
    QStringList created;
    for (int change = 0; change < changesPerRound; ++change) {
        const ApiResponse answer = m_front->post(
                u"/api/operations"_s, alice,
                {{u"operationType"_s, u"nc.kill"_s}, {u"entityId"_s, u"e%1"_s.arg(change)}});
        EXPECT_STATUS(answer, 201);
        created.append(idOf(answer.json));
    }
    QVERIFY2(sinceKill.elapsed() < failoverWithinMs,
             qPrintable(u"the writes took %1 ms"_s.arg(sinceKill.elapsed())));
    qInfo("%d writes through nginx within %lld ms of killing %s", changesPerRound,
          sinceKill.elapsed(), qPrintable(role));
    QCOMPARE(instanceWithRole(u"writer"_s) >= 0, true);

    QVERIFY2(m_cluster.restart(victim), qPrintable(m_cluster.errorString()));
    ApiClient &restarted = *m_direct.at(std::size_t(victim));
    for (const QString &id : created)
        EXPECT_STATUS(restarted.get(operationPath(id), sam), 200);
    for (const QString &id : created)
        EXPECT_STATUS(m_front->get(operationPath(id), sam), 200);
}

QTEST_GUILESS_MAIN(tst_NginxCluster)

#include "tst_nginxcluster.moc"
