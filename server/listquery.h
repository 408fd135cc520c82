#pragma once

#include "indexedoperation.h"
#include "operation.h"
#include "publishedoperation.h"

#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace optrack {

/// Which operations a list asks for.
struct ListQuery
{
    enum class Scope { Mine, All, Approvals };

    Scope scope = Scope::Mine;
    QSet<OperationStatus> statuses;
    QSet<QString> types;
    int limit = 50;
    std::optional<qint64> since;
    QString pageToken;
    ListOrder order;
    /// Case-insensitive text in the name, id, entity or owner; empty: any.
    QString search;
    /// The row of the query's order to start at, instead of a pageToken.
    qint64 offset = 0;
};

/// Points into the read model: valid until it next changes (use it within the handler).
struct ListResult
{
    QList<const PublishedOperation *> operations;
    qint64 cursor = 0;
    QString nextPageToken;
    /// Operations matching the query, of a page (not of a delta).
    std::optional<qint64> total;
};

} // namespace optrack
