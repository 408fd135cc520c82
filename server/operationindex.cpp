#include "operationindex.h"

#include "accessrules.h"

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

// Negative, zero or positive as a's key is below, equal to or above b's.
template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compareKey(OperationSortKey key, const IndexedOperation &a, const IndexedOperation &b)
{
    switch (key) {
    case OperationSortKey::CreatedAt:
        return threeWay(a.createdMs, b.createdMs);
    case OperationSortKey::UpdatedAt:
        return threeWay(a.updatedMs, b.updatedMs);
    case OperationSortKey::DisplayName:
        return a.nameKey.compare(b.nameKey);
    case OperationSortKey::OperationType:
        return a.typeKey.compare(b.typeKey);
    case OperationSortKey::Status:
        return threeWay(int(a.status), int(b.status));
    case OperationSortKey::Progress:
        return threeWay(a.progress, b.progress);
    }
    return 0;
}

int comparePartition(Partition partition, const IndexedOperation &a, const IndexedOperation &b)
{
    switch (partition) {
    case Partition::Owner:
        return a.owner.compare(b.owner);
    case Partition::Status:
        return threeWay(int(a.status), int(b.status));
    case Partition::Type:
        return a.operationType.compare(b.operationType);
    }
    return 0;
}

} // namespace

IndexedOperation::IndexedOperation(const Operation &op)
    : operationId(op.operationId)
    , operationType(op.operationType)
    , owner(op.owner())
    , voterRole(op.approval ? access::voterRoleOf(*op.approval) : QString())
    , createdMs(op.createdAt.toMSecsSinceEpoch())
    , updatedMs(op.updatedAt.toMSecsSinceEpoch())
    , nameKey((op.displayName.isEmpty() ? op.entityId : op.displayName).toCaseFolded())
    , typeKey(op.operationType.toCaseFolded())
    , status(op.status)
    , progress(op.progressPercentage)
{ }

bool OperationIndex::Less::operator()(const IndexedOperation *a, const IndexedOperation *b) const
{
    const int order = compareKey(key, *a, *b);
    return order != 0 ? order < 0 : a->operationId < b->operationId;
}

bool OperationIndex::PartitionLess::operator()(const IndexedOperation *a,
                                               const IndexedOperation *b) const
{
    const int within = comparePartition(partition, *a, *b);
    if (within != 0)
        return within < 0;
    if (a->bound != 0 || b->bound != 0)
        return a->bound < b->bound;
    const int order = compareKey(key, *a, *b);
    return order != 0 ? order < 0 : a->operationId < b->operationId;
}

OperationIndex::OperationIndex()
{
    for (int i = 0; i < sortKeyCount; ++i)
        m_trees[std::size_t(i)].get_cmp_fn().key = OperationSortKey(i);
    for (int p = 0; p < partitionCount; ++p) {
        for (int i = 0; i < sortKeyCount; ++i) {
            PartitionLess &less = m_partitionTrees[std::size_t(p * sortKeyCount + i)].get_cmp_fn();
            less.partition = Partition(p);
            less.key = OperationSortKey(i);
        }
    }
}

OperationIndex::~OperationIndex() = default;

OperationIndex::OperationIndex(OperationIndex &&other) noexcept
    : OperationIndex()
{
    *this = std::move(other);
}

OperationIndex &OperationIndex::operator=(OperationIndex &&other) noexcept
{
    m_entries.swap(other.m_entries);
    for (std::size_t i = 0; i < m_trees.size(); ++i)
        m_trees[i].swap(other.m_trees[i]);
    for (std::size_t i = 0; i < m_partitionTrees.size(); ++i)
        m_partitionTrees[i].swap(other.m_partitionTrees[i]);
    std::swap(m_search, other.m_search);
    return *this;
}

void OperationIndex::put(const Operation &op)
{
    std::unique_ptr<IndexedOperation> &held = m_entries[op.operationId];
    if (held)
        unlink(held.get());
    held = std::make_unique<IndexedOperation>(op);
    // A separator between fields, so that a match never spans two of them.
    const QString text
            = op.displayName + u'\n' + op.operationId + u'\n' + op.entityId + u'\n' + held->owner;
    m_search.put(held.get(), text.toCaseFolded().toUtf8());
    for (Tree &tree : m_trees)
        tree.insert(held.get());
    for (PartitionTree &tree : m_partitionTrees)
        tree.insert(held.get());
}

void OperationIndex::remove(const QString &operationId)
{
    const auto it = m_entries.find(operationId);
    if (it == m_entries.end())
        return;
    unlink(it->second.get());
    m_entries.erase(it);
}

const IndexedOperation *OperationIndex::find(const QString &operationId) const
{
    const auto it = m_entries.find(operationId);
    return it == m_entries.cend() ? nullptr : it->second.get();
}

void OperationIndex::unlink(const IndexedOperation *entry)
{
    for (Tree &tree : m_trees)
        tree.erase(entry);
    for (PartitionTree &tree : m_partitionTrees)
        tree.erase(entry);
    m_search.remove(entry);
}

qsizetype OperationIndex::positionAfter(const ListOrder &order, const IndexedOperation &probe) const
{
    const Tree &keyed = tree(order.key);
    const auto below = qsizetype(keyed.order_of_key(&probe));
    if (order.descending)
        return qsizetype(keyed.size()) - below;
    return below + (keyed.find(&probe) != keyed.end() ? 1 : 0);
}

OperationIndex::Range OperationIndex::partitionRange(Partition partition, OperationSortKey key,
                                                     const IndexedOperation &probe) const
{
    const PartitionTree &tree = partitionTree(partition, key);
    IndexedOperation bound = probe;
    bound.bound = -1;
    Range range;
    range.first = qsizetype(tree.order_of_key(&bound));
    bound.bound = 1;
    range.end = qsizetype(tree.order_of_key(&bound));
    return range;
}

} // namespace optrack
