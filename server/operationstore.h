#pragma once

#include "operation.h"
#include "operationevent.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace optrack {

/// The first answer to a request made with an Idempotency-Key, kept for replays.
struct IdempotencyRecord
{
    QString userId;
    QString key;
    QByteArray requestHash;
    int status = 0;
    QByteArray body;
    QString operationId;
    QDateTime createdAt;
};

/// A producer's report that changed nothing (a heartbeat): when it came, so that a restart
/// keeps the operation's deadline. Not a change: no version, no event.
struct HeartbeatRecord
{
    QString operationId;
    QDateTime at;
};

/// Everything one request changed, written in one transaction (or grouped with others).
struct WriteBatch
{
    QList<Operation> operations; // full current state of each changed operation
    QList<std::pair<QString, OperationEvent>> events; // (operationId, event)
    QList<IdempotencyRecord> idempotency;
    QList<HeartbeatRecord> heartbeats;
    QStringList removedOperations;
    qint64 version = 0; // the service's version counter after this batch

    bool isEmpty() const
    {
        return operations.isEmpty() && events.isEmpty() && idempotency.isEmpty()
                && heartbeats.isEmpty() && removedOperations.isEmpty();
    }
};

/// What a store holds, read once at start.
struct StoredState
{
    QList<Operation> operations;
    QHash<QString, QList<OperationEvent>> events; // oldest first
    QList<IdempotencyRecord> idempotency;
    /// The last heartbeat of each operation that had one.
    QHash<QString, QDateTime> heartbeats;
    qint64 lastVersion = 0;
    qint64 lastEventSeq = 0;
};

/// Where an instance that follows another's writes reads on from: the version, the event
/// sequence and the removal sequence of the state it loaded.
struct FollowCursor
{
    qint64 version = 0;
    qint64 eventSeq = 0;
    qint64 removalSeq = 0;
};

struct StoreStats
{
    qint64 transactions = 0;
    qint64 batches = 0;
    /// Transactions that could not be committed (a full disk, an I/O error): their changes
    /// were refused, nothing of them was kept.
    qint64 failedTransactions = 0;
    double totalCommitMsecs = 0;
};

/// Durable state of the service. Narrow on purpose: the API layer never sees SQL,
/// so a PostgreSQL store can follow by implementing this.
class OperationStore
{
public:
    using Completion = std::function<void(bool ok, const QString &error)>;

    virtual ~OperationStore() = default;

    virtual std::optional<StoredState> open(QString *error) = 0;
    /// Queues a batch; done runs on the owner's thread once it is durable (or failed).
    /// Batches commit in the order they were submitted.
    virtual void submit(WriteBatch batch, Completion done) = 0;
    /// Writes what is queued and closes; blocks until then.
    virtual void close() = 0;
    virtual StoreStats stats() const = 0;
    /// False while this instance follows the writes of another (a PostgreSQL store that
    /// did not get the database's writer lock): it takes no batch then.
    virtual bool isWriter() const { return true; }
};

} // namespace optrack
