#pragma once

#include "apierror.h"
#include "etaestimator.h"
#include "operationcodec.h"
#include "operationstore.h"
#include "operationtimers.h"
#include "serverconfig.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace optrack {

/// Which operations a list asks for.
struct ListQuery
{
    enum class Scope { Mine, All, Approvals };

    Scope scope = Scope::Mine;
    QSet<OperationStatus> statuses;
    QSet<QString> types;
    int limit = 50;
    std::optional<qint64> since;
    QString pageToken;
};

struct ListResult
{
    QList<Operation> operations;
    qint64 cursor = 0;
    QString nextPageToken;
};

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

/// The service's operations: the rules (roles, moves, votes, timeouts, ETA) applied to a
/// working copy, changes made durable through the store, and a published copy that
/// holds only committed state. Reads never wait for the disk; an answer to a change is
/// given only once its transaction has committed.
class OperationRegistry final : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const ChangeResult &)>;

    OperationRegistry(const ServerConfig &config, OperationStore *store, QObject *parent = nullptr);

    /// Loads the store's state; false with *error when it cannot be read.
    bool restore(QString *error);

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
    /// Terminal operations completed before the cutoff (retention).
    QStringList terminalBefore(const QDateTime &cutoff) const;
    /// Removes operations with their events (retention); done runs once durable.
    void remove(const QStringList &operationIds, std::function<void(bool ok)> done);
    /// A remembered Idempotency-Key answer of a user (within 24 hours).
    std::optional<IdempotencyRecord> idempotencyRecord(const QString &userId,
                                                       const QString &key) const;
    /// The working (latest, maybe uncommitted) state, for the service's own workloads.
    std::optional<Operation> current(const QString &operationId) const;
    const QHash<QString, Operation> &publishedOperations() const { return m_published; }
    const QHash<QString, QList<OperationEvent>> &publishedEvents() const { return m_events; }

    /// Published (committed) state.
    const Operation *find(const QString &operationId) const;
    QList<OperationEvent> events(const QString &operationId) const;
    qint64 headVersion() const { return m_publishedVersion; }
    std::optional<ApiError> list(const UserAccount &caller, const ListQuery &query,
                                 ListResult *result) const;
    /// Visible operations with a version above since, lowest first, at most limit.
    QList<Operation> changesSince(const UserAccount &caller, qint64 since, int limit,
                                  qint64 *cursor) const;

    bool canSee(const UserAccount &caller, const Operation &op) const;
    /// Seconds a client should wait before asking again; 0 for terminal operations.
    int retryAfterSeconds(const Operation &op) const;

    /// Changes submitted and not yet durable.
    int inFlight() const { return m_inFlight; }
    qsizetype size() const { return m_published.size(); }

signals:
    /// Committed operations, each in its latest state, in version order.
    void published(const QList<optrack::Operation> &operations);
    void drained();

private:
    struct Change
    {
        WriteBatch batch;
        QStringList touched;
    };

    qint64 nowMsecs() const;
    Operation *working(const QString &operationId);
    OperationEvent makeEvent(const Operation &op, EventKind kind, const QString &actor,
                             const QString &message);
    void stamp(Operation &op, const QDateTime &now);
    void updateEta(Operation &op, const QDateTime &now);
    void recordDuration(const Operation &op);
    std::optional<double> typicalSeconds(const QString &type) const;
    void handleDeadline(OperationTimers::Kind kind, const QString &operationId);
    void failApprovalTimeout(Operation &op);
    void failHeartbeatTimeout(Operation &op);
    void patchWithoutChange(const Operation &op, Done done);
    void submit(Change change, std::function<void(bool ok, const QString &error)> after);
    void publish(const WriteBatch &batch);
    void rollBack(const QStringList &operationIds);
    bool inScope(const UserAccount &caller, const Operation &op, ListQuery::Scope scope,
                 bool forDelta) const;

    const ServerConfig &m_config;
    OperationStore *m_store;

    QHash<QString, Operation> m_working;
    qint64 m_workingVersion = 0;
    qint64 m_eventSeq = 0;
    QHash<QString, EtaEstimator> m_estimators;
    QHash<QString, qint64> m_runningSince;
    QHash<QString, std::deque<double>> m_durations;
    QHash<QPair<QString, QString>, IdempotencyRecord> m_idempotency;

    QHash<QString, Operation> m_published;
    QHash<QString, QList<OperationEvent>> m_events;
    std::map<qint64, QString> m_byVersion;
    std::set<std::pair<qint64, QString>> m_byCreated;
    qint64 m_publishedVersion = 0;

    OperationTimers m_timers;
    int m_inFlight = 0;
};

} // namespace optrack
