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
#include <QProcess>
#include <QProcessEnvironment>
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

/// Writes zeros to path until the file system refuses; the bytes written.
qint64 fillDisk(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return -1;
    const QByteArray chunk(64 * 1024, '\0');
    qint64 written = 0;
    while (true) {
        const qint64 n = file.write(chunk);
        if (n <= 0 || !file.flush())
            break;
        written += n;
    }
    return written;
}

} // namespace

class tst_Faults final : public QObject
{
    Q_OBJECT

private slots:
    void fullDiskRefusesAndRecovers();
    void uploadOnANearlyFullDiskFails();
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
