#include "apiconnection.h"
#include "fakenetworkaccessmanager.h"
#include "operationcodec.h"
#include "operationfeed.h"
#include "rawhttpserver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace optrack;
using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

const QString me = u"alice"_s;

Operation makeOperation(const QString &id, OperationStatus status, qint64 version,
                        const QString &owner = me, const QString &type = u"file_upload"_s)
{
    Operation operation;
    operation.operationId = id;
    operation.operationType = type;
    operation.status = status;
    operation.version = version;
    operation.progressPercentage = double(version % 100);
    operation.context = QJsonObject{{u"userId"_s, owner}};
    operation.createdAt = QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);
    operation.updatedAt = operation.createdAt.addSecs(version);
    return operation;
}

QByteArray page(const QList<Operation> &operations, qint64 cursor, const QString &next = {})
{
    QJsonArray array;
    for (const Operation &operation : operations)
        array.append(codec::toJson(operation));
    QJsonObject object{{u"operations"_s, array}, {u"cursor"_s, cursor}};
    object.insert(u"nextPageToken"_s, next.isEmpty() ? QJsonValue() : QJsonValue(next));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

CannedResponse meAnswer(const QStringList &roles = {u"user"_s})
{
    const QJsonObject user{{u"userId"_s, me}, {u"roles"_s, QJsonArray::fromStringList(roles)}};
    return CannedResponse::json(200, QJsonDocument(user).toJson());
}

QStringList ids(const QList<Operation> &operations)
{
    QStringList result;
    for (const Operation &operation : operations)
        result.append(operation.operationId);
    result.sort();
    return result;
}

bool isDelta(const RecordedRequest &request)
{
    return request.path() == u"/api/operations"_s && request.hasQueryItem(u"since"_s);
}

} // namespace

/// The feed's logic against scripted answers: paging, deltas, 304s, filters,
/// versions, backoff, offline state, Retry-After bounds, the stream and its fallback.
class tst_OperationFeed final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void firstLoadByPagesThenDelta();
    void notModifiedKeepsState();
    void operationLeavingTheFilterIsRemoved_data();
    void operationLeavingTheFilterIsRemoved();
    void versionsNeverGoBack();
    void operationsThatCameAndWentInOneBatchAreOnlyRemoved();
    void finishedHistoryBeyondTheRecentIsDropped();
    void sharedStatesAreTheFeedsOwnBlocks();
    void approvalsScopeDropsWhatIVotedOn();
    void failedPageIsRetriedWhereItStopped();
    void backoffGrowsAndIsCapped();
    void offlineReportsSecondsToNextTryAndReason();
    void pollPaceFollowsRetryAfterWithinBounds_data();
    void pollPaceFollowsRetryAfterWithinBounds();
    void oneReplyInFlightAndTimerRearmedAfterIt();
    void swapClearsAndStartsOver();
    void refusedStreamFallsBackToPolling();
    void pushesAreAppliedAndDropFallsBack();
    void pushedCountsAreHandedOn();
    void unansweredPollIsNotRespondingUntilAnAnswer();
    void timedOutPollIsNotRespondingNotOffline();
    void refusalAfterSilenceIsOffline();

private:
    /// Polls now and waits until the answer is processed and the next poll planned.
    bool pollNow();
    /// Starts the feed on a script that answers me and one page of `initial`.
    void startWith(const QList<Operation> &initial, qint64 cursor);

    std::unique_ptr<FakeNetworkAccessManager> m_network;
    std::unique_ptr<ApiConnection> m_connection;
    std::unique_ptr<OperationFeed> m_feed;
    /// What the delta polls answer, settable per test.
    std::function<CannedResponse(const RecordedRequest &)> m_delta;
};

void tst_OperationFeed::init()
{
    m_network = std::make_unique<FakeNetworkAccessManager>();
    m_connection = std::make_unique<ApiConnection>(m_network.get());
    m_connection->setEndpoint(QUrl(u"http://127.0.0.1:9"_s), u"token"_s);
    m_feed = std::make_unique<OperationFeed>(m_connection.get());
    m_feed->setStreamEnabled(false);
    m_delta = [](const RecordedRequest &request) {
        return CannedResponse::json(200, page({}, request.queryItem(u"since"_s).toLongLong()));
    };
}

void tst_OperationFeed::cleanup()
{
    m_feed.reset();
    m_connection.reset();
    m_network.reset();
}

void tst_OperationFeed::startWith(const QList<Operation> &initial, qint64 cursor)
{
    m_network->setScript([this, initial, cursor](const RecordedRequest &request) {
        if (request.path() == u"/api/me"_s)
            return meAnswer();
        if (isDelta(request))
            return m_delta(request);
        return CannedResponse::json(200, page(initial, cursor));
    });
    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    m_feed->start();
    QTRY_VERIFY(m_feed->isFirstLoadDone());
    QCOMPARE(m_feed->operations().size(), initial.size());
}

bool tst_OperationFeed::pollNow()
{
    m_feed->refresh();
    if (m_network->repliesInFlight() != 1)
        return false;
    return QTest::qWaitFor(
            [this] { return m_network->repliesInFlight() == 0 && m_feed->secondsToNextTry() > 0; });
}

void tst_OperationFeed::firstLoadByPagesThenDelta()
{
    const Operation a = makeOperation(u"op_a"_s, OperationStatus::InProgress, 9);
    const Operation b = makeOperation(u"op_b"_s, OperationStatus::Pending, 10);
    const Operation c = makeOperation(u"op_c"_s, OperationStatus::Completed, 4);
    m_network->setScript([&](const RecordedRequest &request) {
        if (request.path() == u"/api/me"_s)
            return meAnswer();
        if (isDelta(request)) {
            if (request.queryItem(u"since"_s) == u"10"_s) {
                Operation moved = a;
                moved.version = 12;
                moved.progressPercentage = 80;
                // b again, unchanged (version 10): already known, not news.
                return CannedResponse::json(200, page({b, moved}, 12));
            }
            return CannedResponse::json(200, page({}, 12));
        }
        if (request.queryItem(u"pageToken"_s).isEmpty())
            return CannedResponse::json(200, page({a, b}, 10, u"page2"_s));
        return CannedResponse::json(200, page({c}, 11));
    });
    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    QSignalSpy states(m_feed.get(), &OperationFeed::connectionChanged);
    m_feed->setPageSize(2);
    m_feed->setPollBounds(milliseconds(100), milliseconds(100));
    m_feed->start();
    QCOMPARE(m_feed->connectionState(), ConnectionState::Connecting);

    QTRY_VERIFY(m_feed->isFirstLoadDone());
    QCOMPARE(changed.size(), 2);
    QCOMPARE(ids(changed.at(0).at(0).value<QList<Operation>>()),
             QStringList({u"op_a"_s, u"op_b"_s}));
    QCOMPARE(ids(changed.at(1).at(0).value<QList<Operation>>()), QStringList({u"op_c"_s}));
    QCOMPARE(m_feed->connectionState(), ConnectionState::Polling);
    QCOMPARE(m_feed->cursor(), 10); // the first page's cursor: nothing between is missed

    const QList<RecordedRequest> lists = m_network->requestsTo(u"/api/operations"_s);
    QCOMPARE(lists.size(), 2);
    QCOMPARE(lists.at(0).queryItem(u"scope"_s), u"mine"_s);
    QCOMPARE(lists.at(0).queryItem(u"limit"_s), u"2"_s);
    QVERIFY(!lists.at(0).hasQueryItem(u"pageToken"_s));
    QCOMPARE(lists.at(1).queryItem(u"pageToken"_s), u"page2"_s);

    QTRY_COMPARE(m_feed->cursor(), 12);
    QCOMPARE(changed.size(), 3);
    const QList<Operation> delta = changed.at(2).at(0).value<QList<Operation>>();
    QCOMPARE(delta.size(), 1);
    QCOMPARE(delta.at(0).operationId, u"op_a"_s);
    QCOMPARE(m_feed->operation(u"op_a"_s)->progressPercentage, 80.0);
    QCOMPARE(m_feed->operations().size(), 3);

    // The following delta asks from the new cursor.
    QTRY_VERIFY(m_network->requestsTo(u"/api/operations"_s).size() >= 4);
    QCOMPARE(m_network->requestsTo(u"/api/operations"_s).at(3).queryItem(u"since"_s), u"12"_s);
    QCOMPARE(states.first().at(0).value<ConnectionInfo>().state, ConnectionState::Connecting);
}

void tst_OperationFeed::notModifiedKeepsState()
{
    const Operation a = makeOperation(u"op_a"_s, OperationStatus::InProgress, 5);
    int deltas = 0;
    m_delta = [&](const RecordedRequest &request) {
        ++deltas;
        if (deltas == 1)
            return CannedResponse::json(200, page({}, 5), {{"ETag", "\"c5\""}});
        if (request.request.rawHeader("If-None-Match") == "\"c5\"")
            return CannedResponse{304, {}, {{"ETag", "\"c5\""}}, QNetworkReply::NoError, false};
        return CannedResponse::json(500, R"({"error":"expected If-None-Match"})");
    };
    startWith({a}, 5);
    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    QSignalSpy removed(m_feed.get(), &OperationFeed::operationsRemoved);
    QSignalSpy errors(m_feed.get(), &OperationFeed::errorOccurred);

    for (int poll = 1; poll <= 3; ++poll)
        QVERIFY(pollNow());
    QCOMPARE(deltas, 3);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(m_feed->operations().size(), 1);
    QCOMPARE(m_feed->cursor(), 5);
    QCOMPARE(m_feed->connectionState(), ConnectionState::Polling);
    const QList<RecordedRequest> lists = m_network->requestsTo(u"/api/operations"_s);
    QCOMPARE(lists.last().request.rawHeader("If-None-Match"), "\"c5\""_ba);
}

void tst_OperationFeed::operationLeavingTheFilterIsRemoved_data()
{
    QTest::addColumn<QList<OperationStatus>>("statuses");
    QTest::addColumn<QStringList>("types");
    QTest::addColumn<Operation>("update");

    const QList<OperationStatus> running{OperationStatus::Pending, OperationStatus::InProgress};
    Operation completed = makeOperation(u"op_a"_s, OperationStatus::Completed, 20);
    QTest::newRow("status filter") << running << QStringList() << completed;
    Operation retyped = makeOperation(u"op_a"_s, OperationStatus::InProgress, 20, me, u"export"_s);
    QTest::newRow("type filter") << QList<OperationStatus>() << QStringList({u"file_upload"_s})
                                 << retyped;
    Operation handedOver = makeOperation(u"op_a"_s, OperationStatus::InProgress, 20, u"bob"_s);
    QTest::newRow("scope mine, other owner")
            << QList<OperationStatus>() << QStringList() << handedOver;
}

void tst_OperationFeed::operationLeavingTheFilterIsRemoved()
{
    QFETCH(QList<OperationStatus>, statuses);
    QFETCH(QStringList, types);
    QFETCH(Operation, update);

    m_feed->setStatusFilter(statuses);
    m_feed->setTypeFilter(types);
    const Operation a = makeOperation(u"op_a"_s, OperationStatus::InProgress, 10);
    const Operation b = makeOperation(u"op_b"_s, OperationStatus::InProgress, 11);
    // Outside the filter and never seen: the delta brings it, the feed ignores it.
    const Operation stranger
            = makeOperation(u"op_x"_s, OperationStatus::Failed, 21, u"carol"_s, u"export"_s);
    m_delta = [&](const RecordedRequest &) {
        return CannedResponse::json(200, page({update, stranger}, 21));
    };
    startWith({a, b}, 11);
    if (!statuses.isEmpty()) {
        const QList<RecordedRequest> lists = m_network->requestsTo(u"/api/operations"_s);
        QCOMPARE(lists.at(0).queryItem(u"status"_s), u"pending,in_progress"_s);
    }
    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    QSignalSpy removed(m_feed.get(), &OperationFeed::operationsRemoved);

    QVERIFY(pollNow());
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(0).toStringList(), QStringList({u"op_a"_s}));
    QCOMPARE(changed.size(), 0);
    QVERIFY(!m_feed->contains(u"op_a"_s));
    QVERIFY(!m_feed->contains(u"op_x"_s));
    QVERIFY(m_feed->contains(u"op_b"_s));
    QCOMPARE(m_feed->cursor(), 21);
}

void tst_OperationFeed::versionsNeverGoBack()
{
    const Operation a = makeOperation(u"op_a"_s, OperationStatus::InProgress, 10);
    QList<QByteArray> answers;
    answers << page({makeOperation(u"op_a"_s, OperationStatus::Pending, 8)}, 10) // older
            << page({a}, 10) // the same
            << page({makeOperation(u"op_a"_s, OperationStatus::Cancelled, 15)}, 15)
            // Stale copy of the version before it left the filter: must not come back.
            << page({makeOperation(u"op_a"_s, OperationStatus::InProgress, 14)}, 15);
    int deltas = 0;
    m_delta = [&](const RecordedRequest &) {
        return CannedResponse::json(200,
                                    answers.at(std::min<qsizetype>(deltas++, answers.size() - 1)));
    };
    m_feed->setStatusFilter({OperationStatus::InProgress, OperationStatus::Pending});
    startWith({a}, 10);
    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    QSignalSpy removed(m_feed.get(), &OperationFeed::operationsRemoved);

    QVERIFY(pollNow());
    QVERIFY(pollNow());
    QCOMPARE(changed.size(), 0);
    QCOMPARE(m_feed->operation(u"op_a"_s)->version, 10);
    QCOMPARE(m_feed->operation(u"op_a"_s)->status, OperationStatus::InProgress);

    QVERIFY(pollNow());
    QCOMPARE(removed.size(), 1);
    QVERIFY(pollNow());
    QCOMPARE(deltas, 4);
    QCOMPARE(changed.size(), 0);
    QVERIFY(!m_feed->contains(u"op_a"_s));
    QCOMPARE(m_feed->cursor(), 15);
}

void tst_OperationFeed::operationsThatCameAndWentInOneBatchAreOnlyRemoved()
{
    const auto state = [](const QString &id, OperationStatus status, qint64 version) {
        return makeOperation(id, status, version);
    };
    // x and y enter and leave the filter within one delta; z stays.
    const QByteArray delta = page({state(u"op_x"_s, OperationStatus::InProgress, 10),
                                   state(u"op_y"_s, OperationStatus::InProgress, 11),
                                   state(u"op_z"_s, OperationStatus::InProgress, 12),
                                   state(u"op_x"_s, OperationStatus::Completed, 13),
                                   state(u"op_y"_s, OperationStatus::Completed, 14)},
                                  14);
    m_delta = [&delta](const RecordedRequest &request) {
        return CannedResponse::json(200,
                                    request.queryItem(u"since"_s) == u"5"_s ? delta : page({}, 14));
    };
    m_feed->setStatusFilter({OperationStatus::InProgress, OperationStatus::Pending});
    startWith({}, 5);
    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    QSignalSpy shared(m_feed.get(), &OperationFeed::sharedOperationsChanged);
    QSignalSpy removed(m_feed.get(), &OperationFeed::operationsRemoved);

    QVERIFY(pollNow());
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(0).toStringList(), QStringList({u"op_x"_s, u"op_y"_s}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(ids(changed.first().at(0).value<QList<Operation>>()), QStringList({u"op_z"_s}));
    QCOMPARE(shared.size(), 1);
    const QList<SharedOperation> states = shared.first().at(0).value<QList<SharedOperation>>();
    QCOMPARE(states.size(), 1);
    QCOMPARE(states.first()->operationId, u"op_z"_s);
    QCOMPARE(m_feed->operations().keys(), QStringList({u"op_z"_s}));
}

void tst_OperationFeed::finishedHistoryBeyondTheRecentIsDropped()
{
    // Created one minute apart, op_1 first; `old` is live and older than all of them.
    const auto state = [](int minute, OperationStatus status, qint64 version) {
        Operation operation = makeOperation(u"op_%1"_s.arg(minute), status, version);
        operation.createdAt = operation.createdAt.addSecs(60 * minute);
        return operation;
    };
    const Operation old = state(-100, OperationStatus::InProgress, 11);
    const QList<QByteArray> answers{
            // Five finished: the recent history (4) and its slack (4 / 4), nothing dropped.
            page({old, state(3, OperationStatus::Completed, 12),
                  state(1, OperationStatus::Failed, 13), state(5, OperationStatus::Completed, 14),
                  state(2, OperationStatus::Cancelled, 15),
                  state(4, OperationStatus::Completed, 16)},
                 16),
            // A sixth: down to the newest four finished; the live one stays however old.
            page({state(6, OperationStatus::Completed, 17)}, 17),
            // The old live one finishes: told as finished, then dropped as the oldest.
            page({state(7, OperationStatus::Completed, 18),
                  state(-100, OperationStatus::Completed, 19)},
                 19)};
    int deltas = 0;
    m_delta = [&](const RecordedRequest &request) {
        if (deltas >= answers.size())
            return CannedResponse::json(200, page({}, request.queryItem(u"since"_s).toLongLong()));
        return CannedResponse::json(200, answers.at(deltas++));
    };
    m_feed->setRecentHistory(4);
    startWith({}, 10);
    QSignalSpy shared(m_feed.get(), &OperationFeed::sharedOperationsChanged);
    QSignalSpy removed(m_feed.get(), &OperationFeed::operationsRemoved);
    QSignalSpy dropped(m_feed.get(), &OperationFeed::operationsDropped);
    const auto held = [this] {
        QStringList keys = m_feed->operations().keys();
        keys.sort();
        return keys;
    };

    QVERIFY(pollNow());
    QCOMPARE(m_feed->operations().size(), 6);
    QCOMPARE(dropped.size(), 0);

    QVERIFY(pollNow());
    QCOMPARE(dropped.size(), 1);
    QStringList gone = dropped.takeFirst().at(0).toStringList();
    gone.sort();
    QCOMPARE(gone, QStringList({u"op_1"_s, u"op_2"_s}));
    QCOMPARE(held(), QStringList({u"op_-100"_s, u"op_3"_s, u"op_4"_s, u"op_5"_s, u"op_6"_s}));

    shared.clear();
    QVERIFY(pollNow());
    QCOMPARE(shared.size(), 1);
    QCOMPARE(shared.first().at(0).value<QList<SharedOperation>>().size(), 2);
    QCOMPARE(dropped.size(), 1);
    gone = dropped.takeFirst().at(0).toStringList();
    gone.sort();
    QCOMPARE(gone, QStringList({u"op_-100"_s, u"op_3"_s}));
    QCOMPARE(held(), QStringList({u"op_4"_s, u"op_5"_s, u"op_6"_s, u"op_7"_s}));
    // Dropped is not removed: they are still the service's, unchanged.
    QCOMPARE(removed.size(), 0);
    QCOMPARE(m_feed->cursor(), 19);
}

void tst_OperationFeed::sharedStatesAreTheFeedsOwnBlocks()
{
    const Operation a = makeOperation(u"op_a"_s, OperationStatus::InProgress, 5);
    const Operation b = makeOperation(u"op_b"_s, OperationStatus::InProgress, 6);
    Operation moved = a;
    moved.version = 7;
    moved.progressPercentage = 80;
    m_delta = [&moved](const RecordedRequest &request) {
        return CannedResponse::json(
                200, request.queryItem(u"since"_s) == u"6"_s ? page({moved}, 7) : page({}, 7));
    };
    QSignalSpy shared(m_feed.get(), &OperationFeed::sharedOperationsChanged);
    startWith({a, b}, 6);
    QCOMPARE(shared.size(), 1);
    const QList<SharedOperation> loaded = shared.first().at(0).value<QList<SharedOperation>>();
    QCOMPARE(loaded.size(), 2);
    for (const SharedOperation &operation : loaded)
        QCOMPARE(m_feed->operations().value(operation->operationId).get(), operation.get());
    // Parsed apart, kept once.
    QCOMPARE(loaded.at(0)->operationType.constData(), loaded.at(1)->operationType.constData());

    QVERIFY(pollNow());
    QCOMPARE(shared.size(), 2);
    const QList<SharedOperation> update = shared.at(1).at(0).value<QList<SharedOperation>>();
    QCOMPARE(update.size(), 1);
    QCOMPARE(update.first()->progressPercentage, 80.0);
    QCOMPARE(m_feed->operations().value(u"op_a"_s).get(), update.first().get());
    // The new state holds the id string of the old one: one copy per operation.
    const SharedOperation old
            = loaded.at(0)->operationId == u"op_a"_s ? loaded.at(0) : loaded.at(1);
    QCOMPARE(update.first()->operationId.constData(), old->operationId.constData());
    // Held only here (the recorded list and `old`): the feed let go of it.
    QCOMPARE(old.use_count(), 2);
}

void tst_OperationFeed::approvalsScopeDropsWhatIVotedOn()
{
    auto waiting = [](const QString &id, qint64 version, const QString &voter) {
        Operation operation = makeOperation(id, OperationStatus::WaitingForApproval, version,
                                            u"bob"_s, u"file_deletion"_s);
        Approval approval;
        approval.required = 2;
        approval.voterRole = u"approver"_s;
        if (!voter.isEmpty()) {
            approval.approvals = 1;
            approval.votes.append(Vote{voter, VoteDecision::Approve, {}, operation.updatedAt});
        }
        operation.approval = approval;
        return operation;
    };
    m_feed->setScope(OperationScope::Approvals);
    m_network->setScript([&](const RecordedRequest &request) {
        if (request.path() == u"/api/me"_s)
            return meAnswer({u"approver"_s});
        if (isDelta(request))
            return CannedResponse::json(200, page({waiting(u"op_a"_s, 20, me)}, 20));
        return CannedResponse::json(
                200, page({waiting(u"op_a"_s, 10, {}), waiting(u"op_b"_s, 11, u"carol"_s)}, 11));
    });
    m_feed->start();
    QTRY_VERIFY(m_feed->isFirstLoadDone());
    QCOMPARE(m_network->requestsTo(u"/api/operations"_s).at(0).queryItem(u"scope"_s),
             u"approvals"_s);
    QCOMPARE(m_feed->operations().size(), 2);

    QSignalSpy removed(m_feed.get(), &OperationFeed::operationsRemoved);
    m_feed->refresh();
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(0).toStringList(), QStringList({u"op_a"_s}));
    QVERIFY(m_feed->contains(u"op_b"_s));
}

void tst_OperationFeed::failedPageIsRetriedWhereItStopped()
{
    int secondPageAttempts = 0;
    m_network->setScript([&](const RecordedRequest &request) {
        if (request.path() == u"/api/me"_s)
            return meAnswer();
        if (isDelta(request))
            return CannedResponse::json(200, page({}, 3));
        if (request.queryItem(u"pageToken"_s).isEmpty())
            return CannedResponse::json(
                    200, page({makeOperation(u"op_a"_s, OperationStatus::Pending, 3)}, 3, u"t2"_s));
        if (++secondPageAttempts == 1)
            return CannedResponse::json(503, R"({"error":"The service is starting."})");
        return CannedResponse::json(
                200, page({makeOperation(u"op_b"_s, OperationStatus::Pending, 2)}, 3));
    });
    QSignalSpy errors(m_feed.get(), &OperationFeed::errorOccurred);
    QSignalSpy cleared(m_feed.get(), &OperationFeed::cleared);
    m_feed->start();
    QTRY_COMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).at(0).value<ApiStatus>().message, u"The service is starting."_s);
    QCOMPARE(m_feed->connectionState(), ConnectionState::Offline);
    QVERIFY(m_feed->contains(u"op_a"_s));

    m_feed->refresh();
    QTRY_VERIFY(m_feed->isFirstLoadDone());
    QCOMPARE(secondPageAttempts, 2);
    QCOMPARE(m_feed->operations().size(), 2);
    QCOMPARE(m_network->requestsTo(u"/api/operations"_s).size(), 3); // page 1 was not asked again
    QCOMPARE(cleared.size(), 0);
}

void tst_OperationFeed::backoffGrowsAndIsCapped()
{
    startWith({}, 0);
    m_delta = [](const RecordedRequest &) { return CannedResponse::refused(); };
    QSignalSpy errors(m_feed.get(), &OperationFeed::errorOccurred);

    QList<milliseconds> delays;
    constexpr int failures = 10;
    for (int attempt = 1; attempt <= failures; ++attempt) {
        m_feed->refresh();
        QTRY_COMPARE(errors.size(), attempt);
        delays.append(m_feed->lastBackoffDelay());
        QVERIFY2(m_feed->secondsToNextTry() * 1000 >= delays.last().count(),
                 qPrintable(u"%1 %2"_s.arg(m_feed->secondsToNextTry()).arg(delays.last().count())));
    }
    const milliseconds cap(30'000);
    QVERIFY2(delays.first() >= milliseconds(750) && delays.first() <= milliseconds(1'000),
             qPrintable(QString::number(delays.first().count())));
    for (qsizetype i = 1; i < delays.size(); ++i) {
        QVERIFY(delays.at(i) <= cap);
        if (delays.at(i - 1) < cap * 3 / 4) // still doubling: each wait longer than the last
            QVERIFY2(delays.at(i) > delays.at(i - 1), qPrintable(QString::number(i)));
    }
    QVERIFY(delays.last() >= cap * 3 / 4);
    QCOMPARE(errors.last().at(0).value<ApiStatus>().category, ErrorCategory::CannotConnect);

    // One success resets it.
    m_delta = [](const RecordedRequest &) { return CannedResponse::json(200, page({}, 0)); };
    m_feed->refresh();
    QTRY_COMPARE(m_feed->connectionState(), ConnectionState::Polling);
    m_delta = [](const RecordedRequest &) { return CannedResponse::refused(); };
    m_feed->refresh();
    QTRY_COMPARE(errors.size(), failures + 1);
    QVERIFY(m_feed->lastBackoffDelay() <= milliseconds(1'000));
}

void tst_OperationFeed::offlineReportsSecondsToNextTryAndReason()
{
    startWith({}, 0);
    m_delta = [](const RecordedRequest &) {
        return CannedResponse::json(401, R"({"error":"Your token has expired. Sign in again."})");
    };
    QSignalSpy states(m_feed.get(), &OperationFeed::connectionChanged);
    for (int attempt = 0; attempt < 4; ++attempt) {
        m_feed->refresh();
        QTRY_COMPARE(m_feed->connectionState(), ConnectionState::Offline);
        QTRY_VERIFY(m_feed->secondsToNextTry() > 0);
    }
    const int seconds = m_feed->secondsToNextTry();
    QVERIFY2(seconds >= 4 && seconds <= 8, qPrintable(QString::number(seconds)));
    QCOMPARE(m_feed->offlineReason(), u"Your token has expired. Sign in again."_s);

    const ConnectionInfo last = states.last().at(0).value<ConnectionInfo>();
    QCOMPARE(last.state, ConnectionState::Offline);
    QCOMPARE(last.secondsToNextTry, seconds);
    QCOMPARE(last.reason, m_feed->offlineReason());
    QVERIFY(!last.isCurrent());
    QVERIFY(last.confirmedAt.isValid()); // the first load confirmed what is shown

    // The countdown is announced as it runs.
    states.clear();
    QVERIFY(states.wait(1'500));
    QCOMPARE(states.last().at(0).value<ConnectionInfo>().secondsToNextTry, seconds - 1);

    m_delta = [](const RecordedRequest &) { return CannedResponse::json(200, page({}, 0)); };
    m_feed->refresh();
    QTRY_COMPARE(m_feed->connectionState(), ConnectionState::Polling);
    QVERIFY(m_feed->offlineReason().isEmpty());
    QCOMPARE(states.last().at(0).value<ConnectionInfo>().secondsToNextTry, -1);
}

void tst_OperationFeed::pollPaceFollowsRetryAfterWithinBounds_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("minimumSeconds");
    QTest::addColumn<int>("maximumSeconds");
    QTest::addColumn<int>("expectedSeconds");

    QTest::newRow("service's pace inside the bounds") << "7"_ba << 1 << 30 << 7;
    QTest::newRow("too slow: the user's maximum") << "120"_ba << 1 << 20 << 20;
    QTest::newRow("too fast: the user's minimum") << "1"_ba << 9 << 30 << 9;
    QTest::newRow("no Retry-After: the default") << QByteArray() << 1 << 30 << 5;
}

void tst_OperationFeed::pollPaceFollowsRetryAfterWithinBounds()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, minimumSeconds);
    QFETCH(int, maximumSeconds);
    QFETCH(int, expectedSeconds);

    m_feed->setPollBounds(std::chrono::seconds(minimumSeconds),
                          std::chrono::seconds(maximumSeconds));
    int deltas = 0;
    m_delta = [&](const RecordedRequest &) {
        ++deltas;
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!retryAfter.isEmpty())
            headers.append({"Retry-After", retryAfter});
        return CannedResponse::json(200, page({}, 0), headers);
    };
    startWith({}, 0);
    QVERIFY(pollNow());
    QCOMPARE(deltas, 1);
    QCOMPARE(m_feed->secondsToNextTry(), expectedSeconds);
}

void tst_OperationFeed::oneReplyInFlightAndTimerRearmedAfterIt()
{
    bool hold = true;
    m_delta = [&](const RecordedRequest &) {
        CannedResponse response = CannedResponse::json(200, page({}, 0));
        response.hold = hold;
        return response;
    };
    startWith({}, 0);
    m_feed->refresh();
    QCOMPARE(m_network->repliesInFlight(), 1);
    const qsizetype deltaRequests = m_network->requestsTo(u"/api/operations"_s).size();
    for (int i = 0; i < 5; ++i)
        m_feed->refresh();
    QCOMPARE(m_network->repliesInFlight(), 1);
    QCOMPARE(m_network->requestsTo(u"/api/operations"_s).size(), deltaRequests);
    QCOMPARE(m_feed->secondsToNextTry(), -1); // nothing planned while the reply is out

    hold = false;
    m_network->releaseHeld();
    QTRY_COMPARE(m_network->repliesInFlight(), 0);
    QTRY_VERIFY(m_feed->secondsToNextTry() > 0);
    QCOMPARE(m_network->requestsTo(u"/api/operations"_s).size(), deltaRequests);
}

void tst_OperationFeed::swapClearsAndStartsOver()
{
    startWith({makeOperation(u"op_a"_s, OperationStatus::Pending, 1)}, 1);
    QSignalSpy cleared(m_feed.get(), &OperationFeed::cleared);
    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    m_network->clearRequests();

    m_connection->setEndpoint(QUrl(u"http://127.0.0.1:10"_s), u"other-token"_s);
    QCOMPARE(cleared.size(), 1);
    QVERIFY(m_feed->operations().isEmpty());
    QCOMPARE(m_feed->cursor(), 0);
    QTRY_VERIFY(m_feed->isFirstLoadDone());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_network->requests().first().path(), u"/api/me"_s);
    QCOMPARE(m_network->requests().first().request.rawHeader("Authorization"),
             "Bearer other-token"_ba);
}

void tst_OperationFeed::refusedStreamFallsBackToPolling()
{
    RawHttpServer server; // holds the handshake until the test answers it
    QVERIFY(server.start());
    m_connection->setEndpoint(server.baseUrl(), u"token"_s);
    m_feed->setStreamEnabled(true);
    // Slow regular polls: only the fallback on refusal asks again within the test.
    m_feed->setPollBounds(std::chrono::seconds(60), std::chrono::seconds(60));
    QSignalSpy states(m_feed.get(), &OperationFeed::connectionChanged);
    startWith({makeOperation(u"op_a"_s, OperationStatus::Pending, 4)}, 4);
    const qsizetype listsBefore = m_network->requestsTo(u"/api/operations"_s).size();

    QTRY_VERIFY(server.received().value(0).contains("\r\n\r\n"));
    const QByteArray handshake = server.received().at(0);
    QVERIFY(handshake.startsWith("GET /api/stream?since=4 HTTP/1.1\r\n"));
    QVERIFY(handshake.contains("\r\nAuthorization: Bearer token\r\n"));
    QVERIFY(handshake.contains("\r\nUpgrade: websocket\r\n"));
    QCOMPARE(m_network->requestsTo(u"/api/operations"_s).size(), listsBefore);

    // Refused: polling goes on at once.
    server.enqueue(RawHttpServer::response(404, "Not Found", "application/json",
                                           R"({"error":"No stream here."})"));
    QTRY_VERIFY(m_network->requestsTo(u"/api/operations"_s).size() > listsBefore);
    QCOMPARE(m_feed->connectionState(), ConnectionState::Polling);
    for (const QList<QVariant> &state : std::as_const(states))
        QVERIFY(state.at(0).value<ConnectionInfo>().state != ConnectionState::Live);
}

void tst_OperationFeed::pushesAreAppliedAndDropFallsBack()
{
    QWebSocketServer server(u"fake optrackd"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<QWebSocket *> sockets;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            socket->setParent(&server); // the caller owns what nextPendingConnection() gives
            sockets.append(socket);
        }
    });
    m_connection->setEndpoint(QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())), u"token"_s);
    m_feed->setStreamEnabled(true);
    m_feed->setPollBounds(std::chrono::seconds(2), std::chrono::seconds(2));
    const Operation a = makeOperation(u"op_a"_s, OperationStatus::InProgress, 6);
    startWith({a}, 6);

    QTRY_COMPARE(sockets.size(), 1);
    QTRY_COMPARE(m_feed->connectionState(), ConnectionState::Live);
    QCOMPARE(sockets.at(0)->requestUrl().query(), u"since=6"_s);

    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    auto push = [&](const Operation &operation) {
        const QJsonObject message{{u"type"_s, u"operation"_s},
                                  {u"operation"_s, codec::toJson(operation)}};
        sockets.at(0)->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson()));
    };
    Operation later = a;
    later.version = 9;
    later.progressPercentage = 90;
    push(later);
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(m_feed->operation(u"op_a"_s)->progressPercentage, 90.0);
    push(a); // stale: ignored
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(u"ignoring a stream message that is not"_s));
    sockets.at(0)->sendTextMessage(u"{not json"_s); // unreadable: ignored
    // Message types the client does not know (the service's counts, anything later) are
    // skipped quietly: no warning, no change, the stream stays live.
    QTest::failOnWarning(QRegularExpression(u"stream message"_s));
    sockets.at(0)->sendTextMessage(
            u"{\"type\": \"counts\", \"counts\": {\"version\": 9, \"total\": 1}}"_s);
    sockets.at(0)->sendTextMessage(u"{\"type\": \"later\", \"operation\": {\"operationId\": 7}}"_s);
    push(makeOperation(u"op_b"_s, OperationStatus::Pending, 10));
    QTRY_COMPARE(changed.size(), 2);
    QCOMPARE(m_feed->connectionState(), ConnectionState::Live);
    QCOMPARE(m_feed->operations().size(), 2);
    QCOMPARE(changed.at(1).at(0).value<QList<Operation>>().at(0).operationId, u"op_b"_s);
    QCOMPARE(m_feed->operation(u"op_a"_s)->version, 9);

    // While pushes arrive, polling slows to the consistency check.
    m_feed->refresh();
    QTRY_VERIFY(m_feed->secondsToNextTry() > 2);
    QCOMPARE(m_feed->secondsToNextTry(), 30);

    // The stream drops: back to polling at once.
    const qsizetype listsBefore = m_network->requestsTo(u"/api/operations"_s).size();
    server.close();
    sockets.at(0)->close();
    QTRY_COMPARE(m_feed->connectionState(), ConnectionState::Polling);
    QTRY_VERIFY(m_network->requestsTo(u"/api/operations"_s).size() > listsBefore);
    QTRY_VERIFY(m_feed->secondsToNextTry() > 0);
    QVERIFY(m_feed->secondsToNextTry() <= 2);
}

void tst_OperationFeed::pushedCountsAreHandedOn()
{
    QWebSocketServer server(u"fake optrackd"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<QWebSocket *> sockets;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            socket->setParent(&server); // the caller owns what nextPendingConnection() gives
            sockets.append(socket);
        }
    });
    m_connection->setEndpoint(QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())), u"token"_s);
    m_feed->setStreamEnabled(true);
    startWith({makeOperation(u"op_a"_s, OperationStatus::InProgress, 6)}, 6);
    QTRY_COMPARE(sockets.size(), 1);
    QTRY_COMPARE(m_feed->connectionState(), ConnectionState::Live);

    QSignalSpy counts(m_feed.get(), &OperationFeed::countsReceived);
    QSignalSpy changed(m_feed.get(), &OperationFeed::operationsChanged);
    // A shape this client does not read is skipped like an unknown type; a readable one is
    // handed on as it is, and changes no operation.
    sockets.at(0)->sendTextMessage(u"{\"type\": \"counts\", \"counts\": {\"total\": 1}}"_s);
    sockets.at(0)->sendTextMessage(
            u"{\"type\": \"counts\", \"counts\": {\"version\": 12, \"total\": 7, "
            "\"byStatus\": {\"in_progress\": 2, \"completed\": 5}, \"byType\": "
            "{\"t.moves\": {\"in_progress\": 2, \"completed\": 5}}, \"needsMyVote\": 0}}"_s);
    QTRY_COMPARE(counts.size(), 1);
    const auto pushed = counts.at(0).at(0).value<ServiceCounts>();
    QCOMPARE(pushed.version, 12);
    QCOMPARE(pushed.total, 7);
    QCOMPARE(pushed.statusCount(OperationStatus::Completed), 5);
    QCOMPARE(pushed.byType.value(u"t.moves"_s).value(OperationStatus::InProgress), 2);
    QVERIFY(changed.isEmpty());
    QCOMPARE(m_feed->connectionState(), ConnectionState::Live);
}

void tst_OperationFeed::unansweredPollIsNotRespondingUntilAnAnswer()
{
    startWith({makeOperation(u"op_a"_s, OperationStatus::InProgress, 3)}, 3);
    const QDateTime confirmed = m_feed->confirmedAt();
    QVERIFY(confirmed.isValid());
    QCOMPARE(m_feed->connectionInfo().state, ConnectionState::Polling);
    m_feed->setAnswerDeadline(milliseconds(300));
    m_delta = [](const RecordedRequest &) {
        CannedResponse held = CannedResponse::json(200, page({}, 3));
        held.hold = true;
        return held;
    };
    QSignalSpy states(m_feed.get(), &OperationFeed::connectionChanged);
    QElapsedTimer asked;
    asked.start();
    m_feed->refresh();
    QCOMPARE(m_network->repliesInFlight(), 1);
    QTRY_COMPARE(m_feed->connectionState(), ConnectionState::NotResponding);
    QVERIFY(asked.elapsed() >= 300);
    const ConnectionInfo info = states.last().at(0).value<ConnectionInfo>();
    QCOMPARE(info.state, ConnectionState::NotResponding);
    QVERIFY(!info.isCurrent());
    QVERIFY(!info.reason.isEmpty());
    QCOMPARE(info.confirmedAt, confirmed); // what is shown is as of the last answer
    QCOMPARE(m_feed->operations().size(), 1); // and it is kept

    // The answer comes after all: current again, confirmed now.
    QTest::qWait(20);
    m_network->releaseHeld();
    QTRY_COMPARE(m_feed->connectionState(), ConnectionState::Polling);
    QVERIFY(m_feed->confirmedAt() > confirmed);
    QCOMPARE(states.last().at(0).value<ConnectionInfo>().state, ConnectionState::Polling);
}

void tst_OperationFeed::timedOutPollIsNotRespondingNotOffline()
{
    startWith({}, 0);
    m_delta = [](const RecordedRequest &) {
        CannedResponse response;
        response.status = 0;
        response.transportError = QNetworkReply::OperationCanceledError; // a transfer timeout
        return response;
    };
    QSignalSpy errors(m_feed.get(), &OperationFeed::errorOccurred);
    m_feed->refresh();
    QVERIFY(errors.wait());
    QCOMPARE(errors.constFirst().at(0).value<ApiStatus>().category, ErrorCategory::TimedOut);
    QCOMPARE(m_feed->connectionState(), ConnectionState::NotResponding);
    QVERIFY(m_feed->offlineReason().isEmpty());
    QVERIFY(m_feed->secondsToNextTry() >= 0); // asked again after a backoff

    m_delta = [](const RecordedRequest &) { return CannedResponse::json(200, page({}, 0)); };
    QTRY_COMPARE_WITH_TIMEOUT(m_feed->connectionState(), ConnectionState::Polling, 3'000);
}

void tst_OperationFeed::refusalAfterSilenceIsOffline()
{
    startWith({}, 0);
    m_delta = [](const RecordedRequest &) {
        CannedResponse response;
        response.status = 0;
        response.transportError = QNetworkReply::TimeoutError;
        return response;
    };
    m_feed->refresh();
    QTRY_COMPARE(m_feed->connectionState(), ConnectionState::NotResponding);
    // Then the service is gone altogether: that is the newer fact, with its countdown.
    m_delta = [](const RecordedRequest &) { return CannedResponse::refused(); };
    QTRY_COMPARE_WITH_TIMEOUT(m_feed->connectionState(), ConnectionState::Offline, 3'000);
    QVERIFY(!m_feed->offlineReason().isEmpty());
    QTRY_VERIFY(m_feed->connectionInfo().secondsToNextTry >= 0);
}

QTEST_GUILESS_MAIN(tst_OperationFeed)
#include "tst_operationfeed.moc"
