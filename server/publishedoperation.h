#pragma once

#include "operation.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace optrack {

/// One committed version of an operation as the read side holds it: the value, and its wire
/// JSON and ETag made once when the version is published. Every answer that carries the
/// operation (status, lists, deltas, the stream) splices these bytes instead of building and
/// serialising a QJsonObject per request; they are byte for byte what
/// QJsonDocument(codec::toJson(operation)).toJson(QJsonDocument::Compact) writes.
struct PublishedOperation
{
    PublishedOperation() = default;
    explicit PublishedOperation(Operation value);

    Operation operation;
    /// The compact JSON of this version.
    QByteArray json;
    /// "v<version>" in quotes: a version names one body, so nothing is hashed.
    QByteArray etag;
};

/// The wire around published operations, spliced from their bytes. Each function writes what
/// QJsonDocument would write for the same object (keys in its sorted order, compact), which
/// tst_publishedoperation checks against the codec for every route's shape.
namespace splice {

/// The ETag of a version of an operation.
QByteArray operationEtag(qint64 version);
/// A list or delta answer: {"cursor":N,"nextPageToken":"…"|null,"operations":[…]}, and
/// for a page with a total ,"total":N,"version":N (the version is the cursor).
/// nextPageToken is base64url (nothing to escape), as ReadModel makes it.
QByteArray listBody(const QList<const PublishedOperation *> &operations, qint64 cursor,
                    const QString &nextPageToken, std::optional<qint64> total = std::nullopt);
/// A stream push: {"operation":{…},"type":"operation"}.
QByteArray streamMessage(QByteArrayView operationJson);

} // namespace splice
} // namespace optrack
