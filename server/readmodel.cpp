#include "readmodel.h"

#include "accessrules.h"
#include "pagetoken.h"

#include <QByteArrayMatcher>
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

ApiError badPageToken()
{
    return ApiError::badRequest(u"pageToken is not one this service gave for this sort and "
                                "order; start again without it."_s,
                                u"pageToken"_s);
}

ApiError scopeAllForbidden()
{
    return ApiError::forbidden(u"scope=all needs the staff, admin or service role; "
                               "ask for scope=mine instead."_s);
}

/// Whether an indexed operation belongs to a list of scope mine or all.
class ListFilter
{
public:
    ListFilter(const UserAccount &caller, const ListQuery &query)
        : m_caller(caller)
        , m_query(query)
        , m_everything(query.scope == ListQuery::Scope::All && access::mayListAll(caller.roles))
        , m_search(query.search.toCaseFolded().toUtf8())
    { }

    /// True when every operation matches: rows and offsets are the index's own.
    bool takesAll() const
    {
        return m_everything && m_query.statuses.isEmpty() && m_query.types.isEmpty()
                && m_query.search.isEmpty();
    }

    bool operator()(const IndexedOperation &op) const
    {
        if (!m_everything && op.owner != m_caller.userId
            && (m_query.scope == ListQuery::Scope::Mine || op.voterRole.isEmpty()
                || !m_caller.roles.contains(op.voterRole)))
            return false;
        if (!m_query.statuses.isEmpty() && !m_query.statuses.contains(op.status))
            return false;
        if (!m_query.types.isEmpty() && !m_query.types.contains(op.operationType))
            return false;
        return m_query.search.isEmpty() || m_search.indexIn(op.searchText) >= 0;
    }

    /// The number of matches from the tallies, without a walk; nullopt with a search.
    std::optional<qint64> counted(const OperationTally &tally) const
    {
        if (!m_query.search.isEmpty())
            return std::nullopt;
        if (m_query.scope == ListQuery::Scope::Mine)
            return OperationTally::total(tally.ownedBy(m_caller.userId), m_query.statuses,
                                         m_query.types);
        // scope=all is answered only to those who see everything.
        return OperationTally::total(tally.everything(), m_query.statuses, m_query.types);
    }

private:
    const UserAccount &m_caller;
    const ListQuery &m_query;
    bool m_everything;
    QByteArrayMatcher m_search;
};

/// Visits the index's operations in order from a position until visit returns false.
template<typename Visit>
void walk(const OperationIndex::Tree &tree, bool descending, qsizetype from, Visit visit)
{
    const auto size = qsizetype(tree.size());
    if (from >= size)
        return;
    if (!descending) {
        for (auto it = tree.find_by_order(std::size_t(from)); it != tree.end(); ++it) {
            if (!visit(**it))
                return;
        }
        return;
    }
    auto it = tree.find_by_order(std::size_t(size - 1 - from));
    while (visit(**it) && it != tree.begin())
        --it;
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

    if (query.scope == ListQuery::Scope::Approvals) {
        return approvalsPage(caller, query, result);
    }
    return page(caller, query, result);
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

std::optional<ApiError> ReadModel::page(const UserAccount &caller, const ListQuery &query,
                                        ListResult *result) const
{
    const ListOrder &order = query.order;
    qsizetype from = 0; // the index's position to walk from
    qint64 skip = 0; // matches to pass over before the page
    if (!query.pageToken.isEmpty()) {
        IndexedOperation probe;
        if (!pagetoken::decode(query.pageToken, order, &probe))
            return badPageToken();
        from = m_index.positionAfter(order, probe);
    }
    const ListFilter matches(caller, query);
    if (matches.takesAll())
        from += qsizetype(std::min<qint64>(query.offset, m_index.size()));
    else
        skip = query.offset;

    const std::optional<qint64> counted = matches.counted(m_tally);
    // Without a count from the tallies (a search), the walk counts every match, from the top.
    const qsizetype pageFrom = from;
    if (!counted)
        from = 0;
    qint64 seen = 0; // matches the walk met
    qint64 onwards = 0; // of them, those from pageFrom on
    qsizetype position = from - 1;
    const IndexedOperation *last = nullptr;
    bool more = false;
    walk(m_index.tree(order.key), order.descending, from, [&](const IndexedOperation &op) {
        ++position;
        if (!matches(op))
            return true;
        ++seen;
        if (position < pageFrom || ++onwards <= skip)
            return true;
        if (result->operations.size() == query.limit) {
            more = true;
            return !counted.has_value();
        }
        result->operations.append(at(op.operationId));
        last = &op;
        return true;
    });
    if (more && last)
        result->nextPageToken = pagetoken::encode(order, *last);
    result->total = counted.value_or(seen);
    result->cursor = m_publishedVersion;
    return std::nullopt;
}

std::optional<ApiError> ReadModel::approvalsPage(const UserAccount &caller, const ListQuery &query,
                                                 ListResult *result) const
{
    // Only waiting operations take votes: a small set, sorted per request.
    const ListFilter matches(caller, query);
    std::vector<const IndexedOperation *> rows;
    for (const QString &id : m_waiting) {
        const IndexedOperation *op = m_index.find(id);
        if (matches(*op) && access::mayVoteOn(caller.userId, caller.roles, at(id)->operation))
            rows.push_back(op);
    }
    const OperationIndex::Less less{query.order.key};
    const auto before = [&](const IndexedOperation *a, const IndexedOperation *b) {
        return query.order.descending ? less(b, a) : less(a, b);
    };
    std::sort(rows.begin(), rows.end(), before);
    auto first = rows.cbegin();
    if (!query.pageToken.isEmpty()) {
        IndexedOperation probe;
        if (!pagetoken::decode(query.pageToken, query.order, &probe))
            return badPageToken();
        first = std::upper_bound(rows.cbegin(), rows.cend(), &probe, before);
    }
    first += std::min<qint64>(query.offset, rows.cend() - first);
    const auto end = rows.cend() - first > query.limit ? first + query.limit : rows.cend();
    for (auto it = first; it != end; ++it)
        result->operations.append(at((*it)->operationId));
    if (end != rows.cend() && end != first)
        result->nextPageToken = pagetoken::encode(query.order, **(end - 1));
    result->total = qint64(rows.size());
    result->cursor = m_publishedVersion;
    return std::nullopt;
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
