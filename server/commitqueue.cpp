#include "commitqueue.h"

namespace optrack {

using namespace Qt::StringLiterals;

CommitQueue::CommitQueue(QObject *owner)
    : m_owner(owner)
{ }

void CommitQueue::push(Job job, const QString &refusal)
{
    bool refused = !refusal.isEmpty();
    {
        std::lock_guard lock(m_mutex);
        refused = refused || m_closed;
        if (!refused)
            m_queue.push_back(std::move(job));
    }
    if (refused) {
        const QString why = refusal.isEmpty() ? u"The store is closed."_s : refusal;
        QMetaObject::invokeMethod(
                m_owner, [done = std::move(job.done), why] { done(false, why); },
                Qt::QueuedConnection);
        return;
    }
    m_wake.notify_one();
}

CommitQueue::Taken CommitQueue::take(std::deque<Job> *jobs,
                                     std::optional<std::chrono::milliseconds> idle)
{
    std::unique_lock lock(m_mutex);
    const auto ready = [this] { return !m_queue.empty() || m_closed; };
    if (!idle)
        m_wake.wait(lock, ready);
    else if (!m_wake.wait_for(lock, *idle, ready))
        return Taken::Idle;
    if (m_queue.empty())
        return Taken::Closed;
    jobs->swap(m_queue);
    return Taken::Jobs;
}

bool CommitQueue::waitClosed(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    return m_wake.wait_for(lock, wait, [this] { return m_closed; });
}

void CommitQueue::close()
{
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_wake.notify_all();
}

bool CommitQueue::isClosed() const
{
    std::lock_guard lock(m_mutex);
    return m_closed;
}

void CommitQueue::finish(std::deque<Job> &jobs, bool ok, const QString &error, double elapsedMsecs)
{
    {
        std::lock_guard lock(m_mutex);
        ++m_stats.transactions;
        m_stats.batches += qint64(jobs.size());
        m_stats.totalCommitMsecs += elapsedMsecs;
        if (!ok)
            ++m_stats.failedTransactions;
    }
    for (Job &job : jobs) {
        QMetaObject::invokeMethod(
                m_owner, [done = std::move(job.done), ok, error] { done(ok, error); },
                Qt::QueuedConnection);
    }
}

StoreStats CommitQueue::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

QList<const WriteBatch *> CommitQueue::batches(const std::deque<Job> &jobs)
{
    QList<const WriteBatch *> batches;
    batches.reserve(qsizetype(jobs.size()));
    for (const Job &job : jobs)
        batches.append(&job.batch);
    return batches;
}

} // namespace optrack
