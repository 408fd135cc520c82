#include "operationsclient.h"

#include "apiconnection.h"

#include <QUrl>

namespace optrack {

using namespace Qt::StringLiterals;

OperationsClient::OperationsClient(ApiConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{ }

QString OperationsClient::operationPath(const QString &operationId)
{
    return u"/api/operations/"_s + QString::fromLatin1(QUrl::toPercentEncoding(operationId));
}

ApiCall *OperationsClient::create(const CreateOperationRequest &request, const QObject *receiver,
                                  ResultHandler<Operation> handler)
{
    ApiCall *call = m_connection->send("POST", u"/api/operations"_s, codec::toJson(request),
                                       ApiConnection::newIdempotencyKey());
    deliverResult(call, receiver, std::move(handler), &decode::operation);
    return call;
}

ApiCall *OperationsClient::create(const CreateOperationRequest &request,
                                  const CreateOptions &options, const QObject *receiver,
                                  ResultHandler<Operation> handler)
{
    const QJsonObject body = codec::toJson(request);
    const QString key = options.idempotencyKey.isEmpty() ? ApiConnection::newIdempotencyKey()
                                                         : options.idempotencyKey;
    ApiCall *call = m_connection->send("POST", u"/api/operations"_s, body, key);
    deliverResult(call, receiver, std::move(handler), &decode::operation);
    return call;
}

ApiCall *OperationsClient::patch(const QString &operationId, const PatchOperationRequest &request,
                                 const QObject *receiver, ResultHandler<Operation> handler)
{
    ApiCall *call = m_connection->send("PATCH", operationPath(operationId), codec::toJson(request));
    deliverResult(call, receiver, std::move(handler), &decode::operation);
    return call;
}

ApiCall *OperationsClient::fetch(const QString &operationId, const QByteArray &etag,
                                 const QObject *receiver, ResultHandler<Operation> handler)
{
    ApiConnection::Headers headers;
    if (!etag.isEmpty())
        headers.append({QByteArrayLiteral("If-None-Match"), etag});
    ApiCall *call = m_connection->get(operationPath(operationId), {}, headers);
    deliverResult(call, receiver, std::move(handler), &decode::operation);
    return call;
}

ApiCall *OperationsClient::list(const OperationQuery &query, const QByteArray &etag,
                                const QObject *receiver, ResultHandler<OperationPage> handler)
{
    ApiConnection::Headers headers;
    if (!etag.isEmpty())
        headers.append({QByteArrayLiteral("If-None-Match"), etag});
    ApiCall *call = m_connection->get(u"/api/operations"_s, query.toUrlQuery(), headers);
    deliverResult(call, receiver, std::move(handler), &decode::operationPage);
    return call;
}

ApiCall *OperationsClient::listWindow(OperationScope scope, const OperationWindowQuery &query,
                                      int offset, int limit, const QObject *receiver,
                                      ResultHandler<OperationPage> handler)
{
    OperationQuery list;
    list.scope = scope;
    list.statuses = query.statuses;
    list.operationTypes = query.operationTypes;
    list.limit = limit;
    QUrlQuery url = list.toUrlQuery();
    url.addQueryItem(u"sort"_s, sortKeyToWire(query.sortKey));
    url.addQueryItem(u"order"_s, query.descending ? u"desc"_s : u"asc"_s);
    if (!query.text.isEmpty())
        url.addQueryItem(u"q"_s, query.text);
    url.addQueryItem(u"offset"_s, QString::number(offset));
    ApiCall *call = m_connection->get(u"/api/operations"_s, url);
    deliverResult(call, receiver, std::move(handler), &decode::operationPage);
    return call;
}

ApiCall *OperationsClient::counts(OperationScope scope, const QByteArray &etag,
                                  const QObject *receiver, ResultHandler<ServiceCounts> handler)
{
    ApiConnection::Headers headers;
    if (!etag.isEmpty())
        headers.append({QByteArrayLiteral("If-None-Match"), etag});
    QUrlQuery query;
    query.addQueryItem(u"scope"_s, scopeToWire(scope));
    ApiCall *call = m_connection->get(u"/api/operations/counts"_s, query, headers);
    deliverResult(call, receiver, std::move(handler), &decode::counts);
    return call;
}

ApiCall *OperationsClient::cancel(const QString &operationId, const QString &reason,
                                  const QObject *receiver, ResultHandler<Operation> handler)
{
    QJsonObject body;
    if (!reason.isEmpty())
        body.insert(u"reason"_s, reason);
    ApiCall *call = m_connection->send("POST", operationPath(operationId) + u"/cancel"_s, body);
    deliverResult(call, receiver, std::move(handler), &decode::wrappedOperation);
    return call;
}

ApiCall *OperationsClient::retry(const QString &operationId, const QObject *receiver,
                                 ResultHandler<AcceptedOperation> handler)
{
    ApiCall *call = m_connection->send("POST", operationPath(operationId) + u"/retry"_s, {});
    deliverResult(call, receiver, std::move(handler), &decode::accepted);
    return call;
}

ApiCall *OperationsClient::events(const QString &operationId, const QObject *receiver,
                                  ResultHandler<QList<OperationEvent>> handler)
{
    ApiCall *call = m_connection->get(operationPath(operationId) + u"/events"_s);
    deliverResult(call, receiver, std::move(handler), &decode::events);
    return call;
}

} // namespace optrack
