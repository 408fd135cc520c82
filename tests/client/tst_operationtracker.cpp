#include "apiconnection.h"
#include "fakenetworkaccessmanager.h"
#include "operationcodec.h"
#include "operationfeed.h"
#include "operationtracker.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

Operation makeOperation(OperationStatus status, double progress, qint64 version,
                        const QString &id = u"op_t"_s)
{
    Operation operation;
    operation.operationId = id;
    operation.operationType = u"file_upload"_s;
    operation.status = status;
    operation.progressPercentage = progress;
    operation.version = version;
    operation.context = QJsonObject{{u"userId"_s, u"alice"_s}};
    operation.createdAt = QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);
    operation.updatedAt = operation.createdAt.addSecs(version);
    return operation;
}

CannedResponse operationAnswer(const Operation &operation, const QByteArray &retryAfter = {})
{
    QList<QPair<QByteArray, QByteArray>> headers{
            {"ETag", "\"v" + QByteArray::number(operation.version) + '"'}};
    if (!retryAfter.isEmpty())
        headers.append({"Retry-After", retryAfter});
    return CannedResponse::json(200, QJsonDocument(codec::toJson(operation)).toJson(), headers);
}

QByteArray page(const QList<Operation> &operations, qint64 cursor)
{
    QJsonArray array;
    for (const Operation &operation : operations)
        array.append(codec::toJson(operation));
    return QJsonDocument(QJsonObject{{u"operations"_s, array}, {u"cursor"_s, cursor}}).toJson();
}

} // namespace

/// One operation followed to its end: from the feed when it holds it, else by polling
/// with If-None-Match at the service's Retry-After.
class tst_OperationTracker final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void pollsWithEtagUntilTerminal();
    void retryAfterSetsThePace_data();
    void retryAfterSetsThePace();
    void goneOperationStopsTracking_data();
    void goneOperationStopsTracking();
    void failuresAreReportedAndRetried();
    void readsFromTheFeedWhenItHoldsTheOperation();
    void pollsWhenTheOperationLeavesTheFeed();

private:
    std::unique_ptr<FakeNetworkAccessManager> m_network;
    std::unique_ptr<ApiConnection> m_connection;
};

void tst_OperationTracker::init()
{
    m_network = std::make_unique<FakeNetworkAccessManager>();
    m_connection = std::make_unique<ApiConnection>(m_network.get());
    m_connection->setEndpoint(QUrl(u"http://127.0.0.1:9"_s), u"token"_s);
}

void tst_OperationTracker::cleanup()
{
    m_connection.reset();
    m_network.reset();
}

void tst_OperationTracker::pollsWithEtagUntilTerminal()
{
    QList<CannedResponse> answers{
            operationAnswer(makeOperation(OperationStatus::InProgress, 10, 3), "1"),
            CannedResponse{304,
                           {},
                           {{"ETag", "\"v3\""}, {"Retry-After", "1"}},
                           QNetworkReply::NoError,
                           false},
            operationAnswer(makeOperation(OperationStatus::InProgress, 60, 5), "1"),
            operationAnswer(makeOperation(OperationStatus::Completed, 100, 8)),
    };
    m_network->setScript([&](const RecordedRequest &) { return answers.takeFirst(); });

    OperationTracker tracker(m_connection.get());
    tracker.setPollBounds(milliseconds(100), milliseconds(100));
    QSignalSpy changed(&tracker, &OperationTracker::operationChanged);
    QSignalSpy progress(&tracker, &OperationTracker::progressChanged);
    QSignalSpy statuses(&tracker, &OperationTracker::statusChanged);
    QSignalSpy finished(&tracker, &OperationTracker::finished);
    tracker.start(u"op_t"_s);
    QVERIFY(tracker.isTracking());

    QVERIFY(finished.wait());
    QCOMPARE(finished.at(0).at(0).value<OperationStatus>(), OperationStatus::Completed);
    QVERIFY(!tracker.isTracking());
    QCOMPARE(changed.size(), 3); // not for the 304
    QCOMPARE(progress.size(), 3);
    QCOMPARE(progress.at(1).at(0).toDouble(), 60.0);
    QCOMPARE(statuses.size(), 2);
    QCOMPARE(tracker.progress(), 100.0);

    const QList<RecordedRequest> requests = m_network->requests();
    QCOMPARE(requests.size(), 4);
    QCOMPARE(requests.at(0).path(), u"/api/operations/op_t"_s);
    QVERIFY(requests.at(0).request.rawHeader("If-None-Match").isEmpty());
    QCOMPARE(requests.at(1).request.rawHeader("If-None-Match"), "\"v3\""_ba);
    QCOMPARE(requests.at(2).request.rawHeader("If-None-Match"), "\"v3\""_ba);
    QCOMPARE(requests.at(3).request.rawHeader("If-None-Match"), "\"v5\""_ba);

    // Terminal: no more polls.
    QSignalSpy later(m_network.get(), &FakeNetworkAccessManager::requestMade);
    QVERIFY(!later.wait(300));
}

void tst_OperationTracker::retryAfterSetsThePace_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("maximumMs");
    QTest::addColumn<int>("atLeastMs");
    QTest::addColumn<int>("atMostMs");

    QTest::newRow("the service's 1 s") << "1"_ba << 10'000 << 900 << 3'000;
    QTest::newRow("30 s cut to the user's bound") << "30"_ba << 300 << 250 << 2'000;
}

void tst_OperationTracker::retryAfterSetsThePace()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, maximumMs);
    QFETCH(int, atLeastMs);
    QFETCH(int, atMostMs);

    QElapsedTimer clock;
    QList<qint64> at;
    m_network->setScript([&](const RecordedRequest &) {
        at.append(clock.elapsed());
        return operationAnswer(makeOperation(OperationStatus::WaitingForApproval, 0, 2),
                               retryAfter);
    });
    OperationTracker tracker(m_connection.get());
    tracker.setPollBounds(milliseconds(100), milliseconds(maximumMs));
    clock.start();
    tracker.start(u"op_t"_s);
    QTRY_COMPARE_WITH_TIMEOUT(at.size(), 2, 5'000);
    const qint64 gap = at.at(1) - at.at(0);
    QVERIFY2(gap >= atLeastMs && gap <= atMostMs, qPrintable(QString::number(gap)));
}

void tst_OperationTracker::goneOperationStopsTracking_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<ErrorCategory>("category");

    QTest::newRow("404") << 404 << ErrorCategory::NotFound;
    QTest::newRow("403") << 403 << ErrorCategory::Forbidden;
}

void tst_OperationTracker::goneOperationStopsTracking()
{
    QFETCH(int, httpStatus);
    QFETCH(ErrorCategory, category);

    m_network->setScript([&](const RecordedRequest &) {
        return CannedResponse::json(httpStatus, R"({"error":"No operation has the id op_t."})");
    });
    OperationTracker tracker(m_connection.get());
    QSignalSpy errors(&tracker, &OperationTracker::errorOccurred);
    tracker.start(u"op_t"_s);
    QVERIFY(errors.wait());
    QCOMPARE(errors.at(0).at(0).value<ApiStatus>().category, category);
    QCOMPARE(tracker.lastError().message, u"No operation has the id op_t."_s);
    QVERIFY(!tracker.isTracking());
}

void tst_OperationTracker::failuresAreReportedAndRetried()
{
    int requests = 0;
    m_network->setScript([&](const RecordedRequest &) {
        if (++requests == 1)
            return CannedResponse::refused();
        return operationAnswer(makeOperation(OperationStatus::InProgress, 30, 4), "5");
    });
    OperationTracker tracker(m_connection.get());
    QSignalSpy errors(&tracker, &OperationTracker::errorOccurred);
    QSignalSpy changed(&tracker, &OperationTracker::operationChanged);
    tracker.start(u"op_t"_s);
    QVERIFY(errors.wait());
    QCOMPARE(errors.at(0).at(0).value<ApiStatus>().category, ErrorCategory::CannotConnect);
    QVERIFY(tracker.isTracking());
    QVERIFY(changed.wait(3'000)); // the first backoff is at most 1 s
    QCOMPARE(tracker.operation()->progressPercentage, 30.0);
    QVERIFY(tracker.lastError().ok());
}

void tst_OperationTracker::readsFromTheFeedWhenItHoldsTheOperation()
{
    QList<QByteArray> deltas{page({makeOperation(OperationStatus::InProgress, 70, 6)}, 6),
                             page({makeOperation(OperationStatus::Completed, 100, 9)}, 9)};
    m_network->setScript([&](const RecordedRequest &request) {
        if (request.path() == u"/api/me"_s)
            return CannedResponse::json(200, R"({"userId":"alice","roles":["user"]})");
        if (request.path() == u"/api/operations"_s && request.hasQueryItem(u"since"_s))
            return CannedResponse::json(200, deltas.isEmpty() ? page({}, 9) : deltas.takeFirst());
        if (request.path() == u"/api/operations"_s)
            return CannedResponse::json(
                    200, page({makeOperation(OperationStatus::InProgress, 20, 4)}, 4));
        return CannedResponse::json(500, R"({"error":"the tracker should not ask"})");
    });
    OperationFeed feed(m_connection.get());
    feed.setStreamEnabled(false);
    feed.setPollBounds(milliseconds(100), milliseconds(100));
    feed.start();
    QTRY_VERIFY(feed.contains(u"op_t"_s));

    OperationTracker tracker(m_connection.get(), &feed);
    QSignalSpy progress(&tracker, &OperationTracker::progressChanged);
    QSignalSpy finished(&tracker, &OperationTracker::finished);
    tracker.start(u"op_t"_s);
    QVERIFY(tracker.isFollowingFeed());
    QCOMPARE(progress.size(), 1);
    QCOMPARE(tracker.progress(), 20.0);

    QVERIFY(finished.wait());
    QCOMPARE(finished.at(0).at(0).value<OperationStatus>(), OperationStatus::Completed);
    QCOMPARE(progress.size(), 3);
    QCOMPARE(progress.at(1).at(0).toDouble(), 70.0);
    QVERIFY(m_network->requestsTo(u"/api/operations/op_t"_s).isEmpty());
}

void tst_OperationTracker::pollsWhenTheOperationLeavesTheFeed()
{
    bool completed = false;
    m_network->setScript([&](const RecordedRequest &request) {
        if (request.path() == u"/api/me"_s)
            return CannedResponse::json(200, R"({"userId":"alice","roles":["user"]})");
        if (request.path() == u"/api/operations"_s && request.hasQueryItem(u"since"_s)) {
            completed = true;
            return CannedResponse::json(
                    200, page({makeOperation(OperationStatus::Completed, 100, 9)}, 9));
        }
        if (request.path() == u"/api/operations"_s)
            return CannedResponse::json(
                    200, page({makeOperation(OperationStatus::InProgress, 20, 4)}, 4));
        return operationAnswer(
                makeOperation(completed ? OperationStatus::Completed : OperationStatus::InProgress,
                              completed ? 100 : 20, completed ? 9 : 4));
    });
    OperationFeed feed(m_connection.get());
    feed.setStreamEnabled(false);
    feed.setStatusFilter({OperationStatus::Pending, OperationStatus::InProgress});
    feed.start();
    QTRY_VERIFY(feed.contains(u"op_t"_s));

    OperationTracker tracker(m_connection.get(), &feed);
    QSignalSpy finished(&tracker, &OperationTracker::finished);
    tracker.start(u"op_t"_s);
    feed.refresh(); // the delta says it completed, which takes it out of the feed's filter
    QVERIFY(finished.wait());
    QCOMPARE(finished.at(0).at(0).value<OperationStatus>(), OperationStatus::Completed);
    QCOMPARE(m_network->requestsTo(u"/api/operations/op_t"_s).size(), 1);
}

QTEST_GUILESS_MAIN(tst_OperationTracker)
#include "tst_operationtracker.moc"
