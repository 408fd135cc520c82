#include "accountclient.h"

#include "apiconnection.h"

namespace optrack {

using namespace Qt::StringLiterals;

AccountClient::AccountClient(ApiConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{ }

ApiCall *AccountClient::me(const QObject *receiver, ResultHandler<UserInfo> handler)
{
    ApiCall *call = m_connection->get(u"/api/me"_s);
    deliverResult(call, receiver, std::move(handler), &decode::user);
    return call;
}

ApiCall *AccountClient::health(const QObject *receiver, ResultHandler<QString> handler)
{
    ApiCall *call = m_connection->get(u"/healthz"_s);
    deliverResult(call, receiver, std::move(handler),
                  [](const QJsonObject &json, QString *version, FieldError *error) {
                      if (json.value(u"status"_s).toString() != u"ok"_s) {
                          error->field = u"status"_s;
                          error->message = tr("The service does not report itself healthy.");
                          return false;
                      }
                      *version = json.value(u"version"_s).toString();
                      return true;
                  });
    return call;
}

ApiCall *AccountClient::metricsSummary(const QObject *receiver,
                                       ResultHandler<MetricsSummary> handler)
{
    ApiCall *call = m_connection->get(u"/api/metrics/summary"_s);
    deliverResult(call, receiver, std::move(handler), &decode::metrics);
    return call;
}

} // namespace optrack
