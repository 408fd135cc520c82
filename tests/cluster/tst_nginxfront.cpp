// nginx in front of optrackd, run from the shipped packaging/nginx/optrack.conf: requests,
// votes and reads pass through; the WebSocket stream is upgraded through it; its body limit
// is the service's own, so a file that is too large gets the service's JSON 413; a dead
// instance is a quick 502 in the service's JSON shape, and a restarted one serves again.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "clusterharness.h"
#include "rawhttpclient.h"
#include "streamrecorder.h"
#include "workloadscenario.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString bob = u"bob"_s;
const QString sam = u"sam"_s;

// The service's default uploadLimitBytes (docs/api.md), and the room its upload route gives
// the multipart framing around the file on top of it (server/workloadapi.cpp).
constexpr qint64 uploadLimitBytes = 100LL * 1024 * 1024;
constexpr qint64 multipartAllowanceBytes = 64 * 1024;
constexpr int uploadTimeoutMs = 120'000;
// A dead instance refuses connections: nginx must say so at once, not after a timeout.
constexpr qint64 deadInstanceAnswerMs = 2'000;
const QByteArray boundary = "optrack-nginx-front-boundary";

// client_max_body_size of the shipped configuration, in bytes; -1 when it is not a plain
// number of bytes.
qint64 shippedBodyLimit()
{
    static const QRegularExpression directive(u"^\\s*client_max_body_size\\s+(\\d+)\\s*;"_s,
                                              QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match
            = directive.match(QString::fromUtf8(NginxFront::shippedConfig()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

// A multipart/form-data body of exactly totalBytes: the transaction file (fileBytes, one
// valid row) in "file" and the rest in a "padding" field the upload route ignores. Built by
// hand because the test needs its exact size.
QByteArray uploadBody(qint64 fileBytes, qint64 totalBytes)
{
    QByteArray file = WorkloadScenario::header + "2026-03-15,ACC-9,1.00,EUR,";
    file += QByteArray(fileBytes - file.size() - 1, 'x');
    file += '\n';
    const QByteArray head = "--" + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"limit.csv\"\r\n"
              "Content-Type: text/csv\r\n\r\n";
    const QByteArray middle
            = "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"padding\"\r\n\r\n";
    const QByteArray tail = "\r\n--" + boundary + "--\r\n";
    const qint64 padding = totalBytes - head.size() - file.size() - middle.size() - tail.size();
    if (padding < 0)
        return {};
    return head + file + middle + QByteArray(padding, 'p') + tail;
}

} // namespace

class tst_NginxFront final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bodyLimitIsTheUploadRoutes();
    void deploymentGuideShowsTheShippedSite();
    void readsAndWritesPassThrough();
    void streamIsUpgradedThroughTheFront();
    void uploadAtTheBodyLimitPasses();
    void fileOverTheServiceLimitGetsTheServices413();
    void bodyOverTheLimitGets413InTheServicesShape();
    void deadInstanceIsAQuick502UntilRestarted();

private:
    ApiResponse upload(const QByteArray &body);

    ClusterHarness m_cluster{1};
    std::unique_ptr<ApiClient> m_front;
    std::unique_ptr<ApiClient> m_direct;
};

void tst_NginxFront::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    m_front = std::make_unique<ApiClient>(&m_cluster.instance(0));
    m_front->setBaseUrl(m_cluster.frontUrl());
    m_direct = std::make_unique<ApiClient>(&m_cluster.instance(0));
}

ApiResponse tst_NginxFront::upload(const QByteArray &body)
{
    return m_front->send(
            ApiRequest::raw("POST", u"/api/files/upload"_s, alice, body,
                            {{"Content-Type", "multipart/form-data; boundary=" + boundary}}),
            uploadTimeoutMs);
}

void tst_NginxFront::bodyLimitIsTheUploadRoutes()
{
    QCOMPARE(shippedBodyLimit(), uploadLimitBytes + multipartAllowanceBytes);
}

void tst_NginxFront::deploymentGuideShowsTheShippedSite()
{
    QFile guide(QStringLiteral(OPTRACK_SOURCE_DIR "/docs/deployment.md"));
    QVERIFY(guide.open(QIODevice::ReadOnly));
    static const QRegularExpression block(u"```nginx\\n(.*?)```"_s,
                                          QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = block.match(QString::fromUtf8(guide.readAll()));
    QVERIFY2(match.hasMatch(), "docs/deployment.md has no nginx block");
    const auto directives = [](const QString &text) {
        QStringList lines;
        for (const QString &line : text.split(u'\n')) {
            const QString trimmed = line.trimmed();
            if (!trimmed.isEmpty() && !trimmed.startsWith(u'#'))
                lines.append(trimmed);
        }
        return lines;
    };
    // The guide's lines, in the shipped file's order (the guide leaves the error pages out).
    const QStringList shipped = directives(QString::fromUtf8(NginxFront::shippedConfig()));
    qsizetype next = 0;
    for (const QString &line : directives(match.captured(1))) {
        const qsizetype at = shipped.indexOf(line, next);
        QVERIFY2(at >= 0, qPrintable(u"not in the shipped site, or out of order: "_s + line));
        next = at + 1;
    }
}

void tst_NginxFront::readsAndWritesPassThrough()
{
    ApiScenario scenario(*m_front);
    const QJsonObject created = scenario.create(alice,
                                                {{u"operationType"_s, u"nginx.votes"_s},
                                                 {u"approval"_s, QJsonObject{{u"required"_s, 1}}}});
    QVERIFY(!created.isEmpty());
    const QString path = operationPath(idOf(created));

    const ApiResponse waiting
            = m_front->patch(path, alice, {{u"status"_s, u"waiting_for_approval"_s}});
    EXPECT_STATUS(waiting, 200);
    QCOMPARE(statusOf(waiting.json), u"waiting_for_approval"_s);
    const ApiResponse vote
            = m_front->post(path + u"/votes"_s, bob, {{u"decision"_s, u"approve"_s}});
    EXPECT_STATUS(vote, 200);

    const ApiResponse throughFront = m_front->get(path, sam);
    EXPECT_STATUS(throughFront, 200);
    QCOMPARE(statusOf(throughFront.json), u"approved"_s);
    const ApiResponse direct = m_direct->get(path, sam);
    EXPECT_STATUS(direct, 200);
    QCOMPARE(withoutEstimate(throughFront.json), withoutEstimate(direct.json));
    // Conditional reads pass through too: the ETag is the service's.
    const ApiResponse again
            = m_front->get(path, sam, {{"If-None-Match", throughFront.header("ETag")}});
    EXPECT_STATUS(again, 304);
}

void tst_NginxFront::streamIsUpgradedThroughTheFront()
{
    StreamRecorder stream(&m_cluster.instance(0));
    stream.setBaseUrl(m_cluster.frontUrl());
    stream.open(sam);
    QTRY_VERIFY2_WITH_TIMEOUT(stream.isConnected() || stream.hadError(),
                              "the stream neither opened nor failed", 10'000);
    QVERIFY2(stream.isConnected(), qPrintable(stream.errorString()));

    ApiScenario scenario(*m_front);
    const QJsonObject created = scenario.create(alice, {{u"operationType"_s, u"nginx.stream"_s}});
    QVERIFY(!created.isEmpty());
    QTRY_VERIFY(stream.sawOperation(idOf(created)));
    const ApiResponse moved = m_front->patch(operationPath(idOf(created)), alice,
                                             {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(moved, 200);
    QTRY_VERIFY(stream.sawVersionAtLeast(idOf(created), versionOf(moved.json)));
    QVERIFY(stream.isConnected());
}

void tst_NginxFront::uploadAtTheBodyLimitPasses()
{
    const qint64 limit = shippedBodyLimit();
    QVERIFY(limit > uploadLimitBytes);
    const QByteArray body = uploadBody(uploadLimitBytes, limit);
    QCOMPARE(body.size(), limit);
    const ApiResponse answer = upload(body);
    EXPECT_STATUS(answer, 202);
    QVERIFY(answer.json.value(u"operationId"_s).isString());
}

void tst_NginxFront::fileOverTheServiceLimitGetsTheServices413()
{
    // Within nginx's limit, over the service's: the service itself refuses, naming its limit.
    const QByteArray body = uploadBody(uploadLimitBytes + 1, uploadLimitBytes + 1024);
    QVERIFY(!body.isEmpty());
    const ApiResponse answer = upload(body);
    EXPECT_STATUS(answer, 413);
    ApiScenario::expectErrorBody(answer, u"payload_too_large"_s);
    QVERIFY2(answer.errorMessage().contains(QString::number(uploadLimitBytes)),
             qPrintable(answer.describe()));
}

void tst_NginxFront::bodyOverTheLimitGets413InTheServicesShape()
{
    // nginx refuses on the head alone: no body needs to be sent.
    RawHttpClient client;
    QVERIFY(client.connectTo(m_cluster.front().port()));
    client.send(RawHttpClient::head(
            "POST", "/api/files/upload",
            {"Authorization: Bearer " + m_cluster.instance(0).token(alice).toUtf8(),
             "Content-Type: multipart/form-data; boundary=" + boundary,
             "Content-Length: " + QByteArray::number(shippedBodyLimit() + 1)}));
    const RawHttpClient::Answer answer = client.readAnswer();
    QCOMPARE(answer.status, 413);
    QVERIFY2(answer.header("Content-Type").startsWith("application/json"),
             answer.header("Content-Type").constData());
    const QJsonObject json = QJsonDocument::fromJson(answer.body).object();
    QCOMPARE(json.value(u"code"_s).toString(), u"payload_too_large"_s);
    QVERIFY(!json.value(u"error"_s).toString().isEmpty());
}

void tst_NginxFront::deadInstanceIsAQuick502UntilRestarted()
{
    ApiScenario scenario(*m_front);
    const QJsonObject created = scenario.create(alice, {{u"operationType"_s, u"nginx.kill"_s}});
    QVERIFY(!created.isEmpty());
    const QString path = operationPath(idOf(created));

    m_cluster.kill(0);
    QElapsedTimer elapsed;
    elapsed.start();
    const ApiResponse down = m_front->get(path, alice);
    QVERIFY2(elapsed.elapsed() < deadInstanceAnswerMs,
             qPrintable(u"the 502 took %1 ms"_s.arg(elapsed.elapsed())));
    EXPECT_STATUS(down, 502);
    ApiScenario::expectErrorBody(down, u"unavailable"_s);
    QCOMPARE(down.retryAfterSeconds(), std::optional<qint64>(1));

    QVERIFY2(m_cluster.restart(0), qPrintable(m_cluster.errorString()));
    const ApiResponse back = m_front->get(path, alice);
    EXPECT_STATUS(back, 200);
    QCOMPARE(versionOf(back.json), versionOf(created));
    const ApiResponse written = m_front->patch(path, alice, {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(written, 200);
}

QTEST_GUILESS_MAIN(tst_NginxFront)

#include "tst_nginxfront.moc"
