#include "freshness.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace optrack {

namespace {

constexpr qint64 justNowSeconds = 5;
constexpr qint64 secondsPerMinute = 60;
constexpr qint64 secondsPerHour = 3600;

QString tr(const char *text)
{
    return QCoreApplication::translate("optrack::Freshness", text);
}

} // namespace

qint64 Freshness::ageSeconds(const QDateTime &at, const QDateTime &now)
{
    return at.isValid() ? std::max<qint64>(0, at.secsTo(now)) : 0;
}

QString Freshness::timeOf(const QDateTime &at)
{
    if (!at.isValid())
        return {};
    const QDateTime local = at.toLocalTime();
    const QLocale locale;
    const QString time = locale.toString(local.time(), u"HH:mm:ss");
    if (local.date() == QDate::currentDate())
        return time;
    return locale.toString(local.date(), QLocale::ShortFormat) + u' ' + time;
}

QString Freshness::asOf(const QDateTime &at)
{
    return at.isValid() ? tr("as of %1").arg(timeOf(at)) : QString();
}

QString Freshness::updatedAgo(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return tr("not updated yet");
    const qint64 age = ageSeconds(at, now);
    if (age < justNowSeconds)
        return tr("updated just now");
    if (age < secondsPerMinute)
        return tr("updated %1 s ago").arg(age);
    if (age < secondsPerHour)
        return tr("updated %1 min ago").arg(age / secondsPerMinute);
    return tr("updated %1 h ago").arg(age / secondsPerHour);
}

} // namespace optrack
