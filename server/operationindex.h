#pragma once

#include "operation.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>
#include <memory>
#include <optional>
#include <unordered_map>

namespace optrack {

/// The orders a list offers (GET /api/operations?sort=…&order=…). Each compares as the
/// app's OperationSortOrder does: times in milliseconds, names (the entity id when a name is
/// empty) and types ignoring case, statuses in the lifecycle's order, progress as a number;
/// ties by operationId, in the same direction, so the order is total.
struct ListOrder
{
    enum class Key { CreatedAt, UpdatedAt, DisplayName, OperationType, Status, Progress };
    static constexpr int keyCount = 6;

    Key key = Key::CreatedAt;
    bool descending = true;

    static std::optional<Key> keyFromWire(QStringView name);
    static QString keyToWire(Key key);
};

/// What a list filters and sorts on, copied out of one version of an operation, so that a
/// walk through an index never touches the operation itself.
struct IndexedOperation
{
    IndexedOperation() = default;
    explicit IndexedOperation(const Operation &op);

    QString operationId;
    QString operationType;
    QString owner;
    /// The role that votes on it, empty when it needs no approval.
    QString voterRole;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QString nameKey; // case-folded
    QString typeKey; // case-folded
    OperationStatus status = OperationStatus::Pending;
    double progress = 0;
    /// Name, id, entity and owner, case-folded, UTF-8, for q=.
    QByteArray searchText;
};

/// Every published operation in each ListOrder, as order-statistic trees (GCC's policy-based
/// red-black tree with subtree sizes): the row at any offset, the rank of any key and an
/// insertion or removal in O(log n), whatever the number of operations. Terminal operations
/// never move; a live one is removed and inserted again at each version that changes a key.
class OperationIndex
{
public:
    /// Less-than for one key, ascending, ties by operationId.
    struct Less
    {
        ListOrder::Key key = ListOrder::Key::CreatedAt;
        bool operator()(const IndexedOperation *a, const IndexedOperation *b) const;
    };
    using Tree = __gnu_pbds::tree<const IndexedOperation *, __gnu_pbds::null_type, Less,
                                  __gnu_pbds::rb_tree_tag,
                                  __gnu_pbds::tree_order_statistics_node_update>;

    OperationIndex();
    ~OperationIndex();
    OperationIndex(const OperationIndex &) = delete;
    OperationIndex &operator=(const OperationIndex &) = delete;
    // The trees point at the entries, which stay where they are: swapping both moves.
    OperationIndex(OperationIndex &&other) noexcept;
    OperationIndex &operator=(OperationIndex &&other) noexcept;

    /// Adds the operation, or replaces the version held.
    void put(const Operation &op);
    void remove(const QString &operationId);
    const IndexedOperation *find(const QString &operationId) const;
    qsizetype size() const { return qsizetype(m_entries.size()); }

    const Tree &tree(ListOrder::Key key) const { return m_trees[std::size_t(key)]; }
    /// The position in `order` of the first operation that comes after `probe` (which need
    /// not be indexed): where a page that ended at probe goes on.
    qsizetype positionAfter(const ListOrder &order, const IndexedOperation &probe) const;

private:
    void unlink(const IndexedOperation *entry);

    std::unordered_map<QString, std::unique_ptr<IndexedOperation>> m_entries;
    std::array<Tree, ListOrder::keyCount> m_trees;
};

} // namespace optrack
