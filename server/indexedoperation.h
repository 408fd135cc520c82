#pragma once

#include "operation.h"
#include "operationwindowquery.h"

#include <QString>

namespace optrack {

/// The orders a list offers (GET /api/operations?sort=…&order=…). Each compares as the
/// app's OperationSortOrder does: times in milliseconds, names (the entity id when a name is
/// empty) and types ignoring case, statuses in the lifecycle's order, progress as a number;
/// ties by operationId, in the same direction, so the order is total.
struct ListOrder
{
    OperationSortKey key = OperationSortKey::CreatedAt;
    bool descending = true;
};

/// The filters a list may narrow to by an index of its own: the owner (scope=mine), the
/// status and the operation type.
enum class Partition { Owner, Status, Type };
constexpr int partitionCount = 3;

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
    /// Where SearchText holds its name, id, entity and owner (-1: nowhere).
    mutable qsizetype searchSlot = -1;
    /// A probe's place in its partition (OperationIndex::partitionRange): -1 before every
    /// operation of it, +1 after every one; 0 for operations and key probes.
    qint8 bound = 0;
};

/// One order of the index: by a sort key, or by a partition's value first and then the key;
/// ties by operationId. Less-than, ascending.
struct IndexOrder
{
    OperationSortKey key = OperationSortKey::CreatedAt;
    bool partitioned = false;
    Partition partition = Partition::Owner;

    bool operator()(const IndexedOperation &a, const IndexedOperation &b) const;
    bool operator()(const IndexedOperation *a, const IndexedOperation *b) const
    {
        return (*this)(*a, *b);
    }
    /// Whether a and b may sit in different places of this order (b a new version of a).
    bool moves(const IndexedOperation &a, const IndexedOperation &b) const;
};

/// Negative, zero or positive as a's value of the key is below, equal to or above b's.
int compareKey(OperationSortKey key, const IndexedOperation &a, const IndexedOperation &b);
/// The same for a partition's value.
int comparePartition(Partition partition, const IndexedOperation &a, const IndexedOperation &b);

} // namespace optrack
