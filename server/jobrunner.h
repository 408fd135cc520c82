#pragma once

#include "operationregistry.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace optrack {

/// The answer a workload route gives: 202 with {operationId, status, message}, an error,
/// or the first answer again for an Idempotency-Key replay.
struct WorkloadAnswer
{
    std::optional<ApiError> error;
    QJsonObject body;
    std::optional<IdempotencyRecord> replay;
};

/// What a running job and the event loop share: set once its operation is cancelled (or the
/// service stops), read by the worker between chunks of work.
struct JobControl
{
    std::atomic<bool> cancelled{false};
};
using JobControlPtr = std::shared_ptr<JobControl>;

/// Reports progress from a worker at most every reportIntervalMsecs.
class ReportThrottle
{
public:
    ReportThrottle() { m_timer.start(); }
    bool due();

private:
    QElapsedTimer m_timer;
};

/// Runs the built-in workloads' jobs: creates their operations (marked as the service's own),
/// runs each job on a small pool of low-priority threads with a cancel flag, turns what the
/// workers report into service PATCHes on the event loop, and ends operations (complete, fail)
/// once their job has claimed completion. It knows nothing of what a job does.
class JobRunner final : public QObject
{
    Q_OBJECT

public:
    using Answer = std::function<void(const WorkloadAnswer &)>;
    /// Runs once the new operation is durable; calls respond() when the 202 may go out.
    using Started = std::function<void(const Operation &, const std::function<void()> &respond)>;

    explicit JobRunner(OperationRegistry *registry, QObject *parent = nullptr);
    ~JobRunner() override;

    OperationRegistry *registry() const { return m_registry; }

    /// Creates a built-in operation; answers 202 with the operation once started() responds.
    void create(const UserAccount &caller, const CreateOperationRequest &request,
                const std::optional<IdempotencyRequest> &idempotency, const QString &message,
                Started started, Answer answer);
    /// Runs work for the operation on a worker thread, with a fresh cancel flag.
    void launch(const QString &operationId, std::function<void(const JobControlPtr &)> work);
    /// Runs work on a worker thread that belongs to no job (a job's follow-up or clean-up).
    void runInBackground(std::function<void()> work);
    /// Posts a function to the event loop (from a worker).
    void post(std::function<void()> function);
    /// From a worker: a service PATCH of a running operation (skipped once cancelled).
    void report(const QString &operationId, const JobControlPtr &control,
                PatchOperationRequest patch);
    /// A service PATCH from the event loop; done (when given) runs once it is durable.
    void patch(const QString &operationId, const PatchOperationRequest &patch,
               std::function<void()> done = {});
    /// Makes the operation no longer cancellable before its job's last step; false when a
    /// cancel got there first.
    bool claimCompletion(const QString &operationId);
    void fail(const QString &operationId, const QString &message);
    void complete(const QString &operationId, const QString &description,
                  const QJsonObject &result);
    /// The job is over (its operation ends, or it was cancelled).
    void finish(const QString &operationId);
    /// The operation was cancelled: its job stops at its next check.
    void cancel(const QString &operationId);
    bool isRunning(const QString &operationId) const { return m_jobs.contains(operationId); }
    /// Stops every job (as if cancelled) and waits for the workers.
    void shutdown();
    int runningJobs() const { return int(m_jobs.size()); }

    static PatchOperationRequest progressPatch(double progress,
                                               std::optional<int> step = std::nullopt,
                                               std::optional<QString> description = std::nullopt);
    /// "1 row", "12 rows".
    static QString plural(qint64 count, const QString &one, const QString &many);

private:
    /// Saves a job's end (failed or completed), again every settleRetryMsecs until the store
    /// takes it.
    void settle(const QString &operationId, const PatchOperationRequest &patch);
    /// Saves one change of a job's, again every settleRetryMsecs while the store refuses it
    /// (5xx); `saved` runs once it is taken.
    void save(const QString &operationId, const PatchOperationRequest &patch,
              std::function<void()> saved);
    static QJsonObject initiated(const Operation &op, const QString &message);

    OperationRegistry *m_registry;
    QThreadPool m_pool;
    QHash<QString, JobControlPtr> m_jobs;
};

} // namespace optrack
