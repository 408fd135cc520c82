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

bool parseScope(const QUrlQuery &query, ListQuery::Scope *scope, FieldError *error)
{
    const QString name = value(query, u"scope"_s);
    if (name.isEmpty() || name == u"mine"_s) {
        *scope = ListQuery::Scope::Mine;
    } else if (name == u"all"_s) {
        *scope = ListQuery::Scope::All;
    } else if (name == u"approvals"_s) {
        *scope = ListQuery::Scope::Approvals;
    } else {
        *error = {u"scope"_s, u"scope must be mine, all or approvals."_s};
        return false;
    }
    return true;
}

bool parseListQuery(const QUrlQuery &query, ListQuery *list, FieldError *error)
{
    ListQuery parsed;
    if (!parseScope(query, &parsed.scope, error))
        return false;
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
    if (!parseOrder(query, &parsed, error))
        return false;
    *list = std::move(parsed);
    return true;
}

bool parseOrder(const QUrlQuery &query, ListQuery *list, FieldError *error)
{
    // A delta has its own order (by version) and no rows to count or skip.
    for (const QString &field : {u"sort"_s, u"order"_s, u"q"_s, u"offset"_s}) {
        if (list->since && query.hasQueryItem(field)) {
            *error = {field,
                      u"%1 is for pages of a list; a delta poll (since=) takes none."_s.arg(field)};
            return false;
        }
    }
    if (query.hasQueryItem(u"sort"_s)) {
        const auto key = sortKeyFromWire(value(query, u"sort"_s));
        if (!key) {
            *error = {u"sort"_s,
                      u"sort must be createdAt, updatedAt, displayName, operationType, status or "
                      "progressPercentage."_s};
            return false;
        }
        list->order.key = *key;
    }
    if (query.hasQueryItem(u"order"_s)) {
        const QString order = value(query, u"order"_s);
        if (order != u"asc"_s && order != u"desc"_s) {
            *error = {u"order"_s, u"order must be asc or desc."_s};
            return false;
        }
        list->order.descending = order == u"desc"_s;
    }
    list->search = value(query, u"q"_s);
    if (list->search.size() > maxSearchLength) {
        *error = {u"q"_s, u"q may be at most %1 characters long."_s.arg(maxSearchLength)};
        return false;
    }
    if (query.hasQueryItem(u"offset"_s)) {
        const auto offset = wholeNumber(value(query, u"offset"_s), 0, maxListOffset);
        if (!offset) {
            *error = {u"offset"_s,
                      u"offset must be a whole number from 0 to %1."_s.arg(maxListOffset)};
            return false;
        }
        if (!list->pageToken.isEmpty()) {
            *error = {u"offset"_s,
                      u"offset and pageToken are two ways to say where a page starts; give one."_s};
            return false;
        }
        list->offset = *offset;
    }
    return true;
}

} // namespace optrack::requestquery
