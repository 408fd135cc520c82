#pragma once

#include "httpserver.h"
#include "operationregistry.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace optrack {

class ApiServer;
class OperationStore;
class StreamHub;

/// GET /api/metrics/summary (staff, admin): per operation type over a window, counts by
/// status, success rate, duration p50/p95 and approval wait p50, plus recent failures.
/// And, when the configuration names metricsListen, GET /metrics in the Prometheus text
/// format on that address of its own (never on the API port).
class Metrics final : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultWindowHours = 24;

    Metrics(OperationRegistry *registry, HttpServer *api, ApiServer *routes,
            const OperationStore *store, const StreamHub *stream, QObject *parent = nullptr);

    static QJsonObject summary(const ReadModel &reads, int windowHours, const QDateTime &now);
    QByteArray prometheusText() const;

    /// Starts the /metrics listener; false with *error when the address cannot be used.
    bool listen(const QString &hostPort, QString *error);
    quint16 metricsPort() const;

private:
    OperationRegistry *m_registry;
    HttpServer *m_api;
    const OperationStore *m_store;
    const StreamHub *m_stream;
    HttpServer *m_metricsServer = nullptr;
};

} // namespace optrack
