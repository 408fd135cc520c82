#pragma once

#include "apierror.h"
#include "listquery.h"
#include "operation.h"
#include "operationevent.h"
#include "operationindex.h"
#include "operationstore.h"
#include "operationtally.h"
#include "publishedoperation.h"
#include "serverconfig.h"

#include <QHash>
#include <QSet>

#include <map>
#include <optional>

namespace optrack {

/// The read side of the service's operations: the published copy, which holds only committed
/// state, with its audit trails, an index by version (deltas, `since=`) and the list index
/// (pages, ListPages), and who may see what. Every read (single, lists, deltas, events, the
/// stream's replay, metrics) comes from here and never waits for the disk; the registry
/// applies each batch once its transaction has committed.
class ReadModel
{
public:
    /// The stored state, at start.
    void load(const QList<Operation> &operations, QHash<QString, QList<OperationEvent>> events,
              qint64 version);
    /// A committed batch: its operations in their new state, its events, its removals.
    void apply(const WriteBatch &batch);

    const Operation *find(const QString &operationId) const;
    /// The operation with its wire JSON; valid until the read model next changes.
    const PublishedOperation *published(const QString &operationId) const;
    QList<OperationEvent> events(const QString &operationId) const;
    const QHash<QString, PublishedOperation> &operations() const { return m_published; }
    const QHash<QString, QList<OperationEvent>> &allEvents() const { return m_events; }
    /// The version of the last committed change.
    qint64 headVersion() const { return m_publishedVersion; }
    qsizetype size() const { return m_published.size(); }

    std::optional<ApiError> list(const UserAccount &caller, const ListQuery &query,
                                 ListResult *result) const;
    /// Visible operations with a version above since, lowest first, at most limit; valid
    /// until the read model next changes.
    QList<const PublishedOperation *> changesSince(const UserAccount &caller, qint64 since,
                                                   int limit, qint64 *cursor) const;
    /// The scope's operations counted by type and status, from the tallies kept as versions
    /// are published (the waiting operations for approvals); 403 as list() for scope=all.
    std::optional<ApiError> counts(const UserAccount &caller, ListQuery::Scope scope,
                                   OperationCounts *counts) const;
    /// Terminal operations completed before the cutoff (retention).
    QStringList terminalBefore(const QDateTime &cutoff) const;

    static bool canSee(const UserAccount &caller, const Operation &op);
    /// Seconds a client should wait before asking again; 0 for terminal operations.
    static int retryAfterSeconds(const Operation &op);

private:
    static bool inScope(const UserAccount &caller, const Operation &op, ListQuery::Scope scope,
                        bool forDelta);
    void delta(const UserAccount &caller, const ListQuery &query, ListResult *result) const;
    void publish(const Operation &op);
    void unpublish(const QString &operationId);

    const PublishedOperation *at(const QString &operationId) const;

    QHash<QString, PublishedOperation> m_published;
    QHash<QString, QList<OperationEvent>> m_events;
    std::map<qint64, QString> m_byVersion;
    OperationIndex m_index;
    OperationTally m_tally;
    /// Operations waiting for approval: what scope=approvals and needsMyVote look through.
    QSet<QString> m_waiting;
    qint64 m_publishedVersion = 0;
};

} // namespace optrack
