#include "requestquery.h"

#include <limits>

namespace optrack::requestquery {

using namespace Qt::StringLiterals;

namespace {

// More digits than this may not fit in a qint64; no parameter needs so many.
constexpr qsizetype maxDigits = 18;

} // namespace

QString value(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

std::optional<qint64> wholeNumber(const QString &text, qint64 min, qint64 max)
{
    if (text.isEmpty() || text.size() > maxDigits)
        return std::nullopt;
    qint64 number = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        number = number * 10 + (c.unicode() - u'0');
    }
    if (number < min || number > max)
        return std::nullopt;
    return number;
}

bool parseSince(const QUrlQuery &query, std::optional<qint64> *since, FieldError *error)
{
    if (!query.hasQueryItem(u"since"_s))
        return true;
    *since = wholeNumber(value(query, u"since"_s), 0, std::numeric_limits<qint64>::max());
    if (!*since) {
        *error = {u"since"_s, u"since must be a version: a whole number of 0 or more."_s};
        return false;
    }
    return true;
}

bool parseListQuery(const QUrlQuery &query, ListQuery *list, FieldError *error)
{
    ListQuery parsed;
    const QString scope = value(query, u"scope"_s);
    if (scope.isEmpty() || scope == u"mine"_s) {
        parsed.scope = ListQuery::Scope::Mine;
    } else if (scope == u"all"_s) {
        parsed.scope = ListQuery::Scope::All;
    } else if (scope == u"approvals"_s) {
        parsed.scope = ListQuery::Scope::Approvals;
    } else {
        *error = {u"scope"_s, u"scope must be mine, all or approvals."_s};
        return false;
    }
    for (const QString &name : value(query, u"status"_s).split(u',', Qt::SkipEmptyParts)) {
        const auto status = statusFromWire(name.trimmed());
        if (!status) {
            *error = {
                    u"status"_s,
                    u"status \"%1\" is not a known status; use pending, in_progress, "
                    "waiting_for_approval, approved, denied, completed, failed or cancelled."_s.arg(
                            name)};
            return false;
        }
        parsed.statuses.insert(*status);
    }
    for (const QString &type : value(query, u"operationType"_s).split(u',', Qt::SkipEmptyParts)) {
        if (!codec::isValidOperationType(type.trimmed())) {
            *error = {u"operationType"_s,
                      u"operationType \"%1\" is not a valid operation type."_s.arg(type)};
            return false;
        }
        parsed.types.insert(type.trimmed());
    }
    parsed.limit = defaultListLimit;
    if (query.hasQueryItem(u"limit"_s)) {
        const auto limit = wholeNumber(value(query, u"limit"_s), 1, maxListLimit);
        if (!limit) {
            *error = {u"limit"_s,
                      u"limit must be a whole number from 1 to %1."_s.arg(maxListLimit)};
            return false;
        }
        parsed.limit = int(*limit);
    }
    if (!parseSince(query, &parsed.since, error))
        return false;
    parsed.pageToken = value(query, u"pageToken"_s);
    *list = std::move(parsed);
    return true;
}

} // namespace optrack::requestquery
