// The app's operation feed behind nginx (the shipped site) through a SIGKILL of the instance
// its stream is on: the feed goes offline on nginx's 502 instead of starting over, and once an
// instance serves again it catches up with every change made meanwhile, with no gap and no
// duplicate, and takes pushes again.

#include "apiclient.h"
#include "apiconnection.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "clusterharness.h"
#include "operationfeed.h"

#include <QHash>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString sam = u"sam"_s;
constexpr int instances = 1;
// The feed backs off after failures (at most 30 s between tries); refresh() cuts that short.
constexpr int feedTimeoutMs = 20'000;

} // namespace

class tst_FeedBehindFront final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void catchesUpAfterTheInstanceIsKilled();

private:
    QHash<QString, qint64> versionsOfType(const QString &type);

    ClusterHarness m_cluster{instances};
    std::unique_ptr<ApiClient> m_front;
};

void tst_FeedBehindFront::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_front = std::make_unique<ApiClient>(&m_cluster.instance(0));
    m_front->setBaseUrl(m_cluster.frontUrl());
}

QHash<QString, qint64> tst_FeedBehindFront::versionsOfType(const QString &type)
{
    QHash<QString, qint64> versions;
    const ApiResponse list
            = m_front->get(u"/api/operations?operationType=%1&limit=100"_s.arg(type), alice);
    if (list.status != 200)
        QTest::qFail(qPrintable(list.describe()), __FILE__, __LINE__);
    for (const QJsonValue &operation : list.operations())
        versions.insert(idOf(operation.toObject()), versionOf(operation.toObject()));
    return versions;
}

void tst_FeedBehindFront::catchesUpAfterTheInstanceIsKilled()
{
    const QString type = u"feed.kill"_s;
    ApiScenario scenario(*m_front);
    QList<QJsonObject> created;
    for (int i = 0; i < 3; ++i) {
        created.append(scenario.create(alice, {{u"operationType"_s, type}}));
        QVERIFY(!created.last().isEmpty());
    }

    ApiConnection connection;
    connection.setEndpoint(m_cluster.frontUrl(), m_cluster.instance(0).token(alice));
    OperationFeed feed(&connection);
    feed.setTypeFilter({type});
    QSet<QPair<QString, qint64>> delivered;
    QHash<QString, qint64> lastVersion;
    bool duplicate = false;
    bool wentBack = false;
    connect(&feed, &OperationFeed::operationsChanged, this, [&](const QList<Operation> &changed) {
        for (const Operation &operation : changed) {
            const QPair<QString, qint64> key{operation.operationId, operation.version};
            duplicate = duplicate || delivered.contains(key);
            wentBack
                    = wentBack || lastVersion.value(operation.operationId, -1) >= operation.version;
            delivered.insert(key);
            lastVersion.insert(operation.operationId, operation.version);
        }
    });
    QSignalSpy cleared(&feed, &OperationFeed::cleared);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, feedTimeoutMs);
    QCOMPARE(feed.operations().size(), created.size());

    // A push through nginx while the stream is up.
    const QString first = idOf(created.at(0));
    const ApiResponse started
            = m_front->patch(operationPath(first), alice, {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(started, 200);
    QTRY_COMPARE_WITH_TIMEOUT(feed.operation(first).value_or(Operation{}).version,
                              versionOf(started.json), feedTimeoutMs);
    const qint64 cursorBefore = feed.cursor();

    m_cluster.kill(0);
    QTRY_VERIFY_WITH_TIMEOUT(feed.connectionState() != ConnectionState::Live, feedTimeoutMs);
    feed.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Offline, feedTimeoutMs);
    QVERIFY2(m_cluster.restart(0), qPrintable(m_cluster.errorString()));

    // Changes the feed has not seen: made while it waits to try again.
    const QString second = idOf(created.at(1));
    EXPECT_STATUS(m_front->patch(operationPath(first), alice, {{u"progressPercentage"_s, 60}}),
                  200);
    EXPECT_STATUS(m_front->patch(operationPath(second), alice, {{u"status"_s, u"in_progress"_s}}),
                  200);
    EXPECT_STATUS(m_front->patch(operationPath(second), alice, {{u"status"_s, u"completed"_s}}),
                  200);
    const QJsonObject after = scenario.create(alice, {{u"operationType"_s, type}});
    QVERIFY(!after.isEmpty());

    feed.refresh();
    const QHash<QString, qint64> expected = versionsOfType(type);
    QCOMPARE(expected.size(), created.size() + 1);
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                if (feed.operations().size() != expected.size())
                    return false;
                for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
                    if (feed.operation(it.key()).value_or(Operation{}).version != it.value())
                        return false;
                }
                return true;
            }(),
            feedTimeoutMs);
    QVERIFY(!duplicate);
    QVERIFY(!wentBack);
    QCOMPARE(cleared.size(), 0);
    QVERIFY(feed.cursor() > cursorBefore);

    // Pushes again, through the stream nginx upgraded anew.
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, feedTimeoutMs);
    const QString third = idOf(created.at(2));
    const ApiResponse pushed
            = m_front->patch(operationPath(third), alice, {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(pushed, 200);
    QTRY_COMPARE_WITH_TIMEOUT(feed.operation(third).value_or(Operation{}).version,
                              versionOf(pushed.json), feedTimeoutMs);
    QVERIFY(!duplicate);
}

QTEST_GUILESS_MAIN(tst_FeedBehindFront)

#include "tst_feedbehindfront.moc"
