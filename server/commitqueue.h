#pragma once

#include "operationstore.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace optrack {

/// The queue between a store's owner and its writer thread, shared by SqliteStore and
/// PostgresStore: batches are queued with their completion, the writer takes everything
/// queued while it was committing (a group commit), and the completions are posted back to
/// the owner's thread in order. It also keeps the store's statistics.
class CommitQueue final
{
public:
    struct Job
    {
        WriteBatch batch;
        OperationStore::Completion done;
        /// PostgresStore: the writer's address to record with this commit (no batch).
        QString advertisedUrl;
    };
    enum class Taken { Jobs, Idle, Closed };

    /// owner: where completions run (the store, on its owner's thread).
    explicit CommitQueue(QObject *owner);

    /// Queues a job; when the queue is closed (or refuse is set) its completion gets
    /// refusal instead, on the owner's thread.
    void push(Job job, const QString &refusal = {});
    /// Waits for jobs (at most idle, when given) and takes every one queued. Closed once the
    /// queue is closed and empty: the writer drains what was queued before it stops.
    Taken take(std::deque<Job> *jobs, std::optional<std::chrono::milliseconds> idle = {});
    /// Waits up to `wait` for the queue to close; true when it is.
    bool waitClosed(std::chrono::milliseconds wait);
    void close();
    bool isClosed() const;

    /// Counts a transaction and posts every job's completion to the owner, in order.
    void finish(std::deque<Job> &jobs, bool ok, const QString &error, double elapsedMsecs);
    StoreStats stats() const;

    static QList<const WriteBatch *> batches(const std::deque<Job> &jobs);

private:
    QObject *m_owner;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    bool m_closed = false;
    StoreStats m_stats;
};

} // namespace optrack
