#pragma once

#include <QString>

#include <deque>
#include <optional>

namespace optrack {

/// Estimates the time an operation still needs from its observed progress rate,
/// blended with how long completed operations of its type took.
class EtaEstimator
{
public:
    /// Records progress (0-100) seen at a time in milliseconds since the epoch.
    void addSample(qint64 atMsecs, double progress);
    void reset();
    bool isEmpty() const { return m_samples.empty(); }

    /// Seconds still needed; std::nullopt when there is nothing to go on.
    /// typicalSeconds is the typical total duration of the type, when known.
    std::optional<qint64> estimateSeconds(std::optional<double> typicalSeconds
                                          = std::nullopt) const;

    /// "45 seconds", "about 2 minutes", "about 1 hour 10 minutes".
    static QString describe(qint64 seconds);
    /// The one wording of the time left of running work, wherever the app shows it:
    /// "about 2 minutes left", "45 seconds left", and "almost done" once the estimate has
    /// run out while the work goes on (never "0 seconds").
    static QString describeLeft(qint64 seconds);
    /// The same from an operation's fields: its etaSeconds, else the service's own words
    /// ("<words> left"); empty when neither says anything.
    static QString describeLeft(const std::optional<qint64> &etaSeconds,
                                const std::optional<QString> &serviceWords);

    /// The observed rate in percent per second over the recent window, if any.
    std::optional<double> observedRate() const;

private:
    struct Sample
    {
        qint64 atMsecs;
        double progress;
    };

    static constexpr std::size_t maxSamples = 32;
    static constexpr qint64 windowMsecs = 120'000;

    std::deque<Sample> m_samples;
};

} // namespace optrack
