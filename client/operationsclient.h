#pragma once

#include "apiresults.h"
#include "operationcodec.h"
#include "operationquery.h"
#include "operationwindowquery.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace optrack {

class ApiConnection;

/// What a producer adds to POST /api/operations beyond the operation itself (whose
/// heartbeatSeconds is the request's own field).
struct CreateOptions
{
    /// Sent as Idempotency-Key; a fresh key when empty.
    QString idempotencyKey;
};

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
    /// POST /api/operations as a producer, with its own Idempotency-Key.
    ApiCall *create(const CreateOperationRequest &request, const CreateOptions &options,
                    const QObject *receiver = nullptr, ResultHandler<Operation> handler = {});
    /// PATCH /api/operations/{id} (service or owner): only the fields present change; an
    /// empty request is a heartbeat.
    ApiCall *patch(const QString &operationId, const PatchOperationRequest &request,
                   const QObject *receiver = nullptr, ResultHandler<Operation> handler = {});
    /// GET /api/operations/{id}; with `etag`, a 304 (status().notModified()) when unchanged.
    ApiCall *fetch(const QString &operationId, const QByteArray &etag = {},
                   const QObject *receiver = nullptr, ResultHandler<Operation> handler = {});
    ApiCall *list(const OperationQuery &query, const QByteArray &etag = {},
                  const QObject *receiver = nullptr, ResultHandler<OperationPage> handler = {});
    /// GET /api/operations?sort=&order=&q=&offset=: rows [offset, offset + limit) of a
    /// windowed query, with its total and version.
    ApiCall *listWindow(OperationScope scope, const OperationWindowQuery &query, int offset,
                        int limit, const QObject *receiver = nullptr,
                        ResultHandler<OperationPage> handler = {});
    /// GET /api/operations/counts?scope=.
    ApiCall *counts(OperationScope scope, const QByteArray &etag = {},
                    const QObject *receiver = nullptr, ResultHandler<ServiceCounts> handler = {});
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
