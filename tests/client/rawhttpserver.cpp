#include "rawhttpserver.h"

#include <QHostAddress>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

RawHttpServer::RawHttpServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &RawHttpServer::handleNewConnection);
}

bool RawHttpServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl RawHttpServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(serverPort()));
}

QByteArray RawHttpServer::response(int status, const QByteArray &reason,
                                   const QByteArray &contentType, const QByteArray &body,
                                   const QByteArray &extraHeaders)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: "
            + contentType + "\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
}

void RawHttpServer::enqueue(const Answer &answer)
{
    m_answers.append(answer);
    const qsizetype index = m_answers.size() - 1;
    if (index < m_sockets.size() && m_sockets.at(index))
        answerIfDue(m_sockets.at(index), index);
}

void RawHttpServer::handleNewConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        const qsizetype index = m_received.size();
        m_received.append(QByteArray());
        m_sockets.append(socket);
        connect(socket, &QTcpSocket::readyRead, this,
                [this, socket, index] { handleReadyRead(socket, index); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void RawHttpServer::handleReadyRead(QTcpSocket *socket, qsizetype index)
{
    m_received[index] += socket->readAll();
    answerIfDue(socket, index);
}

void RawHttpServer::answerIfDue(QTcpSocket *socket, qsizetype index)
{
    if (socket->property("answered").toBool())
        return;
    if (index >= m_answers.size())
        return;
    const Answer &answer = m_answers.at(index);
    if (answer.silent || !m_received.at(index).contains(answer.respondAfter))
        return;
    socket->setProperty("answered", true);
    socket->write(answer.bytes);
    socket->disconnectFromHost();
}
