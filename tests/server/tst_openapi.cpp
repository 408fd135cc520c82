// The OpenAPI 3.1 description (docs/openapi.json): served at /api/openapi.json as it is in
// docs/, valid against the OpenAPI 3.1 schema, and true to the service: real answers of every
// route (successes and errors) are checked against it by tests/server/openapi/validate.py
// (python3-jsonschema; skipped with a message only when that is missing). Where a python3
// has openapi-spec-validator (not packaged in Debian 12: pip), it checks the description too.

#include "apiclient.h"
#include "apihelpers.h"
#include "optrackdprocess.h"
#include "workloadscenario.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString bob = u"bob"_s;
const QString sam = u"sam"_s;
const QString svc = u"svc"_s;
const QString documentPath = QStringLiteral(OPTRACK_SOURCE_DIR "/docs/openapi.json");
const QString schemaPath
        = QStringLiteral(OPTRACK_SOURCE_DIR "/tests/server/openapi/oas-3.1-schema-2022-10-07.json");
const QString validatorPath
        = QStringLiteral(OPTRACK_SOURCE_DIR "/tests/server/openapi/validate.py");
constexpr int maxBodyBytes = 1024;
constexpr int validatorTimeoutMs = 120'000;
constexpr int exitSkipped = 77;

/// Debian's python3, whose python3-jsonschema the validator needs.
QString python()
{
    const QString debian = u"/usr/bin/python3"_s;
    return QFile::exists(debian) ? debian : QStandardPaths::findExecutable(u"python3"_s);
}

} // namespace

class tst_OpenApi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void descriptionIsServedAsInDocs();
    void descriptionIsValidOpenApi();
    void openApiSpecValidatorAccepts();
    void answersMatchTheDescription();

private:
    /// Runs validate.py; QSKIP when python3-jsonschema is missing.
    void validate(const QStringList &extraArguments);
    void record(const ApiResponse &response);
    void recordStatus(const QString &method, const QString &path, int status);
    QString waitFor(const QString &operationId, const QString &status);

    OptrackdProcess m_server;
    std::unique_ptr<ApiClient> m_client;
    QJsonArray m_answers;
};

void tst_OpenApi::initTestCase()
{
    m_server.setExtraConfig(
            {{u"metricsListen"_s, u"127.0.0.1:0"_s},
             {u"maxBodyBytes"_s, maxBodyBytes},
             {u"approvalPolicies"_s,
              QJsonObject{{u"file_deletion"_s, QJsonObject{{u"requiredApprovals"_s, 1}}}}}});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_client = std::make_unique<ApiClient>(&m_server);
}

void tst_OpenApi::validate(const QStringList &extraArguments)
{
    if (python().isEmpty())
        QSKIP("python3 is not installed: the description cannot be validated");
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(python(), QStringList{validatorPath, schemaPath, documentPath} + extraArguments);
    QVERIFY(process.waitForFinished(validatorTimeoutMs));
    const QByteArray output = process.readAll();
    if (process.exitCode() == exitSkipped)
        QSKIP("python3-jsonschema is not installed (Debian: python3-jsonschema; scripts/setup "
              "installs it): the description cannot be validated");
    QVERIFY2(process.exitCode() == 0, output.constData());
}

void tst_OpenApi::record(const ApiResponse &response)
{
    const QStringList request = response.requestLine.split(u' ');
    QJsonObject answer{{u"method"_s, request.value(0)},
                       {u"path"_s, QUrl(request.value(1)).path()},
                       {u"status"_s, response.status},
                       {u"contentType"_s, QString::fromLatin1(response.header("Content-Type"))}};
    const QJsonDocument body = QJsonDocument::fromJson(response.body);
    answer.insert(u"body"_s,
                  body.isObject()                   ? QJsonValue(body.object())
                          : body.isArray()          ? QJsonValue(body.array())
                          : response.body.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                    : QJsonValue(QString::fromUtf8(response.body)));
    m_answers.append(answer);
}

void tst_OpenApi::recordStatus(const QString &method, const QString &path, int status)
{
    m_answers.append(QJsonObject{{u"method"_s, method},
                                 {u"path"_s, path},
                                 {u"status"_s, status},
                                 {u"contentType"_s, QString()},
                                 {u"body"_s, QJsonValue::Null}});
}

QString tst_OpenApi::waitFor(const QString &operationId, const QString &status)
{
    WorkloadScenario workloads(*m_client, sam);
    return statusOf(workloads.waitForStatus(operationId, {status}));
}

void tst_OpenApi::descriptionIsServedAsInDocs()
{
    QFile file(documentPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray inDocs = file.readAll();
    const ApiResponse served = m_client->get(u"/api/openapi.json"_s, alice);
    EXPECT_STATUS(served, 200);
    QCOMPARE(served.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(served.body, inDocs);
    QCOMPARE(served.json.value(u"openapi"_s).toString(), u"3.1.0"_s);
    QCOMPARE(served.json[u"info"_s][u"version"_s].toString(), QStringLiteral(OPTRACK_VERSION));
    EXPECT_STATUS(m_client->get(u"/api/openapi.json"_s, QString()), 401);
}

void tst_OpenApi::descriptionIsValidOpenApi()
{
    validate({});
}

void tst_OpenApi::openApiSpecValidatorAccepts()
{
    // The python3 found first on PATH (a virtual environment's), else Debian's.
    QStringList pythons{QStandardPaths::findExecutable(u"python3"_s), u"/usr/bin/python3"_s};
    pythons.removeAll(QString());
    pythons.removeDuplicates();
    for (const QString &python : std::as_const(pythons)) {
        QProcess probe;
        probe.start(python, {u"-c"_s, u"import openapi_spec_validator"_s});
        if (!probe.waitForFinished(validatorTimeoutMs) || probe.exitCode() != 0)
            continue;
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(python, {u"-m"_s, u"openapi_spec_validator"_s, documentPath});
        QVERIFY(process.waitForFinished(validatorTimeoutMs));
        const QByteArray output = process.readAll();
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                 output.constData());
        QVERIFY2(output.contains(": OK"), output.constData());
        return;
    }
    QSKIP("No python3 here has openapi-spec-validator (not packaged in Debian 12; pip install "
          "openapi-spec-validator): the OpenAPI 3.1 schema check above still ran");
}

void tst_OpenApi::answersMatchTheDescription()
{
    ApiClient &client = *m_client;
    record(client.get(u"/healthz"_s, QString()));
    record(client.get(u"/api/openapi.json"_s, alice));
    record(client.get(u"/api/openapi.json"_s, QString()));
    record(client.get(u"/api/me"_s, alice));

    // An operation with an approval, through its life.
    const ApiResponse created = client.post(u"/api/operations"_s, alice,
                                            {{u"operationType"_s, u"doc.archive"_s},
                                             {u"entityId"_s, u"e1"_s},
                                             {u"steps"_s, QJsonArray{u"Approve"_s, u"Archive"_s}},
                                             {u"approval"_s, QJsonObject{{u"required"_s, 1}}}},
                                            {{"Idempotency-Key", "openapi-1"}});
    EXPECT_STATUS(created, 201);
    record(created);
    const QString id = idOf(created.json);
    record(client.post(u"/api/operations"_s, alice, {{u"entityId"_s, u"e"_s}}));
    record(client.get(operationPath(id), alice));
    record(client.get(operationPath(id), alice, {{"If-None-Match", created.header("ETag")}}));
    record(client.get(operationPath(id, u"/status"_s), alice));
    record(client.get(operationPath(id), dave));
    record(client.get(operationPath(u"op_0000000000000000"_s), alice));
    record(client.patch(operationPath(id), svc,
                        {{u"status"_s, u"waiting_for_approval"_s}, {u"currentStep"_s, 1}}));
    record(client.patch(operationPath(id), svc, {{u"status"_s, u"approved"_s}}));
    record(client.post(operationPath(id, u"/votes"_s), bob, {{u"decision"_s, u"approve"_s}}));
    record(client.post(operationPath(id, u"/votes"_s), bob, {{u"decision"_s, u"approve"_s}}));
    record(client.post(operationPath(id, u"/votes"_s), bob, {{u"decision"_s, u"maybe"_s}}));
    record(client.patch(operationPath(id), svc,
                        {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 50}}));
    const ApiResponse events = client.get(operationPath(id, u"/events"_s), alice);
    record(events);
    record(client.get(operationPath(id, u"/events"_s), alice,
                      {{"If-None-Match", events.header("ETag")}}));
    record(client.post(operationPath(id, u"/cancel"_s), alice, {{u"reason"_s, u"done"_s}}));
    record(client.post(operationPath(id, u"/cancel"_s), alice));
    record(client.post(
            u"/api/operations"_s, alice,
            {{u"operationType"_s, u"x"_s}, {u"entityId"_s, QString(maxBodyBytes, u'x')}}));

    // Lists: a page, a delta, 304, and refusals.
    const ApiResponse page = client.get(u"/api/operations?scope=all&limit=2"_s, sam);
    record(page);
    record(client.get(u"/api/operations?scope=all&limit=2"_s, sam,
                      {{"If-None-Match", page.header("ETag")}}));
    record(client.get(u"/api/operations?since=0"_s, alice));
    record(client.get(u"/api/operations?scope=all"_s, alice));
    record(client.get(u"/api/operations?limit=0"_s, alice));
    record(client.get(u"/api/operations?scope=all&sort=status&order=asc&offset=1&q=e"_s, sam));
    record(client.get(u"/api/operations?sort=size"_s, alice));
    // Counts: each scope, 304, and refusals.
    const ApiResponse counts = client.get(u"/api/operations/counts?scope=all"_s, sam);
    record(counts);
    record(client.get(u"/api/operations/counts?scope=all"_s, sam,
                      {{"If-None-Match", counts.header("ETag")}}));
    record(client.get(u"/api/operations/counts"_s, alice));
    record(client.get(u"/api/operations/counts?scope=approvals"_s, bob));
    record(client.get(u"/api/operations/counts?scope=all"_s, alice));
    record(client.get(u"/api/operations/counts?scope=some"_s, alice));

    // Files and the workloads: upload, export (both formats), deletion, retry.
    WorkloadScenario workloads(client, sam);
    const ApiResponse upload = client.upload(
            alice, WorkloadScenario::header + "2026-03-15,ACME-1,12.50,EUR,Coffee\n", u"m.csv"_s);
    record(upload);
    QCOMPARE(waitFor(idOf(upload.json.value(u"operation"_s).toObject()), u"completed"_s),
             u"completed"_s);
    record(client.upload(bob, WorkloadScenario::header, u"b.csv"_s));
    const ApiResponse badUpload
            = client.upload(alice, WorkloadScenario::header + "not,a,row\n", u"bad.csv"_s);
    record(badUpload);
    const QString badId = idOf(badUpload.json.value(u"operation"_s).toObject());
    QCOMPARE(waitFor(badId, u"failed"_s), u"failed"_s);
    const ApiResponse files = client.get(u"/api/files"_s, alice);
    record(files);
    const QString fileId = files.json[u"files"_s][0][u"fileId"_s].toString();
    for (const QString &format : {u"csv"_s, u"json"_s}) {
        const ApiResponse exported
                = client.post(u"/api/data/export"_s, alice,
                              {{u"format"_s, format}, {u"dateRange"_s, u"2026-03"_s}});
        record(exported);
        const QString exportId = idOf(exported.json.value(u"operation"_s).toObject());
        QCOMPARE(waitFor(exportId, u"completed"_s), u"completed"_s);
        record(client.get(u"/api/exports/%1/download"_s.arg(exportId), alice));
        record(client.get(u"/api/exports/%1/download"_s.arg(exportId), dave));
    }
    record(client.post(u"/api/data/export"_s, alice, {{u"format"_s, u"xml"_s}}));
    record(client.get(u"/api/exports/op_0000000000000000/download"_s, alice));
    record(client.post(operationPath(badId, u"/retry"_s), alice));
    record(client.post(
            operationPath(idOf(upload.json.value(u"operation"_s).toObject()), u"/retry"_s), alice));
    record(client.request("DELETE", u"/api/files/"_s + fileId, alice));
    record(client.request("DELETE", u"/api/files/file_0000000000000000"_s, alice));

    // Metrics: the summary and Prometheus on its own address.
    record(client.get(u"/api/metrics/summary"_s, sam));
    record(client.get(u"/api/metrics/summary"_s, alice));
    record(client.get(u"/api/metrics/summary?windowHours=0"_s, sam));
    record(client.get(m_server.metricsUrl().toString(), QString()));
    QUrl elsewhere = m_server.metricsUrl();
    elsewhere.setPath(u"/other"_s);
    const ApiResponse other = client.get(elsewhere.toString(), QString());
    EXPECT_STATUS(other, 404);
    QJsonObject otherAnswer{{u"method"_s, u"GET"_s},
                            {u"path"_s, u"/metrics"_s},
                            {u"status"_s, 404},
                            {u"contentType"_s, QString::fromLatin1(other.header("Content-Type"))},
                            {u"body"_s, other.json}};
    m_answers.append(otherAnswer);

    // The stream: a plain GET, and a WebSocket upgrade.
    record(client.get(u"/api/stream"_s, alice));
    record(client.get(u"/api/stream"_s, QString()));
    QWebSocket socket;
    QUrl streamUrl = m_server.baseUrl();
    streamUrl.setScheme(u"ws"_s);
    streamUrl.setPath(u"/api/stream"_s);
    streamUrl.setQuery(u"access_token="_s + m_server.token(alice));
    socket.open(streamUrl);
    QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
    recordStatus(u"GET"_s, u"/api/stream"_s, 101);
    socket.close();

    QTemporaryDir dir;
    QFile answers(dir.filePath(u"answers.json"_s));
    QVERIFY(answers.open(QIODevice::WriteOnly));
    answers.write(QJsonDocument(m_answers).toJson());
    answers.close();
    validate({answers.fileName()});
}

QTEST_GUILESS_MAIN(tst_OpenApi)
#include "tst_openapi.moc"
