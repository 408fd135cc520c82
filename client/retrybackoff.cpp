#include "retrybackoff.h"

#include <algorithm>

namespace optrack {

namespace {

constexpr double minJitter = 0.75;
/// Beyond this many doublings every delay is at the cap anyway.
constexpr int maxDoublings = 30;

} // namespace

RetryBackoff::RetryBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap)
    : m_initial(std::max(initial, std::chrono::milliseconds(1)))
    , m_cap(std::max(cap, m_initial))
{ }

std::chrono::milliseconds RetryBackoff::nextDelay()
{
    const int doublings = std::min(m_failures, maxDoublings);
    ++m_failures;
    const double raw = std::min(double(m_cap.count()),
                                double(m_initial.count()) * double(qint64(1) << doublings));
    const double jitter = minJitter + (1.0 - minJitter) * m_random.generateDouble();
    return std::chrono::milliseconds(std::max<qint64>(1, qint64(raw * jitter)));
}

} // namespace optrack
