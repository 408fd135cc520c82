#pragma once

#include "httplimits.h"

#include <QHash>
#include <QHostAddress>

namespace optrack {

/// Slows down token guessing: the first few 401s an address gets within a window go out at
/// once, later ones are held back, the delay doubling up to a ceiling, and one address's
/// held 401s are spaced one delay apart however many connections it opens. Only 401s are
/// delayed, and only for that address (IPv6 by /64): every other answer, and every other
/// client, is untouched.
class AuthThrottle
{
public:
    /// Addresses tracked at once; past it the stale ones are forgotten first.
    static constexpr qsizetype maxAddresses = 10'000;

    explicit AuthThrottle(const HttpLimits &limits);

    /// A 401 is about to go to address at time now (ms, monotonic): how long to hold it.
    qint64 delayFor(const QHostAddress &address, qint64 now);
    qsizetype trackedAddresses() const { return m_entries.size(); }

private:
    struct Entry
    {
        qint64 lastFailure = 0;
        qint64 nextAnswerAt = 0;
        int failures = 0;
    };

    static quint64 keyOf(const QHostAddress &address);
    void makeRoom(qint64 now);

    const HttpLimits &m_limits;
    QHash<quint64, Entry> m_entries;
};

} // namespace optrack
