// The HTTP edge against a hostile client on a raw socket: every ambiguous framing is refused
// with 400 and the connection closed, and the request hidden behind it never runs; heads and
// bodies over their limits are refused before they are held; Connection: close and HTTP/1.0
// close; junk in numeric query values is 400. What is legal still works (pipelining, chunked
// bodies, Expect: 100-continue).
#include "apiclient.h"
#include "apihelpers.h"
#include "optrackdprocess.h"
#include "rawhttpclient.h"

#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString svc = u"svc"_s;
const QString sam = u"sam"_s;
constexpr qint64 mib = 1024 * 1024;
/// What the service may grow by while refusing something far larger.
constexpr qint64 allowedGrowthBytes = 8 * mib;
constexpr qint64 uploadLimitBytes = 1 * mib;

} // namespace

class tst_HttpFraming final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void smuggling_data();
    void smuggling();
    void oversizedHead_data();
    void oversizedHead();
    void endlessHeadDoesNotGrowTheService();
    void bodyOverLimitRefusedBeforeItIsRead_data();
    void bodyOverLimitRefusedBeforeItIsRead();
    void unknownCallerGets401BeforeTheBody();
    void connectionCloseHonoured();
    void http10Closes();
    void junkInNumbers_data();
    void junkInNumbers();
    void pipelinedRequestsAnsweredInOrder();
    void chunkedBodyAccepted();
    void expectContinue();

private:
    QByteArray bearer(const QString &user) const;
    /// A POST that creates an operation of the given type, as svc.
    QByteArray hiddenCreate(const QByteArray &operationType) const;
    int operationsOfType(const QByteArray &operationType);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
};

void tst_HttpFraming::initTestCase()
{
    m_server.setExtraConfig({{u"uploadLimitBytes"_s, uploadLimitBytes}});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_HttpFraming::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

QByteArray tst_HttpFraming::bearer(const QString &user) const
{
    return "Authorization: Bearer " + m_server.token(user).toUtf8();
}

QByteArray tst_HttpFraming::hiddenCreate(const QByteArray &operationType) const
{
    const QByteArray body = R"({"operationType": ")" + operationType + R"(", "entityId": "e"})";
    return RawHttpClient::head("POST", "/api/operations",
                               {bearer(svc), "Content-Type: application/json",
                                "Content-Length: " + QByteArray::number(body.size())})
            + body;
}

int tst_HttpFraming::operationsOfType(const QByteArray &operationType)
{
    const ApiResponse list = m_client.get(u"/api/operations?scope=all&operationType="_s
                                                  + QString::fromLatin1(operationType),
                                          svc);
    return list.status == 200 ? int(list.operations().size()) : -1;
}

void tst_HttpFraming::smuggling_data()
{
    // Each row: the outer request's framing lines and what follows its head; the hidden
    // request sits where one reading of the framing would see the next request.
    QTest::addColumn<QByteArray>("requestLine");
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::addColumn<QByteArray>("bodyPrefix");
    QTest::addColumn<int>("status");
    const QByteArray post = "POST /healthz HTTP/1.1";
    const QByteArray endChunks = "0\r\n\r\n";
    QTest::newRow("Content-Length then Transfer-Encoding")
            << post << QList<QByteArray>{"Content-Length: 5", "Transfer-Encoding: chunked"}
            << endChunks << 400;
    QTest::newRow("Transfer-Encoding then Content-Length")
            << post << QList<QByteArray>{"Transfer-Encoding: chunked", "Content-Length: 5"}
            << endChunks << 400;
    QTest::newRow("two different lengths")
            << post << QList<QByteArray>{"Content-Length: 0", "Content-Length: 5"}
            << QByteArray("abcde") << 400;
    QTest::newRow("the same length twice")
            << post << QList<QByteArray>{"Content-Length: 5", "Content-Length: 5"}
            << QByteArray("abcde") << 400;
    QTest::newRow("a list of lengths")
            << post << QList<QByteArray>{"Content-Length: 0, 5"} << QByteArray("abcde") << 400;
    QTest::newRow("negative length")
            << post << QList<QByteArray>{"Content-Length: -5"} << QByteArray() << 400;
    QTest::newRow("signed length")
            << post << QList<QByteArray>{"Content-Length: +5"} << QByteArray("abcde") << 400;
    QTest::newRow("hexadecimal length")
            << post << QList<QByteArray>{"Content-Length: 0x5"} << QByteArray("abcde") << 400;
    QTest::newRow("overflowing length")
            << post << QList<QByteArray>{"Content-Length: 18446744073709551621"} << QByteArray()
            << 400;
    QTest::newRow("space before the colon of Content-Length")
            << post << QList<QByteArray>{"Content-Length : 5"} << QByteArray("abcde") << 400;
    QTest::newRow("Transfer-Encoding gzip")
            << post << QList<QByteArray>{"Transfer-Encoding: gzip"} << QByteArray() << 400;
    QTest::newRow("Transfer-Encoding xchunked")
            << post << QList<QByteArray>{"Transfer-Encoding: xchunked"} << endChunks << 400;
    QTest::newRow("Transfer-Encoding gzip, chunked")
            << post << QList<QByteArray>{"Transfer-Encoding: gzip, chunked"} << endChunks << 400;
    QTest::newRow("Transfer-Encoding twice")
            << post << QList<QByteArray>{"Transfer-Encoding: chunked", "Transfer-Encoding: chunked"}
            << endChunks << 400;
    QTest::newRow("space before the colon of Transfer-Encoding")
            << post << QList<QByteArray>{"Transfer-Encoding : chunked"} << endChunks << 400;
    QTest::newRow("folded Transfer-Encoding")
            << post << QList<QByteArray>{"Transfer-Encoding:\r\n chunked"} << endChunks << 400;
    QTest::newRow("bad chunk size") << post << QList<QByteArray>{"Transfer-Encoding: chunked"}
                                    << QByteArray("zz\r\n") << 400;
    QTest::newRow("NUL in a header value")
            << post << QList<QByteArray>{QByteArray("X-Note: a\0b", 11), "Content-Length: 0"}
            << QByteArray() << 400;
    QTest::newRow("two Host fields")
            << post << QList<QByteArray>{"Host: other", "Content-Length: 0"} << QByteArray() << 400;
    QTest::newRow("two Authorization fields")
            << post
            << QList<QByteArray>{"Authorization: Bearer a", "Authorization: Bearer b",
                                 "Content-Length: 0"}
            << QByteArray() << 400;
    QTest::newRow("HTTP/9.9") << QByteArray("POST /healthz HTTP/9.9")
                              << QList<QByteArray>{"Content-Length: 0"} << QByteArray() << 400;
    QTest::newRow("HTTP/1.2") << QByteArray("POST /healthz HTTP/1.2")
                              << QList<QByteArray>{"Content-Length: 0"} << QByteArray() << 400;
}

void tst_HttpFraming::smuggling()
{
    QFETCH(QByteArray, requestLine);
    QFETCH(QList<QByteArray>, lines);
    QFETCH(QByteArray, bodyPrefix);
    QFETCH(int, status);
    const QByteArray type = "smuggled.r"
            + QByteArray::number(quint64(qHash(QByteArray(QTest::currentDataTag()))));
    QByteArray outer = requestLine + "\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray &line : lines)
        outer += line + "\r\n";
    outer += "\r\n" + bodyPrefix + hiddenCreate(type);

    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send(outer);
    const RawHttpClient::Answer answer = client.readAnswer();
    const bool closed = client.waitForClosed();
    // The hidden request never ran...
    QCOMPARE(operationsOfType(type), 0);
    // ...because nothing after the refused request was read as a request.
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.header("Connection"), "close"_ba);
    QVERIFY(closed);
    QVERIFY2(client.pending().isEmpty(), client.pending().constData());
    // The same hidden request on its own does run (the check above can fail).
    RawHttpClient plain;
    QVERIFY(plain.connectTo(m_server.port()));
    plain.send(hiddenCreate(type + ".plain"));
    QCOMPARE(plain.readAnswer().status, 201);
    QCOMPARE(operationsOfType(type + ".plain"), 1);
}

void tst_HttpFraming::oversizedHead_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("64 KiB header field")
            << RawHttpClient::head("GET", "/healthz", {"X-Big: " + QByteArray(64 * 1024, 'a')})
            << 431;
    QList<QByteArray> many;
    for (int i = 0; i < 150; ++i)
        many.append("X-Field-" + QByteArray::number(i) + ": v");
    QTest::newRow("150 header fields") << RawHttpClient::head("GET", "/healthz", many) << 431;
    QTest::newRow("10 KiB target")
            << RawHttpClient::head("GET", "/healthz?x=" + QByteArray(10 * 1024, 'a'), {}) << 414;
}

void tst_HttpFraming::oversizedHead()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send(request);
    QCOMPARE(client.readAnswer().status, status);
    QVERIFY(client.waitForClosed());
}

void tst_HttpFraming::endlessHeadDoesNotGrowTheService()
{
    const qint64 before = m_server.residentBytes();
    QVERIFY(before > 0);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Endless: ");
    const QByteArray slice(mib, 'a');
    // Up to 64 MiB, a slice at a time, until the service answers or drops the connection.
    for (int i = 0; i < 64 && !client.isClosed() && client.pending().isEmpty(); ++i) {
        client.send(slice);
        (void)QTest::qWaitFor(
                [&] { return client.socket().bytesToWrite() == 0 || client.isClosed(); },
                RawHttpClient::defaultTimeoutMs);
    }
    QCOMPARE(client.readAnswer().status, 431);
    QVERIFY(client.waitForClosed());
    const qint64 growth = m_server.residentBytes() - before;
    QVERIFY2(growth < allowedGrowthBytes, qPrintable(u"grew by %1 bytes"_s.arg(growth)));
}

void tst_HttpFraming::bodyOverLimitRefusedBeforeItIsRead_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("create, 1 MiB route") << "/api/operations"_ba;
    QTest::newRow("upload, its own limit") << "/api/files/upload"_ba;
}

void tst_HttpFraming::bodyOverLimitRefusedBeforeItIsRead()
{
    QFETCH(QByteArray, target);
    const qint64 before = m_server.residentBytes();
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    // Only the head: the 413 must come without a byte of the 50 MiB body.
    client.send(RawHttpClient::head("POST", target,
                                    {bearer(u"alice"_s), "Content-Type: application/json",
                                     "Content-Length: " + QByteArray::number(50 * mib)}));
    const RawHttpClient::Answer answer = client.readAnswer();
    QCOMPARE(answer.status, 413);
    QCOMPARE(answer.header("Connection"), "close"_ba);
    // The client sends the body anyway: the service drops it and the connection.
    const QByteArray slice(mib, 'x');
    for (int i = 0; i < 50 && !client.isClosed(); ++i) {
        client.send(slice);
        (void)QTest::qWaitFor(
                [&] { return client.socket().bytesToWrite() == 0 || client.isClosed(); },
                RawHttpClient::defaultTimeoutMs);
    }
    QVERIFY(client.waitForClosed());
    const qint64 growth = m_server.residentBytes() - before;
    QVERIFY2(growth < allowedGrowthBytes, qPrintable(u"grew by %1 bytes"_s.arg(growth)));
}

void tst_HttpFraming::unknownCallerGets401BeforeTheBody()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send(RawHttpClient::head("POST", "/api/files/upload",
                                    {"Content-Length: " + QByteArray::number(50 * mib)}));
    const RawHttpClient::Answer answer = client.readAnswer();
    QCOMPARE(answer.status, 401);
    QCOMPARE(answer.header("Connection"), "close"_ba);
    QVERIFY(client.waitForClosed());
}

void tst_HttpFraming::connectionCloseHonoured()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send(RawHttpClient::head("GET", "/healthz", {"Connection: close"}));
    const RawHttpClient::Answer answer = client.readAnswer();
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Connection"), "close"_ba);
    QVERIFY(client.waitForClosed());
}

void tst_HttpFraming::http10Closes()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send("GET /healthz HTTP/1.0\r\n\r\n");
    const RawHttpClient::Answer answer = client.readAnswer();
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Connection"), "close"_ba);
    QVERIFY(client.waitForClosed());
}

void tst_HttpFraming::junkInNumbers_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("field");
    const QByteArray list = "/api/operations?scope=all&";
    QTest::newRow("limit with NUL") << svc << list + "limit=5%00" << u"limit"_s;
    QTest::newRow("limit with a space") << svc << list + "limit=5%20" << u"limit"_s;
    QTest::newRow("limit with a plus") << svc << list + "limit=%2B5" << u"limit"_s;
    QTest::newRow("limit with letters") << svc << list + "limit=5abc" << u"limit"_s;
    QTest::newRow("since with NUL") << svc << list + "since=1%00" << u"since"_s;
    QTest::newRow("since negative") << svc << list + "since=-1" << u"since"_s;
    QTest::newRow("since too long") << svc << list + "since=" + QByteArray(40, '9') << u"since"_s;
    QTest::newRow("windowHours with NUL")
            << sam << "/api/metrics/summary?windowHours=5%00"_ba << u"windowHours"_s;
}

void tst_HttpFraming::junkInNumbers()
{
    QFETCH(QString, user);
    QFETCH(QByteArray, target);
    QFETCH(QString, field);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send(RawHttpClient::head("GET", target, {bearer(user)}));
    const RawHttpClient::Answer answer = client.readAnswer();
    QCOMPARE(answer.status, 400);
    QVERIFY2(answer.body.contains(QByteArray("\"field\":\"" + field.toUtf8() + '"')),
             answer.body.constData());
}

void tst_HttpFraming::pipelinedRequestsAnsweredInOrder()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send(RawHttpClient::head("GET", "/healthz", {})
                + RawHttpClient::head("GET", "/api/me", {bearer(sam)})
                + RawHttpClient::head("GET", "/nothing", {}));
    QCOMPARE(client.readAnswer().status, 200);
    const RawHttpClient::Answer me = client.readAnswer();
    QCOMPARE(me.status, 200);
    QVERIFY(me.body.contains("\"sam\""));
    QCOMPARE(client.readAnswer().status, 404);
    QVERIFY(!client.isClosed());
}

void tst_HttpFraming::chunkedBodyAccepted()
{
    const QByteArray body = R"({"operationType": "chunked.ok", "entityId": "e"})";
    const QByteArray first = body.left(10);
    const QByteArray rest = body.mid(10);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send(RawHttpClient::head("POST", "/api/operations",
                                    {bearer(svc), "Transfer-Encoding: chunked"})
                + QByteArray::number(first.size(), 16) + "\r\n" + first + "\r\n"
                + QByteArray::number(rest.size(), 16) + "\r\n" + rest + "\r\n0\r\n\r\n");
    QCOMPARE(client.readAnswer().status, 201);
    QCOMPARE(operationsOfType("chunked.ok"), 1);
}

void tst_HttpFraming::expectContinue()
{
    const QByteArray body = R"({"operationType": "continued.ok", "entityId": "e"})";
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server.port()));
    client.send(RawHttpClient::head("POST", "/api/operations",
                                    {bearer(svc), "Expect: 100-continue",
                                     "Content-Length: " + QByteArray::number(body.size())}));
    QCOMPARE(client.readAnswer().status, 100);
    client.send(body);
    QCOMPARE(client.readAnswer().status, 201);
}

QTEST_GUILESS_MAIN(tst_HttpFraming)
#include "tst_http_framing.moc"
