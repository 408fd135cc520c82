#include "httprequest.h"

#include <QUrl>

namespace optrack {

namespace {

constexpr qsizetype maxWholeNumberDigits = 18;

} // namespace

QString HttpRequest::path() const
{
    return QUrl::fromPercentEncoding(m_rawPath.toByteArray());
}

QUrlQuery HttpRequest::query() const
{
    if (m_rawQuery.isEmpty())
        return {};
    return QUrlQuery(QString::fromLatin1(m_rawQuery));
}

QByteArrayView HttpRequest::header(QByteArrayView name) const
{
    for (const Header &header : m_headers) {
        if (header.name.size() == name.size()
            && qstrnicmp(header.name.data(), header.name.size(), name.data(), name.size()) == 0)
            return header.value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const Header &header : m_headers) {
        if (header.name.size() == name.size()
            && qstrnicmp(header.name.data(), header.name.size(), name.data(), name.size()) == 0)
            return true;
    }
    return false;
}

std::optional<qint64> HttpRequest::wholeNumber(QStringView text)
{
    if (text.isEmpty() || text.size() > maxWholeNumberDigits)
        return std::nullopt;
    qint64 value = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

void HttpRequest::clear()
{
    m_method = Method::Other;
    m_methodName = {};
    m_target = {};
    m_rawPath = {};
    m_rawQuery = {};
    m_httpMinor = 1;
    m_headers.clear();
    // A handler may keep the body (an upload): drop this reference, never reuse the bytes.
    m_body = QByteArray();
}

void HttpRequest::setRequestLine(Method method, QByteArrayView methodName, QByteArrayView target,
                                 int httpMinor)
{
    m_method = method;
    m_methodName = methodName;
    m_target = target;
    m_httpMinor = httpMinor;
    const qsizetype question = target.indexOf('?');
    m_rawPath = question < 0 ? target : target.first(question);
    m_rawQuery = question < 0 ? QByteArrayView() : target.sliced(question + 1);
}

} // namespace optrack
