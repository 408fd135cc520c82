#pragma once

#include "operationblocksource.h"
#include "operationquery.h"

#include <QHash>
#include <QPointer>

namespace optrack {

class ApiCall;
class ApiConnection;
class OperationsClient;

/// The service as an OperationBlockSource: each block is one GET /api/operations with the
/// query's sort, order, search and filters, by offset. The answer's total and version come
/// with the rows; a service that does not give them yet (before windowed lists) is
/// answered as a failure naming what is missing.
class OperationHistoryClient final : public OperationBlockSource
{
    Q_OBJECT

public:
    explicit OperationHistoryClient(ApiConnection *connection, QObject *parent = nullptr);
    ~OperationHistoryClient() override;

    /// Which operations the service counts in (mine, all, approvals); the next blocks
    /// asked use it.
    void setScope(OperationScope scope) { m_scope = scope; }
    OperationScope scope() const { return m_scope; }

    quint64 requestBlock(const OperationWindowQuery &query, int offset, int limit) override;
    void cancelAll() override;

private:
    OperationsClient *m_client = nullptr;
    OperationScope m_scope = OperationScope::All;
    QHash<quint64, QPointer<ApiCall>> m_calls;
    quint64 m_lastTicket = 0;
};

} // namespace optrack
