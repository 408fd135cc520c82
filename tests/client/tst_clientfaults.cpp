#include "apiconnection.h"
#include "faultproxy.h"
#include "localoptrackd.h"
#include "operationfeed.h"
#include "operationsclient.h"
#include "operationtracker.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

constexpr int answerTimeoutMs = 15'000;
/// Long enough for the backoff of a few failures in a row (1, 2, 4 s and jitter).
constexpr int recoveryTimeoutMs = 30'000;
constexpr milliseconds slowAnswer{2'500};
constexpr milliseconds answerDeadline{1'000};
constexpr milliseconds quickPolls{200};

template<typename T, typename Start> std::pair<ApiStatus, T> run(Start start)
{
    ApiStatus status = ApiStatus::failure(ErrorCategory::Aborted, u"no answer in time"_s);
    T value{};
    bool done = false;
    start([&](const ApiStatus &answer, const T &result) {
        status = answer;
        value = result;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, answerTimeoutMs))
        qWarning("the service did not answer in time");
    return {status, value};
}

/// What a feed or tracker delivered: each (operation, version) once, versions only up.
struct Delivery
{
    QSet<QPair<QString, qint64>> seen;
    QHash<QString, qint64> last;
    QStringList problems;

    void note(const Operation &operation)
    {
        const QPair<QString, qint64> key{operation.operationId, operation.version};
        if (seen.contains(key))
            problems.append(u"%1 v%2 delivered twice"_s.arg(key.first).arg(key.second));
        if (last.value(operation.operationId, -1) >= operation.version) {
            problems.append(u"%1 went back from v%2 to v%3"_s.arg(operation.operationId)
                                    .arg(last.value(operation.operationId))
                                    .arg(operation.version));
        }
        seen.insert(key);
        last.insert(operation.operationId, operation.version);
    }
};

} // namespace

/// The feed and the tracker against a broken service: the real optrackd behind a proxy
/// (FaultProxy) that answers junk, cuts bodies, resets connections, answers late or
/// repeats earlier answers, while real changes are made directly. Under each fault the
/// client shows an error (or "not responding"), holds nothing the service does not, never
/// moves a version back or delivers one twice, and once the fault stops it catches up with
/// what a direct read shows.
class tst_ClientFaults final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void feedUnderFault_data();
    void feedUnderFault();
    void feedRefusesAnOlderDelta();
    void feedIgnoresAnOlderPush();
    void trackerUnderFault_data();
    void trackerUnderFault();

private:
    ApiConnection *direct(const QString &userId);
    ApiConnection *proxied(const QString &userId);
    Operation createFor(const QString &owner, const QString &type, const QString &entityId);
    Operation patch(const QString &operationId, const QJsonObject &body);
    /// The truth: every operation of `type` alice sees, read directly.
    QHash<QString, qint64> trueVersions(const QString &type,
                                        const QList<OperationStatus> &statuses = {});
    static bool holds(const OperationFeed &feed, const QHash<QString, qint64> &expected);

    LocalOptrackd m_service;
    FaultProxy m_proxy;
    QHash<QString, ApiConnection *> m_direct;
    QHash<QString, ApiConnection *> m_proxied;
};

void tst_ClientFaults::initTestCase()
{
    QVERIFY2(m_service.start(), qPrintable(m_service.errorString()));
    QVERIFY(m_proxy.start(m_service.baseUrl()));
}

void tst_ClientFaults::init()
{
    m_proxy.setFault(FaultProxy::Fault::None);
}

void tst_ClientFaults::cleanupTestCase()
{
    qDeleteAll(m_direct);
    qDeleteAll(m_proxied);
    QVERIFY(m_service.stop());
}

ApiConnection *tst_ClientFaults::direct(const QString &userId)
{
    ApiConnection *&connection = m_direct[userId];
    if (!connection) {
        connection = new ApiConnection;
        connection->setEndpoint(m_service.baseUrl(), LocalOptrackd::tokenOf(userId));
    }
    return connection;
}

ApiConnection *tst_ClientFaults::proxied(const QString &userId)
{
    ApiConnection *&connection = m_proxied[userId];
    if (!connection) {
        connection = new ApiConnection;
        connection->setEndpoint(m_proxy.baseUrl(), LocalOptrackd::tokenOf(userId));
    }
    return connection;
}

Operation tst_ClientFaults::createFor(const QString &owner, const QString &type,
                                      const QString &entityId)
{
    OperationsClient client(direct(u"backend"_s));
    CreateOperationRequest request;
    request.operationType = type;
    request.entityId = entityId;
    request.userId = owner;
    const auto [status, operation]
            = run<Operation>([&](auto handler) { return client.create(request, this, handler); });
    if (!status.ok())
        qWarning() << "create failed:" << status.message;
    return operation;
}

Operation tst_ClientFaults::patch(const QString &operationId, const QJsonObject &body)
{
    ApiConnection *backend = direct(u"backend"_s);
    const auto [status, operation] = run<Operation>([&](auto handler) {
        ApiCall *call = backend->send("PATCH", OperationsClient::operationPath(operationId), body);
        deliverResult<Operation>(call, this, handler, &decode::operation);
        return call;
    });
    if (!status.ok())
        qWarning() << "patch failed:" << status.message;
    return operation;
}

QHash<QString, qint64> tst_ClientFaults::trueVersions(const QString &type,
                                                      const QList<OperationStatus> &statuses)
{
    OperationsClient client(direct(u"alice"_s));
    OperationQuery query;
    query.operationTypes = {type};
    query.statuses = statuses;
    QHash<QString, qint64> versions;
    do {
        const auto [status, page] = run<OperationPage>(
                [&](auto handler) { return client.list(query, {}, this, handler); });
        if (!status.ok())
            return {};
        for (const Operation &operation : page.operations)
            versions.insert(operation.operationId, operation.version);
        query.pageToken = page.nextPageToken;
    } while (!query.pageToken.isEmpty());
    return versions;
}

bool tst_ClientFaults::holds(const OperationFeed &feed, const QHash<QString, qint64> &expected)
{
    if (feed.operations().size() != expected.size())
        return false;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (feed.operation(it.key()).value_or(Operation{}).version != it.value())
            return false;
    }
    return true;
}

void tst_ClientFaults::feedUnderFault_data()
{
    QTest::addColumn<FaultProxy::Fault>("fault");
    QTest::addColumn<ConnectionState>("faultedState");
    QTest::newRow("garbage") << FaultProxy::Fault::Garbage << ConnectionState::Offline;
    QTest::newRow("truncated") << FaultProxy::Fault::Truncate << ConnectionState::Offline;
    QTest::newRow("reset") << FaultProxy::Fault::Reset << ConnectionState::Offline;
    QTest::newRow("slow") << FaultProxy::Fault::Delay << ConnectionState::NotResponding;
}

void tst_ClientFaults::feedUnderFault()
{
    QFETCH(FaultProxy::Fault, fault);
    QFETCH(ConnectionState, faultedState);
    const QString type = u"feed_%1"_s.arg(QString::fromLatin1(QTest::currentDataTag()));
    QList<Operation> created;
    for (int i = 0; i < 3; ++i)
        created.append(createFor(u"alice"_s, type, u"e%1"_s.arg(i)));

    OperationFeed feed(proxied(u"alice"_s));
    feed.setTypeFilter({type});
    feed.setAnswerDeadline(answerDeadline);
    feed.setPollBounds(quickPolls, quickPolls);
    Delivery delivery;
    connect(&feed, &OperationFeed::operationsChanged, this, [&](const QList<Operation> &changed) {
        for (const Operation &operation : changed)
            delivery.note(operation);
    });
    QSignalSpy cleared(&feed, &OperationFeed::cleared);
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);
    QVERIFY(holds(feed, trueVersions(type)));

    m_proxy.setPlan({fault, 1, slowAnswer});
    patch(created.at(0).operationId,
          {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 50}});
    patch(created.at(1).operationId, {{u"status"_s, u"in_progress"_s}});
    patch(created.at(1).operationId, {{u"status"_s, u"completed"_s}});
    const Operation added = createFor(u"alice"_s, type, u"added"_s);
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), faultedState, answerTimeoutMs);
    const ConnectionInfo faulted = feed.connectionInfo();
    QVERIFY2(!faulted.reason.isEmpty(), "the state says why");
    qInfo().noquote() << "while faulted:" << faulted.reason;
    if (faultedState == ConnectionState::Offline) {
        // Nothing came through: the feed still shows the last confirmed picture.
        QVERIFY(!feed.contains(added.operationId));
        QVERIFY(faulted.confirmedAt.isValid());
    }

    QElapsedTimer recovery;
    recovery.start();
    m_proxy.setFault(FaultProxy::Fault::None);
    const QHash<QString, qint64> truth = trueVersions(type);
    QCOMPARE(truth.size(), 4);
    QTRY_VERIFY_WITH_TIMEOUT(holds(feed, truth), recoveryTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(feed.connectionState() == ConnectionState::Live
                                     || feed.connectionState() == ConnectionState::Polling,
                             recoveryTimeoutMs);
    qInfo("caught up %lld ms after the fault stopped", qint64(recovery.elapsed()));
    QVERIFY2(delivery.problems.isEmpty(), qPrintable(delivery.problems.join(u"; "_s)));
    QCOMPARE(cleared.size(), 0);
    QCOMPARE(feed.operation(created.at(1).operationId)->status, OperationStatus::Completed);
}

void tst_ClientFaults::feedRefusesAnOlderDelta()
{
    // An operation that left the feed's filter before the feed started was never seen by
    // it: an older delta that still shows it in the filter must not bring it back.
    const QString type = u"older_delta"_s;
    const QList<OperationStatus> active{OperationStatus::Pending, OperationStatus::InProgress};
    const Operation leaving = createFor(u"alice"_s, type, u"leaving"_s);
    const Operation staying = createFor(u"alice"_s, type, u"staying"_s);
    {
        // Another window's feed, through the same proxy, sees it in progress.
        OperationFeed earlier(proxied(u"alice"_s));
        earlier.setTypeFilter({type});
        earlier.setStatusFilter(active);
        earlier.setStreamEnabled(false);
        earlier.setPollBounds(quickPolls, quickPolls);
        earlier.start();
        QTRY_VERIFY_WITH_TIMEOUT(earlier.isFirstLoadDone(), answerTimeoutMs);
        const Operation running = patch(leaving.operationId, {{u"status"_s, u"in_progress"_s}});
        QTRY_COMPARE_WITH_TIMEOUT(
                earlier.operation(leaving.operationId).value_or(Operation{}).version,
                running.version, answerTimeoutMs);
    }
    patch(leaving.operationId, {{u"status"_s, u"completed"_s}});

    OperationFeed feed(proxied(u"alice"_s));
    feed.setTypeFilter({type});
    feed.setStatusFilter(active);
    feed.setStreamEnabled(false);
    feed.setPollBounds(quickPolls, quickPolls);
    Delivery delivery;
    connect(&feed, &OperationFeed::operationsChanged, this, [&](const QList<Operation> &changed) {
        for (const Operation &operation : changed)
            delivery.note(operation);
    });
    QSignalSpy errors(&feed, &OperationFeed::errorOccurred);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(feed.isFirstLoadDone(), answerTimeoutMs);
    QVERIFY(!feed.contains(leaving.operationId));

    // Every delta answered with an earlier one, in turn.
    m_proxy.setFault(FaultProxy::Fault::Replay);
    const Operation moved = patch(staying.operationId, {{u"status"_s, u"in_progress"_s}});
    QTRY_VERIFY_WITH_TIMEOUT(m_proxy.spoiledAnswers() >= 3, answerTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Offline, answerTimeoutMs);
    QVERIFY2(feed.offlineReason().contains(u"older"_s), qPrintable(feed.offlineReason()));
    QVERIFY(!errors.isEmpty());
    QVERIFY(!feed.contains(leaving.operationId));

    m_proxy.setFault(FaultProxy::Fault::None);
    const QHash<QString, qint64> truth = trueVersions(type, active);
    QCOMPARE(truth.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(holds(feed, truth), recoveryTimeoutMs);
    QCOMPARE(feed.operation(staying.operationId)->version, moved.version);
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Polling, recoveryTimeoutMs);
    QVERIFY2(delivery.problems.isEmpty(), qPrintable(delivery.problems.join(u"; "_s)));
}

void tst_ClientFaults::feedIgnoresAnOlderPush()
{
    // The same through the stream: earlier pushes slipped in before each live one.
    const QString type = u"older_push"_s;
    const QList<OperationStatus> active{OperationStatus::Pending, OperationStatus::InProgress};
    const Operation leaving = createFor(u"alice"_s, type, u"leaving"_s);
    const Operation staying = createFor(u"alice"_s, type, u"staying"_s);
    {
        OperationFeed earlier(proxied(u"alice"_s));
        earlier.setTypeFilter({type});
        earlier.start();
        QTRY_COMPARE_WITH_TIMEOUT(earlier.connectionState(), ConnectionState::Live,
                                  answerTimeoutMs);
        const Operation running
                = patch(leaving.operationId,
                        {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 30}});
        QTRY_COMPARE_WITH_TIMEOUT(
                earlier.operation(leaving.operationId).value_or(Operation{}).version,
                running.version, answerTimeoutMs);
    }
    patch(leaving.operationId, {{u"status"_s, u"completed"_s}});

    OperationFeed feed(proxied(u"alice"_s));
    feed.setTypeFilter({type});
    feed.setStatusFilter(active);
    Delivery delivery;
    connect(&feed, &OperationFeed::operationsChanged, this, [&](const QList<Operation> &changed) {
        for (const Operation &operation : changed)
            delivery.note(operation);
    });
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);

    m_proxy.setFault(FaultProxy::Fault::Replay);
    const int replayedBefore = m_proxy.replayedPushes();
    Operation last;
    for (int percent = 10; percent <= 40; percent += 10) {
        last = patch(staying.operationId,
                     {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, percent}});
    }
    QTRY_COMPARE_WITH_TIMEOUT(feed.operation(staying.operationId).value_or(Operation{}).version,
                              last.version, answerTimeoutMs);
    QVERIFY(m_proxy.replayedPushes() > replayedBefore);
    QVERIFY(!feed.contains(leaving.operationId));
    QVERIFY(holds(feed, trueVersions(type, active)));
    QCOMPARE(feed.connectionState(), ConnectionState::Live);
    QVERIFY2(delivery.problems.isEmpty(), qPrintable(delivery.problems.join(u"; "_s)));
}

void tst_ClientFaults::trackerUnderFault_data()
{
    QTest::addColumn<FaultProxy::Fault>("fault");
    QTest::addColumn<int>("everyNth");
    QTest::addColumn<bool>("showsError");
    QTest::newRow("garbage") << FaultProxy::Fault::Garbage << 1 << true;
    QTest::newRow("truncated") << FaultProxy::Fault::Truncate << 1 << true;
    QTest::newRow("reset") << FaultProxy::Fault::Reset << 1 << true;
    QTest::newRow("slow") << FaultProxy::Fault::Delay << 1 << false;
    QTest::newRow("older answers") << FaultProxy::Fault::Replay << 2 << false;
}

void tst_ClientFaults::trackerUnderFault()
{
    QFETCH(FaultProxy::Fault, fault);
    QFETCH(int, everyNth);
    QFETCH(bool, showsError);
    const Operation created
            = createFor(u"alice"_s, u"tracked_job"_s, QString::fromLatin1(QTest::currentDataTag()));

    OperationTracker tracker(proxied(u"alice"_s));
    tracker.setPollBounds(quickPolls, quickPolls);
    Delivery delivery;
    double progress = -1;
    bool progressWentBack = false;
    connect(&tracker, &OperationTracker::operationChanged, this, [&](const Operation &operation) {
        delivery.note(operation);
        progressWentBack = progressWentBack || operation.progressPercentage < progress;
        progress = operation.progressPercentage;
    });
    QSignalSpy finished(&tracker, &OperationTracker::finished);
    QSignalSpy errors(&tracker, &OperationTracker::errorOccurred);
    tracker.start(created.operationId);
    for (int percent = 10; percent <= 30; percent += 10) {
        const Operation step
                = patch(created.operationId,
                        {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, percent}});
        QTRY_COMPARE_WITH_TIMEOUT(tracker.operation().value_or(Operation{}).version, step.version,
                                  answerTimeoutMs);
    }

    m_proxy.setPlan({fault, everyNth, slowAnswer});
    for (int percent = 40; percent <= 90; percent += 10) {
        patch(created.operationId,
              {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, percent}});
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_proxy.spoiledAnswers() >= 3, answerTimeoutMs);
    if (showsError) {
        QTRY_VERIFY_WITH_TIMEOUT(!tracker.lastError().ok(), answerTimeoutMs);
        QVERIFY(!errors.isEmpty());
        qInfo().noquote() << "while faulted:" << tracker.lastError().message;
        QVERIFY(tracker.isTracking());
    }
    const Operation done = patch(created.operationId, {{u"status"_s, u"completed"_s}});
    QElapsedTimer recovery;
    recovery.start();
    m_proxy.setFault(FaultProxy::Fault::None);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, recoveryTimeoutMs);
    qInfo("finished %lld ms after the fault stopped", qint64(recovery.elapsed()));
    QCOMPARE(finished.at(0).at(0).value<OperationStatus>(), OperationStatus::Completed);
    QCOMPARE(tracker.operation()->version, done.version);
    QVERIFY(tracker.lastError().ok());
    QVERIFY2(delivery.problems.isEmpty(), qPrintable(delivery.problems.join(u"; "_s)));
    QVERIFY(!progressWentBack);
}

QTEST_GUILESS_MAIN(tst_ClientFaults)
#include "tst_clientfaults.moc"
