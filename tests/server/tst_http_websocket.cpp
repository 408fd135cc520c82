// The stream's WebSocket edge against a raw client: an unmasked client frame closes the
// connection (RFC 6455, 5.1: QtWebSockets 6.4 would take it), whether it comes alone, after
// masked frames, split over several writes or in the same packet as the handshake; masked
// frames (text, ping, split anywhere) keep the stream open and its pushes coming. A push is
// byte for byte the frame QWebSocket writes for the read's JSON, to every stream of the
// account, and never reaches a stream of an account that may not see it. And the
// listen backlog: a burst of connects to a stopped service waits in the kernel's queue
// (none dropped) and is answered once it continues.
#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "rawhttpclient.h"

#include <QTest>

#include <csignal>
#include <memory>
#include <vector>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString svc = u"svc"_s;
constexpr int waitMs = 10'000;
constexpr quint8 textOpcode = 0x1;
constexpr quint8 pingOpcode = 0x9;
constexpr quint8 finalBit = 0x80;
constexpr quint8 maskBit = 0x80;

/// One client frame; masked with a fixed key unless masked is false.
QByteArray frame(quint8 opcode, const QByteArray &payload, bool masked = true)
{
    QByteArray bytes;
    bytes.append(char(finalBit | opcode));
    const quint8 maskFlag = masked ? maskBit : 0;
    if (payload.size() < 126) {
        bytes.append(char(maskFlag | payload.size()));
    } else {
        bytes.append(char(maskFlag | 126));
        bytes.append(char(payload.size() >> 8));
        bytes.append(char(payload.size() & 0xff));
    }
    if (!masked)
        return bytes + payload;
    const QByteArray key = "\x12\x34\x56\x78";
    bytes.append(key);
    for (qsizetype i = 0; i < payload.size(); ++i)
        bytes.append(char(payload.at(i) ^ key.at(i % 4)));
    return bytes;
}

QByteArray handshake(const OptrackdProcess &server, const QString &user = alice)
{
    return RawHttpClient::head("GET", "/api/stream",
                               {"Authorization: Bearer " + server.token(user).toUtf8(),
                                "Upgrade: websocket", "Connection: Upgrade",
                                "Sec-WebSocket-Version: 13",
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="});
}

} // namespace

class tst_HttpWebSocket final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void maskedFramesKeepTheStream();
    void unmaskedFrameCloses_data();
    void unmaskedFrameCloses();
    void unmaskedFrameWithTheHandshakeCloses();
    void pushFramesAreTheReadsBytes();
    void burstOfConnectsWaitsInTheBacklog();

private:
    /// A raw stream client past its 101, with the replay's "ready" read.
    std::unique_ptr<RawHttpClient> openStream(const QString &user = alice);
    /// True once a push naming id has come to client.
    static bool waitForPush(RawHttpClient &client, const QString &id);
    QString createForAlice();

    std::unique_ptr<OptrackdProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
};

void tst_HttpWebSocket::initTestCase()
{
    m_server = std::make_unique<OptrackdProcess>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_api = std::make_unique<ApiClient>(m_server.get());
}

void tst_HttpWebSocket::cleanupTestCase()
{
    m_api.reset();
    if (m_server)
        QVERIFY(m_server->stop());
}

std::unique_ptr<RawHttpClient> tst_HttpWebSocket::openStream(const QString &user)
{
    auto client = std::make_unique<RawHttpClient>();
    if (!client->connectTo(m_server->port()))
        return {};
    client->send(handshake(*m_server, user));
    if (client->readAnswer().status != 101)
        return {};
    if (!QTest::qWaitFor([&] { return client->pending().contains("\"ready\""); }, waitMs))
        return {};
    return client;
}

bool tst_HttpWebSocket::waitForPush(RawHttpClient &client, const QString &id)
{
    return QTest::qWaitFor([&] { return client.pending().contains(id.toUtf8()); }, waitMs);
}

QString tst_HttpWebSocket::createForAlice()
{
    ApiScenario scenario(*m_api);
    return idOf(scenario.create(svc, {{u"operationType"_s, u"s.ws"_s}, {u"userId"_s, alice}}));
}

void tst_HttpWebSocket::maskedFramesKeepTheStream()
{
    std::unique_ptr<RawHttpClient> client = openStream();
    QVERIFY(client);
    // Masked frames of every length form, the last one split byte by byte.
    client->send(frame(textOpcode, "hello"));
    client->send(frame(pingOpcode, "p"));
    client->send(frame(textOpcode, QByteArray(300, 'x')));
    const QByteArray split = frame(textOpcode, QByteArray(200, 'y')) + frame(textOpcode, "z");
    for (char byte : split) {
        client->send(QByteArray(1, byte));
        QCoreApplication::processEvents();
    }
    const QString id = createForAlice();
    QVERIFY(!id.isEmpty());
    QVERIFY(waitForPush(*client, id));
    QVERIFY(!client->isClosed());
}

void tst_HttpWebSocket::unmaskedFrameCloses_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("unmasked");
    QTest::addColumn<int>("splitAt");
    const QByteArray text = frame(textOpcode, "hello", false);
    QTest::newRow("alone") << QByteArray() << text << 0;
    QTest::newRow("after masked frames")
            << frame(textOpcode, "a") + frame(pingOpcode, "") << text << 0;
    QTest::newRow("its header split") << frame(textOpcode, "a") << text << 1;
    QTest::newRow("a 16-bit length")
            << QByteArray() << frame(textOpcode, QByteArray(200, 'u'), false) << 3;
    QTest::newRow("an unmasked ping") << QByteArray() << frame(pingOpcode, "p", false) << 0;
}

void tst_HttpWebSocket::unmaskedFrameCloses()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, unmasked);
    QFETCH(int, splitAt);
    std::unique_ptr<RawHttpClient> client = openStream();
    QVERIFY(client);
    if (!before.isEmpty()) {
        client->send(before);
        // The stream still works after the masked frames.
        const QString id = createForAlice();
        QVERIFY(waitForPush(*client, id));
    }
    if (splitAt > 0) {
        client->send(unmasked.left(splitAt));
        QTest::qWait(50); // the second part must come in its own read
        client->send(unmasked.mid(splitAt));
    } else {
        client->send(unmasked);
    }
    QVERIFY(client->waitForClosed(waitMs));
}

void tst_HttpWebSocket::unmaskedFrameWithTheHandshakeCloses()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(handshake(*m_server) + frame(textOpcode, "hello", false));
    QVERIFY(client.waitForClosed(waitMs));
    // A stream opened the right way still works.
    std::unique_ptr<RawHttpClient> good = openStream();
    QVERIFY(good);
}

void tst_HttpWebSocket::pushFramesAreTheReadsBytes()
{
    // Two streams of alice's (pushes are framed once and shared) and one of dave's, who may
    // not see alice's operations.
    std::unique_ptr<RawHttpClient> first = openStream();
    std::unique_ptr<RawHttpClient> second = openStream();
    std::unique_ptr<RawHttpClient> daves = openStream(u"dave"_s);
    QVERIFY(first && second && daves);
    const qsizetype before = daves->pending().size();
    const QString id = createForAlice();
    QVERIFY(!id.isEmpty());
    const ApiResponse patched
            = m_api->patch(operationPath(id), svc,
                           {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 40}});
    EXPECT_STATUS(patched, 200);
    const ApiResponse read = m_api->get(operationPath(id), alice);
    EXPECT_STATUS(read, 200);
    QCOMPARE(versionOf(read.json), versionOf(patched.json));
    // A server's frame is never masked; the operation's JSON is over 125 bytes, so the frame
    // has a 16-bit length, as QWebSocket writes it.
    const QByteArray expected
            = frame(textOpcode, "{\"operation\":" + read.body + ",\"type\":\"operation\"}", false);
    QVERIFY(read.body.size() > 125);
    for (RawHttpClient *client : {first.get(), second.get()}) {
        QTRY_VERIFY_WITH_TIMEOUT(client->pending().endsWith(expected), waitMs);
        QVERIFY(!client->isClosed());
    }
    // Dave's stream carries a push of his own after alice's, and none of hers.
    ApiScenario scenario(*m_api);
    const QString davesId = idOf(
            scenario.create(svc, {{u"operationType"_s, u"s.ws"_s}, {u"userId"_s, u"dave"_s}}));
    QVERIFY(waitForPush(*daves, davesId));
    QVERIFY(!daves->pending().mid(before).contains(id.toUtf8()));
}

void tst_HttpWebSocket::burstOfConnectsWaitsInTheBacklog()
{
    // While the service is stopped, the kernel completes handshakes into the listen queue
    // only up to the backlog; past it, connects are dropped and retried a second or more
    // later. With the default backlog (1024) a burst of 300 all complete at once.
    constexpr int burst = 300;
    const qint64 pid = m_server->processId();
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
    std::vector<std::unique_ptr<RawHttpClient>> clients;
    for (int i = 0; i < burst; ++i) {
        clients.push_back(std::make_unique<RawHttpClient>());
        clients.back()->socket().connectToHost(QHostAddress::LocalHost, m_server->port());
    }
    const auto connected = [&] {
        int count = 0;
        for (const auto &client : clients)
            count += client->socket().state() == QAbstractSocket::ConnectedState;
        return count;
    };
    const bool allConnected = QTest::qWaitFor([&] { return connected() == burst; }, 900);
    const int whileStopped = connected();
    QCOMPARE(::kill(pid_t(pid), SIGCONT), 0);
    QVERIFY2(allConnected, qPrintable(u"%1 of %2 connected"_s.arg(whileStopped).arg(burst)));
    // Every one of them is served once the service runs again.
    for (const auto &client : clients)
        client->send(RawHttpClient::head("GET", "/healthz", {}));
    for (const auto &client : clients)
        QCOMPARE(client->readAnswer().status, 200);
}

QTEST_GUILESS_MAIN(tst_HttpWebSocket)
#include "tst_http_websocket.moc"
