#include "requestparser.h"

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <limits>
#include <optional>

namespace optrack {

using namespace Qt::StringLiterals;
namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

namespace {

QByteArrayView view(string_view text)
{
    return QByteArrayView(text.data(), qsizetype(text.size()));
}

bool equalsNoCase(string_view text, QByteArrayView word)
{
    return qsizetype(text.size()) == word.size()
            && qstrnicmp(text.data(), word.size(), word.data(), word.size()) == 0;
}

HttpMethod methodOf(http::verb verb)
{
    switch (verb) {
    case http::verb::get:
        return HttpMethod::Get;
    case http::verb::head:
        return HttpMethod::Head;
    case http::verb::post:
        return HttpMethod::Post;
    case http::verb::put:
        return HttpMethod::Put;
    case http::verb::patch:
        return HttpMethod::Patch;
    case http::verb::delete_:
        return HttpMethod::Delete;
    case http::verb::options:
        return HttpMethod::Options;
    default:
        return HttpMethod::Other;
    }
}

// Any non-empty error stops Beast; the status and sentence were set by fail() already.
const error_code refused = http::error::bad_value;

} // namespace

/// The Beast side: a basic_parser whose callbacks fill the owner's request. Beast's parser
/// cannot be reused after a message, so one is constructed in place per request.
class RequestParser::Beast
{
public:
    class Parser final : public http::basic_parser<true>
    {
    public:
        explicit Parser(RequestParser *owner)
            : m_owner(owner)
        { }

        void setHead(QByteArrayView head) { m_head = head; }

    private:
        void on_request_impl(http::verb verb, string_view methodName, string_view target,
                             int version, error_code &ec) override;
        void on_response_impl(int, string_view, int, error_code &ec) override { ec = refused; }
        void on_field_impl(http::field name, string_view nameText, string_view value,
                           error_code &ec) override;
        void on_header_impl(error_code &ec) override;
        void on_body_init_impl(const boost::optional<std::uint64_t> &, error_code &) override { }
        std::size_t on_body_impl(string_view body, error_code &ec) override;
        void on_chunk_header_impl(std::uint64_t size, string_view, error_code &ec) override;
        std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code &ec) override;
        void on_finish_impl(error_code &) override { m_owner->m_complete = true; }

        RequestParser *m_owner;
        QByteArrayView m_head;
        bool m_headDone = false;
    };

    std::optional<Parser> parser;
};

void RequestParser::Beast::Parser::on_request_impl(http::verb verb, string_view methodName,
                                                   string_view target, int version, error_code &ec)
{
    if (qint64(target.size()) > m_owner->m_limits.maxRequestLineBytes) {
        m_owner->fail(414,
                      u"The request target is longer than %1 bytes."_s.arg(
                              m_owner->m_limits.maxRequestLineBytes));
        ec = refused;
        return;
    }
    if (target.empty() || target.front() != '/') {
        m_owner->fail(400, u"The request target must be a path starting with '/'."_s);
        ec = refused;
        return;
    }
    m_owner->m_request->setRequestLine(methodOf(verb), view(methodName), view(target),
                                       version - 10);
}

void RequestParser::Beast::Parser::on_field_impl(http::field name, string_view nameText,
                                                 string_view value, error_code &ec)
{
    if (m_headDone)
        return; // chunked trailers: Beast has checked their syntax; nothing reads them
    RequestParser &owner = *m_owner;
    HttpRequest::Headers &headers = owner.m_request->m_headers;
    if (headers.size() >= owner.m_limits.maxHeaderFields) {
        owner.fail(431,
                   u"The request has more than %1 header fields."_s.arg(
                           owner.m_limits.maxHeaderFields));
        ec = refused;
        return;
    }
    // Folded heads are refused before Beast sees them; whatever Beast does with a value, the
    // views kept must point into the head.
    const char *begin = m_head.data();
    if (value.data() < begin || value.data() + value.size() > begin + m_head.size()) {
        owner.fail(400, u"Header fields must not be folded over several lines."_s);
        ec = refused;
        return;
    }
    switch (name) {
    case http::field::host:
        ++owner.m_hostCount;
        break;
    case http::field::content_length:
        ++owner.m_contentLengthCount;
        for (const char c : value) {
            if (c < '0' || c > '9') {
                owner.fail(400, u"Content-Length must be a single whole number of bytes."_s);
                ec = refused;
                return;
            }
        }
        break;
    case http::field::transfer_encoding:
        ++owner.m_transferEncodingCount;
        if (!equalsNoCase(value, "chunked")) {
            owner.fail(400,
                       u"Transfer-Encoding \"%1\" is not accepted; send \"chunked\" or a "
                       "Content-Length."_s.arg(QLatin1StringView(view(value))));
            ec = refused;
            return;
        }
        break;
    case http::field::authorization:
        // QtWebSockets reads the handshake again; one token means both read the same one.
        if (owner.m_request->hasHeader("authorization")) {
            owner.fail(400, u"Send one Authorization field."_s);
            ec = refused;
            return;
        }
        break;
    case http::field::expect:
        owner.m_expectContinue = equalsNoCase(value, "100-continue");
        break;
    default:
        break;
    }
    headers.append({view(nameText), view(value)});
}

void RequestParser::Beast::Parser::on_header_impl(error_code &ec)
{
    m_headDone = true;
    RequestParser &owner = *m_owner;
    const bool http11 = owner.m_request->httpMinorVersion() == 1;
    if (owner.m_contentLengthCount > 1 || owner.m_transferEncodingCount > 1
        || (owner.m_contentLengthCount > 0 && owner.m_transferEncodingCount > 0)) {
        owner.fail(400,
                   u"The body's length is ambiguous: send one Content-Length or "
                   "Transfer-Encoding: chunked, once."_s);
        ec = refused;
        return;
    }
    if ((http11 && owner.m_hostCount != 1) || owner.m_hostCount > 1) {
        owner.fail(400, u"An HTTP/1.1 request must have exactly one Host field."_s);
        ec = refused;
        return;
    }
    owner.m_chunked = chunked();
    const boost::optional<std::uint64_t> length = content_length();
    if (length && *length > std::uint64_t(std::numeric_limits<qint64>::max())) {
        owner.fail(400, u"Content-Length is out of range."_s);
        ec = refused;
        return;
    }
    owner.m_contentLength = length ? qint64(*length) : 0;
    owner.m_keepAlive = keep_alive();
    owner.m_upgrade = upgrade();
    if (owner.m_upgrade && (owner.m_chunked || owner.m_contentLength > 0)) {
        owner.fail(400, u"An upgrade request must not have a body."_s);
        ec = refused;
    }
}

std::size_t RequestParser::Beast::Parser::on_body_impl(string_view body, error_code &)
{
    // Only chunked bodies come through Beast (lengths are read straight into the request).
    m_owner->m_request->m_body.append(body.data(), qsizetype(body.size()));
    return body.size();
}

void RequestParser::Beast::Parser::on_chunk_header_impl(std::uint64_t size, string_view,
                                                        error_code &ec)
{
    RequestParser &owner = *m_owner;
    const qint64 have = owner.m_request->m_body.size();
    if (size > std::uint64_t(owner.m_maxBodyBytes - have)) {
        owner.fail(413,
                   u"The body is larger than the %1 bytes this route accepts."_s.arg(
                           owner.m_maxBodyBytes));
        ec = refused;
    }
}

std::size_t RequestParser::Beast::Parser::on_chunk_body_impl(std::uint64_t, string_view body,
                                                             error_code &)
{
    m_owner->m_request->m_body.append(body.data(), qsizetype(body.size()));
    return body.size();
}

RequestParser::RequestParser(const HttpLimits &limits)
    : m_limits(limits)
    , m_beast(std::make_unique<Beast>())
{ }

RequestParser::~RequestParser() = default;

void RequestParser::reset(HttpRequest *request)
{
    m_request = request;
    m_request->clear();
    m_contentLength = 0;
    m_maxBodyBytes = 0;
    m_hostCount = 0;
    m_contentLengthCount = 0;
    m_transferEncodingCount = 0;
    m_errorStatus = 0;
    m_errorMessage.clear();
    m_chunked = false;
    m_keepAlive = true;
    m_upgrade = false;
    m_expectContinue = false;
    m_complete = false;
    Beast::Parser &parser = m_beast->parser.emplace(this);
    parser.header_limit(std::uint32_t(m_limits.maxHeaderBytes));
    // Lengths are checked against the route's limit once the route is known. (Not
    // boost::none: Boost 1.74 compares a length with it as "greater", refusing every body.)
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
}

void RequestParser::fail(int status, const QString &message)
{
    if (m_errorStatus != 0)
        return;
    m_errorStatus = status;
    m_errorMessage = message;
}

namespace {

int statusOf(const error_code &ec, QString *message)
{
    switch (http::error(ec.value())) {
    case http::error::header_limit:
        *message = u"The request's head is too large."_s;
        return 431;
    case http::error::bad_content_length:
        *message = u"Content-Length must be one whole number, not repeated with another value "
                   "and not together with Transfer-Encoding."_s;
        return 400;
    case http::error::bad_transfer_encoding:
        *message = u"Transfer-Encoding must be \"chunked\" once, and not together with "
                   "Content-Length."_s;
        return 400;
    case http::error::bad_line_ending:
        *message = u"The lines of a request's head must end with CR LF."_s;
        return 400;
    case http::error::bad_version:
        *message = u"This service speaks HTTP/1.1 (and 1.0)."_s;
        return 400;
    case http::error::bad_method:
    case http::error::bad_target:
        *message = u"The request line must be METHOD /path HTTP/1.1."_s;
        return 400;
    case http::error::bad_field:
    case http::error::bad_value:
    case http::error::bad_obs_fold:
        *message = u"A header field is malformed."_s;
        return 400;
    case http::error::bad_chunk:
    case http::error::bad_chunk_extension:
        *message = u"The chunked body is malformed."_s;
        return 400;
    default:
        *message = u"The request is malformed (%1)."_s.arg(QString::fromStdString(ec.message()));
        return 400;
    }
}

} // namespace

bool RequestParser::parseHead(QByteArrayView head)
{
    // Beast unfolds obsolete line folding; RFC 9112 lets a server refuse it instead, and two
    // parsers that disagree on a folded field are how requests get smuggled.
    if (head.indexOf("\r\n ") >= 0 || head.indexOf("\r\n\t") >= 0) {
        fail(400, u"Header fields must not be folded over several lines."_s);
        return false;
    }
    Beast::Parser &parser = *m_beast->parser;
    parser.setHead(head);
    parser.eager(false);
    error_code ec;
    const std::size_t used
            = parser.put(boost::asio::const_buffer(head.data(), std::size_t(head.size())), ec);
    if (!ec && (used != std::size_t(head.size()) || !parser.is_header_done()))
        ec = http::error::partial_message; // the caller hands over exactly one head
    if (ec) {
        QString message;
        const int status = statusOf(ec, &message);
        fail(status, message);
        return false;
    }
    if (!hasBody())
        m_complete = true;
    return true;
}

qsizetype RequestParser::parseChunked(QByteArrayView bytes, qint64 maxBodyBytes)
{
    Beast::Parser &parser = *m_beast->parser;
    m_maxBodyBytes = maxBodyBytes;
    parser.eager(true);
    error_code ec;
    const std::size_t used
            = parser.put(boost::asio::const_buffer(bytes.data(), std::size_t(bytes.size())), ec);
    if (ec == http::error::need_more)
        return qsizetype(used);
    if (ec) {
        QString message;
        const int status = statusOf(ec, &message);
        fail(status, message);
        return -1;
    }
    return qsizetype(used);
}

} // namespace optrack
