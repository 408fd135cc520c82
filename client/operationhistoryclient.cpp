#include "operationhistoryclient.h"

#include "apicall.h"
#include "operationsclient.h"

#include <memory>

namespace optrack {

OperationHistoryClient::OperationHistoryClient(ApiConnection *connection, QObject *parent)
    : OperationBlockSource(parent)
    , m_client(new OperationsClient(connection, this))
{ }

OperationHistoryClient::~OperationHistoryClient()
{
    cancelAll();
}

quint64 OperationHistoryClient::requestBlock(const OperationWindowQuery &query, int offset,
                                             int limit)
{
    const quint64 ticket = ++m_lastTicket;
    ApiCall *call = m_client->listWindow(
            m_scope, query, offset, limit, this,
            [this, ticket, offset](const ApiStatus &status, const OperationPage &page) {
                if (!m_calls.remove(ticket))
                    return;
                if (!status.ok()) {
                    emit blockFailed(ticket, status.message);
                    return;
                }
                if (!page.total) {
                    emit blockFailed(ticket, tr("The service does not page by offset."));
                    return;
                }
                OperationBlock block;
                block.offset = offset;
                block.total = int(*page.total);
                block.version = page.version.value_or(page.cursor);
                block.operations.reserve(page.operations.size());
                for (const Operation &operation : page.operations)
                    block.operations.append(std::make_shared<const Operation>(operation));
                emit blockReady(ticket, block);
            });
    m_calls.insert(ticket, call);
    return ticket;
}

void OperationHistoryClient::cancelAll()
{
    const QHash<quint64, QPointer<ApiCall>> calls = std::exchange(m_calls, {});
    for (const QPointer<ApiCall> &call : calls)
        if (call)
            call->abort();
}

} // namespace optrack
