#pragma once

#include "httplimits.h"
#include "httprequest.h"

#include <QString>

#include <memory>

namespace optrack {

/// Reads one request at a time into an HttpRequest with Boost.Beast's basic_parser (strict
/// framing: bare LF, NUL, bad lengths and chunk sizes are errors), plus the checks Beast
/// leaves to its caller: exactly one Host on HTTP/1.1, at most one Content-Length and one
/// Transfer-Encoding and never both, no Transfer-Encoding other than "chunked", HTTP/1.x
/// only, and the field count. A refused request gets a status and a sentence; the
/// connection must then close without reading further (no hidden request ever runs).
class RequestParser
{
public:
    explicit RequestParser(const HttpLimits &limits);
    ~RequestParser();
    RequestParser(const RequestParser &) = delete;
    RequestParser &operator=(const RequestParser &) = delete;

    /// Starts a new request, filling *request (cleared here).
    void reset(HttpRequest *request);
    /// head: a request's bytes up to and including its blank line, and nothing after it
    /// (the views in the request point into these bytes: they must outlive it). False with
    /// errorStatus() set when the head is refused.
    bool parseHead(QByteArrayView head);

    /// After parseHead(): the framing of the body.
    bool hasBody() const { return m_chunked || m_contentLength > 0; }
    bool isChunked() const { return m_chunked; }
    /// -1 when chunked or without a body length.
    qint64 contentLength() const { return m_chunked ? -1 : m_contentLength; }
    bool keepAlive() const { return m_keepAlive; }
    bool isUpgrade() const { return m_upgrade; }
    bool expectsContinue() const { return m_expectContinue; }

    /// A chunked body: appends the decoded bytes to the request's body, refusing it with
    /// 413 past maxBodyBytes. Returns how many bytes of input were used (the rest belongs to
    /// the next call); -1 on an error.
    qsizetype parseChunked(QByteArrayView bytes, qint64 maxBodyBytes);
    bool isComplete() const { return m_complete; }

    int errorStatus() const { return m_errorStatus; }
    const QString &errorMessage() const { return m_errorMessage; }

private:
    class Beast;
    friend class Beast;

    void fail(int status, const QString &message);

    const HttpLimits &m_limits;
    std::unique_ptr<Beast> m_beast;
    HttpRequest *m_request = nullptr;
    qint64 m_contentLength = 0;
    qint64 m_maxBodyBytes = 0;
    int m_hostCount = 0;
    int m_contentLengthCount = 0;
    int m_transferEncodingCount = 0;
    int m_errorStatus = 0;
    QString m_errorMessage;
    bool m_chunked = false;
    bool m_keepAlive = true;
    bool m_upgrade = false;
    bool m_expectContinue = false;
    bool m_complete = false;
};

} // namespace optrack
