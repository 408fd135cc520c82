#pragma once

#include "apierror.h"
#include "etatracker.h"
#include "idempotencycache.h"
#include "operationcodec.h"
#include "operationstore.h"
#include "operationtimers.h"
#include "readmodel.h"
#include "serverconfig.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

namespace optrack {

/// The outcome of a change, handed over once it is durable.
struct ChangeResult
{
    std::optional<ApiError> error;
    Operation operation;
    ApprovalDecision decision = ApprovalDecision::Pending;
    /// Set when an Idempotency-Key replay answered: the first answer, verbatim.
    std::optional<IdempotencyRecord> replay;
};

/// Who moves a new operation: its producer (POST /api/operations), or one of the service's
/// built-in workloads (the upload, delete, export and retry routes).
enum class Runner { Producer, Workload };

/// How a create that carries an Idempotency-Key is remembered.
struct IdempotencyRequest
{
    QString key;
    /// Whose key it is when not the creating account's (the service creates an admin's
    /// deletion of someone's file; the key stays the admin's).
    QString userId;
    QByteArray requestHash;
    /// The answer remembered for replays: 201 and the operation unless a route says otherwise.
    int answerStatus = 201;
    std::function<QJsonObject(const Operation &)> answerBody;
};

/// The command side of the service's operations: the rules (roles, moves, votes, timeouts)
/// applied to a working copy, each change made durable through the store as one batch, then
/// applied to the read model (reads()), which holds only committed state. Reads never wait
/// for the disk; an answer to a change is given only once its transaction has committed.
/// Beside it: the Idempotency-Key answers, the approval and heartbeat deadlines, the ETA.
class OperationRegistry final : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const ChangeResult &)>;

    OperationRegistry(const ServerConfig &config, OperationStore *store, QObject *parent = nullptr);

    /// Loads the store's state; false with *error when it cannot be read.
    bool restore(QString *error);

    /// Whether this instance makes changes. One that follows another instance's writes
    /// (several optrackd on one PostgreSQL database) applies them with follow() and makes
    /// none of its own: no change, no timeout, until lead().
    bool leads() const { return m_leads; }
    /// Applies changes another instance committed (each operation in its latest state, the
    /// new events, the removed operations; version and eventSeq: the database's counters),
    /// as if they had been this instance's own: the read model moves, the stream pushes.
    void follow(WriteBatch batch, qint64 eventSeq);
    /// This instance writes from now on: state holds the counters, the Idempotency-Key
    /// answers and the heartbeats as the database has them (everything else was followed).
    /// The deadlines are armed again; one that passed meanwhile expires at once.
    void lead(StoredState state);

    void create(const UserAccount &caller, const CreateOperationRequest &request, Runner runner,
                const std::optional<IdempotencyRequest> &idempotency, Done done);
    /// A PATCH that changes nothing writes nothing (an empty one is a heartbeat); every PATCH
    /// renews the heartbeat of an operation that has one.
    void patch(const UserAccount &caller, const QString &operationId,
               const PatchOperationRequest &request, Done done);
    void cancel(const UserAccount &caller, const QString &operationId, const CancelRequest &request,
                Done done);
    void vote(const UserAccount &caller, const QString &operationId, const VoteRequest &request,
              Done done);

    /// The account the service itself acts as (progress of built-in workloads, timeouts).
    static const UserAccount &serviceAccount();

    /// Makes a running operation no longer cancellable (its work is finishing); false
    /// when it is already terminal. Applies at once to the rules; durable like any change.
    bool claimCompletion(const QString &operationId);
    /// An audit-trail entry that changes nothing else (a retry names its successor); done
    /// (when given) runs once it is durable.
    void addEvent(const QString &operationId, EventKind kind, const QString &actor,
                  const QString &message, std::function<void()> done = {});
    /// Removes operations with their events (retention); done runs once durable.
    void remove(const QStringList &operationIds, std::function<void(bool ok)> done);
    /// A remembered Idempotency-Key answer of a user (within 24 hours).
    std::optional<IdempotencyRecord> idempotencyRecord(const QString &userId,
                                                       const QString &key) const;
    /// The working (latest, maybe uncommitted) state, for the service's own workloads.
    std::optional<Operation> current(const QString &operationId) const;

    /// The committed state, for every read.
    const ReadModel &reads() const { return m_reads; }

    /// Changes submitted and not yet durable.
    int inFlight() const { return m_inFlight; }

signals:
    /// Committed operations, each in its latest state, in version order.
    void published(const QList<optrack::Operation> &operations);
    void drained();
    /// lead() made this instance the one that writes.
    void leading();

private:
    struct Change
    {
        WriteBatch batch;
        QStringList touched;
    };

    qint64 nowMsecs() const;
    void takeCharge(StoredState state);
    Operation *working(const QString &operationId);
    OperationEvent makeEvent(const Operation &op, EventKind kind, const QString &actor,
                             const QString &message);
    void stamp(Operation &op, const QDateTime &now);
    void handleDeadline(OperationTimers::Kind kind, const QString &operationId);
    void failApprovalTimeout(Operation &op);
    void failHeartbeatTimeout(Operation &op);
    void patchWithoutChange(const Operation &op, Done done);
    void submit(Change change, std::function<void(bool ok, const QString &error)> after);
    void publish(const WriteBatch &batch);
    void rollBack(const QStringList &operationIds);

    const ServerConfig &m_config;
    OperationStore *m_store;

    QHash<QString, Operation> m_working;
    qint64 m_workingVersion = 0;
    qint64 m_eventSeq = 0;
    EtaTracker m_eta;
    IdempotencyCache m_idempotency;
    ReadModel m_reads;
    OperationTimers m_timers;
    int m_inFlight = 0;
    bool m_leads = true;
};

} // namespace optrack
