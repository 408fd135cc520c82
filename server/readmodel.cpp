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
    ListFilter(const UserAccount &caller, const ListQuery &query, const SearchText &texts)
        : m_caller(caller)
        , m_query(query)
        , m_texts(texts)
        , m_everything(query.scope == ListQuery::Scope::All && access::mayListAll(caller.roles))
        , m_needle(query.search.toCaseFolded().toUtf8())
        , m_search(m_needle)
    { }

    /// True when every operation matches: rows and offsets are the index's own.
    bool takesAll() const
    {
        return m_everything && m_query.statuses.isEmpty() && m_query.types.isEmpty()
                && m_query.search.isEmpty();
    }

    bool operator()(const IndexedOperation &op) const
    {
        if (!admits(op))
            return false;
        if (m_query.search.isEmpty())
            return true;
        const QByteArrayView text = m_texts.textOf(&op);
        return m_search.indexIn(text.data(), text.size()) >= 0;
    }

    /// The scope and the filters, without the search.
    bool admits(const IndexedOperation &op) const
    {
        if (!m_everything && op.owner != m_caller.userId
            && (m_query.scope == ListQuery::Scope::Mine || op.voterRole.isEmpty()
                || !m_caller.roles.contains(op.voterRole)))
            return false;
        if (!m_query.statuses.isEmpty() && !m_query.statuses.contains(op.status))
            return false;
        return m_query.types.isEmpty() || m_query.types.contains(op.operationType);
    }

    /// The search, case-folded UTF-8 (empty: none).
    QByteArrayView needle() const { return m_needle; }

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
    const SearchText &m_texts;
    bool m_everything;
    QByteArray m_needle;
    QByteArrayMatcher m_search;
};

/// The partition a filtered page walks and the values of it the query takes.
struct PartitionChoice
{
    Partition partition = Partition::Owner;
    QList<IndexedOperation> probes;
    qint64 count = 0;
    /// True when the partition is the query's only filter: every row of its ranges matches.
    bool exact = false;
};

/// The filter of a query (without a search, scope mine or all) that leaves the fewest
/// operations to walk, by the tallies.
PartitionChoice choosePartition(const UserAccount &caller, const ListQuery &query,
                                const OperationTally &tally)
{
    const bool mine = query.scope == ListQuery::Scope::Mine;
    std::vector<PartitionChoice> choices;
    if (mine) {
        PartitionChoice owner{
                Partition::Owner, {}, 0, query.statuses.isEmpty() && query.types.isEmpty()};
        owner.probes.append(IndexedOperation());
        owner.probes.back().owner = caller.userId;
        owner.count = OperationTally::total(tally.ownedBy(caller.userId), {}, {});
        choices.push_back(std::move(owner));
    }
    if (!query.statuses.isEmpty()) {
        PartitionChoice status{Partition::Status, {}, 0, !mine && query.types.isEmpty()};
        for (const OperationStatus value : query.statuses) {
            status.probes.append(IndexedOperation());
            status.probes.back().status = value;
        }
        status.count = OperationTally::total(tally.everything(), query.statuses, {});
        choices.push_back(std::move(status));
    }
    if (!query.types.isEmpty()) {
        PartitionChoice type{Partition::Type, {}, 0, !mine && query.statuses.isEmpty()};
        for (const QString &value : query.types) {
            type.probes.append(IndexedOperation());
            type.probes.back().operationType = value;
        }
        type.count = OperationTally::total(tally.everything(), {}, query.types);
        choices.push_back(std::move(type));
    }
    return *std::min_element(
            choices.cbegin(), choices.cend(),
            [](const PartitionChoice &a, const PartitionChoice &b) { return a.count < b.count; });
}

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
    if (!query.search.isEmpty())
        return searchPage(caller, query, result);
    const ListFilter matches(caller, query, m_index.searchText());
    if (!matches.takesAll())
        return filteredPage(caller, query, result);
    // Every operation: the index's ranks are the rows.
    const ListOrder &order = query.order;
    qsizetype from = 0;
    if (!query.pageToken.isEmpty()) {
        IndexedOperation probe;
        if (!pagetoken::decode(query.pageToken, order, &probe))
            return badPageToken();
        from = m_index.positionAfter(order, probe);
    }
    from += qsizetype(std::min<qint64>(query.offset, m_index.size()));
    const IndexedOperation *last = nullptr;
    bool more = false;
    walk(m_index.tree(order.key), order.descending, from, [&](const IndexedOperation &op) {
        if (result->operations.size() == query.limit) {
            more = true;
            return false;
        }
        result->operations.append(at(op.operationId));
        last = &op;
        return true;
    });
    if (more && last)
        result->nextPageToken = pagetoken::encode(order, *last);
    result->total = m_index.size();
    result->cursor = m_publishedVersion;
    return std::nullopt;
}

std::optional<ApiError> ReadModel::searchPage(const UserAccount &caller, const ListQuery &query,
                                              ListResult *result) const
{
    const ListOrder &order = query.order;
    const ListFilter matches(caller, query, m_index.searchText());
    // One pass over every operation's text finds the matches, and so the exact total; only
    // the page's rows are then put in order.
    std::vector<const IndexedOperation *> rows = m_index.searchText().find(matches.needle());
    std::erase_if(rows, [&](const IndexedOperation *op) { return !matches.admits(*op); });
    const OperationIndex::Less less{order.key};
    const auto before = [&](const IndexedOperation *a, const IndexedOperation *b) {
        return order.descending ? less(b, a) : less(a, b);
    };
    result->total = qint64(rows.size()); // of the query, whatever page this is
    if (!query.pageToken.isEmpty()) {
        IndexedOperation probe;
        if (!pagetoken::decode(query.pageToken, order, &probe))
            return badPageToken();
        std::erase_if(rows, [&](const IndexedOperation *op) { return !before(&probe, op); });
    }
    const auto size = qint64(rows.size());
    const qint64 first = std::min(query.offset, size);
    const qint64 end = std::min(first + query.limit, size);
    const auto firstRow = rows.begin() + first;
    if (first > 0)
        std::nth_element(rows.begin(), firstRow, rows.end(), before);
    std::partial_sort(firstRow, rows.begin() + end, rows.end(), before);
    for (auto it = firstRow; it != rows.begin() + end; ++it)
        result->operations.append(at((*it)->operationId));
    if (end < size && end > first)
        result->nextPageToken = pagetoken::encode(order, *rows.at(std::size_t(end - 1)));
    result->cursor = m_publishedVersion;
    return std::nullopt;
}

std::optional<ApiError> ReadModel::filteredPage(const UserAccount &caller, const ListQuery &query,
                                                ListResult *result) const
{
    const ListOrder &order = query.order;
    const ListFilter matches(caller, query, m_index.searchText());
    std::optional<IndexedOperation> after; // where the pageToken's page ended
    if (!query.pageToken.isEmpty()) {
        after.emplace();
        if (!pagetoken::decode(query.pageToken, order, &*after))
            return badPageToken();
    }
    // The partition to walk: the filter that leaves the fewest operations, by the tallies
    // (list() has refused scope=all to those who may not see everything).
    const PartitionChoice choice = choosePartition(caller, query, m_tally);
    const OperationIndex::PartitionTree &tree = m_index.partitionTree(choice.partition, order.key);
    const OperationIndex::Less less{order.key};
    const auto before = [&](const IndexedOperation *a, const IndexedOperation *b) {
        return order.descending ? less(b, a) : less(a, b);
    };
    using Iterator = decltype(tree.find_by_order(0));
    struct Cursor
    {
        Iterator at;
        qsizetype left;
    };
    std::vector<Cursor> cursors;
    qint64 skip = query.offset; // matches to pass over before the page
    for (const IndexedOperation &probe : choice.probes) {
        OperationIndex::Range range = m_index.partitionRange(choice.partition, order.key, probe);
        if (after) {
            // The range is in the list's order: binary search for the token's place in it.
            qsizetype low = range.first;
            qsizetype high = range.end;
            while (low < high) {
                const qsizetype middle = low + (high - low) / 2;
                const IndexedOperation *row = *tree.find_by_order(std::size_t(middle));
                if (order.descending ? less(row, &*after) : !less(&*after, row))
                    low = middle + 1;
                else
                    high = middle;
            }
            (order.descending ? range.end : range.first) = low;
        }
        if (choice.exact && choice.probes.size() == 1) {
            // Every row of the range matches: the offset is a rank.
            const qsizetype jump = qsizetype(std::min<qint64>(skip, range.end - range.first));
            (order.descending ? range.end : range.first) += order.descending ? -jump : jump;
            skip = 0;
        }
        if (range.first >= range.end)
            continue;
        const std::size_t start = std::size_t(order.descending ? range.end - 1 : range.first);
        cursors.push_back({tree.find_by_order(start), range.end - range.first});
    }

    const IndexedOperation *last = nullptr;
    bool more = false;
    while (!more) {
        // The range whose next row comes first in the list's order (a k-way merge).
        Cursor *next = nullptr;
        for (Cursor &cursor : cursors) {
            if (cursor.left > 0 && (!next || before(*cursor.at, *next->at)))
                next = &cursor;
        }
        if (!next)
            break;
        const IndexedOperation &op = **next->at;
        if (--next->left > 0) {
            if (order.descending)
                --next->at;
            else
                ++next->at;
        }
        if (!matches(op))
            continue;
        if (skip > 0) {
            --skip;
            continue;
        }
        if (result->operations.size() == query.limit) {
            more = true;
            break;
        }
        result->operations.append(at(op.operationId));
        last = &op;
    }
    if (more && last)
        result->nextPageToken = pagetoken::encode(order, *last);
    result->total = matches.counted(m_tally).value_or(0);
    result->cursor = m_publishedVersion;
    return std::nullopt;
}

std::optional<ApiError> ReadModel::approvalsPage(const UserAccount &caller, const ListQuery &query,
                                                 ListResult *result) const
{
    // Only waiting operations take votes: a small set, sorted per request.
    const ListFilter matches(caller, query, m_index.searchText());
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
