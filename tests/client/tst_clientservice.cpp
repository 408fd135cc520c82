#include "accountclient.h"
#include "apiconnection.h"
#include "filesclient.h"
#include "localoptrackd.h"
#include "operationfeed.h"
#include "operationsclient.h"
#include "operationtracker.h"
#include "votesclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace optrack;
using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

constexpr int answerTimeoutMs = 15'000;
/// A service that stops answering is shown as such within this (the bound).
constexpr int frozenNoticeMs = 10'000;

/// Runs one client action to its end and returns its status and typed result.
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

} // namespace

/// The client against the real optrackd: every action's success and failure, the feed's
/// first load and deltas, 304s, pushes, offline backoff while the service is down, and a
/// catch-up without gaps or duplicates after it restarts.
class tst_ClientService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void meAndUnauthorised();
    void createFetchAndIdempotentResend();
    void createRefusedNamesTheField();
    void tooLargeBodyIsRefused();
    void fetchNotFoundAndForbidden();
    void cancelThenConflict();
    void voteDecidesThenConflictAndOwnerForbidden();
    void eventsReadTheAuditTrail();
    void metricsSummary();
    void filesAndExports();
    void badUploadFailsWithTheLine();
    void retryOperation();
    void trackerFollowsToCompletion();

    void feedFirstLoadByPagesThenDelta();
    void notModifiedWhenNothingChanged();
    void pushArrivesWhileLive();
    void offlineAndBackoffWhileStopped();
    void frozenServiceIsNotRespondingThenRecovers();
    void catchUpWithoutGapsOrDuplicatesAfterRestart();

private:
    ApiConnection *connectionFor(const QString &userId);
    /// The backend (service role) starts an operation owned by `owner`.
    Operation createFor(const QString &owner, const QString &type,
                        const QString &entityId = u"entity"_s);
    Operation patch(const QString &operationId, const QJsonObject &body);
    /// Every operation of `type` the account sees in `scope`, by pages.
    QHash<QString, qint64> listVersions(const QString &userId, const QString &type);
    /// Follows an operation with a tracker until it ends; its final status.
    OperationStatus trackToEnd(const QString &userId, const QString &operationId,
                               Operation *last = nullptr);
    /// A transaction file with the contract's header and `rows`.
    QString writeCsv(const QString &name, const QByteArray &rows);

    LocalOptrackd m_service;
    QTemporaryDir m_files;
    QHash<QString, ApiConnection *> m_connections;
};

void tst_ClientService::initTestCase()
{
    QVERIFY2(m_service.start(), qPrintable(m_service.errorString()));
}

void tst_ClientService::cleanupTestCase()
{
    qDeleteAll(m_connections);
    m_connections.clear();
    QVERIFY(m_service.stop());
}

ApiConnection *tst_ClientService::connectionFor(const QString &userId)
{
    ApiConnection *&connection = m_connections[userId];
    if (!connection) {
        connection = new ApiConnection;
        connection->setEndpoint(m_service.baseUrl(), LocalOptrackd::tokenOf(userId));
    }
    return connection;
}

Operation tst_ClientService::createFor(const QString &owner, const QString &type,
                                       const QString &entityId)
{
    OperationsClient client(connectionFor(u"backend"_s));
    CreateOperationRequest request;
    request.operationType = type;
    request.entityId = entityId;
    request.userId = owner;
    request.steps = {u"Read"_s, u"Check"_s, u"Store"_s};
    const auto [status, operation]
            = run<Operation>([&](auto handler) { return client.create(request, this, handler); });
    if (!status.ok())
        qWarning() << "create failed:" << status.message;
    return operation;
}

Operation tst_ClientService::patch(const QString &operationId, const QJsonObject &body)
{
    ApiConnection *backend = connectionFor(u"backend"_s);
    const auto [status, operation] = run<Operation>([&](auto handler) {
        ApiCall *call = backend->send("PATCH", OperationsClient::operationPath(operationId), body);
        deliverResult<Operation>(call, this, handler, &decode::operation);
        return call;
    });
    if (!status.ok())
        qWarning() << "patch failed:" << status.message;
    return operation;
}

QHash<QString, qint64> tst_ClientService::listVersions(const QString &userId, const QString &type)
{
    OperationsClient client(connectionFor(userId));
    OperationQuery query;
    query.operationTypes = {type};
    query.limit = 2;
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

void tst_ClientService::meAndUnauthorised()
{
    AccountClient account(connectionFor(u"bob"_s));
    const auto [status, user]
            = run<UserInfo>([&](auto handler) { return account.me(this, handler); });
    QVERIFY2(status.ok(), qPrintable(status.message));
    QCOMPARE(user.userId, u"bob"_s);
    QCOMPARE(user.roles, QStringList({u"approver"_s}));

    ApiConnection stranger;
    stranger.setEndpoint(m_service.baseUrl(), u"not-a-token"_s);
    AccountClient strangerAccount(&stranger);
    const auto [refused, nobody]
            = run<UserInfo>([&](auto handler) { return strangerAccount.me(this, handler); });
    QCOMPARE(refused.category, ErrorCategory::Unauthorised);
    QCOMPARE(refused.httpStatus, 401);
    QCOMPARE(refused.code, u"unauthorized"_s);
    QVERIFY2(refused.message.contains(u"token"_s), qPrintable(refused.message));
    QVERIFY(nobody.userId.isEmpty());

    const auto [healthy, version]
            = run<QString>([&](auto handler) { return strangerAccount.health(this, handler); });
    QVERIFY2(healthy.ok(), qPrintable(healthy.message));
    QCOMPARE(version, QString::fromLatin1(OPTRACK_VERSION));
}

void tst_ClientService::createFetchAndIdempotentResend()
{
    OperationsClient client(connectionFor(u"alice"_s));
    CreateOperationRequest request;
    request.operationType = u"report_build"_s;
    request.entityId = u"report_7"_s;
    request.displayName = u"Building report 7"_s;
    QList<Operation> created;
    ApiCall *call = client.create(request, this,
                                  [&](const ApiStatus &status, const Operation &operation) {
                                      QVERIFY2(status.ok(), qPrintable(status.message));
                                      QCOMPARE(status.httpStatus, 201);
                                      created.append(operation);
                                  });
    call->setAutoDelete(false);
    QSignalSpy finished(call, &ApiCall::finished);
    QVERIFY(finished.wait(answerTimeoutMs));
    QCOMPARE(created.size(), 1);
    QCOMPARE(created.at(0).owner(), u"alice"_s);
    QCOMPARE(created.at(0).status, OperationStatus::Pending);
    QCOMPARE(call->etag(), QByteArray("\"v" + QByteArray::number(created.at(0).version) + '"'));

    // The same action sent again (say after a lost answer) makes no second operation.
    call->send();
    QVERIFY(finished.wait(answerTimeoutMs));
    QCOMPARE(created.size(), 2);
    QCOMPARE(created.at(1).operationId, created.at(0).operationId);
    delete call;

    const auto [status, fetched] = run<Operation>([&](auto handler) {
        return client.fetch(created.at(0).operationId, {}, this, handler);
    });
    QVERIFY(status.ok());
    QCOMPARE(fetched.displayName, u"Building report 7"_s);

    // Unchanged since its ETag: 304, with the service's pace.
    ApiCall *conditional = client.fetch(created.at(0).operationId,
                                        "\"v" + QByteArray::number(fetched.version) + '"');
    conditional->setAutoDelete(false);
    QSignalSpy conditionalDone(conditional, &ApiCall::finished);
    QVERIFY(conditionalDone.wait(answerTimeoutMs));
    QVERIFY(conditional->status().notModified());
    QCOMPARE(conditional->retryAfter(), std::chrono::seconds(2)); // pending
    delete conditional;
}

void tst_ClientService::createRefusedNamesTheField()
{
    OperationsClient client(connectionFor(u"alice"_s));
    CreateOperationRequest request;
    request.operationType = u"Not A Type"_s;
    request.entityId = u"x"_s;
    const auto [status, operation]
            = run<Operation>([&](auto handler) { return client.create(request, this, handler); });
    QCOMPARE(status.category, ErrorCategory::BadRequest);
    QCOMPARE(status.code, u"bad_request"_s);
    QVERIFY2(status.message.contains(u"operationType"_s), qPrintable(status.message));
    QVERIFY(operation.operationId.isEmpty());
}

void tst_ClientService::tooLargeBodyIsRefused()
{
    OperationsClient client(connectionFor(u"alice"_s));
    CreateOperationRequest request;
    request.operationType = u"big_job"_s;
    request.entityId = u"big"_s;
    constexpr qsizetype overTheLimit = 2 * 1024 * 1024; // the default limit is 1 MiB
    request.context.insert(u"blob"_s, QString(overTheLimit, u'x'));
    const auto [status, operation]
            = run<Operation>([&](auto handler) { return client.create(request, this, handler); });
    QCOMPARE(status.category, ErrorCategory::PayloadTooLarge);
    QCOMPARE(status.httpStatus, 413);
    QVERIFY2(status.message.contains(u"1048576"_s), qPrintable(status.message));
}

void tst_ClientService::fetchNotFoundAndForbidden()
{
    OperationsClient alice(connectionFor(u"alice"_s));
    const auto [missing, none] = run<Operation>(
            [&](auto handler) { return alice.fetch(u"op_0000000000000000"_s, {}, this, handler); });
    QCOMPARE(missing.category, ErrorCategory::NotFound);
    QVERIFY2(missing.message.contains(u"op_0000000000000000"_s), qPrintable(missing.message));

    const Operation own = createFor(u"alice"_s, u"private_job"_s);
    OperationsClient bob(connectionFor(u"bob"_s));
    const auto [forbidden, hidden] = run<Operation>(
            [&](auto handler) { return bob.fetch(own.operationId, {}, this, handler); });
    QCOMPARE(forbidden.category, ErrorCategory::Forbidden);
    QCOMPARE(forbidden.httpStatus, 403);
    QVERIFY(!forbidden.message.isEmpty());
}

void tst_ClientService::cancelThenConflict()
{
    const Operation operation = createFor(u"alice"_s, u"long_job"_s);
    OperationsClient client(connectionFor(u"alice"_s));
    const auto [status, cancelled] = run<Operation>([&](auto handler) {
        return client.cancel(operation.operationId, u"not needed"_s, this, handler);
    });
    QVERIFY2(status.ok(), qPrintable(status.message));
    QCOMPARE(cancelled.status, OperationStatus::Cancelled);
    QCOMPARE(cancelled.stepDescription, u"Cancelled by alice: not needed"_s);

    const auto [again, unchanged] = run<Operation>(
            [&](auto handler) { return client.cancel(operation.operationId, {}, this, handler); });
    QCOMPARE(again.category, ErrorCategory::Conflict);
    QVERIFY2(again.message.contains(u"cancelled"_s), qPrintable(again.message));
}

void tst_ClientService::voteDecidesThenConflictAndOwnerForbidden()
{
    const Operation operation = createFor(u"alice"_s, u"file_deletion"_s, u"file_9"_s);
    QVERIFY(operation.approval.has_value());
    QCOMPARE(patch(operation.operationId, {{u"status"_s, u"waiting_for_approval"_s}}).status,
             OperationStatus::WaitingForApproval);

    // The approvals scope of bob's feed shows it, then drops it once he has voted.
    OperationFeed approvals(connectionFor(u"bob"_s));
    approvals.setStreamEnabled(false);
    approvals.setScope(OperationScope::Approvals);
    approvals.start();
    QTRY_VERIFY_WITH_TIMEOUT(approvals.contains(operation.operationId), answerTimeoutMs);
    QSignalSpy removed(&approvals, &OperationFeed::operationsRemoved);

    VotesClient alice(connectionFor(u"alice"_s));
    const auto [own, nothing] = run<VoteOutcome>([&](auto handler) {
        return alice.vote(operation.operationId, VoteDecision::Approve, {}, this, handler);
    });
    QCOMPARE(own.category, ErrorCategory::Forbidden);
    QVERIFY2(own.message.contains(u"owner"_s), qPrintable(own.message));

    VotesClient bob(connectionFor(u"bob"_s));
    const auto [status, outcome] = run<VoteOutcome>([&](auto handler) {
        return bob.vote(operation.operationId, VoteDecision::Approve, u"fine"_s, this, handler);
    });
    QVERIFY2(status.ok(), qPrintable(status.message));
    QCOMPARE(outcome.finalDecision, ApprovalDecision::Approved);
    QCOMPARE(outcome.operation.status, OperationStatus::Approved);
    QCOMPARE(outcome.operation.approval->votes.size(), 1);

    const auto [late, closed] = run<VoteOutcome>([&](auto handler) {
        return bob.vote(operation.operationId, VoteDecision::Deny, {}, this, handler);
    });
    QCOMPARE(late.category, ErrorCategory::Conflict);

    approvals.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!removed.isEmpty(), answerTimeoutMs);
    QVERIFY(!approvals.contains(operation.operationId));
}

void tst_ClientService::eventsReadTheAuditTrail()
{
    const Operation operation = createFor(u"alice"_s, u"audit_job"_s);
    patch(operation.operationId, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 50}});
    OperationsClient client(connectionFor(u"alice"_s));
    const auto [status, events] = run<QList<OperationEvent>>(
            [&](auto handler) { return client.events(operation.operationId, this, handler); });
    QVERIFY2(status.ok(), qPrintable(status.message));
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).kind, EventKind::Created);
    QCOMPARE(events.at(1).kind, EventKind::Status);
    QCOMPARE(events.at(1).actor, u"backend"_s);
    QVERIFY(events.at(0).seq < events.at(1).seq);

    const auto [missing, none] = run<QList<OperationEvent>>(
            [&](auto handler) { return client.events(u"op_ffffffffffffffff"_s, this, handler); });
    QCOMPARE(missing.category, ErrorCategory::NotFound);
}

void tst_ClientService::metricsSummary()
{
    AccountClient alice(connectionFor(u"alice"_s));
    const auto [refused, none] = run<MetricsSummary>(
            [&](auto handler) { return alice.metricsSummary(this, handler); });
    QCOMPARE(refused.category, ErrorCategory::Forbidden);

    const Operation done = createFor(u"alice"_s, u"metric_job"_s);
    patch(done.operationId, {{u"status"_s, u"in_progress"_s}});
    patch(done.operationId, {{u"status"_s, u"completed"_s}});
    const Operation broken = createFor(u"alice"_s, u"metric_job"_s, u"second"_s);
    patch(broken.operationId, {{u"status"_s, u"failed"_s}, {u"errorMessage"_s, u"Disk full"_s}});
    createFor(u"alice"_s, u"metric_job"_s, u"third"_s);

    AccountClient carol(connectionFor(u"carol"_s));
    const auto [status, summary] = run<MetricsSummary>(
            [&](auto handler) { return carol.metricsSummary(this, handler); });
    QVERIFY2(status.ok(), qPrintable(status.message));
    const auto it = std::find_if(
            summary.types.cbegin(), summary.types.cend(),
            [](const TypeMetrics &type) { return type.operationType == u"metric_job"_s; });
    QVERIFY(it != summary.types.cend());
    QCOMPARE(it->total, 3);
    QCOMPARE(it->finished, 2);
    QCOMPARE(it->countsByStatus.value(OperationStatus::Completed), 1);
    QCOMPARE(it->countsByStatus.value(OperationStatus::Pending), 1);
    QCOMPARE(it->successRate, 0.5);
    QVERIFY(it->p50Seconds.has_value());
    QVERIFY(summary.generatedAt.isValid());
    QVERIFY(std::any_of(summary.recentFailures.cbegin(), summary.recentFailures.cend(),
                        [&](const RecentFailure &failure) {
                            return failure.operationId == broken.operationId
                                    && failure.errorMessage == u"Disk full"_s;
                        }));
}

OperationStatus tst_ClientService::trackToEnd(const QString &userId, const QString &operationId,
                                              Operation *last)
{
    OperationTracker tracker(connectionFor(userId));
    tracker.setPollBounds(milliseconds(100), milliseconds(300));
    QSignalSpy finished(&tracker, &OperationTracker::finished);
    tracker.start(operationId);
    if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, answerTimeoutMs))
        return OperationStatus::Pending;
    if (last)
        *last = *tracker.operation();
    return finished.at(0).at(0).value<OperationStatus>();
}

QString tst_ClientService::writeCsv(const QString &name, const QByteArray &rows)
{
    const QString path = m_files.filePath(name);
    QFile csv(path);
    if (!csv.open(QIODevice::WriteOnly))
        return {};
    csv.write("date,account,amount,currency,description\n" + rows);
    return path;
}

void tst_ClientService::filesAndExports()
{
    FilesClient files(connectionFor(u"alice"_s));
    const QString csvPath = writeCsv(u"march.csv"_s,
                                     "2026-03-01,ACC-1,12.50,EUR,coffee\n"
                                     "2026-03-02,ACC-1,-3.00,EUR,refund\n");
    QList<qint64> progress;
    AcceptedOperation upload;
    ApiCall *uploadCall = files.upload(
            csvPath, this, [&](const ApiStatus &status, const AcceptedOperation &result) {
                QVERIFY2(status.ok(), qPrintable(status.message));
                QCOMPARE(status.httpStatus, 202);
                upload = result;
            });
    connect(uploadCall, &ApiCall::uploadProgress, this,
            [&](qint64 sent, qint64) { progress.append(sent); });
    QTRY_VERIFY_WITH_TIMEOUT(!upload.operationId.isEmpty(), answerTimeoutMs);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(trackToEnd(u"alice"_s, upload.operationId), OperationStatus::Completed);

    const auto [listed, list]
            = run<QList<FileInfo>>([&](auto handler) { return files.list(this, handler); });
    QVERIFY2(listed.ok(), qPrintable(listed.message));
    const auto file = std::find_if(list.cbegin(), list.cend(), [](const FileInfo &info) {
        return info.fileName == u"march.csv"_s;
    });
    QVERIFY(file != list.cend());
    QCOMPARE(file->transactionCount, 2);
    QCOMPARE(file->owner, u"alice"_s);

    // Export and download what was stored.
    const auto [exported, exportOperation] = run<AcceptedOperation>([&](auto handler) {
        return files.exportData(ExportFormat::Csv, u"2026-03"_s, this, handler);
    });
    QVERIFY2(exported.ok(), qPrintable(exported.message));
    QCOMPARE(trackToEnd(u"alice"_s, exportOperation.operationId), OperationStatus::Completed);
    const QString target = m_files.filePath(u"export.csv"_s);
    const auto [downloaded, path] = run<QString>([&](auto handler) {
        return files.downloadExport(exportOperation.operationId, target, this, handler);
    });
    QVERIFY2(downloaded.ok(), qPrintable(downloaded.message));
    QFile exportFile(path);
    QVERIFY(exportFile.open(QIODevice::ReadOnly));
    const QByteArray exportedCsv = exportFile.readAll();
    QVERIFY(exportedCsv.contains("coffee"));
    QVERIFY(exportedCsv.contains("refund"));

    // Refusals carry the service's sentence.
    const auto [refused, none] = run<AcceptedOperation>([&](auto handler) {
        return files.exportData(ExportFormat::Json, u"2026-05..2026-04"_s, this, handler);
    });
    QCOMPARE(refused.category, ErrorCategory::BadRequest);
    QVERIFY(!refused.message.isEmpty());
    const auto [gone, nothing] = run<AcceptedOperation>(
            [&](auto handler) { return files.deleteFile(u"file_missing"_s, this, handler); });
    QCOMPARE(gone.category, ErrorCategory::NotFound);
    FilesClient staff(connectionFor(u"carol"_s));
    const auto [forbidden, denied] = run<AcceptedOperation>(
            [&](auto handler) { return staff.deleteFile(file->fileId, this, handler); });
    QCOMPARE(forbidden.category, ErrorCategory::Forbidden);

    // Deleting waits for approval; bob's approval lets it finish and the file goes.
    const auto [deleting, deletion] = run<AcceptedOperation>(
            [&](auto handler) { return files.deleteFile(file->fileId, this, handler); });
    QVERIFY2(deleting.ok(), qPrintable(deleting.message));
    OperationsClient alice(connectionFor(u"alice"_s));
    QVERIFY(QTest::qWaitFor(
            [&] {
                const auto [status, operation] = run<Operation>([&](auto handler) {
                    return alice.fetch(deletion.operationId, {}, this, handler);
                });
                return operation.status == OperationStatus::WaitingForApproval;
            },
            answerTimeoutMs));
    VotesClient bob(connectionFor(u"bob"_s));
    const auto [voted, outcome] = run<VoteOutcome>([&](auto handler) {
        return bob.vote(deletion.operationId, VoteDecision::Approve, {}, this, handler);
    });
    QVERIFY2(voted.ok(), qPrintable(voted.message));
    QCOMPARE(trackToEnd(u"alice"_s, deletion.operationId), OperationStatus::Completed);
    const auto [relisted, remaining]
            = run<QList<FileInfo>>([&](auto handler) { return files.list(this, handler); });
    QVERIFY(relisted.ok());
    QVERIFY(std::none_of(remaining.cbegin(), remaining.cend(),
                         [&](const FileInfo &info) { return info.fileId == file->fileId; }));
}

void tst_ClientService::badUploadFailsWithTheLine()
{
    FilesClient files(connectionFor(u"alice"_s));
    const QString csvPath = writeCsv(u"bad.csv"_s,
                                     "2026-03-01,ACC-1,12.50,EUR,ok\n"
                                     "2026-13-01,ACC-1,1.00,EUR,bad month\n");
    const auto [uploaded, upload] = run<AcceptedOperation>(
            [&](auto handler) { return files.upload(csvPath, this, handler); });
    QVERIFY2(uploaded.ok(), qPrintable(uploaded.message));
    Operation failed;
    QCOMPARE(trackToEnd(u"alice"_s, upload.operationId, &failed), OperationStatus::Failed);
    QVERIFY2(failed.errorMessage.value_or(QString()).startsWith(u"Line 3"_s),
             qPrintable(failed.errorMessage.value_or(QString())));
}

void tst_ClientService::retryOperation()
{
    OperationsClient client(connectionFor(u"alice"_s));
    // A pending operation that is no built-in workload cannot be retried.
    const Operation operation = createFor(u"alice"_s, u"retry_job"_s);
    const auto [refused, none] = run<AcceptedOperation>(
            [&](auto handler) { return client.retry(operation.operationId, this, handler); });
    QCOMPARE(refused.category, ErrorCategory::Conflict);
    QVERIFY(!refused.message.isEmpty());

    // A failed upload is retried as a new operation with the same input.
    FilesClient files(connectionFor(u"alice"_s));
    const QString csvPath = writeCsv(u"retry.csv"_s, "not-a-date,ACC-1,1.00,EUR,x\n");
    const auto [uploaded, upload] = run<AcceptedOperation>(
            [&](auto handler) { return files.upload(csvPath, this, handler); });
    QVERIFY2(uploaded.ok(), qPrintable(uploaded.message));
    QCOMPARE(trackToEnd(u"alice"_s, upload.operationId), OperationStatus::Failed);
    const auto [retried, again] = run<AcceptedOperation>(
            [&](auto handler) { return client.retry(upload.operationId, this, handler); });
    QVERIFY2(retried.ok(), qPrintable(retried.message));
    QCOMPARE(retried.httpStatus, 202);
    QVERIFY(!again.operationId.isEmpty());
    QVERIFY(again.operationId != upload.operationId);
    QCOMPARE(trackToEnd(u"alice"_s, again.operationId), OperationStatus::Failed);
}

void tst_ClientService::trackerFollowsToCompletion()
{
    const Operation operation = createFor(u"alice"_s, u"tracked_job"_s);
    OperationTracker tracker(connectionFor(u"alice"_s));
    tracker.setPollBounds(milliseconds(100), milliseconds(300));
    QSignalSpy progress(&tracker, &OperationTracker::progressChanged);
    QSignalSpy finished(&tracker, &OperationTracker::finished);
    tracker.start(operation.operationId);
    QTRY_COMPARE_WITH_TIMEOUT(progress.size(), 1, answerTimeoutMs);

    patch(operation.operationId, {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 40}});
    QTRY_VERIFY_WITH_TIMEOUT(tracker.progress() == 40.0, answerTimeoutMs);
    patch(operation.operationId, {{u"status"_s, u"completed"_s}});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, answerTimeoutMs);
    QCOMPARE(finished.at(0).at(0).value<OperationStatus>(), OperationStatus::Completed);
    QCOMPARE(tracker.progress(), 100.0);
    QVERIFY(!tracker.isTracking());
}

void tst_ClientService::feedFirstLoadByPagesThenDelta()
{
    const QString type = u"paged_job"_s;
    QList<Operation> created;
    for (int i = 0; i < 5; ++i)
        created.append(createFor(u"alice"_s, type, u"entity_%1"_s.arg(i)));
    createFor(u"alice"_s, u"other_job"_s); // outside the filter

    OperationFeed feed(connectionFor(u"alice"_s));
    feed.setStreamEnabled(false);
    feed.setTypeFilter({type});
    feed.setPageSize(2);
    feed.setPollBounds(milliseconds(200), milliseconds(200));
    QSignalSpy changed(&feed, &OperationFeed::operationsChanged);
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(feed.isFirstLoadDone(), answerTimeoutMs);
    QCOMPARE(changed.size(), 3); // pages of 2, 2 and 1
    QCOMPARE(feed.operations().size(), 5);
    for (const Operation &operation : std::as_const(created))
        QVERIFY(feed.contains(operation.operationId));

    changed.clear();
    const Operation moved = patch(created.at(2).operationId,
                                  {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 35}});
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, answerTimeoutMs);
    QCOMPARE(changed.at(0).at(0).value<QList<Operation>>().size(), 1);
    QCOMPARE(feed.operation(created.at(2).operationId)->version, moved.version);
    QCOMPARE(feed.operation(created.at(2).operationId)->progressPercentage, 35.0);
    QVERIFY(feed.cursor() >= moved.version);
}

void tst_ClientService::notModifiedWhenNothingChanged()
{
    OperationsClient client(connectionFor(u"alice"_s));
    OperationQuery query;
    const auto [first, page] = run<OperationPage>(
            [&](auto handler) { return client.list(query, {}, this, handler); });
    QVERIFY(first.ok());
    query.since = page.cursor;
    ApiCall *delta = client.list(query);
    delta->setAutoDelete(false);
    QSignalSpy deltaDone(delta, &ApiCall::finished);
    QVERIFY(deltaDone.wait(answerTimeoutMs));
    QVERIFY(delta->status().ok());
    QVERIFY(!delta->etag().isEmpty());
    QVERIFY(delta->retryAfter().has_value());

    ApiCall *again = client.list(query, delta->etag());
    again->setAutoDelete(false);
    QSignalSpy againDone(again, &ApiCall::finished);
    QVERIFY(againDone.wait(answerTimeoutMs));
    QVERIFY2(again->status().notModified(),
             qPrintable(QString::number(again->status().httpStatus)));
    delete delta;
    delete again;

    // The feed's polls meanwhile find nothing new and say nothing.
    OperationFeed feed(connectionFor(u"alice"_s));
    feed.setStreamEnabled(false);
    feed.setPollBounds(milliseconds(100), milliseconds(100));
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(feed.isFirstLoadDone(), answerTimeoutMs);
    QSignalSpy changed(&feed, &OperationFeed::operationsChanged);
    QSignalSpy errors(&feed, &OperationFeed::errorOccurred);
    QSignalSpy states(&feed, &OperationFeed::connectionChanged);
    QVERIFY(!changed.wait(800));
    QCOMPARE(errors.size(), 0);
    QCOMPARE(feed.connectionState(), ConnectionState::Polling);
}

void tst_ClientService::pushArrivesWhileLive()
{
    const QString type = u"pushed_job"_s;
    const Operation operation = createFor(u"alice"_s, type);
    OperationFeed feed(connectionFor(u"alice"_s));
    feed.setTypeFilter({type});
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);
    QVERIFY(feed.contains(operation.operationId));
    // Live: the next poll is the slow consistency check, so what arrives now was pushed.
    QTRY_VERIFY(feed.secondsToNextTry() > 20);

    QSignalSpy changed(&feed, &OperationFeed::operationsChanged);
    const Operation moved = patch(operation.operationId,
                                  {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 12}});
    QTRY_COMPARE_WITH_TIMEOUT(feed.operation(operation.operationId)->version, moved.version, 5'000);
    QCOMPARE(changed.size(), 1);
    QVERIFY(feed.secondsToNextTry() > 20);

    const Operation fresh = createFor(u"alice"_s, type, u"second"_s);
    QTRY_VERIFY_WITH_TIMEOUT(feed.contains(fresh.operationId), 5'000);
}

void tst_ClientService::offlineAndBackoffWhileStopped()
{
    OperationFeed feed(connectionFor(u"alice"_s));
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);
    QSignalSpy errors(&feed, &OperationFeed::errorOccurred);

    QVERIFY(m_service.stop());
    QTRY_VERIFY_WITH_TIMEOUT(feed.connectionState() != ConnectionState::Live, answerTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Offline, answerTimeoutMs);
    QVERIFY(feed.secondsToNextTry() > 0);
    QCOMPARE(errors.last().at(0).value<ApiStatus>().category, ErrorCategory::CannotConnect);
    QCOMPARE(feed.offlineReason(), errors.last().at(0).value<ApiStatus>().message);

    QList<milliseconds> delays{feed.lastBackoffDelay()};
    for (int attempt = 0; attempt < 3; ++attempt) {
        const qsizetype before = errors.size();
        feed.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(errors.size() > before, answerTimeoutMs);
        delays.append(feed.lastBackoffDelay());
        QVERIFY2(delays.last() > delays.at(delays.size() - 2),
                 qPrintable(u"%1 after %2"_s.arg(delays.last().count())
                                    .arg(delays.at(delays.size() - 2).count())));
        QVERIFY(delays.last() <= milliseconds(30'000));
    }
    QCOMPARE(feed.operations().isEmpty(), false);

    QVERIFY2(m_service.start(), qPrintable(m_service.errorString()));
    feed.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(feed.connectionState() == ConnectionState::Live
                                     || feed.connectionState() == ConnectionState::Polling,
                             answerTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);
}

void tst_ClientService::frozenServiceIsNotRespondingThenRecovers()
{
    OperationFeed feed(connectionFor(u"alice"_s));
    feed.start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);
    const qint64 pid = m_service.processId();
    QVERIFY(pid > 0);

    // The service hangs (the process is stopped): its socket stays open, nothing answers.
    QVERIFY(::kill(pid_t(pid), SIGSTOP) == 0);
    const auto resume = qScopeGuard([pid] { ::kill(pid_t(pid), SIGCONT); });
    QElapsedTimer frozen;
    frozen.start();
    const QDateTime confirmed = feed.confirmedAt();
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::NotResponding,
                              frozenNoticeMs);
    QVERIFY2(frozen.elapsed() <= frozenNoticeMs, qPrintable(QString::number(frozen.elapsed())));
    const ConnectionInfo info = feed.connectionInfo();
    QVERIFY(!info.isCurrent());
    QVERIFY(info.confirmedAt.isValid() && info.confirmedAt <= QDateTime::currentDateTimeUtc());
    QVERIFY(info.confirmedAt >= confirmed);
    // Not offline: the service is reached, it only does not answer. It stays so.
    QVERIFY(!QTest::qWaitFor(
            [&] { return feed.connectionState() != ConnectionState::NotResponding; }, 3'000));

    // It answers again: live by itself, and what changed meanwhile arrives.
    QVERIFY(::kill(pid_t(pid), SIGCONT) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);
    QVERIFY(feed.confirmedAt() > info.confirmedAt);
    const Operation after = createFor(u"alice"_s, u"after_freeze"_s);
    QTRY_VERIFY_WITH_TIMEOUT(feed.contains(after.operationId), 5'000);
}

void tst_ClientService::catchUpWithoutGapsOrDuplicatesAfterRestart()
{
    const QString type = u"restart_job"_s;
    QList<Operation> created;
    for (int i = 0; i < 3; ++i)
        created.append(createFor(u"alice"_s, type, u"before_%1"_s.arg(i)));

    OperationFeed feed(connectionFor(u"alice"_s));
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
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);
    patch(created.at(0).operationId,
          {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 10}});
    QTRY_COMPARE_WITH_TIMEOUT(feed.operation(created.at(0).operationId)->progressPercentage, 10.0,
                              answerTimeoutMs);
    const qint64 cursorBefore = feed.cursor();

    QVERIFY(m_service.stop());
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Offline, answerTimeoutMs);
    QVERIFY2(m_service.start(), qPrintable(m_service.errorString()));

    // Changes the feed has not seen: made while it waits to try again.
    patch(created.at(0).operationId, {{u"progressPercentage"_s, 60}});
    patch(created.at(1).operationId, {{u"status"_s, u"in_progress"_s}});
    patch(created.at(1).operationId, {{u"status"_s, u"completed"_s}});
    const Operation after = createFor(u"alice"_s, type, u"after"_s);
    patch(created.at(2).operationId,
          {{u"status"_s, u"failed"_s}, {u"errorMessage"_s, u"Disk full"_s}});

    feed.refresh();
    const QHash<QString, qint64> expected = listVersions(u"alice"_s, type);
    QCOMPARE(expected.size(), 4);
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
            answerTimeoutMs);
    QVERIFY(feed.contains(after.operationId));
    QCOMPARE(feed.operation(created.at(2).operationId)->errorMessage, u"Disk full"_s);
    QVERIFY(!duplicate);
    QVERIFY(!wentBack);
    QCOMPARE(cleared.size(), 0);
    QVERIFY(feed.cursor() > cursorBefore);
    QTRY_COMPARE_WITH_TIMEOUT(feed.connectionState(), ConnectionState::Live, answerTimeoutMs);
}

QTEST_GUILESS_MAIN(tst_ClientService)
#include "tst_clientservice.moc"
