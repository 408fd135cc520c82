// Built-in workloads across a SIGKILL and a restart on the same data directory: an upload or
// an export killed midway ends failed ("Interrupted") with nothing of it left, a deletion
// waiting for approval keeps waiting (and holding its file), an approved deletion finishes.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - An interrupted upload or export is failed at restart with an errorMessage that starts
//   with "Interrupted", and may be retried.

#include "apiclient.h"
#include "apihelpers.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"
#include "workloadscenario.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

#include <functional>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString bob = u"bob"_s;
const QString sam = u"sam"_s;

constexpr int largeRows = 300'000;
// Fewer for the export: writing them still takes far longer than the kill needs to arrive.
constexpr int exportRows = 150'000;
constexpr int largeTimeoutMs = WorkloadScenario::settleTimeoutMs;
// The upload's progress once it has stored some rows (storing starts at 65).
constexpr double storeProgress = 66;
const QString interrupted = u"Interrupted"_s;

QString filePath(const QString &fileId)
{
    return u"/api/files/"_s + fileId;
}

} // namespace

class tst_WorkloadsRestart final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void killedUploadIsInterrupted();
    void killedExportIsInterrupted();
    void waitingDeletionSurvives();
    void approvedDeletionFinishes();

private:
    /// Starts work with start() (its operation id), kills the server as soon as the stream
    /// shows ready(operation), then starts the server again.
    void killWhen(const std::function<QString()> &start,
                  const std::function<bool(const QJsonObject &)> &ready, QString *operationId);
    QStringList partFiles() const;

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    WorkloadScenario m_workloads{m_client};
};

void tst_WorkloadsRestart::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_WorkloadsRestart::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

QStringList tst_WorkloadsRestart::partFiles() const
{
    QStringList parts;
    QDirIterator it(m_server.dataDir(), {u"*.part"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        parts.append(it.next());
    return parts;
}

void tst_WorkloadsRestart::killWhen(const std::function<QString()> &start,
                                    const std::function<bool(const QJsonObject &)> &ready,
                                    QString *operationId)
{
    StreamRecorder stream(&m_server);
    stream.open(alice);
    QTRY_VERIFY(stream.isConnected());
    *operationId = start();
    QVERIFY(!operationId->isEmpty());
    const auto reached = [&] {
        const QJsonObject latest = stream.latest(*operationId);
        return !latest.isEmpty() && ready(latest);
    };
    const auto over = [&] {
        return WorkloadScenario::terminalStatuses().contains(statusOf(stream.latest(*operationId)));
    };
    QTRY_VERIFY_WITH_TIMEOUT(reached() || over(), largeTimeoutMs);
    QVERIFY2(reached(), "the work ended before the kill (raise largeRows?)");
    m_server.kill();
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_WorkloadsRestart::killedUploadIsInterrupted()
{
    const QByteArray content = WorkloadScenario::generatedFile(largeRows, "2035-01-15");
    QString id;
    // Killed while storing rows: some are in the database already.
    killWhen([&] { return m_workloads.startUpload(alice, content, u"killed.csv"_s); },
             [](const QJsonObject &op) {
                 return op.value(u"currentStep"_s).toInt() == 3
                         && op.value(u"progressPercentage"_s).toDouble() > storeProgress;
             },
             &id);
    if (QTest::currentTestFailed())
        return;

    const QJsonObject op = m_workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(op), u"failed"_s);
    QVERIFY2(op.value(u"errorMessage"_s).toString().startsWith(interrupted),
             qPrintable(op.value(u"errorMessage"_s).toString()));
    const QString fileId = op.value(u"context"_s).toObject().value(u"fileId"_s).toString();
    QVERIFY(m_workloads.listedFile(alice, fileId).isEmpty());
    QVERIFY(!QFileInfo::exists(QDir(m_server.dataDir()).filePath(u"files/%1.csv"_s.arg(fileId))));
    QCOMPARE(m_workloads.exportedRows(alice, u"2035-01"_s), QJsonArray());
    QCOMPARE(m_workloads.exportedRows(sam, u"2035"_s), QJsonArray());
    QVERIFY2(partFiles().isEmpty(), qPrintable(partFiles().join(u", "_s)));

    // A second restart changes nothing more.
    QVERIFY2(m_server.restart(), qPrintable(m_server.errorString()));
    QCOMPARE(m_workloads.operation(id), op);
}

void tst_WorkloadsRestart::killedExportIsInterrupted()
{
    const QString fileId = m_workloads.uploadStored(
            alice, WorkloadScenario::generatedFile(exportRows, "2035-06-15"), u"kept.csv"_s);
    QVERIFY(!fileId.isEmpty());
    QString id;
    killWhen([&] { return m_workloads.startExport(alice, u"csv"_s, u"2035"_s); },
             [](const QJsonObject &op) { return statusOf(op) == u"in_progress"_s; }, &id);
    if (QTest::currentTestFailed())
        return;

    const QJsonObject op = m_workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(op), u"failed"_s);
    QVERIFY2(op.value(u"errorMessage"_s).toString().startsWith(interrupted),
             qPrintable(op.value(u"errorMessage"_s).toString()));
    EXPECT_STATUS(m_client.get(u"/api/exports/%1/download"_s.arg(id), alice), 409);
    const QDir exports(QDir(m_server.dataDir()).filePath(u"exports"_s));
    QVERIFY2(exports.entryList({id + u".*"_s}, QDir::Files).isEmpty(),
             qPrintable(exports.entryList(QDir::Files).join(u", "_s)));
    QVERIFY2(partFiles().isEmpty(), qPrintable(partFiles().join(u", "_s)));

    // The stored file survived whole, and a retry exports all of it.
    QCOMPARE(m_workloads.listedFile(alice, fileId).value(u"transactionCount"_s).toInteger(),
             exportRows);
    const ApiResponse retry = m_client.post(operationPath(id, u"/retry"_s), alice);
    EXPECT_STATUS(retry, 202);
    const QJsonObject done = m_workloads.waitUntilTerminal(
            retry.json.value(u"operationId"_s).toString(), largeTimeoutMs);
    QCOMPARE(statusOf(done), u"completed"_s);
    QCOMPARE(done.value(u"result"_s).toObject().value(u"rows"_s).toInteger(), exportRows);
}

void tst_WorkloadsRestart::waitingDeletionSurvives()
{
    const QString fileId = m_workloads.uploadStored(
            alice, WorkloadScenario::header + "2035-09-01,A,1,EUR,x\n", u"wait.csv"_s);
    QVERIFY(!fileId.isEmpty());
    const ApiResponse asked
            = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), alice, {}));
    EXPECT_STATUS(asked, 202);
    const QString id = asked.json.value(u"operationId"_s).toString();

    m_server.kill();
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));

    const QJsonObject op = m_workloads.operation(id);
    QCOMPARE(statusOf(op), u"waiting_for_approval"_s);
    QCOMPARE(op.value(u"progressPercentage"_s).toDouble(), 10.0);
    QVERIFY(!m_workloads.listedFile(alice, fileId).isEmpty());
    // It still holds the file.
    const ApiResponse second
            = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), alice, {}));
    EXPECT_STATUS(second, 409);
    QVERIFY2(second.errorMessage().contains(id), qPrintable(second.describe()));

    EXPECT_STATUS(
            m_client.post(operationPath(id, u"/votes"_s), bob, {{u"decision"_s, u"approve"_s}}),
            200);
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(id)), u"completed"_s);
    QVERIFY(m_workloads.listedFile(alice, fileId).isEmpty());
    QCOMPARE(m_workloads.exportedRows(alice, u"2035-09"_s), QJsonArray());
}

// Killed as soon as the approving vote is answered: whether the deletion had run or not, the
// restarted service finishes it.
void tst_WorkloadsRestart::approvedDeletionFinishes()
{
    const QString fileId = m_workloads.uploadStored(
            alice, WorkloadScenario::header + "2035-10-01,A,1,EUR,x\n", u"approved.csv"_s);
    QVERIFY(!fileId.isEmpty());
    const ApiResponse asked
            = m_client.send(ApiRequest::raw("DELETE"_ba, filePath(fileId), alice, {}));
    EXPECT_STATUS(asked, 202);
    const QString id = asked.json.value(u"operationId"_s).toString();
    EXPECT_STATUS(
            m_client.post(operationPath(id, u"/votes"_s), bob, {{u"decision"_s, u"approve"_s}}),
            200);
    m_server.kill();
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));

    const QJsonObject op = m_workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(op), u"completed"_s);
    QVERIFY(m_workloads.listedFile(alice, fileId).isEmpty());
    QVERIFY(!QFileInfo::exists(QDir(m_server.dataDir()).filePath(u"files/%1.csv"_s.arg(fileId))));
    QCOMPARE(m_workloads.exportedRows(alice, u"2035-10"_s), QJsonArray());
}

QTEST_GUILESS_MAIN(tst_WorkloadsRestart)
#include "tst_workloads_restart.moc"
