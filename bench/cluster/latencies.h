#pragma once

#include <QString>

#include <vector>

/// A set of latencies in nanoseconds, summarised as count, p50, p99 and max in milliseconds.
class Latencies final
{
public:
    void add(qint64 nanoseconds) { m_values.push_back(nanoseconds); }
    int count() const { return int(m_values.size()); }
    /// The value below which `percent` % of them fall, in ms (0 when there are none).
    double percentileMs(int percent) const;
    /// "N, p50 x ms, p99 y ms, max z ms".
    QString summary() const;

private:
    std::vector<qint64> m_values;
};
