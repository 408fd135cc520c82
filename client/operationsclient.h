#pragma once

#include "apiresults.h"
#include "operationcodec.h"
#include "operationquery.h"

#include <QObject>
#include <QPointer>

namespace optrack {

class ApiConnection;

/// Actions on operations: start one, read one, list, cancel, retry and read the
/// audit trail. Each returns the running ApiCall (abort it, or send it again) and
/// hands the typed result to `handler` unless `receiver` is gone by then.
class OperationsClient final : public QObject
{
    Q_OBJECT

public:
    explicit OperationsClient(ApiConnection *connection, QObject *parent = nullptr);

    /// POST /api/operations with a fresh Idempotency-Key.
    ApiCall *create(const CreateOperationRequest &request, const QObject *receiver = nullptr,
                    ResultHandler<Operation> handler = {});
    /// GET /api/operations/{id}; with `etag`, a 304 (status().notModified()) when unchanged.
    ApiCall *fetch(const QString &operationId, const QByteArray &etag = {},
                   const QObject *receiver = nullptr, ResultHandler<Operation> handler = {});
    ApiCall *list(const OperationQuery &query, const QByteArray &etag = {},
                  const QObject *receiver = nullptr, ResultHandler<OperationPage> handler = {});
    ApiCall *cancel(const QString &operationId, const QString &reason = {},
                    const QObject *receiver = nullptr, ResultHandler<Operation> handler = {});
    /// POST /api/operations/{id}/retry: a new operation with the same input.
    ApiCall *retry(const QString &operationId, const QObject *receiver = nullptr,
                   ResultHandler<AcceptedOperation> handler = {});
    /// The audit trail, oldest first.
    ApiCall *events(const QString &operationId, const QObject *receiver = nullptr,
                    ResultHandler<QList<OperationEvent>> handler = {});

    /// "/api/operations/<id>" with the id percent-encoded.
    static QString operationPath(const QString &operationId);

private:
    QPointer<ApiConnection> m_connection;
};

} // namespace optrack
