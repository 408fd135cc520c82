#pragma once

#include "operationcodec.h"
#include "readmodel.h"

#include <QString>
#include <QUrlQuery>

#include <optional>

namespace optrack::requestquery {

inline constexpr int maxListLimit = 1000;
inline constexpr int defaultListLimit = 50;
/// Longer searches are refused rather than scanned.
inline constexpr int maxSearchLength = 200;
inline constexpr qint64 maxListOffset = 1'000'000'000;

/// The value of a query parameter, percent-decoded (empty when absent).
QString value(const QUrlQuery &query, const QString &key);

/// A whole number written only with the digits 0-9 (no sign, space or NUL, which a lenient
/// reader would skip), from min to max; nullopt for anything else.
std::optional<qint64> wholeNumber(const QString &text, qint64 min, qint64 max);

/// The query of GET /api/operations: scope, status and operationType lists, limit, since,
/// pageToken, sort, order, q and offset. False with the parameter named in *error when one is
/// wrong.
bool parseListQuery(const QUrlQuery &query, ListQuery *list, FieldError *error);

/// scope of a list or of counts: mine (the default), all or approvals.
bool parseScope(const QUrlQuery &query, ListQuery::Scope *scope, FieldError *error);

/// sort, order, q and offset of a list page (none of them with since).
bool parseOrder(const QUrlQuery &query, ListQuery *list, FieldError *error);

/// `since` of the list and the stream: a version, 0 or more. Absent is fine (*since stays
/// unset); false when present and not a version.
bool parseSince(const QUrlQuery &query, std::optional<qint64> *since, FieldError *error);

} // namespace optrack::requestquery
