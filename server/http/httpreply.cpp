#include "httpreply.h"

#include "httpconnection.h"

#include <QFile>
#include <QJsonDocument>

namespace optrack {

HttpReply::HttpReply(HttpConnection *connection, quint64 serial)
    : m_connection(connection)
    , m_serial(serial)
{ }

bool HttpReply::isOpen() const
{
    return m_connection && m_connection->isAwaiting(m_serial);
}

void HttpReply::send(int status, const QByteArray &body, const QByteArray &contentType,
                     const HttpHeaders &headers)
{
    if (isOpen())
        m_connection->answer(m_serial, status, contentType, headers, body, true);
}

void HttpReply::sendJson(int status, const QJsonObject &body, const HttpHeaders &headers)
{
    if (isOpen())
        m_connection->answer(m_serial, status, "application/json", headers,
                             QJsonDocument(body).toJson(QJsonDocument::Compact), true);
}

void HttpReply::sendEmpty(int status, const HttpHeaders &headers)
{
    if (isOpen())
        m_connection->answer(m_serial, status, {}, headers, {}, status != 204 && status != 304);
}

bool HttpReply::sendFile(const QString &path, const QByteArray &contentType,
                         const QByteArray &contentDisposition)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return false;
    if (isOpen())
        m_connection->answerFile(m_serial, std::move(file),
                                 {{"Content-Type", contentType},
                                  {"Content-Disposition", contentDisposition},
                                  {"Cache-Control", "no-store"}});
    return true;
}

} // namespace optrack
