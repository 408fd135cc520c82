#include "auththrottle.h"

#include <algorithm>

namespace optrack {

namespace {

// IPv4 keys live where no IPv6 unicast /64 does (ff00::/8 is multicast).
constexpr quint64 ipv4Tag = 0xffff'ffff'0000'0000ULL;
constexpr int maxDoublings = 20;

} // namespace

AuthThrottle::AuthThrottle(const HttpLimits &limits)
    : m_limits(limits)
{ }

quint64 AuthThrottle::keyOf(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return ipv4Tag | v4;
    const Q_IPV6ADDR v6 = address.toIPv6Address();
    quint64 prefix = 0;
    for (int i = 0; i < 8; ++i)
        prefix = (prefix << 8) | v6[i];
    return prefix;
}

void AuthThrottle::makeRoom(qint64 now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (now - it->lastFailure > m_limits.authWindowMs && it->nextAnswerAt <= now)
            it = m_entries.erase(it);
        else
            ++it;
    }
    // Still full (many addresses failing at once): start over rather than grow.
    if (m_entries.size() >= maxAddresses)
        m_entries.clear();
}

qint64 AuthThrottle::delayFor(const QHostAddress &address, qint64 now)
{
    const quint64 key = keyOf(address);
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        if (m_entries.size() >= maxAddresses)
            makeRoom(now);
        it = m_entries.insert(key, Entry{});
    }
    Entry &entry = *it;
    if (now - entry.lastFailure > m_limits.authWindowMs)
        entry.failures = 0;
    entry.lastFailure = now;
    ++entry.failures;
    if (entry.failures <= m_limits.authFailuresBeforeDelay)
        return 0;
    const int doublings
            = std::min(entry.failures - m_limits.authFailuresBeforeDelay - 1, maxDoublings);
    const qint64 delay
            = std::min<qint64>(qint64(m_limits.authDelayMs) << doublings, m_limits.authMaxDelayMs);
    const qint64 answerAt = std::max(now, entry.nextAnswerAt) + delay;
    entry.nextAnswerAt = answerAt;
    return answerAt - now;
}

} // namespace optrack
