#pragma once

#include "operation.h"
#include "operationstatus.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <optional>

namespace optrack {

/// Which operations a list covers (the contract's `scope`).
enum class OperationScope { Mine, All, Approvals };

QString scopeToWire(OperationScope scope);

/// The question of GET /api/operations: a scope, optional status and type filters,
/// and either a page of the full list or the changes after a version.
struct OperationQuery
{
    static constexpr int defaultPageSize = 200;

    OperationScope scope = OperationScope::Mine;
    QList<OperationStatus> statuses;
    QStringList operationTypes;
    int limit = defaultPageSize;
    std::optional<qint64> since;
    QString pageToken;

    QUrlQuery toUrlQuery() const;
    /// Whether an operation passes the status and type filters (the service ignores
    /// them on delta polls, so the client applies them itself).
    bool matchesFilters(const Operation &operation) const;
};

} // namespace optrack
