#include "latencies.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr double nanosecondsPerMs = 1e6;

} // namespace

double Latencies::percentileMs(int percent) const
{
    if (m_values.empty())
        return 0;
    std::vector<qint64> sorted = m_values;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t rank
            = std::min(sorted.size() - 1, sorted.size() * std::size_t(percent) / 100);
    return double(sorted.at(rank)) / nanosecondsPerMs;
}

QString Latencies::summary() const
{
    return u"%1, p50 %2 ms, p99 %3 ms, max %4 ms"_s.arg(count())
            .arg(percentileMs(50), 0, 'f', 1)
            .arg(percentileMs(99), 0, 'f', 1)
            .arg(percentileMs(100), 0, 'f', 1);
}
