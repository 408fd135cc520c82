#include "rawhttpclient.h"

#include <QDeadlineTimer>
#include <QTest>

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace optrack::testing {

namespace http = boost::beast::http;

QByteArray RawHttpClient::Answer::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

RawHttpClient::RawHttpClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawHttpClient::handleReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_closed = true;
    });
}

bool RawHttpClient::connectTo(quint16 port, const QHostAddress &from, int timeoutMs)
{
    if (!from.isNull() && !m_socket.bind(from, 0))
        return false;
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                           timeoutMs);
}

void RawHttpClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

void RawHttpClient::handleReadyRead()
{
    m_pending.append(m_socket.readAll());
}

RawHttpClient::Answer RawHttpClient::readAnswer(int timeoutMs, bool headRequest)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (true) {
        handleReadyRead();
        http::response_parser<http::string_body> parser;
        parser.eager(true);
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        if (headRequest)
            parser.skip(true);
        boost::beast::error_code ec;
        const std::size_t used = parser.put(
                boost::asio::const_buffer(m_pending.constData(), std::size_t(m_pending.size())),
                ec);
        if (!ec && parser.is_done()) {
            Answer answer;
            const auto &message = parser.get();
            answer.status = int(message.result_int());
            for (const auto &field : message)
                answer.headers.append(
                        {QByteArray(field.name_string().data(),
                                    qsizetype(field.name_string().size())),
                         QByteArray(field.value().data(), qsizetype(field.value().size()))});
            answer.body = QByteArray::fromStdString(message.body());
            m_pending.remove(0, qsizetype(used));
            return answer;
        }
        if (ec && ec != http::error::need_more)
            return {};
        if (m_closed || deadline.hasExpired())
            return {};
        (void)QTest::qWaitFor(
                [this, size = m_pending.size()] {
                    return m_socket.bytesAvailable() > 0 || m_pending.size() != size || m_closed;
                },
                int(std::max<qint64>(1, deadline.remainingTime())));
    }
}

bool RawHttpClient::waitForClosed(int timeoutMs)
{
    return QTest::qWaitFor(
            [this] {
                handleReadyRead();
                return m_closed;
            },
            timeoutMs);
}

QByteArray RawHttpClient::head(const QByteArray &method, const QByteArray &target,
                               const QList<QByteArray> &lines)
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray &line : lines)
        out += line + "\r\n";
    return out + "\r\n";
}

} // namespace optrack::testing
