#pragma once

#include "operationstore.h"
#include "postgresuri.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>

namespace optrack {

/// What a follower read in one snapshot since its last read: every operation changed since
/// (each in its latest state, in version order), the new events, the removed operations, the
/// database's counters, and the address of the instance that writes.
struct FollowedChanges
{
    WriteBatch batch; // operations, events, removedOperations; version: the database's
    qint64 eventSeq = 0;
    QString writerUrl;
};

/// Keeps an instance that does not write current with the database that another instance
/// writes: on its own thread and connection it LISTENs for the writer's NOTIFY at each
/// commit, reads everything committed after its cursor in one REPEATABLE READ snapshot
/// (one writer commits in version order, so "version > cursor" misses nothing), and hands
/// that to the owner's thread. It also reads once a second whatever comes, so that a lost
/// notification or a dropped connection (reconnected, LISTEN again) delays a change by at
/// most that long.
class PostgresFollower final : public QObject
{
    Q_OBJECT

public:
    static constexpr int safetyReadMsecs = 1000;
    static constexpr int reconnectMsecs = 500;

    using Sink = std::function<void(FollowedChanges)>;

    /// sink runs on the thread of receiver (which must outlive this).
    PostgresFollower(PostgresUri uri, FollowCursor from, QObject *receiver, Sink sink,
                     QObject *parent = nullptr);
    ~PostgresFollower() override;

    void start();
    /// Reads at once (for example when this instance is about to write).
    void readNow();
    /// Stops reading and closes the connection; blocks until then.
    void stop();

private:
    class Worker;

    QThread m_thread;
    QPointer<Worker> m_worker;
};

} // namespace optrack
