#include "listpages.h"

#include "accessrules.h"
#include "listfilter.h"
#include "pagetoken.h"

#include <algorithm>
#include <vector>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// Before in the list's order: the index's ascending order, or its reverse.
struct ListBefore
{
    explicit ListBefore(const ListOrder &order)
        : less{order.key}
        , descending(order.descending)
    { }
    bool operator()(const IndexedOperation *a, const IndexedOperation *b) const
    {
        return descending ? less(*b, *a) : less(*a, *b);
    }

    IndexOrder less;
    bool descending;
};

/// Where the query's pageToken says the last page ended (nullopt without a token); false
/// for a token this service did not give for this order.
bool readToken(const ListQuery &query, std::optional<IndexedOperation> *after)
{
    if (query.pageToken.isEmpty())
        return true;
    after->emplace();
    return pagetoken::decode(query.pageToken, query.order, &**after);
}

ApiError badPageToken()
{
    return ApiError::badRequest(u"pageToken is not one this service gave for this sort and "
                                "order; start again without it."_s,
                                u"pageToken"_s);
}

/// A page's rows, taken in the list's order: at most the query's limit, then, when a row is
/// left over, the token of the last one taken.
class PageRows
{
public:
    PageRows(const ListQuery &query, const QHash<QString, PublishedOperation> &published,
             ListResult *result)
        : m_query(query)
        , m_published(published)
        , m_result(result)
    { }

    /// Takes the next row; false once the page is full (and so there is more).
    bool take(const IndexedOperation &op)
    {
        if (m_result->operations.size() == m_query.limit) {
            m_more = true;
            return false;
        }
        m_result->operations.append(&*m_published.constFind(op.operationId));
        m_last = &op;
        return true;
    }

    void finish(qint64 total, qint64 version)
    {
        if (m_more && m_last)
            m_result->nextPageToken = pagetoken::encode(m_query.order, *m_last);
        m_result->total = total;
        m_result->cursor = version;
    }

private:
    const ListQuery &m_query;
    const QHash<QString, PublishedOperation> &m_published;
    ListResult *m_result;
    const IndexedOperation *m_last = nullptr;
    bool m_more = false;
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

/// Takes rows[first…] into a page whose rows are in order up to its limit.
void takeFrom(const std::vector<const IndexedOperation *> &rows, std::size_t first, PageRows *page)
{
    for (std::size_t i = first; i < rows.size() && page->take(*rows[i]); ++i) { }
}

} // namespace

ListPages::ListPages(const OperationIndex &index, const OperationTally &tally,
                     const QHash<QString, PublishedOperation> &published, qint64 version)
    : m_index(index)
    , m_tally(tally)
    , m_published(published)
    , m_version(version)
{ }

std::optional<ApiError> ListPages::page(const UserAccount &caller, const ListQuery &query,
                                        ListResult *result) const
{
    if (!query.search.isEmpty())
        return searchPage(caller, query, result);
    if (!ListFilter(caller, query, m_index.searchText()).takesAll())
        return filteredPage(caller, query, result);
    return everyPage(query, result);
}

std::optional<ApiError> ListPages::everyPage(const ListQuery &query, ListResult *result) const
{
    // Every operation: the index's ranks are the rows.
    const ListOrder &order = query.order;
    std::optional<IndexedOperation> after;
    if (!readToken(query, &after))
        return badPageToken();
    qsizetype from = after ? m_index.positionAfter(order, *after) : 0;
    from += qsizetype(std::min<qint64>(query.offset, m_index.size()));
    const RankedList &keyed = m_index.list(order.key);
    PageRows rows(query, m_published, result);
    qsizetype left = keyed.size() - from;
    if (left > 0) {
        RankedList::Cursor cursor = keyed.cursorAt(order.descending ? left - 1 : from);
        while (rows.take(keyed.entry(cursor)) && --left > 0) {
            if (order.descending)
                cursor.previous();
            else
                cursor.next();
        }
    }
    rows.finish(m_index.size(), m_version);
    return std::nullopt;
}

std::optional<ApiError> ListPages::searchPage(const UserAccount &caller, const ListQuery &query,
                                              ListResult *result) const
{
    const ListFilter matches(caller, query, m_index.searchText());
    std::optional<IndexedOperation> after;
    if (!readToken(query, &after))
        return badPageToken();
    // One pass over every operation's text finds the matches, and so the exact total; only
    // the page's rows are then put in order.
    std::vector<const IndexedOperation *> rows = m_index.searchText().find(matches.needle());
    std::erase_if(rows, [&](const IndexedOperation *op) { return !matches.admits(*op); });
    const ListBefore before(query.order);
    const auto total = qint64(rows.size()); // of the query, whatever page this is
    if (after)
        std::erase_if(rows, [&](const IndexedOperation *op) { return !before(&*after, op); });
    const auto size = qint64(rows.size());
    const qint64 first = std::min(query.offset, size);
    const qint64 end = std::min(first + query.limit, size);
    const auto firstRow = rows.begin() + first;
    if (first > 0)
        std::nth_element(rows.begin(), firstRow, rows.end(), before);
    std::partial_sort(firstRow, rows.begin() + end, rows.end(), before);
    PageRows page(query, m_published, result);
    takeFrom(rows, std::size_t(first), &page);
    page.finish(total, m_version);
    return std::nullopt;
}

std::optional<ApiError> ListPages::filteredPage(const UserAccount &caller, const ListQuery &query,
                                                ListResult *result) const
{
    const ListOrder &order = query.order;
    const ListFilter matches(caller, query, m_index.searchText());
    std::optional<IndexedOperation> after; // where the pageToken's page ended
    if (!readToken(query, &after))
        return badPageToken();
    // The partition to walk: the filter that leaves the fewest operations, by the tallies.
    const PartitionChoice choice = choosePartition(caller, query, m_tally);
    const RankedList &list = m_index.partitionList(choice.partition, order.key);
    const ListBefore before(order);
    struct Cursor
    {
        RankedList::Cursor at;
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
                const IndexedOperation &row = list.at(middle);
                if (order.descending ? before.less(row, *after) : !before.less(*after, row))
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
        cursors.push_back({list.cursorAt(order.descending ? range.end - 1 : range.first),
                           range.end - range.first});
    }

    PageRows rows(query, m_published, result);
    for (;;) {
        // The range whose next row comes first in the list's order (a k-way merge).
        Cursor *next = nullptr;
        for (Cursor &cursor : cursors) {
            if (cursor.left > 0 && (!next || before(&list.entry(cursor.at), &list.entry(next->at))))
                next = &cursor;
        }
        if (!next)
            break;
        const IndexedOperation &op = list.entry(next->at);
        if (--next->left > 0) {
            if (order.descending)
                next->at.previous();
            else
                next->at.next();
        }
        if (!matches(op))
            continue;
        if (skip > 0) {
            --skip;
            continue;
        }
        if (!rows.take(op))
            break;
    }
    rows.finish(matches.counted(m_tally).value_or(0), m_version);
    return std::nullopt;
}

std::optional<ApiError> ListPages::approvalsPage(const UserAccount &caller, const ListQuery &query,
                                                 const QSet<QString> &waiting,
                                                 ListResult *result) const
{
    // Only waiting operations take votes: a small set, sorted per request.
    const ListFilter matches(caller, query, m_index.searchText());
    std::optional<IndexedOperation> after;
    if (!readToken(query, &after))
        return badPageToken();
    std::vector<const IndexedOperation *> rows;
    for (const QString &id : waiting) {
        const IndexedOperation *op = m_index.find(id);
        if (matches(*op)
            && access::mayVoteOn(caller.userId, caller.roles, m_published.constFind(id)->operation))
            rows.push_back(op);
    }
    const ListBefore before(query.order);
    std::sort(rows.begin(), rows.end(), before);
    auto first = rows.cbegin();
    if (after)
        first = std::upper_bound(rows.cbegin(), rows.cend(), &*after, before);
    first += std::min<qint64>(query.offset, rows.cend() - first);
    PageRows page(query, m_published, result);
    takeFrom(rows, std::size_t(first - rows.cbegin()), &page);
    page.finish(qint64(rows.size()), m_version);
    return std::nullopt;
}

} // namespace optrack
