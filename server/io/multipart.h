#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace optrack {

/// One part of a multipart/form-data body. The payload is not copied: it is
/// body[offset, offset + size). fileName is the client's label, verbatim (it may say
/// "../x.csv"); never use it as a path.
struct MultipartPart
{
    QByteArray name;
    QByteArray fileName;
    QByteArray contentType; // as sent; empty when the part has no Content-Type
    qsizetype offset = 0;
    qsizetype size = 0;

    QByteArrayView payload(const QByteArray &body) const
    {
        return QByteArrayView(body).sliced(offset, size);
    }
};

/// Splits a multipart/form-data body (RFC 7578, RFC 2046 framing with CRLF) into its
/// parts. contentTypeHeader is the request's Content-Type, which carries the boundary.
/// On failure returns false and sets *error to a sentence naming what is wrong.
/// filename* in the RFC 5987 UTF-8 form takes precedence over filename.
bool parseMultipart(const QByteArray &body, const QByteArray &contentTypeHeader,
                    QList<MultipartPart> *parts, QString *error);

} // namespace optrack
