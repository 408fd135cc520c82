#include "apiconnection.h"
#include "filesclient.h"
#include "operationcodec.h"
#include "operationsclient.h"
#include "rawhttpserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

QByteArray operationJson(const QString &id = u"op_1"_s)
{
    Operation operation;
    operation.operationId = id;
    operation.operationType = u"file_upload"_s;
    operation.status = OperationStatus::InProgress;
    operation.progressPercentage = 40;
    operation.version = 7;
    operation.createdAt = QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);
    operation.updatedAt = operation.createdAt;
    operation.context = QJsonObject{{u"userId"_s, u"alice"_s}};
    return QJsonDocument(codec::toJson(operation)).toJson(QJsonDocument::Compact);
}

QByteArray jsonAnswer(int status, const QByteArray &reason, const QByteArray &body,
                      const QByteArray &extraHeaders = {})
{
    return RawHttpServer::response(status, reason, "application/json", body, extraHeaders);
}

/// The value of one header line in a raw request (the server under test is ours).
bool rawHasHeader(const QByteArray &raw, const QByteArray &line)
{
    return raw.contains(QByteArray("\r\n" + line + "\r\n"));
}

} // namespace

/// Reading replies through Qt's real HTTP stack: every answer, however broken, ends in
/// a category with a sentence, and nothing crashes.
class tst_ApiCall final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void errorCodesCarryTheServiceSentence_data();
    void errorCodesCarryTheServiceSentence();
    void brokenAnswersAreCategorised_data();
    void brokenAnswersAreCategorised();
    void successIsDecoded();
    void refusedConnectionCannotConnect();
    void silentServiceTimesOut();
    void abortEndsTheCall();
    void handlerSkippedWhenReceiverIsGone();
    void resendKeepsTheIdempotencyKey();
    void uploadIsMultipartWithProgress();
    void uploadOfMissingFileIsALocalError();
    void downloadWritesTheFileOnlyWhenComplete();

private:
    ApiStatus runFetch();

    std::unique_ptr<RawHttpServer> m_server;
    std::unique_ptr<ApiConnection> m_connection;
};

void tst_ApiCall::init()
{
    m_server = std::make_unique<RawHttpServer>();
    QVERIFY(m_server->start());
    m_connection = std::make_unique<ApiConnection>();
    m_connection->setEndpoint(m_server->baseUrl(), u"secret-token"_s);
}

void tst_ApiCall::cleanup()
{
    m_connection.reset();
    m_server.reset();
}

ApiStatus tst_ApiCall::runFetch()
{
    OperationsClient client(m_connection.get());
    ApiStatus handled;
    bool handlerRan = false;
    ApiCall *call
            = client.fetch(u"op_1"_s, {}, this, [&](const ApiStatus &status, const Operation &) {
                  handled = status;
                  handlerRan = true;
              });
    QSignalSpy finished(call, &ApiCall::finished);
    if (!finished.wait(10'000))
        return ApiStatus::failure(ErrorCategory::None, u"no answer"_s);
    const auto status = finished.at(0).at(0).value<ApiStatus>();
    if (!handlerRan || handled != status)
        return ApiStatus::failure(ErrorCategory::None, u"handler disagrees"_s);
    return status;
}

void tst_ApiCall::errorCodesCarryTheServiceSentence_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("code");
    QTest::addColumn<ErrorCategory>("category");

    QTest::newRow("400") << 400 << "Bad Request"_ba << u"bad_request"_s
                         << ErrorCategory::BadRequest;
    QTest::newRow("401") << 401 << "Unauthorized"_ba << u"unauthorized"_s
                         << ErrorCategory::Unauthorised;
    QTest::newRow("403") << 403 << "Forbidden"_ba << u"forbidden"_s << ErrorCategory::Forbidden;
    QTest::newRow("404") << 404 << "Not Found"_ba << u"not_found"_s << ErrorCategory::NotFound;
    QTest::newRow("409") << 409 << "Conflict"_ba << u"conflict"_s << ErrorCategory::Conflict;
    QTest::newRow("413") << 413 << "Payload Too Large"_ba << u"payload_too_large"_s
                         << ErrorCategory::PayloadTooLarge;
    QTest::newRow("500") << 500 << "Internal Server Error"_ba << u"internal"_s
                         << ErrorCategory::ServiceError;
}

void tst_ApiCall::errorCodesCarryTheServiceSentence()
{
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, reason);
    QFETCH(QString, code);
    QFETCH(ErrorCategory, category);

    const QString sentence = u"Sentence %1 from the service: do this."_s.arg(httpStatus);
    const QJsonObject error{{u"error"_s, sentence}, {u"code"_s, code}};
    m_server->enqueue(jsonAnswer(httpStatus, reason, QJsonDocument(error).toJson()));

    const ApiStatus status = runFetch();
    QCOMPARE(status.category, category);
    QCOMPARE(status.httpStatus, httpStatus);
    QCOMPARE(status.message, sentence);
    QCOMPARE(status.code, code);
}

void tst_ApiCall::brokenAnswersAreCategorised_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<ErrorCategory>("category");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("malformed JSON")
            << jsonAnswer(200, "OK", R"({"operationId": "op_1", "status": )")
            << ErrorCategory::UnreadableAnswer << u"not valid JSON"_s;
    QTest::newRow("wrong types") << jsonAnswer(
            200, "OK",
            QByteArray(operationJson()).replace(R"("status":"in_progress")", R"("status":5)"))
                                 << ErrorCategory::UnreadableAnswer << u"status"_s;
    QTest::newRow("a list, not an object")
            << jsonAnswer(200, "OK", "[1, 2, 3]") << ErrorCategory::UnreadableAnswer
            << u"not a JSON object"_s;
    QTest::newRow("empty 200") << jsonAnswer(200, "OK", {}) << ErrorCategory::UnreadableAnswer
                               << u"not valid JSON"_s;
    QTest::newRow("truncated body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                          "900\r\nConnection: close\r\n\r\n{\"operationId\": \"op_1\", \"sta")
            << ErrorCategory::UnreadableAnswer << u"cut off"_s;
    QTest::newRow("HTML 502 from a proxy")
            << RawHttpServer::response(502, "Bad Gateway", "text/html",
                                       "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>")
            << ErrorCategory::ServiceError << u"502"_s;
    QTest::newRow("HTML 200 from a captive portal")
            << RawHttpServer::response(200, "OK", "text/html", "<html>Sign in to Wi-Fi</html>")
            << ErrorCategory::UnreadableAnswer << u"not valid JSON"_s;
    QTest::newRow("500 without a body") << jsonAnswer(500, "Internal Server Error", {})
                                        << ErrorCategory::ServiceError << u"500"_s;
    QTest::newRow("error with a number for a sentence")
            << jsonAnswer(404, "Not Found", R"({"error": 42})") << ErrorCategory::NotFound
            << u"Refresh"_s;
    QTest::newRow("not HTTP at all") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n")
                                     << ErrorCategory::CannotConnect << u"closed the connection"_s;
}

void tst_ApiCall::brokenAnswersAreCategorised()
{
    QFETCH(QByteArray, answer);
    QFETCH(ErrorCategory, category);
    QFETCH(QString, mentions);

    // Qt sends a request again (up to three times) when a connection ends without an
    // answer it can read; enough copies of the answer cover that.
    constexpr int attempts = 4;
    for (int i = 0; i < attempts; ++i)
        m_server->enqueue(answer);
    const ApiStatus status = runFetch();
    QCOMPARE(status.category, category);
    QVERIFY2(status.message.contains(mentions), qPrintable(status.message));
    QVERIFY(status.message.endsWith(u'.') || status.message.endsWith(u')'));
}

void tst_ApiCall::successIsDecoded()
{
    m_server->enqueue(
            jsonAnswer(200, "OK", operationJson(u"op_9"_s), "ETag: \"v7\"\r\nRetry-After: 3\r\n"));
    OperationsClient client(m_connection.get());
    Operation received;
    ApiCall *call
            = client.fetch(u"op_9"_s, {}, this, [&](const ApiStatus &, const Operation &operation) {
                  received = operation;
              });
    call->setAutoDelete(false);
    QSignalSpy finished(call, &ApiCall::finished);
    QVERIFY(finished.wait());
    QVERIFY2(call->status().ok(), qPrintable(call->status().message));
    QCOMPARE(received.operationId, u"op_9"_s);
    QCOMPARE(received.progressPercentage, 40.0);
    QCOMPARE(call->etag(), "\"v7\""_ba);
    QCOMPARE(call->retryAfter(), std::chrono::seconds(3));

    const QByteArray request = m_server->received().at(0);
    QVERIFY(request.startsWith("GET /api/operations/op_9 HTTP/1.1\r\n"));
    QVERIFY(rawHasHeader(request, "Authorization: Bearer secret-token"));
    QVERIFY(rawHasHeader(request, "User-Agent: Optrack/" OPTRACK_VERSION));
    delete call;
}

void tst_ApiCall::refusedConnectionCannotConnect()
{
    const QUrl url = m_server->baseUrl();
    m_server->close();
    m_connection->setEndpoint(url, u"t"_s);
    const ApiStatus status = runFetch();
    QCOMPARE(status.category, ErrorCategory::CannotConnect);
    QCOMPARE(status.httpStatus, 0);
    QVERIFY(status.message.contains(u"refused"_s));
}

void tst_ApiCall::silentServiceTimesOut()
{
    m_server->enqueue(RawHttpServer::Answer{{}, "\r\n\r\n", true});
    m_connection->setTransferTimeout(std::chrono::milliseconds(300));
    const ApiStatus status = runFetch();
    QCOMPARE(status.category, ErrorCategory::TimedOut);
    QVERIFY2(status.message.contains(u"in time"_s), qPrintable(status.message));
}

void tst_ApiCall::abortEndsTheCall()
{
    m_server->enqueue(RawHttpServer::Answer{{}, "\r\n\r\n", true});
    OperationsClient client(m_connection.get());
    ApiStatus handled;
    ApiCall *call
            = client.cancel(u"op_1"_s, u"no longer needed"_s, this,
                            [&](const ApiStatus &status, const Operation &) { handled = status; });
    QSignalSpy finished(call, &ApiCall::finished);
    QTRY_COMPARE(m_server->received().size(), 1);
    QVERIFY(call->isRunning());
    call->abort();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(handled.category, ErrorCategory::Aborted);
    QVERIFY(!handled.message.isEmpty());
}

void tst_ApiCall::handlerSkippedWhenReceiverIsGone()
{
    m_server->enqueue(jsonAnswer(200, "OK", operationJson()));
    OperationsClient client(m_connection.get());
    auto receiver = std::make_unique<QObject>();
    bool handlerRan = false;
    ApiCall *call = client.fetch(u"op_1"_s, {}, receiver.get(),
                                 [&](const ApiStatus &, const Operation &) { handlerRan = true; });
    QSignalSpy finished(call, &ApiCall::finished);
    receiver.reset();
    QVERIFY(finished.wait());
    QVERIFY(!handlerRan);
}

void tst_ApiCall::resendKeepsTheIdempotencyKey()
{
    m_server->enqueue(jsonAnswer(500, "Internal Server Error", R"({"error":"Disk full."})"));
    m_server->enqueue(
            jsonAnswer(202, "Accepted", R"({"operationId":"op_export","status":"initiated"})"));
    m_server->enqueue(
            jsonAnswer(202, "Accepted", R"({"operationId":"op_other","status":"initiated"})"));

    FilesClient files(m_connection.get());
    QList<ApiStatus> outcomes;
    QString operationId;
    ApiCall *call
            = files.exportData(ExportFormat::Csv, u"2026-11"_s, this,
                               [&](const ApiStatus &status, const AcceptedOperation &accepted) {
                                   outcomes.append(status);
                                   operationId = accepted.operationId;
                               });
    call->setAutoDelete(false);
    QSignalSpy finished(call, &ApiCall::finished);
    QVERIFY(finished.wait());
    QCOMPARE(outcomes.at(0).category, ErrorCategory::ServiceError);
    QCOMPARE(outcomes.at(0).message, u"Disk full."_s);
    const QString key = call->idempotencyKey();
    QVERIFY(!key.isEmpty());

    call->send();
    QVERIFY(finished.wait());
    QVERIFY(outcomes.at(1).ok());
    QCOMPARE(operationId, u"op_export"_s);

    ApiCall *other = files.exportData(ExportFormat::Csv, u"2026-11"_s);
    QSignalSpy otherFinished(other, &ApiCall::finished);
    QVERIFY(otherFinished.wait());

    const QList<QByteArray> received = m_server->received();
    QCOMPARE(received.size(), 3);
    const QByteArray header = "Idempotency-Key: " + key.toLatin1();
    QVERIFY(rawHasHeader(received.at(0), header));
    QVERIFY(rawHasHeader(received.at(1), header));
    QVERIFY(received.at(2).contains("Idempotency-Key: "));
    QVERIFY(!rawHasHeader(received.at(2), header));
    delete call;
}

void tst_ApiCall::uploadIsMultipartWithProgress()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"report \"q1\".csv"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray header = "date,account,amount,currency,description\n";
    QByteArray content = header;
    while (content.size() < 256 * 1024)
        content += "2026-11-29,ACC-1,12.50,EUR,coffee\n";
    file.write(content);
    file.close();

    m_server->enqueue(RawHttpServer::Answer{
            jsonAnswer(202, "Accepted",
                       R"({"operationId":"op_up","status":"initiated","message":"Validating"})"),
            "coffee\n\r\n--"});
    FilesClient files(m_connection.get());
    AcceptedOperation accepted;
    ApiCall *call
            = files.upload(path, this, [&](const ApiStatus &, const AcceptedOperation &result) {
                  accepted = result;
              });
    QSignalSpy progress(call, &ApiCall::uploadProgress);
    QSignalSpy finished(call, &ApiCall::finished);
    QVERIFY(finished.wait(10'000));
    QVERIFY(finished.at(0).at(0).value<ApiStatus>().ok());
    QCOMPARE(accepted.operationId, u"op_up"_s);
    QCOMPARE(accepted.message, u"Validating"_s);
    // Qt reports (0, 0) once the upload is over; the rows before it count up to the total.
    qint64 largestTotal = 0;
    bool reachedTotal = false;
    for (const QList<QVariant> &row : std::as_const(progress)) {
        largestTotal = std::max(largestTotal, row.at(1).toLongLong());
        reachedTotal = reachedTotal || (row.at(0).toLongLong() == largestTotal && largestTotal > 0);
    }
    QVERIFY(largestTotal > content.size());
    QVERIFY(reachedTotal);

    const QByteArray request = m_server->received().at(0);
    QVERIFY(request.startsWith("POST /api/files/upload HTTP/1.1\r\n"));
    QVERIFY(request.contains("Content-Type: multipart/form-data; boundary="));
    QVERIFY(request.contains(
            R"(Content-Disposition: form-data; name="file"; filename="report _q1_.csv")"));
    QVERIFY(request.contains(content));
    QVERIFY(request.contains("\r\nIdempotency-Key: "));
}

void tst_ApiCall::uploadOfMissingFileIsALocalError()
{
    FilesClient files(m_connection.get());
    ApiCall *call = files.upload(u"/nonexistent/transactions.csv"_s);
    QSignalSpy finished(call, &ApiCall::finished);
    QVERIFY(finished.wait());
    const auto status = finished.at(0).at(0).value<ApiStatus>();
    QCOMPARE(status.category, ErrorCategory::LocalFile);
    QVERIFY(status.message.contains(u"transactions.csv"_s));
    QVERIFY(m_server->received().isEmpty());
}

void tst_ApiCall::downloadWritesTheFileOnlyWhenComplete()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(u"export.csv"_s);
    {
        QFile existing(target);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("old export\n");
    }
    FilesClient files(m_connection.get());

    // A failed download leaves the old file alone.
    m_server->enqueue(jsonAnswer(409, "Conflict", R"({"error":"The export is still running."})"));
    ApiCall *failing = files.downloadExport(u"op_x"_s, target);
    QSignalSpy failed(failing, &ApiCall::finished);
    QVERIFY(failed.wait());
    QCOMPARE(failed.at(0).at(0).value<ApiStatus>().category, ErrorCategory::Conflict);
    QCOMPARE(failed.at(0).at(0).value<ApiStatus>().message, u"The export is still running."_s);
    {
        QFile kept(target);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), "old export\n"_ba);
    }

    const QByteArray csv
            = "date,account,amount,currency,description,fileId\n2026-11-01,A,1.00,EUR,,f1\n";
    m_server->enqueue(RawHttpServer::response(200, "OK", "text/csv", csv));
    QString savedTo;
    ApiCall *call
            = files.downloadExport(u"op_x"_s, target, this,
                                   [&](const ApiStatus &, const QString &path) { savedTo = path; });
    QSignalSpy finished(call, &ApiCall::finished);
    QVERIFY(finished.wait());
    QVERIFY(finished.at(0).at(0).value<ApiStatus>().ok());
    QCOMPARE(savedTo, target);
    QFile saved(target);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), csv);
    QVERIFY(m_server->received().at(1).startsWith("GET /api/exports/op_x/download HTTP/1.1"));
}

QTEST_GUILESS_MAIN(tst_ApiCall)
#include "tst_apicall.moc"
