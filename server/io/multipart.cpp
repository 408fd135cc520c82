#include "multipart.h"

#include <algorithm>
#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr qsizetype maxBoundaryLength = 70; // RFC 2046 section 5.1.1
constexpr qsizetype maxShownLength = 40;
constexpr QByteArrayView crlf = "\r\n";
constexpr QByteArrayView dashes = "--";

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

qsizetype skipWhitespace(QByteArrayView text, qsizetype pos)
{
    while (pos < text.size() && isWhitespace(text[pos]))
        ++pos;
    return pos;
}

QString shown(QByteArrayView value)
{
    QString text = QString::fromUtf8(value);
    if (text.size() > maxShownLength) {
        text.truncate(maxShownLength);
        text += u'…';
    }
    return u'"' + text + u'"';
}

/// A header value of the form  type *(";" name "=" (token / quoted-string)), as in
/// Content-Type and Content-Disposition. Names and the type are lower-cased.
struct HeaderValue
{
    QByteArray type;
    QList<std::pair<QByteArray, QByteArray>> parameters;
    bool wellFormed = true;

    std::optional<QByteArray> parameter(QByteArrayView name) const
    {
        for (const auto &[key, value] : parameters) {
            if (key == name)
                return value;
        }
        return std::nullopt;
    }
};

// Reads a quoted-string starting after its opening quote; a backslash escapes the next byte.
std::optional<QByteArray> readQuoted(QByteArrayView text, qsizetype *pos)
{
    QByteArray value;
    while (*pos < text.size()) {
        char c = text[(*pos)++];
        if (c == '"')
            return value;
        if (c == '\\' && *pos < text.size())
            c = text[(*pos)++];
        value.append(c);
    }
    return std::nullopt;
}

HeaderValue parseHeaderValue(QByteArrayView text)
{
    HeaderValue result;
    qsizetype pos = text.indexOf(';');
    if (pos < 0)
        pos = text.size();
    result.type = text.first(pos).trimmed().toByteArray().toLower();
    // Here text[pos] is ';' or pos is the end.
    while (pos < text.size()) {
        pos = skipWhitespace(text, pos + 1);
        if (pos == text.size())
            break;
        if (text[pos] == ';')
            continue;
        const qsizetype nameStart = pos;
        while (pos < text.size() && text[pos] != '=' && text[pos] != ';'
               && !isWhitespace(text[pos]))
            ++pos;
        const QByteArray name = text.sliced(nameStart, pos - nameStart).toByteArray().toLower();
        pos = skipWhitespace(text, pos);
        if (pos == text.size() || text[pos] != '=') {
            result.wellFormed = false;
            return result;
        }
        pos = skipWhitespace(text, pos + 1);
        QByteArray value;
        if (pos < text.size() && text[pos] == '"') {
            ++pos;
            std::optional<QByteArray> quoted = readQuoted(text, &pos);
            pos = skipWhitespace(text, pos);
            if (!quoted || (pos < text.size() && text[pos] != ';')) {
                result.wellFormed = false;
                return result;
            }
            value = std::move(*quoted);
        } else {
            const qsizetype valueStart = pos;
            while (pos < text.size() && text[pos] != ';')
                ++pos;
            value = text.sliced(valueStart, pos - valueStart).trimmed().toByteArray();
        }
        result.parameters.append({name, value});
    }
    return result;
}

// RFC 5987 ext-value: charset "'" [language] "'" percent-encoded bytes; UTF-8 only.
std::optional<QByteArray> decodeExtendedValue(const QByteArray &value)
{
    const qsizetype firstQuote = value.indexOf('\'');
    const qsizetype secondQuote = firstQuote < 0 ? -1 : value.indexOf('\'', firstQuote + 1);
    if (secondQuote < 0 || value.first(firstQuote).toLower() != "utf-8")
        return std::nullopt;
    QByteArray decoded = QByteArray::fromPercentEncoding(value.sliced(secondQuote + 1));
    if (!decoded.isValidUtf8())
        return std::nullopt;
    return decoded;
}

enum class BoundaryEnd { NotABoundary, NextPart, Close };

/// The framing of one body: where the boundary lines are.
struct Framing
{
    QByteArrayView body;
    QByteArray dashBoundary; // "--" boundary
    QByteArray delimiter; // CRLF "--" boundary

    // What follows a "--boundary" that ends at pos: "--" closes the body; optional
    // whitespace and CRLF start a part (*next is where); anything else means the bytes
    // only looked like a boundary.
    BoundaryEnd boundaryEnd(qsizetype pos, qsizetype *next) const
    {
        if (body.sliced(pos).startsWith(dashes)) {
            *next = pos + dashes.size();
            return BoundaryEnd::Close;
        }
        pos = skipWhitespace(body, pos);
        if (body.sliced(pos).startsWith(crlf)) {
            *next = pos + crlf.size();
            return BoundaryEnd::NextPart;
        }
        return BoundaryEnd::NotABoundary;
    }

    // The start of the next delimiter at or after from, or -1.
    qsizetype findDelimiter(qsizetype from, BoundaryEnd *kind, qsizetype *next) const
    {
        for (;;) {
            const qsizetype at = body.indexOf(delimiter, from);
            if (at < 0)
                return -1;
            *kind = boundaryEnd(at + delimiter.size(), next);
            if (*kind != BoundaryEnd::NotABoundary)
                return at;
            from = at + 1;
        }
    }
};

class PartReader
{
public:
    PartReader(const Framing &framing, int number, QString *error)
        : m_framing(framing)
        , m_number(number)
        , m_error(error)
    { }

    // Reads the headers starting at *pos; on success *pos is where the payload starts.
    bool readHeaders(qsizetype *pos, MultipartPart *part)
    {
        const QByteArrayView body = m_framing.body;
        bool sawDisposition = false;
        for (;;) {
            const qsizetype lineEnd = body.indexOf(crlf, *pos);
            if (lineEnd < 0)
                return fail(u"its headers do not end with an empty line"_s);
            const QByteArrayView line = body.sliced(*pos, lineEnd - *pos);
            *pos = lineEnd + crlf.size();
            if (line.isEmpty())
                break;
            if (line.startsWith(m_framing.dashBoundary))
                return fail(u"its headers do not end with an empty line"_s);
            const qsizetype colon = line.indexOf(':');
            const QByteArrayView name = line.first(std::max<qsizetype>(colon, 0));
            if (colon <= 0 || std::any_of(name.begin(), name.end(), isWhitespace))
                return fail(u"the header line "_s + shown(line) + u" is not \"Name: value\""_s);
            const QByteArrayView value = line.sliced(colon + 1).trimmed();
            if (name.compare("Content-Disposition", Qt::CaseInsensitive) == 0 && !sawDisposition) {
                sawDisposition = true;
                if (!readDisposition(value, part))
                    return false;
            } else if (name.compare("Content-Type", Qt::CaseInsensitive) == 0) {
                part->contentType = value.toByteArray();
            }
        }
        if (!sawDisposition)
            return fail(u"it has no Content-Disposition header"_s);
        return true;
    }

private:
    bool readDisposition(QByteArrayView value, MultipartPart *part)
    {
        const HeaderValue disposition = parseHeaderValue(value);
        if (!disposition.wellFormed)
            return fail(u"its Content-Disposition "_s + shown(value) + u" is malformed"_s);
        if (disposition.type != "form-data") {
            return fail(u"its Content-Disposition is "_s + shown(disposition.type)
                        + u", not form-data"_s);
        }
        const std::optional<QByteArray> name = disposition.parameter("name");
        if (!name)
            return fail(u"its Content-Disposition has no name"_s);
        part->name = *name;
        part->fileName = disposition.parameter("filename").value_or(QByteArray());
        if (const auto extended = disposition.parameter("filename*")) {
            if (std::optional<QByteArray> decoded = decodeExtendedValue(*extended))
                part->fileName = std::move(*decoded);
        }
        return true;
    }

    bool fail(const QString &what)
    {
        if (m_error)
            *m_error = u"part "_s + QString::number(m_number) + u": "_s + what;
        return false;
    }

    const Framing &m_framing;
    int m_number;
    QString *m_error;
};

} // namespace

bool parseMultipart(const QByteArray &body, const QByteArray &contentTypeHeader,
                    QList<MultipartPart> *parts, QString *error)
{
    parts->clear();
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (contentTypeHeader.trimmed().isEmpty())
        return fail(u"the request has no Content-Type; it must be multipart/form-data"_s);
    const HeaderValue contentType = parseHeaderValue(contentTypeHeader);
    if (contentType.type != "multipart/form-data") {
        return fail(u"the request is not multipart/form-data (its Content-Type is "_s
                    + shown(contentTypeHeader) + u')');
    }
    if (!contentType.wellFormed)
        return fail(u"the Content-Type "_s + shown(contentTypeHeader) + u" is malformed"_s);
    const QByteArray boundary = contentType.parameter("boundary").value_or(QByteArray());
    if (boundary.isEmpty())
        return fail(u"the multipart/form-data Content-Type has no boundary"_s);
    if (boundary.size() > maxBoundaryLength) {
        return fail(u"the multipart boundary is longer than "_s + QString::number(maxBoundaryLength)
                    + u" characters"_s);
    }

    Framing framing;
    framing.body = body;
    framing.dashBoundary = dashes.toByteArray() + boundary;
    framing.delimiter = crlf.toByteArray() + framing.dashBoundary;
    const QString closing = shown(QByteArray(framing.dashBoundary + dashes));

    BoundaryEnd kind = BoundaryEnd::NotABoundary;
    qsizetype pos = 0;
    if (QByteArrayView(body).startsWith(framing.dashBoundary))
        kind = framing.boundaryEnd(framing.dashBoundary.size(), &pos);
    if (kind == BoundaryEnd::NotABoundary && framing.findDelimiter(0, &kind, &pos) < 0) {
        return fail(u"the body does not contain the boundary "_s + shown(framing.dashBoundary)
                    + u" from the Content-Type"_s);
    }
    int number = 0;
    while (kind == BoundaryEnd::NextPart) {
        ++number;
        if (pos == body.size())
            return fail(u"the body ends without the closing boundary "_s + closing);
        MultipartPart part;
        if (!PartReader(framing, number, error).readHeaders(&pos, &part))
            return false;
        qsizetype next = 0;
        const qsizetype end = framing.findDelimiter(pos, &kind, &next);
        if (end < 0)
            return fail(u"the body ends without the closing boundary "_s + closing);
        part.offset = pos;
        part.size = end - pos;
        parts->append(std::move(part));
        pos = next;
    }
    return true;
}

} // namespace optrack
