#pragma once

#include <QDateTime>
#include <QString>

namespace optrack {

/// How old what is on screen is, in one wording for every place that says it: the table's
/// figures, the banner over it, the connection indicator and the progress windows.
class Freshness
{
public:
    /// "12:04:31", with the date before it when it is not today; empty when invalid.
    static QString timeOf(const QDateTime &at);
    /// "as of 12:04:31" (with the date when it is not today); empty for an invalid time.
    static QString asOf(const QDateTime &at);
    /// "updated just now", "updated 40 s ago", "updated 3 min ago", "updated 2 h ago".
    static QString updatedAgo(const QDateTime &at, const QDateTime &now);
    /// Whole seconds from `at` to `now` (never negative).
    static qint64 ageSeconds(const QDateTime &at, const QDateTime &now);
};

} // namespace optrack
