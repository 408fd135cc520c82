#pragma once

#include "apierror.h"
#include "listquery.h"
#include "operationindex.h"
#include "operationtally.h"
#include "publishedoperation.h"
#include "serverconfig.h"

#include <QHash>
#include <QSet>

#include <optional>

namespace optrack {

/// The pages of a list (GET /api/operations without since=) over the read model's index:
/// every operation (ranks of a key's list), filtered ones (a range of the most selective
/// filter's partitioned list), a search (one pass over the search buffer) and the approvals
/// inbox (the few waiting operations, sorted per request). Made for one request: it holds
/// references into the read model.
class ListPages
{
public:
    ListPages(const OperationIndex &index, const OperationTally &tally,
              const QHash<QString, PublishedOperation> &published, qint64 version);

    /// A page of scope mine or all; list() has refused scope=all to those who may not.
    std::optional<ApiError> page(const UserAccount &caller, const ListQuery &query,
                                 ListResult *result) const;
    /// A page of the operations in `waiting` that the caller may vote on.
    std::optional<ApiError> approvalsPage(const UserAccount &caller, const ListQuery &query,
                                          const QSet<QString> &waiting, ListResult *result) const;

private:
    std::optional<ApiError> everyPage(const ListQuery &query, ListResult *result) const;
    std::optional<ApiError> searchPage(const UserAccount &caller, const ListQuery &query,
                                       ListResult *result) const;
    std::optional<ApiError> filteredPage(const UserAccount &caller, const ListQuery &query,
                                         ListResult *result) const;

    const OperationIndex &m_index;
    const OperationTally &m_tally;
    const QHash<QString, PublishedOperation> &m_published;
    qint64 m_version;
};

} // namespace optrack
