#include "metrics.h"

#include "accessrules.h"
#include "apiserver.h"
#include "operationstore.h"
#include "processmetrics.h"
#include "requestquery.h"
#include "streamhub.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QUrlQuery>

#include <algorithm>
#include <array>
#include <map>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr int maxWindowHours = 24 * 366;
constexpr int recentFailureCount = 10;
constexpr std::array<double, 11> durationBuckets{0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 86400};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p of the values at or below it.
    const auto rank = std::size_t(std::ceil(p * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

QJsonValue secondsOrNull(const std::vector<double> &values, double p)
{
    return values.empty() ? QJsonValue(QJsonValue::Null)
                          : QJsonValue(std::round(percentile(values, p) * 1000) / 1000);
}

double durationSeconds(const Operation &op)
{
    return double(op.completedAt->toMSecsSinceEpoch() - op.createdAt.toMSecsSinceEpoch()) / 1000.0;
}

/// Seconds from the move to waiting_for_approval to the decision (or timeout).
std::optional<double> approvalWait(const QList<OperationEvent> &events)
{
    std::optional<QDateTime> waitingSince;
    for (const OperationEvent &event : events) {
        if (event.kind == EventKind::Status && event.status == OperationStatus::WaitingForApproval)
            waitingSince = event.at;
        if (waitingSince && (event.kind == EventKind::Decision || event.kind == EventKind::Timeout))
            return double(waitingSince->msecsTo(event.at)) / 1000.0;
    }
    return std::nullopt;
}

QByteArray label(const QString &value)
{
    QByteArray escaped = value.toUtf8();
    escaped.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return '"' + escaped + '"';
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

} // namespace

Metrics::Metrics(OperationRegistry *registry, HttpServer *api, ApiServer *routes,
                 const OperationStore *store, const StreamHub *stream, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_api(api)
    , m_store(store)
    , m_stream(stream)
{
    api->route(HttpServer::Method::Get, u"/api/metrics/summary"_s,
               [this, routes](const HttpRequest &request, HttpReply reply, const QStringList &) {
                   const UserAccount *user = routes->requireUser(request, reply);
                   if (!user)
                       return;
                   if (!access::seesEveryOperation(user->roles)) {
                       ApiServer::sendError(
                               reply,
                               ApiError::forbidden(
                                       u"The metrics summary needs the staff or admin role."_s));
                       return;
                   }
                   int window = defaultWindowHours;
                   const QUrlQuery query = request.query();
                   if (query.hasQueryItem(u"windowHours"_s)) {
                       const std::optional<qint64> hours = requestquery::wholeNumber(
                               requestquery::value(query, u"windowHours"_s), 1, maxWindowHours);
                       if (!hours) {
                           ApiServer::sendFieldError(
                                   reply,
                                   {u"windowHours"_s,
                                    u"windowHours must be a whole number from 1 to %1."_s.arg(
                                            maxWindowHours)});
                           return;
                       }
                       window = int(*hours);
                   }
                   reply.sendJson(
                           200,
                           summary(m_registry->reads(), window, QDateTime::currentDateTimeUtc()),
                           {{"Cache-Control", "no-cache"}});
               });
}

QJsonObject Metrics::summary(const ReadModel &reads, int windowHours, const QDateTime &now)
{
    const QDateTime since = now.addSecs(-qint64(windowHours) * 3600);
    struct TypeFigures
    {
        std::map<OperationStatus, int> counts;
        std::vector<double> durations;
        std::vector<double> approvalWaits;
    };
    std::map<QString, TypeFigures> byType;
    std::vector<const Operation *> failures;
    for (const PublishedOperation &published : reads.operations()) {
        const Operation &op = published.operation;
        if (op.createdAt < since)
            continue;
        TypeFigures &figures = byType[op.operationType];
        ++figures.counts[op.status];
        if (op.status == OperationStatus::Completed && op.completedAt)
            figures.durations.push_back(durationSeconds(op));
        if (op.approval) {
            if (const auto wait = approvalWait(reads.allEvents().value(op.operationId)))
                figures.approvalWaits.push_back(*wait);
        }
        if (op.status == OperationStatus::Failed)
            failures.push_back(&op);
    }
    QJsonArray types;
    for (const auto &[type, figures] : byType) {
        QJsonObject counts;
        int total = 0;
        int finished = 0;
        for (OperationStatus status : allStatuses()) {
            const int count = figures.counts.count(status) ? figures.counts.at(status) : 0;
            counts.insert(statusToWire(status), count);
            total += count;
            if (isTerminal(status))
                finished += count;
        }
        const int completed = figures.counts.count(OperationStatus::Completed)
                ? figures.counts.at(OperationStatus::Completed)
                : 0;
        QJsonObject entry{{u"operationType"_s, type},
                          {u"total"_s, total},
                          {u"counts"_s, counts},
                          {u"finished"_s, finished}};
        entry.insert(u"successRate"_s,
                     finished > 0 ? QJsonValue(double(completed) / double(finished))
                                  : QJsonValue(QJsonValue::Null));
        entry.insert(u"durationSeconds"_s,
                     QJsonObject{{u"p50"_s, secondsOrNull(figures.durations, 0.5)},
                                 {u"p95"_s, secondsOrNull(figures.durations, 0.95)},
                                 {u"count"_s, int(figures.durations.size())}});
        entry.insert(u"approvalWaitSeconds"_s,
                     QJsonObject{{u"p50"_s, secondsOrNull(figures.approvalWaits, 0.5)},
                                 {u"count"_s, int(figures.approvalWaits.size())}});
        types.append(entry);
    }
    std::sort(failures.begin(), failures.end(),
              [](const Operation *a, const Operation *b) { return a->updatedAt > b->updatedAt; });
    QJsonArray recent;
    for (std::size_t i = 0; i < failures.size() && i < std::size_t(recentFailureCount); ++i) {
        const Operation &op = *failures[i];
        recent.append(QJsonObject{{u"operationId"_s, op.operationId},
                                  {u"operationType"_s, op.operationType},
                                  {u"displayName"_s, op.displayName},
                                  {u"errorMessage"_s, op.errorMessage.value_or(QString())},
                                  {u"failedAt"_s, toWireTime(op.updatedAt)}});
    }
    return QJsonObject{{u"windowHours"_s, windowHours},
                       {u"since"_s, toWireTime(since)},
                       {u"generatedAt"_s, toWireTime(now)},
                       {u"types"_s, types},
                       {u"recentFailures"_s, recent}};
}

QByteArray Metrics::prometheusText() const
{
    QByteArray out;
    std::map<std::pair<QString, OperationStatus>, int> counts;
    std::map<QString, std::vector<double>> durations;
    for (const PublishedOperation &published : m_registry->reads().operations()) {
        const Operation &op = published.operation;
        ++counts[{op.operationType, op.status}];
        if (op.status == OperationStatus::Completed && op.completedAt)
            durations[op.operationType].push_back(durationSeconds(op));
    }
    out += "# HELP optrack_operations Operations the service holds, by type and status.\n"
           "# TYPE optrack_operations gauge\n";
    for (const auto &[key, count] : counts) {
        out += "optrack_operations{type=" + label(key.first) + ",status="
                + label(statusToWire(key.second)) + "} " + QByteArray::number(count) + '\n';
    }
    out += "# HELP optrack_operation_duration_seconds Time from creation to completion of "
           "completed operations.\n"
           "# TYPE optrack_operation_duration_seconds histogram\n";
    for (const auto &[type, values] : durations) {
        double sum = 0;
        for (double bound : durationBuckets) {
            const auto below = std::count_if(values.begin(), values.end(),
                                             [bound](double v) { return v <= bound; });
            out += "optrack_operation_duration_seconds_bucket{type=" + label(type) + ",le=\""
                    + number(bound) + "\"} " + QByteArray::number(qint64(below)) + '\n';
        }
        for (double v : values)
            sum += v;
        out += "optrack_operation_duration_seconds_bucket{type=" + label(type) + ",le=\"+Inf\"} "
                + QByteArray::number(qint64(values.size())) + '\n';
        out += "optrack_operation_duration_seconds_sum{type=" + label(type) + "} " + number(sum)
                + '\n';
        out += "optrack_operation_duration_seconds_count{type=" + label(type) + "} "
                + QByteArray::number(qint64(values.size())) + '\n';
    }
    out += "# HELP optrack_http_requests_total HTTP requests answered, by route and status code.\n"
           "# TYPE optrack_http_requests_total counter\n";
    std::map<std::pair<QString, int>, qint64> requests;
    const auto answered = m_api->requestCounts();
    for (auto it = answered.cbegin(); it != answered.cend(); ++it)
        requests[{it.key().first, it.key().second}] = it.value();
    for (const auto &[key, count] : requests) {
        out += "optrack_http_requests_total{route=" + label(key.first) + ",code=\""
                + QByteArray::number(key.second) + "\"} " + QByteArray::number(count) + '\n';
    }
    out += m_api->requestDurationsText();
    out += "# HELP optrack_stream_clients WebSocket stream clients connected.\n"
           "# TYPE optrack_stream_clients gauge\n"
           "optrack_stream_clients "
            + QByteArray::number(qint64(m_stream->clientCount())) + '\n';
    out += "# HELP optrack_stream_dropped_total Stream clients dropped for not reading their "
           "pushes.\n"
           "# TYPE optrack_stream_dropped_total counter\n"
           "optrack_stream_dropped_total "
            + QByteArray::number(m_stream->droppedCount()) + '\n';
    out += "# HELP optrack_http_connections HTTP connections open (streams not counted).\n"
           "# TYPE optrack_http_connections gauge\n"
           "optrack_http_connections "
            + QByteArray::number(qint64(m_api->connectionCount())) + '\n';
    const StoreStats stats = m_store->stats();
    out += "# HELP optrack_store_commit_seconds Time of the store's durable transactions (group "
           "commits).\n"
           "# TYPE optrack_store_commit_seconds summary\n"
           "optrack_store_commit_seconds_sum "
            + number(stats.totalCommitMsecs / 1000.0) + '\n' + "optrack_store_commit_seconds_count "
            + QByteArray::number(stats.transactions) + '\n';
    out += "# HELP optrack_store_batches_total Changes written by the store (several per "
           "transaction under load).\n"
           "# TYPE optrack_store_batches_total counter\n"
           "optrack_store_batches_total "
            + QByteArray::number(stats.batches) + '\n';
    out += "# HELP optrack_store_failed_transactions_total Store transactions that could not be "
           "committed (a full disk, an I/O error); their changes were refused.\n"
           "# TYPE optrack_store_failed_transactions_total counter\n"
           "optrack_store_failed_transactions_total "
            + QByteArray::number(stats.failedTransactions) + '\n';
    out += "# HELP optrack_version_info The running build.\n# TYPE optrack_version_info gauge\n"
           "optrack_version_info{version=\"" OPTRACK_VERSION "\"} 1\n";
    out += ProcessMetrics::prometheusText();
    return out;
}

bool Metrics::listen(const QString &hostPort, QString *error)
{
    const qsizetype colon = hostPort.lastIndexOf(u':');
    QString host = hostPort.left(colon);
    if (host == u"localhost"_s)
        host = u"127.0.0.1"_s;
    const QHostAddress address(host);
    const quint16 port = quint16(hostPort.mid(colon + 1).toUInt());
    m_metricsServer = new HttpServer(m_api->limits(), this);
    m_metricsServer->route(HttpServer::Method::Get, u"/metrics"_s,
                           [this](const HttpRequest &, HttpReply reply, const QStringList &) {
                               reply.send(200, prometheusText(),
                                          "text/plain; version=0.0.4; charset=utf-8");
                           });
    m_metricsServer->setNotFoundHandler([](const HttpRequest &, HttpReply reply,
                                           const QStringList &) {
        reply.sendJson(
                404,
                ApiError::notFound(u"Only GET /metrics is served on this address."_s).toJson());
    });
    // GET /metrics has no body; any other request is refused before its body is read.
    m_metricsServer->setMaxBodyBytes(0);
    m_metricsServer->setTooLargeHandler([](const HttpRequest &, HttpReply reply,
                                           const QStringList &) {
        reply.sendJson(
                413,
                ApiError::payloadTooLarge(u"This address takes no request bodies."_s).toJson());
    });
    if (address.isNull() || !m_metricsServer->listen(address, port)) {
        *error = u"metricsListen %1: %2"_s.arg(hostPort,
                                               address.isNull() ? u"not an IP address"_s
                                                                : m_metricsServer->errorString());
        return false;
    }
    return true;
}

quint16 Metrics::metricsPort() const
{
    return m_metricsServer ? m_metricsServer->serverPort() : 0;
}

} // namespace optrack
