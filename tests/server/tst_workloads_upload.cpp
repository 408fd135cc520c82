// Upload of transaction files (POST /api/files/upload) against the real optrackd: the 202,
// the operation's steps and progress, the stored file and who sees it, bad rows at line N,
// the size limit, names that are only labels, bad requests, roles, cancel midway and
// Idempotency-Key replays.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - The upload operation's result carries the stored file (fileId, transactionCount) and its
//   context the fileId it would be stored under.
// - An upload needs the user role: approver, staff and admin accounts without it get 403.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"
#include "workloadscenario.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

Q_DECLARE_METATYPE(optrack::testing::ApiRequest)

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString bob = u"bob"_s;
const QString sam = u"sam"_s;
const QString ada = u"ada"_s;
const QString svc = u"svc"_s;

const QStringList uploadSteps{u"Receive file"_s, u"Validate rows"_s, u"Store file"_s};

constexpr qint64 smallUploadLimit = 2048;
// Far past the limit and the route's allowance for multipart framing.
constexpr qsizetype farOverLimitBytes = 200 * 1024;
// Enough rows that validating and storing them take far longer than a cancel needs to arrive.
constexpr int largeRows = 300'000;
constexpr int largeTimeoutMs = WorkloadScenario::settleTimeoutMs;
// The upload's progress when it has stored some rows (storing starts at 65).
constexpr double storeProgress = 66;
constexpr int cancelStopsWithinMs = 3'000;
constexpr int concurrentReplays = 6;

const QByteArray goodRow = "2026-03-01,ACC-1,12.50,EUR,Lunch\n";

QString uniqueName(const QString &prefix)
{
    return prefix + QUuid::createUuid().toString(QUuid::Id128).left(12) + u".csv"_s;
}

/// A valid file of exactly bytes bytes (one row whose description fills it up).
QByteArray fileOfSize(qsizetype bytes)
{
    QByteArray file = WorkloadScenario::header + "2026-03-15,ACC-9,1.00,EUR,";
    file += QByteArray(bytes - file.size() - 1, 'x');
    file += '\n';
    return file;
}

QStringList statusSequence(const QJsonArray &events)
{
    QStringList statuses;
    for (const QJsonValue &event : events) {
        const QString status = event.toObject().value(u"status"_s).toString();
        if (statuses.isEmpty() || statuses.last() != status)
            statuses.append(status);
    }
    return statuses;
}

} // namespace

class tst_WorkloadsUpload final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void uploadIsStoredAndListed();
    void filesAreListedByRole_data();
    void filesAreListedByRole();
    void badRowFailsAtItsLine_data();
    void badRowFailsAtItsLine();
    void failureReportsHowFarValidationGot();
    void quotedFieldsAreStoredExactly();
    void overTheSizeLimit_data();
    void overTheSizeLimit();
    void fileNameIsOnlyALabel_data();
    void fileNameIsOnlyALabel();
    void badRequest_data();
    void badRequest();
    void rolesWithoutUpload_data();
    void rolesWithoutUpload();
    void cancelMidwayLeavesNothing_data();
    void cancelMidwayLeavesNothing();
    void exportDuringStoreSeesNoPartialFile();
    void idempotencyKeyReplays();
    void forgedRetryReadsNothingOutside();

private:
    /// No file under the data directory is named after a client's file name.
    void expectFilesStoredById();
    /// The file of an upload that did not complete exists nowhere.
    void expectNothingStored(const QJsonObject &operation);
    /// Uploads largeRows rows dated date as alice and returns once the stream shows it in
    /// step untilStep (1: running; 3: some rows stored).
    void startLargeUpload(const QByteArray &date, int untilStep, QString *id);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client, sam};
    WorkloadScenario m_workloads{m_client};
    QString m_storedFileId;
};

void tst_WorkloadsUpload::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_WorkloadsUpload::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_WorkloadsUpload::expectFilesStoredById()
{
    static const QRegularExpression byId(u"\\Afile_[0-9a-f]{16}\\.csv\\z"_s);
    for (const QString &folder : {u"files"_s, u"uploads"_s}) {
        QDirIterator it(QDir(m_server.dataDir()).filePath(folder), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo info(it.next());
            QVERIFY2(byId.match(info.fileName()).hasMatch()
                             && info.absolutePath()
                                     == QDir(m_server.dataDir()).absoluteFilePath(folder),
                     qPrintable(u"unexpected file "_s + info.filePath()));
        }
    }
}

void tst_WorkloadsUpload::expectNothingStored(const QJsonObject &operation)
{
    const QString fileId = operation.value(u"context"_s).toObject().value(u"fileId"_s).toString();
    QVERIFY2(!fileId.isEmpty(), "the upload's context names no fileId");
    QVERIFY(m_workloads.listedFile(alice, fileId).isEmpty());
    QVERIFY(m_workloads.listedFile(sam, fileId).isEmpty());
    QVERIFY(!QFileInfo::exists(QDir(m_server.dataDir()).filePath(u"files/%1.csv"_s.arg(fileId))));
}

void tst_WorkloadsUpload::uploadIsStoredAndListed()
{
    const QByteArray content = WorkloadScenario::header + goodRow
            + "2026-03-02,\"ACC, 2\",-3.75,USD,\n" + "2026-03-03,ACC-3,+100,GBP,Rent\n";
    const QString name = uniqueName(u"report-"_s);
    const ApiResponse answer = m_client.upload(alice, content, name);
    EXPECT_STATUS(answer, 202);
    const QString id = answer.json.value(u"operationId"_s).toString();
    QVERIFY2(!id.isEmpty(), qPrintable(answer.describe()));
    QCOMPARE(answer.json.value(u"status"_s).toString(), u"initiated"_s);
    QVERIFY(!answer.json.value(u"message"_s).toString().trimmed().isEmpty());

    const QJsonObject done = m_workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(done), u"completed"_s);
    QCOMPARE(done.value(u"operationType"_s).toString(), u"file_upload"_s);
    QCOMPARE(ownerOf(done), alice);
    QCOMPARE(done.value(u"progressPercentage"_s).toDouble(), 100.0);
    QCOMPARE(done.value(u"steps"_s).toArray().toVariantList(),
             QJsonArray::fromStringList(uploadSteps).toVariantList());
    QCOMPARE(done.value(u"totalSteps"_s).toInt(), 3);
    QCOMPARE(done.value(u"currentStep"_s).toInt(), 3);
    QCOMPARE(done.value(u"context"_s).toObject().value(u"fileName"_s).toString(), name);
    const QJsonObject result = done.value(u"result"_s).toObject();
    QCOMPARE(result.value(u"transactionCount"_s).toInteger(), 3);
    const QString fileId = result.value(u"fileId"_s).toString();
    QVERIFY(!fileId.isEmpty());

    // The audit trail: pending, in progress, completed; progress rising through the steps.
    const QJsonArray events = m_workloads.events(id);
    QCOMPARE(events.first().toObject().value(u"kind"_s).toString(), u"created"_s);
    QCOMPARE(statusSequence(events), (QStringList{u"pending"_s, u"in_progress"_s, u"completed"_s}));
    double progress = 0;
    int step = 0;
    QSet<int> steps;
    QSet<double> progressValues;
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        const double p = event.value(u"progressPercentage"_s).toDouble();
        QVERIFY2(p >= progress, qPrintable(u"progress went back to %1"_s.arg(p)));
        progress = p;
        progressValues.insert(p);
        const int s = event.value(u"currentStep"_s).toInt();
        QVERIFY(s >= step);
        step = s;
        steps.insert(s);
    }
    QVERIFY2(progressValues.size() >= 4, "progress did not rise in steps before completing");
    QVERIFY(steps.contains(1) && steps.contains(2) && steps.contains(3));

    // Listed with its transaction count.
    const QJsonObject listed = m_workloads.listedFile(alice, fileId);
    QVERIFY2(!listed.isEmpty(), "the stored file is not listed");
    QCOMPARE(listed.value(u"fileName"_s).toString(), name);
    QCOMPARE(listed.value(u"fileSize"_s).toInteger(), content.size());
    QCOMPARE(listed.value(u"transactionCount"_s).toInteger(), 3);
    QCOMPARE(listed.value(u"owner"_s).toString(), alice);
    QVERIFY(isWireTime(listed.value(u"uploadedAt"_s)));
    m_storedFileId = fileId;
    expectFilesStoredById();
}

void tst_WorkloadsUpload::filesAreListedByRole_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("seesAlicesFile");
    QTest::newRow("owner") << alice << true;
    QTest::newRow("staff sees everyone's") << sam << true;
    QTest::newRow("admin sees everyone's") << ada << true;
    QTest::newRow("another user") << dave << false;
    QTest::newRow("approver") << bob << false;
}

void tst_WorkloadsUpload::filesAreListedByRole()
{
    QFETCH(QString, user);
    QFETCH(bool, seesAlicesFile);
    QVERIFY2(!m_storedFileId.isEmpty(), "uploadIsStoredAndListed must run first");
    QCOMPARE(m_workloads.fileIds(user).contains(m_storedFileId), seesAlicesFile);
    for (const QJsonValue &file : m_workloads.files(user)) {
        if (!seesAlicesFile)
            QCOMPARE(file.toObject().value(u"owner"_s).toString(), user);
    }
}

void tst_WorkloadsUpload::badRowFailsAtItsLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    const QByteArray &header = WorkloadScenario::header;
    QTest::newRow("bad currency at line 4")
            << header + goodRow + goodRow + "2026-03-01,A,1,usd,\n" + goodRow
            << u"Line 4: currency \"usd\" must be three capital letters (e.g. EUR)"_s;
    QTest::newRow("impossible date at line 2") << header + "2026-02-30,A,1,EUR,x\n"
                    + goodRow << u"Line 2: date \"2026-02-30\" is not a real calendar date"_s;
    QTest::newRow("decimal comma at line 3, no final newline")
            << header + goodRow + "2026-03-01,A,\"12,50\",EUR,"
            << u"Line 3: amount \"12,50\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("wrong header")
            << QByteArray("date;account;amount;currency;description\n") + goodRow
            << u"Line 1: the header must be date,account,amount,currency,description;"_s;
    QTest::newRow("embedded newlines count as lines")
            << header + "2026-03-01,A,1,EUR,\"one\ntwo\nthree\"\n2026-03-01,A,1,EUR,\"a\nb\"\n"
                    + "2026-03-01,A,1,usd,\n"
            << u"Line 7: currency \"usd\" must be three capital letters (e.g. EUR)"_s;
    QTest::newRow("quoted comma and doubled quotes, then too many columns") << header
                    + "2026-03-01,\"Smith, J\",1,EUR,\"say \"\"hi\"\"\"\n"
                    + "2026-03-01,B,12,50,EUR,\n" << u"Line 3: expected 5 columns, found 6"_s;
    QByteArray crlf = header + goodRow + "2026-03-01,A,1,EUR,\"a\nb\"\n2026-03-01,A,x,EUR,\n";
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF lines with an embedded line end")
            << crlf << u"Line 5: amount \"x\" is not a decimal number with a '.' (e.g. -12.50)"_s;
}

void tst_WorkloadsUpload::badRowFailsAtItsLine()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    const QStringList filesBefore = m_workloads.fileIds(alice);
    const QString id = m_workloads.startUpload(alice, content, uniqueName(u"bad-"_s));
    QVERIFY(!id.isEmpty());
    const QJsonObject done = m_workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(done), u"failed"_s);
    const QString message = done.value(u"errorMessage"_s).toString();
    QVERIFY2(message.startsWith(error), qPrintable(u"errorMessage: "_s + message));
    QVERIFY(done.value(u"result"_s).isNull() || done.value(u"result"_s).isUndefined());
    expectNothingStored(done);
    QCOMPARE(m_workloads.fileIds(alice), filesBefore);
}

// A large file's progress is counted in rows, and a failure stops where validation got:
// 30,000 of 50,000 rows read is 41 % (5 % before validation, 60 % for it), not the 5 % of
// the first report.
void tst_WorkloadsUpload::failureReportsHowFarValidationGot()
{
    constexpr int rows = 50'000;
    constexpr int badRow = 30'001;
    QByteArray content = WorkloadScenario::header;
    content.reserve(qsizetype(rows + 1) * goodRow.size());
    for (int row = 1; row <= rows; ++row)
        content += row == badRow ? QByteArray("2026-02-30,ACC-1,1.00,EUR,x\n") : goodRow;
    const QString id = m_workloads.startUpload(alice, content, uniqueName(u"late-error-"_s));
    QVERIFY(!id.isEmpty());
    const QJsonObject done = m_workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(done), u"failed"_s);
    const QString message = done.value(u"errorMessage"_s).toString();
    QVERIFY2(message.startsWith(u"Line 30002:"_s), qPrintable(message));
    const double progress = done.value(u"progressPercentage"_s).toDouble();
    QVERIFY2(progress >= 40.5 && progress <= 41.5, qPrintable(QString::number(progress)));
    QCOMPARE(done.value(u"stepDescription"_s).toString(), u"Validated 30,000 of 50,000 rows"_s);
    expectNothingStored(done);
}

// Quotes, commas and line ends inside fields survive the trip: the stored rows come back
// exactly in an export, and the file counts records, not lines.
void tst_WorkloadsUpload::quotedFieldsAreStoredExactly()
{
    const QByteArray content = WorkloadScenario::header
            + "2031-07-01,\"Smith, J\",1.00,EUR,\"two\nlines\"\n"
            + "2031-07-02,B,-2.5,USD,\"say \"\"hi\"\", then go\"\n" + "2031-07-03,C,0,CHF,\n";
    const QString fileId = m_workloads.uploadStored(alice, content, uniqueName(u"quoted-"_s));
    QVERIFY(!fileId.isEmpty());
    QCOMPARE(m_workloads.listedFile(alice, fileId).value(u"transactionCount"_s).toInteger(), 3);

    const QJsonArray rows = m_workloads.exportedRows(alice, u"2031-07"_s);
    QVERIFY(!QTest::currentTestFailed());
    const auto row = [&fileId](const QString &date, const QString &account, const QString &amount,
                               const QString &currency, const QString &description) {
        return QJsonObject{
                {u"date"_s, date},         {u"account"_s, account},         {u"amount"_s, amount},
                {u"currency"_s, currency}, {u"description"_s, description}, {u"fileId"_s, fileId}};
    };
    const QJsonArray expected{
            row(u"2031-07-01"_s, u"Smith, J"_s, u"1.00"_s, u"EUR"_s, u"two\nlines"_s),
            row(u"2031-07-02"_s, u"B"_s, u"-2.5"_s, u"USD"_s, u"say \"hi\", then go"_s),
            row(u"2031-07-03"_s, u"C"_s, u"0"_s, u"CHF"_s, QString())};
    QCOMPARE(rows, expected);
}

void tst_WorkloadsUpload::overTheSizeLimit_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("exactly the limit") << qsizetype(smallUploadLimit) << true;
    QTest::newRow("one byte over") << qsizetype(smallUploadLimit + 1) << false;
    QTest::newRow("far over, past the multipart allowance") << farOverLimitBytes << false;
}

void tst_WorkloadsUpload::overTheSizeLimit()
{
    QFETCH(qsizetype, size);
    QFETCH(bool, accepted);
    OptrackdProcess server;
    server.setExtraConfig({{u"uploadLimitBytes"_s, smallUploadLimit}});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient client(&server);
    WorkloadScenario workloads(client);

    const QByteArray content = fileOfSize(size);
    QCOMPARE(content.size(), size);
    const ApiResponse answer = client.upload(alice, content, u"big.csv"_s);
    if (accepted) {
        EXPECT_STATUS(answer, 202);
        const QJsonObject done
                = workloads.waitUntilTerminal(answer.json.value(u"operationId"_s).toString());
        QCOMPARE(statusOf(done), u"completed"_s);
        QCOMPARE(workloads.files(alice).size(), 1);
    } else {
        EXPECT_STATUS(answer, 413);
        ApiScenario::expectErrorBody(answer, u"payload_too_large"_s);
        // Nothing was created: no operation, no file, nothing kept.
        const ApiResponse all = client.get(u"/api/operations?scope=all"_s, svc);
        EXPECT_STATUS(all, 200);
        QVERIFY2(all.operations().isEmpty(), qPrintable(all.describe()));
        QVERIFY(workloads.files(alice).isEmpty());
        for (const QString &folder : {u"files"_s, u"uploads"_s}) {
            const QDir dir(QDir(server.dataDir()).filePath(folder));
            QVERIFY2(dir.entryList(QDir::Files | QDir::Hidden).isEmpty(),
                     qPrintable(dir.entryList(QDir::Files | QDir::Hidden).join(u", "_s)));
        }
    }
    QVERIFY2(server.stop(), qPrintable(server.errorString()));
}

void tst_WorkloadsUpload::fileNameIsOnlyALabel_data()
{
    QTest::addColumn<QString>("fileName");
    const QString tag = QUuid::createUuid().toString(QUuid::Id128).left(12);
    QTest::newRow("parent traversal") << u"../../optrack-traversal-%1.csv"_s.arg(tag);
    QTest::newRow("absolute path") << u"%1/optrack-absolute-%2.csv"_s.arg(QDir::tempPath(), tag);
    QTest::newRow("into the stored files") << u"../files/optrack-%1.csv"_s.arg(tag);
}

void tst_WorkloadsUpload::fileNameIsOnlyALabel()
{
    QFETCH(QString, fileName);
    const QByteArray content = WorkloadScenario::header + goodRow;
    const QString fileId = m_workloads.uploadStored(alice, content, fileName);
    QVERIFY(!fileId.isEmpty());
    const QJsonObject listed = m_workloads.listedFile(alice, fileId);
    QCOMPARE(listed.value(u"fileName"_s).toString(), fileName);

    // The bytes are kept by id inside the data directory, and nowhere the name points.
    QFile stored(QDir(m_server.dataDir()).filePath(u"files/%1.csv"_s.arg(fileId)));
    QVERIFY2(stored.open(QIODevice::ReadOnly), qPrintable(stored.fileName()));
    QCOMPARE(stored.readAll(), content);
    const QDir data(m_server.dataDir());
    const QStringList bases{data.path(), data.filePath(u"files"_s), data.filePath(u"uploads"_s),
                            data.filePath(u"exports"_s)};
    for (const QString &base : bases) {
        const QString target = QDir::cleanPath(QDir(base).filePath(fileName));
        QVERIFY2(!QFileInfo::exists(target), qPrintable(u"written to "_s + target));
    }
    expectFilesStoredById();
}

void tst_WorkloadsUpload::badRequest_data()
{
    QTest::addColumn<ApiRequest>("request");
    QTest::addColumn<QString>("field");
    const QByteArray content = WorkloadScenario::header + goodRow;
    QTest::newRow("no file field") << ApiRequest::multipart(u"/api/files/upload"_s, alice,
                                                            {{"document"_ba, u"a.csv"_s, content}})
                                   << u"file"_s;
    QTest::newRow("only a plain form field") << ApiRequest::multipart(
            u"/api/files/upload"_s, alice, {{"note"_ba, std::nullopt, "hello"_ba, {}}})
                                             << u"file"_s;
    QTest::newRow("JSON instead of multipart") << ApiRequest::raw(
            "POST"_ba, u"/api/files/upload"_s, alice, R"({"file": "date,account"})"_ba)
                                               << u"body|file|Content-Type"_s;
    QTest::newRow("CSV sent bare") << ApiRequest::raw("POST"_ba, u"/api/files/upload"_s, alice,
                                                      content, {{"Content-Type"_ba, "text/csv"_ba}})
                                   << u"body|file|Content-Type"_s;
    QTest::newRow("empty body") << ApiRequest::raw("POST"_ba, u"/api/files/upload"_s, alice, {})
                                << u"body|file|Content-Type"_s;
}

void tst_WorkloadsUpload::badRequest()
{
    QFETCH(ApiRequest, request);
    QFETCH(QString, field);
    const qint64 cursor = m_scenario.cursor();
    const QStringList filesBefore = m_workloads.fileIds(alice);
    ApiScenario::expectBadRequestNaming(m_client.send(request), field);
    m_scenario.expectNoChangeSince(cursor);
    QCOMPARE(m_workloads.fileIds(alice), filesBefore);
}

void tst_WorkloadsUpload::rolesWithoutUpload_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("status");
    QTest::newRow("approver only") << bob << 403;
    QTest::newRow("staff") << sam << 403;
    QTest::newRow("unknown token") << OptrackdProcess::unknownUser << 401;
    QTest::newRow("no token") << QString() << 401;
}

void tst_WorkloadsUpload::rolesWithoutUpload()
{
    QFETCH(QString, user);
    QFETCH(int, status);
    const qint64 cursor = m_scenario.cursor();
    const ApiResponse answer
            = m_client.upload(user, WorkloadScenario::header + goodRow, u"x.csv"_s);
    EXPECT_STATUS(answer, status);
    ApiScenario::expectErrorBody(answer, status == 403 ? u"forbidden"_s : u"unauthorized"_s);
    m_scenario.expectNoChangeSince(cursor);
}

void tst_WorkloadsUpload::startLargeUpload(const QByteArray &date, int untilStep, QString *id)
{
    const QByteArray content = WorkloadScenario::generatedFile(largeRows, date);
    StreamRecorder stream(&m_server);
    stream.open(alice);
    QTRY_VERIFY(stream.isConnected());
    *id = m_workloads.startUpload(alice, content, uniqueName(u"large-"_s));
    QVERIFY(!id->isEmpty());
    // Storing reports progress above storeProgress; validating stays below it.
    const auto reached = [&] {
        const QJsonObject op = stream.latest(*id);
        if (untilStep < 3)
            return statusOf(op) == u"in_progress"_s;
        return op.value(u"currentStep"_s).toInt() == 3
                && op.value(u"progressPercentage"_s).toDouble() > storeProgress;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
            reached()
                    || WorkloadScenario::terminalStatuses().contains(statusOf(stream.latest(*id))),
            largeTimeoutMs);
    QVERIFY2(reached(),
             qPrintable(u"the upload ended before step %1 was seen (raise largeRows?): %2"_s
                                .arg(untilStep)
                                .arg(statusOf(stream.latest(*id)))));
}

void tst_WorkloadsUpload::cancelMidwayLeavesNothing_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<QByteArray>("date");
    QTest::newRow("as soon as it runs") << 1 << "2032-01-15"_ba;
    QTest::newRow("while storing rows") << 3 << "2032-02-15"_ba;
}

// A cancel midway ends the upload cancelled: nothing listed, nothing stored under files/, no
// row in an export asked for right after, and no progress after the cancel.
void tst_WorkloadsUpload::cancelMidwayLeavesNothing()
{
    QFETCH(int, step);
    QFETCH(QByteArray, date);
    QString id;
    startLargeUpload(date, step, &id);
    if (QTest::currentTestFailed())
        return;

    const ApiResponse cancel
            = m_client.post(operationPath(id, u"/cancel"_s), alice, {{u"reason"_s, u"too big"_s}});
    QVERIFY2(cancel.status == 200,
             qPrintable(u"the upload could not be cancelled midway (raise largeRows?): "_s
                        + cancel.describe()));
    const QJsonObject cancelled = cancel.json.value(u"operation"_s).toObject();
    QCOMPARE(statusOf(cancelled), u"cancelled"_s);
    // The cancel met the upload midway: at the step the stream showed or later, short of
    // the end. Without that the checks below would prove nothing.
    QVERIFY2(cancelled.value(u"currentStep"_s).toInt() >= step,
             qPrintable(u"cancelled at step %1"_s.arg(cancelled.value(u"currentStep"_s).toInt())));
    QVERIFY(cancelled.value(u"progressPercentage"_s).toDouble() < 100);

    // Nothing of it is exported, listed or stored.
    const QString month = QString::fromLatin1(date.left(7));
    QCOMPARE(m_workloads.exportedRows(alice, month), QJsonArray());
    expectNothingStored(cancelled);
    // And its work stopped: the operation reads as it was cancelled, and no .part is left.
    const QJsonObject after = m_workloads.operation(id);
    QCOMPARE(statusOf(after), u"cancelled"_s);
    QCOMPARE(versionOf(after), versionOf(cancelled));
    QCOMPARE(m_workloads.events(id).last().toObject().value(u"kind"_s).toString(), u"cancel"_s);
    QCOMPARE(m_workloads.exportedRows(sam, month), QJsonArray());
    QTRY_VERIFY_WITH_TIMEOUT(!QDirIterator(m_server.dataDir(), {u"*.part"_s}, QDir::Files,
                                           QDirIterator::Subdirectories)
                                      .hasNext(),
                             cancelStopsWithinMs);
}

// An export that runs while an upload stores its rows sees none of them (the file is not
// stored yet) or, once it is, all of them: never part of a file.
void tst_WorkloadsUpload::exportDuringStoreSeesNoPartialFile()
{
    QString id;
    startLargeUpload("2032-03-15"_ba, 3, &id);
    if (QTest::currentTestFailed())
        return;
    const QString exportId = m_workloads.startExport(alice, u"csv"_s, u"2032-03"_s);
    QVERIFY(!exportId.isEmpty());
    const QJsonObject exported = m_workloads.waitUntilTerminal(exportId);
    QCOMPARE(statusOf(exported), u"completed"_s);
    // The export began while the upload stored its rows (startLargeUpload saw step 3) and
    // ended before the upload did: the two overlapped, so the file was not stored yet.
    const QJsonObject upload = m_workloads.operation(id);
    QVERIFY2(statusOf(upload) == u"in_progress"_s,
             qPrintable(u"the upload was %1 before the export ended (raise largeRows?)"_s.arg(
                     statusOf(upload))));
    const qint64 rows = exported.value(u"result"_s).toObject().value(u"rows"_s).toInteger(-1);
    QVERIFY2(rows == 0 || rows == largeRows,
             qPrintable(u"the export holds %1 rows of a file still being stored"_s.arg(rows)));

    // Once stored, the file is exported whole.
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(id, largeTimeoutMs)), u"completed"_s);
    const QJsonObject after
            = m_workloads.waitUntilTerminal(m_workloads.startExport(alice, u"csv"_s, u"2032-03"_s));
    QCOMPARE(statusOf(after), u"completed"_s);
    QCOMPARE(after.value(u"result"_s).toObject().value(u"rows"_s).toInteger(-1), qint64(largeRows));
}

void tst_WorkloadsUpload::idempotencyKeyReplays()
{
    const QByteArray key = "upload-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QByteArray content = WorkloadScenario::header + goodRow;
    const QString name = uniqueName(u"once-"_s);
    const HeaderList headers{{"Idempotency-Key"_ba, key}};

    const ApiResponse first = m_client.upload(alice, content, name, headers);
    EXPECT_STATUS(first, 202);
    const QString id = first.json.value(u"operationId"_s).toString();
    const ApiResponse again = m_client.upload(alice, content, name, headers);
    EXPECT_STATUS(again, 202);
    QCOMPARE(again.json.value(u"operationId"_s).toString(), id);
    QCOMPARE(again.json.value(u"status"_s).toString(), u"initiated"_s);

    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(id)), u"completed"_s);
    // A replay after completion still answers the first request's operation.
    const ApiResponse late = m_client.upload(alice, content, name, headers);
    EXPECT_STATUS(late, 202);
    QCOMPARE(late.json.value(u"operationId"_s).toString(), id);
    int listed = 0;
    for (const QJsonValue &file : m_workloads.files(alice))
        listed += file.toObject().value(u"fileName"_s).toString() == name ? 1 : 0;
    QCOMPARE(listed, 1);

    // The same key with another file is a conflict, and makes nothing.
    const qint64 cursor = m_scenario.cursor();
    const ApiResponse other = m_client.upload(alice, content + goodRow, name, headers);
    EXPECT_STATUS(other, 409);
    ApiScenario::expectErrorBody(other, u"conflict"_s);
    m_scenario.expectNoChangeSince(cursor);

    // The same request several times at once, with a fresh key: one operation, one file.
    const HeaderList fresh{
            {"Idempotency-Key"_ba, "race-" + QUuid::createUuid().toByteArray(QUuid::Id128)}};
    const QString raceName = uniqueName(u"race-"_s);
    QList<ApiRequest> together;
    for (int i = 0; i < concurrentReplays; ++i) {
        together.append(ApiRequest::multipart(u"/api/files/upload"_s, alice,
                                              {{"file"_ba, raceName, content}}, fresh));
    }
    QSet<QString> raced;
    for (const ApiResponse &response : m_client.sendAll(together)) {
        EXPECT_STATUS(response, 202);
        raced.insert(response.json.value(u"operationId"_s).toString());
    }
    QCOMPARE(raced.size(), 1);
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(*raced.cbegin())), u"completed"_s);
    int racedFiles = 0;
    for (const QJsonValue &file : m_workloads.files(alice))
        racedFiles += file.toObject().value(u"fileName"_s).toString() == raceName ? 1 : 0;
    QCOMPARE(racedFiles, 1);

    // Keys are per user: dave's same key is a request of his own.
    const ApiResponse daves = m_client.upload(dave, content, name, headers);
    EXPECT_STATUS(daves, 202);
    QVERIFY(daves.json.value(u"operationId"_s).toString() != id);
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(daves.json.value(u"operationId"_s).toString())),
             u"completed"_s);
}

// A file_upload made through POST /api/operations whose context points its fileId outside the
// kept uploads cannot be retried into a stored file: retry reads only uploads kept by id.
void tst_WorkloadsUpload::forgedRetryReadsNothingOutside()
{
    QTemporaryDir outside;
    QVERIFY(outside.isValid());
    QFile secret(outside.filePath(u"secret.csv"_s));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(WorkloadScenario::header + "2036-01-01,SECRET,1,EUR,not yours\n");
    secret.close();
    const QString uploads = QDir(m_server.dataDir()).filePath(u"uploads"_s);
    const QString fileId = QDir(uploads).relativeFilePath(outside.filePath(u"secret"_s));
    QVERIFY(fileId.startsWith(u"../"_s));

    const ApiResponse created = m_client.post(
            u"/api/operations"_s, alice,
            {{u"operationType"_s, u"file_upload"_s},
             {u"entityId"_s, u"forged"_s},
             {u"context"_s, QJsonObject{{u"fileId"_s, fileId}, {u"fileName"_s, u"stolen.csv"_s}}}});
    if (created.status != 201) {
        // Refusing built-in types on the generic route is as good.
        QVERIFY2(created.status == 400 || created.status == 403, qPrintable(created.describe()));
        return;
    }
    const QString id = idOf(created.json);
    EXPECT_STATUS(m_client.patch(operationPath(id), alice,
                                 {{u"status"_s, u"failed"_s}, {u"errorMessage"_s, u"forged"_s}}),
                  200);
    const ApiResponse retry = m_client.post(operationPath(id, u"/retry"_s), alice);
    if (retry.status == 202) {
        m_workloads.waitUntilTerminal(retry.json.value(u"operationId"_s).toString());
    } else {
        EXPECT_STATUS(retry, 409);
    }
    for (const QJsonValue &file : m_workloads.files(alice))
        QVERIFY(file.toObject().value(u"fileName"_s).toString() != u"stolen.csv"_s);
    QCOMPARE(m_workloads.exportedRows(alice, u"2036"_s), QJsonArray());
}

QTEST_GUILESS_MAIN(tst_WorkloadsUpload)
#include "tst_workloads_upload.moc"
