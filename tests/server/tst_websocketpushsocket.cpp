// WebSocketPushSocket::textFrame() against QtWebSockets itself: for payloads at each length
// form's edges (7-bit, 16-bit, 64-bit) and for text beyond ASCII, the frame is byte for byte
// what QWebSocket::sendTextMessage() writes on the wire; and a frame sent through the
// connection beneath a QWebSocket arrives as that message.
#include "websocketpushsocket.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int waitMs = 10'000;

const QByteArray handshake = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

} // namespace

class tst_WebSocketPushSocket final : public QObject
{
    Q_OBJECT

private slots:
    void frameIsWhatQWebSocketWrites_data();
    void frameIsWhatQWebSocketWrites();
    void frameOnTheTransportArrivesAsTheMessage();
};

void tst_WebSocketPushSocket::frameIsWhatQWebSocketWrites_data()
{
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString();
    QTest::newRow("125 bytes, the longest 7-bit length") << QString(125, u'a');
    QTest::newRow("126 bytes, the shortest 16-bit length") << QString(126, u'b');
    QTest::newRow("65,535 bytes, the longest 16-bit length") << QString(65535, u'c');
    QTest::newRow("65,536 bytes, a 64-bit length") << QString(65536, u'd');
    QTest::newRow("beyond ASCII") << u"Löschen: ✓ 日本 😀"_s.repeated(20);
}

void tst_WebSocketPushSocket::frameIsWhatQWebSocketWrites()
{
    QFETCH(QString, message);
    QWebSocketServer server(u"test"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(waitMs));
    client.write(handshake);
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), waitMs);
    std::unique_ptr<QWebSocket> socket(server.nextPendingConnection());
    QTRY_VERIFY_WITH_TIMEOUT(client.peek(client.bytesAvailable()).contains("\r\n\r\n"), waitMs);
    const QByteArray answer = client.readAll();
    QVERIFY(answer.startsWith("HTTP/1.1 101"));
    QVERIFY(answer.endsWith("\r\n\r\n"));

    socket->sendTextMessage(message);
    socket->flush();
    const QByteArray expected = WebSocketPushSocket::textFrame(message.toUtf8());
    QTRY_VERIFY_WITH_TIMEOUT(client.bytesAvailable() >= expected.size(), waitMs);
    QCOMPARE(client.readAll(), expected);
}

void tst_WebSocketPushSocket::frameOnTheTransportArrivesAsTheMessage()
{
    // The server side as the HTTP layer has it: the QTcpSocket handed to QtWebSockets.
    QWebSocketServer server(u"test"_s, QWebSocketServer::NonSecureMode);
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost));
    QWebSocket client;
    QSignalSpy received(&client, &QWebSocket::textMessageReceived);
    client.open(QUrl(u"ws://127.0.0.1:%1/"_s.arg(listener.serverPort())));
    QTRY_VERIFY_WITH_TIMEOUT(listener.hasPendingConnections(), waitMs);
    QTcpSocket *transport = listener.nextPendingConnection();
    server.handleConnection(transport);
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), waitMs);
    WebSocketPushSocket push(std::unique_ptr<QWebSocket>(server.nextPendingConnection()),
                             transport);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::ConnectedState, waitMs);

    const QString message
            = u"{\"operation\":{\"displayName\":\"Löschen\"},\"type\":\"operation\"}"_s;
    const QByteArray utf8 = message.toUtf8();
    push.sendFrame(WebSocketPushSocket::textFrame(utf8), utf8);
    push.sendFrame(WebSocketPushSocket::textFrame(utf8), utf8);
    push.flush();
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, waitMs);
    QCOMPARE(received.at(0).at(0).toString(), message);
    QCOMPARE(received.at(1).at(0).toString(), message);
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
}

QTEST_GUILESS_MAIN(tst_WebSocketPushSocket)
#include "tst_websocketpushsocket.moc"
