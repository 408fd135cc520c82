#pragma once

#include "apiresults.h"

#include <QObject>
#include <QPointer>

namespace optrack {

class ApiConnection;

/// Who the token belongs to, the service's health and its metrics summary.
class AccountClient final : public QObject
{
    Q_OBJECT

public:
    explicit AccountClient(ApiConnection *connection, QObject *parent = nullptr);

    ApiCall *me(const QObject *receiver = nullptr, ResultHandler<UserInfo> handler = {});
    /// GET /healthz (no token needed); the handler gets the service's version.
    ApiCall *health(const QObject *receiver = nullptr, ResultHandler<QString> handler = {});
    /// GET /api/metrics/summary (staff and admin).
    ApiCall *metricsSummary(const QObject *receiver = nullptr,
                            ResultHandler<MetricsSummary> handler = {});

private:
    QPointer<ApiConnection> m_connection;
};

} // namespace optrack
