#include "readmodel.h"

#include "accessrules.h"
#include "listpages.h"

#include <QDateTime>

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr int retryAfterWaiting = 30;
constexpr int retryAfterPending = 2;
constexpr int retryAfterMoving = 1;
constexpr int retryAfterQuiet = 5;
constexpr qint64 movingWindowMsecs = 10'000;

ApiError scopeAllForbidden()
{
    return ApiError::forbidden(u"scope=all needs the staff, admin or service role; "
                               "ask for scope=mine instead."_s);
}

} // namespace

void ReadModel::load(const QList<Operation> &operations,
                     QHash<QString, QList<OperationEvent>> events, qint64 version)
{
    m_publishedVersion = version;
    m_events = std::move(events);
    for (const Operation &op : operations)
        publish(op);
}

void ReadModel::apply(const WriteBatch &batch)
{
    for (const QString &id : batch.removedOperations) {
        unpublish(id);
        m_events.remove(id);
    }
    // Serialised in publish(), once per version, for every answer and push that carries it.
    for (const Operation &op : batch.operations)
        publish(op);
    for (const auto &[id, event] : batch.events)
        m_events[id].append(event);
    m_publishedVersion = std::max(m_publishedVersion, batch.version);
}

void ReadModel::publish(const Operation &op)
{
    const auto old = m_published.constFind(op.operationId);
    if (old != m_published.cend())
        m_byVersion.erase(old->operation.version);
    if (const IndexedOperation *indexed = m_index.find(op.operationId))
        m_tally.subtract(*indexed);
    m_byVersion.emplace(op.version, op.operationId);
    m_index.put(op);
    m_tally.add(*m_index.find(op.operationId));
    if (op.status == OperationStatus::WaitingForApproval)
        m_waiting.insert(op.operationId);
    else
        m_waiting.remove(op.operationId);
    m_published.insert(op.operationId, PublishedOperation(op));
}

void ReadModel::unpublish(const QString &operationId)
{
    const auto it = m_published.constFind(operationId);
    if (it == m_published.cend())
        return;
    m_byVersion.erase(it->operation.version);
    m_tally.subtract(*m_index.find(operationId));
    m_index.remove(operationId);
    m_waiting.remove(operationId);
    m_published.erase(it);
}

const Operation *ReadModel::find(const QString &operationId) const
{
    const PublishedOperation *published = at(operationId);
    return published ? &published->operation : nullptr;
}

const PublishedOperation *ReadModel::published(const QString &operationId) const
{
    return at(operationId);
}

const PublishedOperation *ReadModel::at(const QString &operationId) const
{
    const auto it = m_published.constFind(operationId);
    return it == m_published.cend() ? nullptr : &*it;
}

QList<OperationEvent> ReadModel::events(const QString &operationId) const
{
    return m_events.value(operationId);
}

QStringList ReadModel::terminalBefore(const QDateTime &cutoff) const
{
    QStringList ids;
    for (const PublishedOperation &published : m_published) {
        const Operation &op = published.operation;
        if (op.isTerminal() && op.completedAt && *op.completedAt < cutoff)
            ids.append(op.operationId);
    }
    return ids;
}

bool ReadModel::canSee(const UserAccount &caller, const Operation &op)
{
    return op.owner() == caller.userId || access::mayListAll(caller.roles)
            || access::isApproverOf(caller.roles, op);
}

bool ReadModel::inScope(const UserAccount &caller, const Operation &op, ListQuery::Scope scope,
                        bool forDelta)
{
    switch (scope) {
    case ListQuery::Scope::Mine:
        return op.owner() == caller.userId;
    case ListQuery::Scope::All:
        return canSee(caller, op);
    case ListQuery::Scope::Approvals:
        // A delta keeps reporting operations after the vote, so a client sees them leave.
        return forDelta ? access::isApproverOf(caller.roles, op) && op.owner() != caller.userId
                        : access::mayVoteOn(caller.userId, caller.roles, op);
    }
    return false;
}

int ReadModel::retryAfterSeconds(const Operation &op)
{
    if (op.isTerminal())
        return 0;
    if (op.status == OperationStatus::WaitingForApproval)
        return retryAfterWaiting;
    if (op.status == OperationStatus::Pending)
        return retryAfterPending;
    const qint64 quiet = QDateTime::currentMSecsSinceEpoch() - op.updatedAt.toMSecsSinceEpoch();
    return quiet < movingWindowMsecs ? retryAfterMoving : retryAfterQuiet;
}

void ReadModel::delta(const UserAccount &caller, const ListQuery &query, ListResult *result) const
{
    qint64 cursor = *query.since;
    for (auto it = m_byVersion.upper_bound(*query.since); it != m_byVersion.end(); ++it) {
        const PublishedOperation *published = at(it->second);
        const Operation &op = published->operation;
        if (!inScope(caller, op, query.scope, true))
            continue;
        if (result->operations.size() == query.limit) {
            result->cursor = cursor;
            return;
        }
        result->operations.append(published);
        cursor = op.version;
    }
    result->cursor = std::max(cursor, m_publishedVersion);
}

std::optional<ApiError> ReadModel::list(const UserAccount &caller, const ListQuery &query,
                                        ListResult *result) const
{
    if (query.scope == ListQuery::Scope::All && !access::mayListAll(caller.roles))
        return scopeAllForbidden();
    result->operations.clear();
    result->nextPageToken.clear();
    if (query.since) {
        delta(caller, query, result);
        return std::nullopt;
    }

    const ListPages pages(m_index, m_tally, m_published, m_publishedVersion);
    if (query.scope == ListQuery::Scope::Approvals)
        return pages.approvalsPage(caller, query, m_waiting, result);
    return pages.page(caller, query, result);
}

QList<const PublishedOperation *> ReadModel::changesSince(const UserAccount &caller, qint64 since,
                                                          int limit, qint64 *cursor) const
{
    QList<const PublishedOperation *> changes;
    *cursor = since;
    for (auto it = m_byVersion.upper_bound(since); it != m_byVersion.end(); ++it) {
        const PublishedOperation *published = at(it->second);
        const Operation &op = published->operation;
        if (!canSee(caller, op))
            continue;
        if (changes.size() == limit)
            return changes;
        changes.append(published);
        *cursor = op.version;
    }
    *cursor = std::max(*cursor, m_publishedVersion);
    return changes;
}

std::optional<ApiError> ReadModel::counts(const UserAccount &caller, ListQuery::Scope scope,
                                          OperationCounts *counts) const
{
    counts->version = m_publishedVersion;
    counts->needsMyVote = 0;
    for (const QString &id : m_waiting) {
        if (access::mayVoteOn(caller.userId, caller.roles, at(id)->operation))
            ++counts->needsMyVote;
    }
    switch (scope) {
    case ListQuery::Scope::Mine:
        counts->byType = m_tally.ownedBy(caller.userId);
        break;
    case ListQuery::Scope::All:
        if (!access::mayListAll(caller.roles))
            return scopeAllForbidden();
        counts->byType = m_tally.everything();
        break;
    case ListQuery::Scope::Approvals:
        counts->byType.clear();
        for (const QString &id : m_waiting) {
            const PublishedOperation *published = at(id);
            if (access::mayVoteOn(caller.userId, caller.roles, published->operation))
                ++counts->byType[published->operation.operationType]
                                [std::size_t(OperationStatus::WaitingForApproval)];
        }
        break;
    }
    return std::nullopt;
}

} // namespace optrack
