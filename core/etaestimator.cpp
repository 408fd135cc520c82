#include "etaestimator.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace optrack {

void EtaEstimator::addSample(qint64 atMsecs, double progress)
{
    // Progress that goes back (a step restarted) invalidates the old rate.
    if (!m_samples.empty() && progress < m_samples.back().progress)
        m_samples.clear();
    if (!m_samples.empty() && m_samples.back().atMsecs == atMsecs) {
        m_samples.back().progress = progress;
        return;
    }
    m_samples.push_back({atMsecs, progress});
    while (m_samples.size() > maxSamples)
        m_samples.pop_front();
    // Keep a window of recent samples, but always at least two to measure a rate.
    while (m_samples.size() > 2 && atMsecs - m_samples[1].atMsecs >= windowMsecs)
        m_samples.pop_front();
}

void EtaEstimator::reset()
{
    m_samples.clear();
}

std::optional<double> EtaEstimator::observedRate() const
{
    if (m_samples.size() < 2)
        return std::nullopt;
    const Sample &first = m_samples.front();
    const Sample &last = m_samples.back();
    const qint64 elapsed = last.atMsecs - first.atMsecs;
    if (elapsed <= 0)
        return std::nullopt;
    return (last.progress - first.progress) * 1000.0 / double(elapsed);
}

std::optional<qint64> EtaEstimator::estimateSeconds(std::optional<double> typicalSeconds) const
{
    const double progress = m_samples.empty() ? 0.0 : m_samples.back().progress;
    const double remaining = std::max(0.0, 100.0 - progress);

    std::optional<double> observed;
    if (const auto rate = observedRate(); rate && *rate > 0)
        observed = remaining / *rate;

    std::optional<double> historical;
    if (typicalSeconds && *typicalSeconds > 0)
        historical = *typicalSeconds * remaining / 100.0;

    double estimate = 0;
    if (observed && historical) {
        // Early on the history knows more; as progress accumulates the observed rate wins.
        const double weight = std::clamp(progress / 100.0, 0.25, 0.9);
        estimate = weight * *observed + (1.0 - weight) * *historical;
    } else if (observed) {
        estimate = *observed;
    } else if (historical) {
        estimate = *historical;
    } else {
        return std::nullopt;
    }
    return qint64(std::llround(estimate));
}

QString EtaEstimator::describeLeft(qint64 seconds)
{
    if (seconds <= 0)
        return QCoreApplication::translate("optrack::EtaEstimator", "almost done");
    return QCoreApplication::translate("optrack::EtaEstimator", "%1 left").arg(describe(seconds));
}

QString EtaEstimator::describeLeft(const std::optional<qint64> &etaSeconds,
                                   const std::optional<QString> &serviceWords)
{
    if (etaSeconds)
        return describeLeft(*etaSeconds);
    if (serviceWords && !serviceWords->isEmpty())
        return QCoreApplication::translate("optrack::EtaEstimator", "%1 left").arg(*serviceWords);
    return {};
}

QString EtaEstimator::describe(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 60)
        return seconds == 1
                ? QCoreApplication::translate("optrack::EtaEstimator", "1 second")
                : QCoreApplication::translate("optrack::EtaEstimator", "%1 seconds").arg(seconds);
    if (seconds < 3600) {
        const qint64 minutes = std::max<qint64>(1, (seconds + 30) / 60);
        if (minutes >= 60)
            return QCoreApplication::translate("optrack::EtaEstimator", "about 1 hour");
        return minutes == 1
                ? QCoreApplication::translate("optrack::EtaEstimator", "about 1 minute")
                : QCoreApplication::translate("optrack::EtaEstimator", "about %1 minutes")
                          .arg(minutes);
    }
    const qint64 totalMinutes = (seconds + 30) / 60;
    const qint64 hours = totalMinutes / 60;
    const qint64 minutes = totalMinutes % 60;
    const QString hourText = hours == 1
            ? QCoreApplication::translate("optrack::EtaEstimator", "1 hour")
            : QCoreApplication::translate("optrack::EtaEstimator", "%1 hours").arg(hours);
    if (minutes == 0)
        return QCoreApplication::translate("optrack::EtaEstimator", "about ") + hourText;
    const QString minuteText = minutes == 1
            ? QCoreApplication::translate("optrack::EtaEstimator", "1 minute")
            : QCoreApplication::translate("optrack::EtaEstimator", "%1 minutes").arg(minutes);
    return QCoreApplication::translate("optrack::EtaEstimator", "about %1 %2")
            .arg(hourText, minuteText);
}

} // namespace optrack
