// Faults the service must survive (docs/reliability.md, "Faults"): a full disk, SIGKILL in the
// middle of an upload, an export and a group commit, SIGSTOP/SIGCONT, and the wall clock
// jumping back. Each test starts its own optrackd.
#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"
#include "workloadscenario.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
constexpr int waitMs = 20'000;
constexpr int tmpfsMiB = 8;
constexpr int stopMs = 2500;
constexpr qint64 roomBytes = 128 * 1024;
/// Room for the rows of a large upload and its file.
constexpr int workloadTmpfsMiB = 48;
/// An export long enough that it is still running when the service is stopped after its 202.
constexpr int exportRows = 50'000;
const QString fakeTimeLibrary = u"/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"_s;

/// A small tmpfs mounted over a directory for the life of the object (needs root).
class TmpfsMount
{
public:
    TmpfsMount(const QString &path, int mebibytes)
        : m_path(path)
    {
        m_mounted = QProcess::execute(u"mount"_s,
                                      {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=%1m"_s.arg(mebibytes),
                                       u"tmpfs"_s, path})
                == 0;
    }
    ~TmpfsMount()
    {
        if (m_mounted)
            QProcess::execute(u"umount"_s, {u"-l"_s, m_path});
    }
    bool isMounted() const { return m_mounted; }

private:
    QString m_path;
    bool m_mounted = false;
};

/// Another directory mounted over a directory (mount --bind) for the life of the object.
class BindMount
{
public:
    BindMount(const QString &source, const QString &target)
        : m_target(target)
    {
        m_mounted = QProcess::execute(u"mount"_s, {u"--bind"_s, source, target}) == 0;
    }
    ~BindMount()
    {
        if (m_mounted)
            QProcess::execute(u"umount"_s, {u"-l"_s, m_target});
    }
    bool isMounted() const { return m_mounted; }

private:
    QString m_target;
    bool m_mounted = false;
};

/// Writes zeros to path until the file system refuses, in ever smaller pieces so that no
/// page is left; the bytes written.
qint64 fillDisk(const QString &path)
{
    qint64 written = 0;
    for (const qsizetype piece : {qsizetype(64 * 1024), qsizetype(4096), qsizetype(1)}) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
            return -1;
        const QByteArray chunk(piece, '\0');
        while (file.write(chunk) == piece)
            written += piece;
    }
    return written;
}

/// A read transaction on a SQLite database in WAL mode, held for the life of the object:
/// SQLite cannot start the WAL over while it lasts, so every commit needs new space.
class WalSnapshot
{
public:
    WalSnapshot(const QString &databasePath, const QString &connectionName)
        : m_connectionName(connectionName)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(databasePath);
        QSqlQuery read(db);
        m_held = db.open() && db.transaction() && read.exec(u"SELECT count(*) FROM sqlite_schema"_s)
                && read.next();
    }
    ~WalSnapshot() { release(); }
    bool isHeld() const { return m_held; }
    void release()
    {
        if (!QSqlDatabase::contains(m_connectionName))
            return;
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName);
            db.rollback();
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }

private:
    QString m_connectionName;
    bool m_held = false;
};

/// The value of one of the service's metrics (its `metricsListen` listener), -1 if absent.
qint64 metric(const OptrackdProcess &server, const QByteArray &name)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(server.metricsUrl()));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(waitMs))
        return -1;
    const QByteArray text = reply->readAll();
    delete reply;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(QByteArray(name + ' ')))
            return line.mid(name.size() + 1).toLongLong();
    }
    return -1;
}

} // namespace

class tst_Faults final : public QObject
{
    Q_OBJECT

private slots:
    void fullDiskRefusesAndRecovers();
    void uploadOnANearlyFullDiskFails();
    void workloadEndWaitsForSpace();
    void stoppedAndContinued();
    void clockJumpsBack();

private:
    static QStringList partFiles(const OptrackdProcess &server);
};

void tst_Faults::fullDiskRefusesAndRecovers()
{
    OptrackdProcess server;
    TmpfsMount mount(server.dataDir(), tmpfsMiB);
    if (!mount.isMounted())
        QSKIP("mounting a tmpfs needs root (CAP_SYS_ADMIN)");
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    WorkloadScenario workloads(api);

    QHash<QString, qint64> acknowledged; // id -> version the service answered
    const auto create = [&](const QString &name) {
        const ApiResponse created = api.post(u"/api/operations"_s, alice,
                                             {{u"operationType"_s, u"t.disk"_s},
                                              {u"entityId"_s, name},
                                              {u"displayName"_s, name}});
        if (created.status == 201)
            acknowledged.insert(idOf(created.json), versionOf(created.json));
        return created;
    };
    for (int i = 0; i < 20; ++i)
        EXPECT_STATUS(create(u"before-%1"_s.arg(i)), 201);
    const QString first = acknowledged.keys().constFirst();

    const QString filler = QDir(server.dataDir()).filePath(u"filler"_s);
    QVERIFY(fillDisk(filler) > 0);

    // Every change is refused with 507 and a sentence; nothing is taken half.
    const auto expectFull = [](const ApiResponse &response) {
        EXPECT_STATUS(response, 507);
        QCOMPARE(response.errorCode(), u"insufficient_storage"_s);
        QVERIFY2(response.errorMessage().contains(u"disk is full"_s),
                 qPrintable(response.describe()));
    };
    for (int i = 0; i < 5; ++i) {
        expectFull(create(u"refused-%1"_s.arg(i)));
        if (QTest::currentTestFailed())
            return;
    }
    expectFull(api.patch(operationPath(first), alice, {{u"progressPercentage"_s, 10}}));
    expectFull(api.upload(alice, WorkloadScenario::generatedFile(2000), u"full.csv"_s));
    expectFull(api.post(u"/api/data/export"_s, alice,
                        {{u"format"_s, u"csv"_s}, {u"dateRange"_s, u"2026"_s}}));
    if (QTest::currentTestFailed())
        return;
    // Reads go on: they never wait for the disk.
    EXPECT_STATUS(api.get(operationPath(first), alice), 200);
    EXPECT_STATUS(api.get(u"/api/operations?scope=mine&limit=1000"_s, alice), 200);

    // Space comes back: the service takes changes again by itself.
    QVERIFY(QFile::remove(filler));
    QElapsedTimer recovery;
    recovery.start();
    QTRY_COMPARE_WITH_TIMEOUT(create(u"after"_s).status, 201, waitMs);
    qInfo() << "first change taken" << recovery.elapsed() << "ms after space came back";
    const QString fileId
            = workloads.uploadStored(alice, WorkloadScenario::generatedFile(20), u"after.csv"_s);
    QVERIFY(!fileId.isEmpty());

    // Nothing acknowledged is lost, and nothing refused appears, across a SIGKILL.
    server.kill();
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const ApiResponse all = api.get(u"/api/operations?scope=mine&limit=1000"_s, alice);
    EXPECT_STATUS(all, 200);
    QHash<QString, qint64> found;
    for (const QJsonValue &value : all.operations()) {
        const QJsonObject op = value.toObject();
        found.insert(idOf(op), versionOf(op));
        QVERIFY2(!op.value(u"displayName"_s).toString().startsWith(u"refused-"_s),
                 qPrintable(idOf(op)));
    }
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
        QVERIFY2(found.contains(it.key()), qPrintable(it.key()));
        QVERIFY(found.value(it.key()) >= it.value());
    }
    QVERIFY(!workloads.listedFile(alice, fileId).isEmpty());
    QVERIFY2(partFiles(server).isEmpty(), qPrintable(partFiles(server).join(u", "_s)));
}

void tst_Faults::uploadOnANearlyFullDiskFails()
{
    // Room for the upload's operation, not for its file: the upload is accepted, cannot keep
    // the file, and fails with a sentence; no partial file stays behind.
    OptrackdProcess server;
    TmpfsMount mount(server.dataDir(), tmpfsMiB);
    if (!mount.isMounted())
        QSKIP("mounting a tmpfs needs root (CAP_SYS_ADMIN)");
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    WorkloadScenario workloads(api);
    const QString filler = QDir(server.dataDir()).filePath(u"filler"_s);
    QVERIFY(fillDisk(filler) > 0);
    QVERIFY(QFile(filler).resize(QFileInfo(filler).size() - roomBytes));
    const QString id = workloads.startUpload(alice, WorkloadScenario::generatedFile(20'000),
                                             u"toobig.csv"_s);
    QVERIFY(!id.isEmpty());
    const QJsonObject done = workloads.waitUntilTerminal(id);
    QCOMPARE(statusOf(done), u"failed"_s);
    const QString message = done.value(u"errorMessage"_s).toString();
    QVERIFY2(message.contains(u"could not be kept"_s), qPrintable(message));
    QVERIFY2(partFiles(server).isEmpty(), qPrintable(partFiles(server).join(u", "_s)));
    QVERIFY(workloads.files(alice).isEmpty());
}

void tst_Faults::workloadEndWaitsForSpace()
{
    // A workload that ends while the disk is full: its end is not lost and does not leave the
    // operation running; it is saved by itself once space returns (JobRunner::settle).
    OptrackdProcess server;
    server.setExtraConfig({{u"metricsListen"_s, u"127.0.0.1:0"_s}});
    TmpfsMount mount(server.dataDir(), workloadTmpfsMiB);
    if (!mount.isMounted())
        QSKIP("mounting a tmpfs needs root (CAP_SYS_ADMIN)");
    QTemporaryDir otherDisk;
    const QString exportsDir = QDir(server.dataDir()).filePath(u"exports"_s);
    QVERIFY(QDir().mkpath(exportsDir));
    // The export's file on another disk: the work succeeds, only its end cannot be saved.
    BindMount exportsMount(otherDisk.path(), exportsDir);
    QVERIFY(exportsMount.isMounted());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    // A read transaction on each database for the length of the fault: SQLite can then neither
    // start a WAL over, in space it already has, nor truncate or delete one (which would give
    // the full disk space back), so every commit needs new space.
    WalSnapshot operations(QDir(server.dataDir()).filePath(u"optrack.db"_s), u"operations"_s);
    WalSnapshot files(QDir(server.dataDir()).filePath(u"files.db"_s), u"files"_s);
    QVERIFY(operations.isHeld());
    QVERIFY(files.isHeld());
    ApiClient api(&server);
    WorkloadScenario workloads(api);
    QVERIFY(!workloads
                     .uploadStored(alice, WorkloadScenario::generatedFile(exportRows),
                                   u"large.csv"_s)
                     .isEmpty());

    const QString id = workloads.startExport(alice, u"csv"_s, u"2026"_s);
    QVERIFY(!id.isEmpty());
    // Stopped at once, so the export cannot end before the disk is full.
    QCOMPARE(::kill(pid_t(server.processId()), SIGSTOP), 0);
    const QString filler = QDir(server.dataDir()).filePath(u"filler"_s);
    const qint64 filled = fillDisk(filler);
    QCOMPARE(::kill(pid_t(server.processId()), SIGCONT), 0);
    QVERIFY(filled > 0);

    // The work is done (its file is in place), and its end was refused by the store, and
    // refused again when the runner tried once more.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(QDir(exportsDir).filePath(id + u".csv"_s)), waitMs);
    const qint64 refusedBefore = metric(server, "optrack_store_failed_transactions_total");
    QVERIFY(refusedBefore >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(
            metric(server, "optrack_store_failed_transactions_total") >= refusedBefore + 2, waitMs);
    const ApiResponse during = api.get(operationPath(id), alice);
    EXPECT_STATUS(during, 200);
    QVERIFY2(!WorkloadScenario::terminalStatuses().contains(statusOf(during.json)),
             qPrintable(statusOf(during.json)));

    operations.release();
    files.release();
    QVERIFY(QFile::remove(filler));
    QElapsedTimer recovery;
    recovery.start();
    const QJsonObject done = workloads.waitUntilTerminal(id);
    qInfo() << "the end was saved" << recovery.elapsed() << "ms after space came back";
    QCOMPARE(statusOf(done), u"completed"_s);
    QCOMPARE(done.value(u"result"_s).toObject().value(u"rows"_s).toInteger(), exportRows);
    const ApiResponse download = api.get(u"/api/exports/%1/download"_s.arg(id), alice);
    EXPECT_STATUS(download, 200);
    QCOMPARE(download.body.count('\n'), exportRows + 1);

    // The end survives a SIGKILL.
    server.kill();
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(statusOf(api.get(operationPath(id), alice).json), u"completed"_s);
}

void tst_Faults::stoppedAndContinued()
{
    // SIGSTOP for longer than the idle timeout, with requests and a stream waiting: after
    // SIGCONT every request is answered once, the stream carries every change once, in order.
    OptrackdProcess server;
    server.setExtraConfig({{u"http"_s, QJsonObject{{u"idleTimeoutMs"_s, 1000}}}});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    StreamRecorder stream(&server);
    stream.open(alice);
    QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected() && !stream.otherMessages().isEmpty(), waitMs);

    QCOMPARE(::kill(pid_t(server.processId()), SIGSTOP), 0);
    constexpr int requests = 20;
    QList<ApiResponse> answers;
    for (int i = 0; i < requests; ++i) {
        api.sendAsync(ApiRequest::post(u"/api/operations"_s, alice,
                                       {{u"operationType"_s, u"t.stop"_s},
                                        {u"entityId"_s, u"e%1"_s.arg(i)}}),
                      [&answers](const ApiResponse &response) { answers.append(response); });
    }
    QTest::qWait(stopMs); // the fault: the service does not run for this long
    QVERIFY(answers.isEmpty());
    QCOMPARE(::kill(pid_t(server.processId()), SIGCONT), 0);

    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), requests, waitMs);
    QSet<QString> created;
    for (const ApiResponse &answer : std::as_const(answers)) {
        EXPECT_STATUS(answer, 201);
        created.insert(idOf(answer.json));
    }
    QCOMPARE(created.size(), requests);
    QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(created.cbegin(), created.cend(),
                        [&](const QString &id) { return stream.sawOperation(id); }),
            waitMs);
    QVERIFY(stream.isConnected());
    QCOMPARE(stream.operations().size(), requests); // each once
    qint64 last = 0;
    for (const QJsonObject &op : stream.operations()) {
        QVERIFY(versionOf(op) > last);
        last = versionOf(op);
    }
    EXPECT_STATUS(api.get(u"/healthz"_s, {}), 200);
}

void tst_Faults::clockJumpsBack()
{
    // libfaketime moves the service's wall clock (not its monotonic clock, as when an
    // administrator or NTP sets the time) by what the test writes into a file.
    if (!QFileInfo::exists(fakeTimeLibrary))
        QSKIP("libfaketime is not installed (scripts/setup installs it)");
    QTemporaryDir clockDir;
    const QString clockFile = clockDir.filePath(u"offset"_s);
    const auto setOffset = [&](const QByteArray &offset) {
        QFile file(clockFile);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(offset) > 0;
    };
    QVERIFY(setOffset("+0"));
    QProcessEnvironment environment;
    environment.insert(u"LD_PRELOAD"_s, fakeTimeLibrary);
    environment.insert(u"FAKETIME_TIMESTAMP_FILE"_s, clockFile);
    environment.insert(u"FAKETIME_NO_CACHE"_s, u"1"_s);
    environment.insert(u"FAKETIME_DONT_FAKE_MONOTONIC"_s, u"1"_s);
    // A sanitizer build wants its runtime first among the loaded libraries; the preloaded clock
    // comes before it here, which is harmless for what this test checks.
    if (qEnvironmentVariableIsSet("ASAN_OPTIONS")) {
        environment.insert(u"ASAN_OPTIONS"_s,
                           qEnvironmentVariable("ASAN_OPTIONS") + u":verify_asan_link_order=0"_s);
    }
    OptrackdProcess server;
    server.setEnvironment(environment);
    constexpr int timeoutSeconds = 3;
    server.setExtraConfig(
            {{u"approvalPolicies"_s,
              QJsonObject{{u"t.clock"_s, QJsonObject{{u"timeoutSeconds"_s, timeoutSeconds}}}}}});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient api(&server);
    ApiScenario scenario(api);

    // One operation waits for votes (3 s), one runs with steady progress.
    QJsonObject waiting;
    scenario.makeInStatus(alice, u"waiting_for_approval"_s, false, &waiting, u"t.clock"_s);
    QVERIFY(!waiting.isEmpty());
    QJsonObject running;
    scenario.makeInStatus(alice, u"in_progress"_s, false, &running);
    QVERIFY(!running.isEmpty());
    int progress = 0;
    const auto report = [&] {
        progress += 2;
        const ApiResponse patched = api.patch(operationPath(idOf(running)), alice,
                                              {{u"progressPercentage"_s, progress}});
        return patched.json;
    };
    for (int i = 0; i < 5; ++i) {
        report();
        QTest::qWait(100); // progress at a known pace
    }

    // The wall clock goes back an hour.
    QVERIFY(setOffset("-3600"));
    QElapsedTimer sinceJump;
    sinceJump.start();
    const ApiResponse health = api.get(u"/healthz"_s, {});
    EXPECT_STATUS(health, 200);

    // The ETA keeps being given, and stays sane (2 % per 100 ms: seconds, not hours).
    for (int i = 0; i < 5; ++i) {
        const QJsonObject op = report();
        const QJsonValue eta = op.value(u"etaSeconds"_s);
        QVERIFY2(eta.isDouble() && eta.toInteger() >= 0 && eta.toInteger() < 120,
                 qPrintable(QString::fromUtf8(QJsonDocument(op).toJson(QJsonDocument::Compact))));
        QTest::qWait(100);
    }

    // The approval still times out after its 3 s, not an hour later.
    const auto status = [&] { return statusOf(api.get(operationPath(idOf(waiting)), alice).json); };
    QTRY_COMPARE_WITH_TIMEOUT(status(), u"failed"_s, waitMs);
    qInfo() << "approval timed out" << sinceJump.elapsed() << "ms after the clock went back";
    QVERIFY(sinceJump.elapsed() < (timeoutSeconds + 10) * 1000);
}

QStringList tst_Faults::partFiles(const OptrackdProcess &server)
{
    QStringList parts;
    QDirIterator it(server.dataDir(), {u"*.part"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        parts.append(it.next());
    return parts;
}

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
