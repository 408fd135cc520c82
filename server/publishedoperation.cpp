#include "publishedoperation.h"

#include "operationcodec.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>

namespace optrack {

namespace {

/// A list answer's bytes around its operations, and a little room for the cursor and token.
constexpr qsizetype listFrameBytes = 96;

void appendNumber(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr - digits);
}

bool isBase64Url(QStringView text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool plain = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
                || (u >= u'0' && u <= u'9') || u == u'-' || u == u'_';
        if (!plain)
            return false;
    }
    return true;
}

/// A JSON string as QJsonDocument writes it.
void appendJsonString(QByteArray &out, const QString &text)
{
    if (isBase64Url(text)) { // nothing to escape
        out.append('"');
        out.append(text.toLatin1());
        out.append('"');
        return;
    }
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    out.append(QByteArrayView(array).sliced(1, array.size() - 2)); // without [ ]
}

} // namespace

PublishedOperation::PublishedOperation(Operation value)
    : operation(std::move(value))
    , json(QJsonDocument(codec::toJson(operation)).toJson(QJsonDocument::Compact))
    , etag(splice::operationEtag(operation.version))
{ }

namespace splice {

QByteArray operationEtag(qint64 version)
{
    QByteArray etag;
    etag.reserve(24);
    etag.append("\"v");
    appendNumber(etag, version);
    etag.append('"');
    return etag;
}

QByteArray listBody(const QList<const PublishedOperation *> &operations, qint64 cursor,
                    const QString &nextPageToken, std::optional<qint64> total)
{
    qsizetype size = listFrameBytes + nextPageToken.size();
    for (const PublishedOperation *op : operations)
        size += op->json.size() + 1;
    QByteArray body;
    body.reserve(size);
    body.append("{\"cursor\":");
    appendNumber(body, cursor);
    body.append(",\"nextPageToken\":");
    if (nextPageToken.isEmpty())
        body.append("null");
    else
        appendJsonString(body, nextPageToken);
    body.append(",\"operations\":[");
    for (qsizetype i = 0; i < operations.size(); ++i) {
        if (i > 0)
            body.append(',');
        body.append(operations.at(i)->json);
    }
    body.append(']');
    if (total) {
        body.append(",\"total\":");
        appendNumber(body, *total);
        body.append(",\"version\":");
        appendNumber(body, cursor);
    }
    body.append('}');
    return body;
}

QByteArray streamMessage(QByteArrayView operationJson)
{
    static constexpr QByteArrayView head = "{\"operation\":";
    static constexpr QByteArrayView tail = ",\"type\":\"operation\"}";
    QByteArray message;
    message.reserve(head.size() + operationJson.size() + tail.size());
    message.append(head);
    message.append(operationJson);
    message.append(tail);
    return message;
}

} // namespace splice
} // namespace optrack
