#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPointer>

#include <utility>

namespace optrack {

class HttpConnection;

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

/// One answer to one request; it may be written later (after a commit). Copies are cheap
/// and name the same answer; only the first write counts, and writing after the client
/// went away does nothing.
class HttpReply
{
public:
    HttpReply() = default;

    /// True until the answer is written or the client is gone.
    bool isOpen() const;
    void send(int status, const QByteArray &body, const QByteArray &contentType,
              const HttpHeaders &headers = {});
    void sendJson(int status, const QJsonObject &body, const HttpHeaders &headers = {});
    /// No body: Content-Length 0, or nothing at all for 204 and 304.
    void sendEmpty(int status, const HttpHeaders &headers = {});
    /// Streams a file as it drains to the client; false when it cannot be opened.
    bool sendFile(const QString &path, const QByteArray &contentType,
                  const QByteArray &contentDisposition);

private:
    friend class HttpConnection;
    HttpReply(HttpConnection *connection, quint64 serial);

    QPointer<HttpConnection> m_connection;
    quint64 m_serial = 0;
};

} // namespace optrack
