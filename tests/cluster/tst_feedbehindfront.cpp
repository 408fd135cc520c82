// The app's operation feed behind nginx (the shipped site) through a SIGKILL of the instance
// its stream is on. Alone, the instance's death takes the feed offline on nginx's 502 rather
// than starting it over; among three, the feed moves to another instance through nginx. Either
// way it catches up with every change made meanwhile, with no gap and no duplicate, and takes
// pushes again.

#include "apiclient.h"
#include "apiconnection.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "clusterharness.h"
#include "operationfeed.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString sam = u"sam"_s;
const QString feedType = u"feed.kill"_s;
constexpr int createdBefore = 3;
// The feed backs off after failures (at most 30 s between tries); refresh() cuts that short.
constexpr int feedTimeoutMs = 20'000;

// Watches what a feed hands on: no operation version twice, none going back.
class DeliveryCheck final
{
public:
    explicit DeliveryCheck(OperationFeed *feed)
    {
        QObject::connect(feed, &OperationFeed::operationsChanged, feed,
                         [this](const QList<Operation> &changed) { record(changed); });
    }
    bool duplicate = false;
    bool wentBack = false;

private:
    void record(const QList<Operation> &changed)
    {
        for (const Operation &operation : changed) {
            const QPair<QString, qint64> key{operation.operationId, operation.version};
            duplicate = duplicate || m_delivered.contains(key);
            wentBack = wentBack
                    || m_lastVersion.value(operation.operationId, -1) >= operation.version;
            m_delivered.insert(key);
            m_lastVersion.insert(operation.operationId, operation.version);
        }
    }

    QSet<QPair<QString, qint64>> m_delivered;
    QHash<QString, qint64> m_lastVersion;
};

/// The app's feed through the cluster's nginx as alice, of operations of feedType, with what
/// every test watches of it.
struct FeedThroughFront
{
    explicit FeedThroughFront(ClusterHarness &cluster)
        : front(&cluster.instance(0))
        , pointed((front.setBaseUrl(cluster.frontUrl()),
                   connection.setEndpoint(cluster.frontUrl(), cluster.instance(0).token(alice)),
                   true))
    { }

    ApiClient front;
    ApiConnection connection;
    // Both pointed at nginx before the feed exists.
    bool pointed;
    OperationFeed feed{&connection};
    // Before the spy: a new filter starts the feed over (cleared()).
    bool filtered = (feed.setTypeFilter({feedType}), true);
    DeliveryCheck check{&feed};
    QSignalSpy cleared{&feed, &OperationFeed::cleared};
    QList<QJsonObject> created;
};

} // namespace

class tst_FeedBehindFront final : public QObject
{
    Q_OBJECT

private slots:
    void catchesUpAfterItsOnlyInstanceIsKilled();
    void movesToAnotherInstanceWhenItsInstanceIsKilled();

private:
    /// Creates the operations, starts the feed (filtered to them) and waits until it takes pushes.
    void startLive(ApiClient &front, OperationFeed &feed, QList<QJsonObject> *created);
    /// Makes changes the feed has not seen, then waits until it holds exactly what the
    /// service lists, at the same versions.
    void changeAndCatchUp(ApiClient &front, OperationFeed &feed, const QList<QJsonObject> &created);
    /// After catching up: a push through a stream nginx upgraded anew.
    void pushArrives(ApiClient &front, OperationFeed &feed, const QString &operationId);
    static int streamClientsOf(OptrackdProcess &instance);
};

void tst_FeedBehindFront::startLive(ApiClient &front, OperationFeed &feed,
                                    QList<QJsonObject> *created)
{
    ApiScenario scenario(front);
    for (int i = 0; i < createdBefore; ++i) {
        created->append(scenario.create(alice, {{u"operationType"_s, feedType}}));
        QVERIFY(!created->last().isEmpty());
    }
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, feedTimeoutMs);
    QCOMPARE(feed.operations().size(), created->size());
    pushArrives(front, feed, idOf(created->at(0)));
}

void tst_FeedBehindFront::pushArrives(ApiClient &front, OperationFeed &feed,
                                      const QString &operationId)
{
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, feedTimeoutMs);
    const ApiResponse moved = front.patch(
            operationPath(operationId), alice,
            {{u"progressPercentage"_s, feed.operation(operationId)->progressPercentage + 1}});
    EXPECT_STATUS(moved, 200);
    QTRY_COMPARE_WITH_TIMEOUT(feed.operation(operationId).value_or(Operation{}).version,
                              versionOf(moved.json), feedTimeoutMs);
}

void tst_FeedBehindFront::changeAndCatchUp(ApiClient &front, OperationFeed &feed,
                                           const QList<QJsonObject> &created)
{
    const QString first = idOf(created.at(0));
    const QString second = idOf(created.at(1));
    EXPECT_STATUS(front.patch(operationPath(first), alice, {{u"status"_s, u"in_progress"_s}}), 200);
    EXPECT_STATUS(front.patch(operationPath(second), alice, {{u"status"_s, u"in_progress"_s}}),
                  200);
    EXPECT_STATUS(front.patch(operationPath(second), alice, {{u"status"_s, u"completed"_s}}), 200);
    ApiScenario scenario(front);
    QVERIFY(!scenario.create(alice, {{u"operationType"_s, feedType}}).isEmpty());

    feed.refresh();
    const ApiResponse list
            = front.get(u"/api/operations?operationType=%1&limit=100"_s.arg(feedType), alice);
    EXPECT_STATUS(list, 200);
    QHash<QString, qint64> expected;
    for (const QJsonValue &operation : list.operations())
        expected.insert(idOf(operation.toObject()), versionOf(operation.toObject()));
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
}

int tst_FeedBehindFront::streamClientsOf(OptrackdProcess &instance)
{
    static const QRegularExpression gauge(u"^optrack_stream_clients (\\d+)$"_s,
                                          QRegularExpression::MultilineOption);
    ApiClient client(&instance);
    const ApiResponse metrics = client.get(instance.metricsUrl().toString(), {});
    const QRegularExpressionMatch match = gauge.match(QString::fromUtf8(metrics.body));
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

void tst_FeedBehindFront::catchesUpAfterItsOnlyInstanceIsKilled()
{
    ClusterHarness cluster(1);
    QVERIFY2(cluster.start(), qPrintable(cluster.errorString()));
    FeedThroughFront live(cluster);
    ApiClient &front = live.front;
    OperationFeed &feed = live.feed;
    QList<QJsonObject> &created = live.created;
    startLive(front, feed, &created);
    if (QTest::currentTestFailed())
        return;
    const qint64 cursorBefore = feed.cursor();

    cluster.kill(0);
    QTRY_VERIFY_WITH_TIMEOUT(feed.connectionState() != ConnectionState::Live, feedTimeoutMs);
    feed.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Offline, feedTimeoutMs);
    QVERIFY2(cluster.restart(0), qPrintable(cluster.errorString()));

    changeAndCatchUp(front, feed, created);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(feed.cursor() > cursorBefore);
    pushArrives(front, feed, idOf(created.at(2)));
    QVERIFY(!live.check.duplicate);
    QVERIFY(!live.check.wentBack);
    QCOMPARE(live.cleared.size(), 0);
}

void tst_FeedBehindFront::movesToAnotherInstanceWhenItsInstanceIsKilled()
{
    constexpr int instances = 3;
    ClusterHarness cluster(instances);
    cluster.setExtraConfig({{u"metricsListen"_s, u"127.0.0.1:0"_s}});
    QVERIFY2(cluster.start(), qPrintable(cluster.errorString()));
    FeedThroughFront live(cluster);
    ApiClient &front = live.front;
    OperationFeed &feed = live.feed;
    QList<QJsonObject> &created = live.created;
    startLive(front, feed, &created);
    if (QTest::currentTestFailed())
        return;

    int streamInstance = -1;
    QTRY_VERIFY([&] {
        for (int i = 0; i < instances; ++i) {
            if (streamClientsOf(cluster.instance(i)) == 1)
                streamInstance = i;
        }
        return streamInstance >= 0;
    }());
    const qint64 cursorBefore = feed.cursor();
    cluster.kill(streamInstance);

    // The others serve on: the feed is never offline, only between streams for a moment.
    QSignalSpy changes(&feed, &OperationFeed::connectionChanged);
    changeAndCatchUp(front, feed, created);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(feed.cursor() > cursorBefore);
    pushArrives(front, feed, idOf(created.at(2)));
    for (const QList<QVariant> &change : changes) {
        QVERIFY(change.at(0).value<ConnectionInfo>().state != ConnectionState::Offline);
    }
    QVERIFY(!live.check.duplicate);
    QVERIFY(!live.check.wentBack);
    QCOMPARE(live.cleared.size(), 0);
}

QTEST_GUILESS_MAIN(tst_FeedBehindFront)

#include "tst_feedbehindfront.moc"
