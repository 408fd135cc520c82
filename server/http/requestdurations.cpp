#include "requestdurations.h"

#include <algorithm>
#include <map>

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

void RequestDurations::observe(int route, double seconds)
{
    if (route < 0)
        return;
    if (route >= m_routes.size())
        m_routes.resize(route + 1);
    Histogram &histogram = m_routes[route];
    const auto bound = std::lower_bound(bucketBounds.begin(), bucketBounds.end(), seconds);
    ++histogram.counts[std::size_t(bound - bucketBounds.begin())];
    histogram.sum += seconds;
    ++histogram.count;
}

QByteArray RequestDurations::prometheusText(const QStringList &routeNames) const
{
    QByteArray out = "# HELP optrack_http_request_duration_seconds Time from a request read "
                     "whole to the start of its answer, by route.\n"
                     "# TYPE optrack_http_request_duration_seconds histogram\n";
    std::map<QString, const Histogram *> answered;
    for (qsizetype route = 0; route < m_routes.size() && route < routeNames.size(); ++route) {
        if (m_routes.at(route).count > 0)
            answered.emplace(routeNames.at(route), &m_routes.at(route));
    }
    for (const auto &[route, histogram] : answered) {
        const QByteArray label = routeLabel(route);
        qint64 cumulative = 0;
        for (std::size_t i = 0; i < bucketBounds.size(); ++i) {
            cumulative += histogram->counts[i];
            out += "optrack_http_request_duration_seconds_bucket{" + label + ",le=\""
                    + number(bucketBounds[i]) + "\"} " + QByteArray::number(cumulative) + '\n';
        }
        out += "optrack_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} "
                + QByteArray::number(histogram->count) + '\n';
        out += "optrack_http_request_duration_seconds_sum{" + label + "} " + number(histogram->sum)
                + '\n';
        out += "optrack_http_request_duration_seconds_count{" + label + "} "
                + QByteArray::number(histogram->count) + '\n';
    }
    return out;
}

} // namespace optrack
