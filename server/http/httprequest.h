#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QString>
#include <QUrlQuery>
#include <QVarLengthArray>

#include <optional>

namespace optrack {

enum class HttpMethod : quint8 { Get, Head, Post, Put, Patch, Delete, Options, Other };

/// One parsed request as a handler sees it. Names and values point into the connection's
/// buffer, so a request is only valid while its handler runs: copy what an answer given
/// later needs (the body is an ordinary implicitly shared QByteArray and may be kept).
class HttpRequest
{
public:
    using Method = HttpMethod;
    struct Header
    {
        QByteArrayView name;
        QByteArrayView value;
    };
    /// Requests with up to this many fields keep them without allocating.
    static constexpr int inlineHeaderCount = 24;
    using Headers = QVarLengthArray<Header, inlineHeaderCount>;

    Method method() const { return m_method; }
    /// The method as the client sent it.
    QByteArrayView methodName() const { return m_methodName; }
    /// The request-target as sent ("/api/operations?limit=5").
    QByteArrayView target() const { return m_target; }
    /// The target up to '?', still percent-encoded.
    QByteArrayView rawPath() const { return m_rawPath; }
    /// The target after '?', still percent-encoded; empty when there is none.
    QByteArrayView rawQuery() const { return m_rawQuery; }
    /// The path, percent-decoded (for messages; routing works on rawPath()).
    QString path() const;
    QUrlQuery query() const;
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    int httpMinorVersion() const { return m_httpMinor; }

    /// The first field of that name (case-insensitive), trimmed; empty when absent.
    QByteArrayView header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    /// header() as an owned copy.
    QByteArray value(QByteArrayView name) const { return header(name).toByteArray(); }
    const Headers &headers() const { return m_headers; }

    const QByteArray &body() const { return m_body; }
    const QHostAddress &peerAddress() const { return m_peer; }

    /// A query value that must be a whole number: ASCII digits only (no sign, space, NUL or
    /// anything after them), at most 18 of them. std::nullopt otherwise.
    static std::optional<qint64> wholeNumber(QStringView text);

private:
    friend class RequestParser;
    friend class HttpConnection;

    void clear();
    void setRequestLine(Method method, QByteArrayView methodName, QByteArrayView target,
                        int httpMinor);

    Method m_method = Method::Other;
    QByteArrayView m_methodName;
    QByteArrayView m_target;
    QByteArrayView m_rawPath;
    QByteArrayView m_rawQuery;
    int m_httpMinor = 1;
    Headers m_headers;
    QByteArray m_body;
    QHostAddress m_peer;
};

} // namespace optrack
