#pragma once

#include <QRandomGenerator>

#include <chrono>

namespace optrack {

/// How long to wait after each failure in a row: doubling from `initial`, never
/// above `cap`, with jitter so that many clients do not come back at once. Each
/// delay is 75–100 % of the doubled value, so delays still grow until the cap.
class RetryBackoff
{
public:
    static constexpr std::chrono::milliseconds defaultInitial{1'000};
    static constexpr std::chrono::milliseconds defaultCap{30'000};

    explicit RetryBackoff(std::chrono::milliseconds initial = defaultInitial,
                          std::chrono::milliseconds cap = defaultCap);

    /// Counts one more failure and returns the wait before the next try.
    std::chrono::milliseconds nextDelay();
    /// After a success.
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }
    std::chrono::milliseconds cap() const { return m_cap; }

private:
    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_cap;
    int m_failures = 0;
    QRandomGenerator m_random{QRandomGenerator::securelySeeded()};
};

} // namespace optrack
