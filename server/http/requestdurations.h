#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <array>

namespace optrack {

/// How long the service took to answer, per route: the Prometheus histogram
/// optrack_http_request_duration_seconds{route=...}. Time runs from the request read whole
/// (its head, and its body when it has one) to the start of the answer, so it measures the
/// service, not the client's network; a streamed file counts until its first byte. Routes are
/// the HTTP server's labels, by index, so that timing an answer hashes nothing.
class RequestDurations
{
public:
    /// Prometheus' default HTTP buckets: most answers take a millisecond or two, a commit
    /// under load tens, an upload's parse seconds.
    static constexpr std::array<double, 11> bucketBounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                         0.5,   1,    2.5,   5,    10};

    void observe(int route, double seconds);
    /// The HELP, TYPE and sample lines of the routes answered so far, in name order;
    /// `routeNames` names each route index.
    QByteArray prometheusText(const QStringList &routeNames) const;

private:
    struct Histogram
    {
        /// Not cumulative: the answers in (previous bound, bound]; the last slot is +Inf.
        std::array<qint64, bucketBounds.size() + 1> counts{};
        double sum = 0;
        qint64 count = 0;
    };

    QList<Histogram> m_routes;
};

} // namespace optrack
