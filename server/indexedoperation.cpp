#include "indexedoperation.h"

#include "accessrules.h"

namespace optrack {

namespace {

template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
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

bool IndexOrder::operator()(const IndexedOperation &a, const IndexedOperation &b) const
{
    if (partitioned) {
        const int within = comparePartition(partition, a, b);
        if (within != 0)
            return within < 0;
        if (a.bound != 0 || b.bound != 0)
            return a.bound < b.bound;
    }
    const int order = compareKey(key, a, b);
    return order != 0 ? order < 0 : a.operationId < b.operationId;
}

bool IndexOrder::moves(const IndexedOperation &a, const IndexedOperation &b) const
{
    // Equal in the comparison is equal in value (names and types are compared as stored,
    // case-folded), so such a version sits where the last one did.
    return compareKey(key, a, b) != 0 || (partitioned && comparePartition(partition, a, b) != 0);
}

} // namespace optrack
