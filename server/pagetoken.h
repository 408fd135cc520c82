#pragma once

#include "operationindex.h"

#include <QString>

/// The keyset tokens of list pages: the sort key and operationId of a page's last operation,
/// so that the next page starts right after it however the list changed in between.
/// createdAt descending (the default order) keeps the token it always had, "<ms>|<id>";
/// other orders name themselves, "<key>.<asc|desc>|<base64url value>|<id>", and a token is
/// only good for the order it was made in. Base64url on the wire, nothing to escape.
namespace optrack::pagetoken {

QString encode(const ListOrder &order, const IndexedOperation &last);
/// The key and id of the token into *probe; false when it is not one of this order's.
bool decode(const QString &token, const ListOrder &order, IndexedOperation *probe);

} // namespace optrack::pagetoken
