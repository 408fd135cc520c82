#pragma once

#include "operation.h"
#include "operationstatus.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace optrack {

/// The service's sort keys for a list (GET /api/operations `sort`).
enum class OperationSortKey { CreatedAt, UpdatedAt, DisplayName, OperationType, Status, Progress };

constexpr int sortKeyCount = 6;

QString sortKeyToWire(OperationSortKey key);
/// The key a wire name (`sort=`) names, nullopt for an unknown one.
std::optional<OperationSortKey> sortKeyFromWire(QStringView name);

/// One question of a windowed list: which operations (status and type filters, text
/// search) in which order. The service answers it page by page by offset; the same
/// order decides here where a changed operation goes among the rows already loaded, so
/// compare() orders exactly as the service does: times by instant, the name (the entityId
/// when there is none) and the type ignoring case, the status in its lifecycle order,
/// progress numerically, ties by operationId (plain string order), all in the one
/// direction.
struct OperationWindowQuery
{
    QList<OperationStatus> statuses;
    QStringList operationTypes;
    /// Case-insensitive substring of displayName, operationId, entityId or owner.
    QString text;
    OperationSortKey sortKey = OperationSortKey::CreatedAt;
    bool descending = true;

    /// Whether the operation belongs to the answer (the scope, who sees what, is the
    /// service's and the feed's business).
    bool matches(const Operation &operation) const;
    /// Negative, zero or positive as `a` comes before, at or after `b` in this order.
    int compare(const Operation &a, const Operation &b) const;
    bool before(const Operation &a, const Operation &b) const { return compare(a, b) < 0; }

    friend bool operator==(const OperationWindowQuery &, const OperationWindowQuery &) = default;
};

} // namespace optrack
