#include "requestdurations.h"

#include <algorithm>

namespace optrack {

namespace {

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

QByteArray routeLabel(const QString &route)
{
    QByteArray escaped = route.toUtf8();
    escaped.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return "route=\"" + escaped + '"';
}

} // namespace

void RequestDurations::observe(const QString &route, double seconds)
{
    Histogram &histogram = m_routes[route];
    const auto bound = std::lower_bound(bucketBounds.begin(), bucketBounds.end(), seconds);
    ++histogram.counts[std::size_t(bound - bucketBounds.begin())];
    histogram.sum += seconds;
    ++histogram.count;
}

QByteArray RequestDurations::prometheusText() const
{
    QByteArray out = "# HELP optrack_http_request_duration_seconds Time from a request reaching "
                     "its route to the start of its answer, by route.\n"
                     "# TYPE optrack_http_request_duration_seconds histogram\n";
    QStringList routes = m_routes.keys();
    routes.sort();
    for (const QString &route : std::as_const(routes)) {
        const Histogram &histogram = m_routes[route];
        const QByteArray label = routeLabel(route);
        qint64 cumulative = 0;
        for (std::size_t i = 0; i < bucketBounds.size(); ++i) {
            cumulative += histogram.counts[i];
            out += "optrack_http_request_duration_seconds_bucket{" + label + ",le=\""
                    + number(bucketBounds[i]) + "\"} " + QByteArray::number(cumulative) + '\n';
        }
        out += "optrack_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} "
                + QByteArray::number(histogram.count) + '\n';
        out += "optrack_http_request_duration_seconds_sum{" + label + "} " + number(histogram.sum)
                + '\n';
        out += "optrack_http_request_duration_seconds_count{" + label + "} "
                + QByteArray::number(histogram.count) + '\n';
    }
    return out;
}

} // namespace optrack
