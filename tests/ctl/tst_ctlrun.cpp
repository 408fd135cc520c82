#include "apiclient.h"
#include "apihelpers.h"
#include "childprocess.h"
#include "ctlprocess.h"
#include "optrackdprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace optrack::ctl;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

/// A shell command for `run` that says who it is before it does anything: its operation's
/// id and its process group (its own pid: run makes it the group's leader).
QString announced(const QString &body)
{
    return u"echo \"OPID $OPTRACK_OPERATION_ID\"; echo \"GROUP $$\"; "_s + body;
}

} // namespace

/// `optrackctl run` against the real optrackd, with real commands: progress from the
/// command's output, failure with its exit status and last stderr lines, output passed
/// through, a cancel through the API that stops everything the command started within a
/// second, Ctrl+C and SIGTERM to optrackctl, the approval gate, and the heartbeat that
/// fails the operation of a producer killed with SIGKILL.
class tst_CtlRun final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void progressFollowsTheOutput();
    void progressRegexReadsAToolsMeter();
    void progressIsPacedNotFlooded();
    void failureKeepsStatusAndLastErrorLines();
    void commandThatCannotRun_data();
    void commandThatCannotRun();
    void cancelThroughTheApiStopsEverything();
    void cancelEscalatesToKillAfterFiveSeconds();
    void interruptCancelsTheOperation_data();
    void interruptCancelsTheOperation();
    void approvalGateApproved();
    void approvalGateDenied();
    void heartbeatsKeepAQuietCommandAlive();
    void killedProducerFailsByHeartbeat();

private:
    std::unique_ptr<CtlProcess> runAs(const QString &user, const QStringList &options,
                                      const QString &shell, bool inputFromTest = false);
    QJsonObject fetch(const QString &operationId);

    std::unique_ptr<OptrackdProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
    QTemporaryDir m_dir;
    /// Process groups a test left behind on purpose (a SIGKILLed optrackctl's command).
    QList<qint64> m_orphans;
};

void tst_CtlRun::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_server = std::make_unique<OptrackdProcess>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_api = std::make_unique<ApiClient>(m_server.get());
}

void tst_CtlRun::cleanupTestCase()
{
    m_api.reset();
    if (m_server)
        QVERIFY2(m_server->stop(), qPrintable(m_server->errorString()));
}

void tst_CtlRun::cleanup()
{
    for (qint64 group : std::as_const(m_orphans))
        ::kill(pid_t(-group), SIGKILL);
    m_orphans.clear();
}

std::unique_ptr<CtlProcess> tst_CtlRun::runAs(const QString &user, const QStringList &options,
                                              const QString &shell, bool inputFromTest)
{
    auto ctl = std::make_unique<CtlProcess>();
    ctl->setService(m_server->baseUrl(), m_server->token(user));
    ctl->setInputFromTest(inputFromTest);
    ctl->start(QStringList{u"run"_s} + options
               + QStringList{u"--"_s, u"/bin/sh"_s, u"-c"_s, shell});
    return ctl;
}

QJsonObject tst_CtlRun::fetch(const QString &operationId)
{
    return m_api->get(operationPath(operationId), u"ada"_s).json;
}

void tst_CtlRun::progressFollowsTheOutput()
{
    // The command echoes what the test writes, so each report comes when the test says.
    const auto ctl = runAs(u"alice"_s,
                           {u"--type"_s, u"backup.nightly"_s, u"--entity"_s, u"db1"_s, u"--step"_s,
                            u"Dump"_s, u"--step"_s, u"Upload"_s},
                           announced(u"while IFS= read -r line; do echo \"$line\"; done; "
                                     u"echo 'all done' >&2"_s),
                           true);
    const QString id = ctl->waitForLine(u"OPID "_s);
    QVERIFY2(!id.isEmpty(), qPrintable(ctl->describe()));
    QCOMPARE(statusOf(fetch(id)), u"in_progress"_s);

    ctl->write("PROGRESS 25\n");
    QTRY_COMPARE_WITH_TIMEOUT(fetch(id).value(u"progressPercentage"_s).toDouble(), 25.0, 10'000);
    ctl->write("STEP 2 Uploading to s3\nPROGRESS 60.5\n");
    QTRY_COMPARE_WITH_TIMEOUT(fetch(id).value(u"progressPercentage"_s).toDouble(), 60.5, 10'000);
    QJsonObject operation = fetch(id);
    QCOMPARE(operation.value(u"currentStep"_s).toInt(), 2);
    QCOMPARE(operation.value(u"stepDescription"_s).toString(), u"Uploading to s3"_s);
    ctl->write("an ordinary line\n");
    ctl->closeInput();

    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 0);
    operation = fetch(id);
    QCOMPARE(statusOf(operation), u"completed"_s);
    QCOMPARE(operation.value(u"progressPercentage"_s).toDouble(), 100.0);
    // Passed through as it came, both streams.
    QVERIFY(ctl->outputLines().contains(u"PROGRESS 25"_s));
    QVERIFY(ctl->outputLines().contains(u"an ordinary line"_s));
    QCOMPARE(ctl->standardError(), u"all done\n"_s);
}

void tst_CtlRun::progressRegexReadsAToolsMeter()
{
    // Meters redraw one line with \r; each redraw counts.
    const auto ctl = runAs(u"alice"_s,
                           {u"--type"_s, u"sync.files"_s, u"--entity"_s, u"home"_s,
                            u"--progress-regex"_s, uR"((\d+)%)"_s},
                           announced(u"printf '  1,024  12%%  1MB/s\\r  9,024  87%%  1MB/s\\r' "
                                     u">&2; read go; true"_s),
                           true);
    const QString id = ctl->waitForLine(u"OPID "_s);
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(fetch(id).value(u"progressPercentage"_s).toDouble(), 87.0, 10'000);
    ctl->closeInput();
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 0);
    QCOMPARE(statusOf(fetch(id)), u"completed"_s);
}

void tst_CtlRun::progressIsPacedNotFlooded()
{
    // 300 reports over a few seconds: the audit trail gets at most four a second.
    QElapsedTimer timer;
    timer.start();
    const auto ctl
            = runAs(u"alice"_s, {u"--type"_s, u"bench.progress"_s, u"--entity"_s, u"paced"_s},
                    announced(u"i=0; while [ $i -lt 300 ]; do i=$((i+1)); "
                              u"echo \"PROGRESS $((i / 3))\"; sleep 0.01; done"_s));
    QVERIFY(ctl->waitForFinished());
    const double seconds = double(timer.elapsed()) / 1000;
    QCOMPARE(ctl->exitCode(), 0);
    const QString id = ctl->waitForLine(u"OPID "_s);
    const QJsonArray events = m_api->get(operationPath(id, u"/events"_s), u"alice"_s)
                                      .json.value(u"events"_s)
                                      .toArray();
    int updates = 0;
    for (const QJsonValue &event : events)
        updates += event.toObject().value(u"kind"_s).toString() == u"updated"_s;
    QVERIFY2(updates >= 1, "progress was reported while the command ran");
    QVERIFY2(updates <= 4 * seconds + 1,
             qPrintable(u"%1 progress reports in %2 s"_s.arg(updates).arg(seconds)));
    QCOMPARE(fetch(id).value(u"progressPercentage"_s).toDouble(), 100.0);
}

void tst_CtlRun::failureKeepsStatusAndLastErrorLines()
{
    const auto ctl = runAs(u"alice"_s,
                           {u"--json"_s, u"--type"_s, u"backup.nightly"_s, u"--entity"_s, u"db2"_s},
                           announced(u"for i in 1 2 3 4 5 6 7; do echo \"noise $i\" >&2; done; "
                                     u"echo 'rsync: write failed: No space left on device' >&2; "
                                     u"exit 23"_s));
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 23);
    const QString id = ctl->waitForLine(u"OPID "_s);
    const QJsonObject operation = fetch(id);
    QCOMPARE(statusOf(operation), u"failed"_s);
    const QString error = operation.value(u"errorMessage"_s).toString();
    QVERIFY2(error.startsWith(u"/bin/sh exited with status 23: "_s), qPrintable(error));
    QVERIFY(error.endsWith(u"rsync: write failed: No space left on device"_s));
    // The last lines only.
    QVERIFY(error.contains(u"noise 7"_s));
    QVERIFY(!error.contains(u"noise 2"_s));
    QVERIFY(ctl->standardError().contains(u"noise 1\n"_s));
    // --json: the operation as it ended comes last on stdout.
    QCOMPARE(QJsonDocument::fromJson(ctl->outputLines().constLast().toUtf8()).object(), operation);
}

void tst_CtlRun::commandThatCannotRun_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<int>("exitStatus");

    QTest::newRow("no such command") << u"/nonexistent/backup.sh"_s << 127;
    QTest::newRow("not executable") << u"NOT_EXECUTABLE"_s << 126;
}

void tst_CtlRun::commandThatCannotRun()
{
    QFETCH(QString, program);
    QFETCH(int, exitStatus);

    if (program == u"NOT_EXECUTABLE"_s) {
        program = m_dir.filePath(u"plain.txt"_s);
        QFile file(program);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("echo never\n");
    }
    CtlProcess ctl;
    ctl.setService(m_server->baseUrl(), m_server->token(u"dave"_s));
    QCOMPARE(ctl.run({u"run"_s, u"--type"_s, u"t"_s, u"--entity"_s, program, u"--"_s, program}),
             exitStatus);
    QVERIFY2(ctl.standardError().contains(u"Cannot run"_s), qPrintable(ctl.describe()));
    const ApiResponse mine = m_api->get(u"/api/operations?limit=1000"_s, u"dave"_s);
    QJsonObject operation;
    for (const QJsonValue &each : mine.operations()) {
        if (each.toObject().value(u"entityId"_s).toString() == program)
            operation = each.toObject();
    }
    QCOMPARE(statusOf(operation), u"failed"_s);
    QVERIFY(operation.value(u"errorMessage"_s).toString().startsWith(u"Cannot run"_s));
}

void tst_CtlRun::cancelThroughTheApiStopsEverything()
{
    // A shell waiting on a child of its own: stopping only the shell would leave the child.
    const auto ctl = runAs(u"alice"_s, {u"--type"_s, u"export.big"_s, u"--entity"_s, u"all"_s},
                           announced(u"sleep 600 & echo \"CHILD $!\"; wait"_s));
    const QString id = ctl->waitForLine(u"OPID "_s);
    const qint64 group = ctl->waitForLine(u"GROUP "_s).toLongLong();
    const qint64 child = ctl->waitForLine(u"CHILD "_s).toLongLong();
    QVERIFY(group > 0 && child > 0);
    QVERIFY(ChildProcess::groupIsAlive(group));

    const ApiResponse cancel = m_api->post(operationPath(id, u"/cancel"_s), u"alice"_s,
                                           {{u"reason"_s, u"not today"_s}});
    EXPECT_STATUS(cancel, 200);
    QElapsedTimer sinceCancel;
    sinceCancel.start();
    QTRY_VERIFY_WITH_TIMEOUT(!ChildProcess::groupIsAlive(group), 1'000);
    QVERIFY(sinceCancel.elapsed() < 1'000);

    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 5);
    QVERIFY2(ctl->standardError().contains(u"cancelled (Cancelled by alice: not today)"_s),
             qPrintable(ctl->describe()));
    QCOMPARE(statusOf(fetch(id)), u"cancelled"_s);
}

void tst_CtlRun::cancelEscalatesToKillAfterFiveSeconds()
{
    // A command that ignores SIGTERM (and so do its children, which inherit that).
    const auto ctl = runAs(u"alice"_s, {u"--type"_s, u"stubborn"_s, u"--entity"_s, u"job"_s},
                           announced(u"trap '' TERM; echo ready; while :; do sleep 1; done"_s));
    const QString id = ctl->waitForLine(u"OPID "_s);
    const qint64 group = ctl->waitForLine(u"GROUP "_s).toLongLong();
    QVERIFY(!ctl->waitForLine(u"ready"_s).isNull());

    EXPECT_STATUS(m_api->post(operationPath(id, u"/cancel"_s), u"alice"_s), 200);
    QElapsedTimer sinceCancel;
    sinceCancel.start();
    QVERIFY(ctl->waitForFinished());
    QVERIFY2(sinceCancel.elapsed() >= 4'500,
             qPrintable(u"ended %1 ms after the cancel"_s.arg(sinceCancel.elapsed())));
    QCOMPARE(ctl->exitCode(), 5);
    QVERIFY(!ChildProcess::groupIsAlive(group));
}

void tst_CtlRun::interruptCancelsTheOperation_data()
{
    QTest::addColumn<int>("signalNumber");

    QTest::newRow("Ctrl+C") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
}

void tst_CtlRun::interruptCancelsTheOperation()
{
    QFETCH(int, signalNumber);

    const auto ctl = runAs(u"svc"_s, {u"--type"_s, u"sync.files"_s, u"--entity"_s, u"nas"_s},
                           announced(u"sleep 600 & wait"_s));
    const QString id = ctl->waitForLine(u"OPID "_s);
    const qint64 group = ctl->waitForLine(u"GROUP "_s).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(fetch(id)), u"in_progress"_s, 10'000);

    ctl->sendSignal(signalNumber);
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 128 + signalNumber);
    QVERIFY(!ChildProcess::groupIsAlive(group));
    const QJsonObject operation = fetch(id);
    QCOMPARE(statusOf(operation), u"cancelled"_s);
    QVERIFY2(operation.value(u"stepDescription"_s).toString().contains(u"interrupted"_s),
             qPrintable(operation.value(u"stepDescription"_s).toString()));
}

void tst_CtlRun::approvalGateApproved()
{
    const QString marker = m_dir.filePath(u"approved-ran"_s);
    const auto ctl = runAs(u"alice"_s,
                           {u"--type"_s, u"purge.archive"_s, u"--entity"_s, u"2014"_s,
                            u"--approval"_s, u"--name"_s, u"Purge the 2014 archive"_s},
                           u"echo ran > '%1'"_s.arg(marker));
    QJsonObject waiting;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const ApiResponse list = m_api->get(u"/api/operations?scope=approvals"_s, u"bob"_s);
                for (const QJsonValue &each : list.operations()) {
                    if (each.toObject().value(u"entityId"_s).toString() == u"2014"_s)
                        waiting = each.toObject();
                }
                return !waiting.isEmpty();
            }(),
            10'000);
    QTRY_VERIFY_WITH_TIMEOUT(ctl->standardError().contains(u"waits for approval"_s), 10'000);
    QVERIFY(!QFile::exists(marker));
    QVERIFY(ctl->isRunning());

    EXPECT_STATUS(m_api->post(operationPath(idOf(waiting), u"/votes"_s), u"bob"_s,
                              {{u"decision"_s, u"approve"_s}}),
                  200);
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 0);
    QVERIFY(QFile::exists(marker));
    QCOMPARE(statusOf(fetch(idOf(waiting))), u"completed"_s);
}

void tst_CtlRun::approvalGateDenied()
{
    const QString marker = m_dir.filePath(u"denied-ran"_s);
    const auto ctl
            = runAs(u"alice"_s,
                    {u"--type"_s, u"purge.archive"_s, u"--entity"_s, u"2013"_s, u"--approval"_s},
                    u"echo ran > '%1'"_s.arg(marker));
    QString id;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const ApiResponse list = m_api->get(u"/api/operations?scope=approvals"_s, u"bob"_s);
                for (const QJsonValue &each : list.operations()) {
                    if (each.toObject().value(u"entityId"_s).toString() == u"2013"_s)
                        id = idOf(each.toObject());
                }
                return !id.isEmpty();
            }(),
            10'000);
    EXPECT_STATUS(m_api->post(operationPath(id, u"/votes"_s), u"bob"_s,
                              {{u"decision"_s, u"deny"_s}, {u"reason"_s, u"keep it"_s}}),
                  200);
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 3);
    QVERIFY2(ctl->standardError().contains(u"Denied by bob: keep it"_s),
             qPrintable(ctl->describe()));
    QVERIFY(!QFile::exists(marker));
    QCOMPARE(statusOf(fetch(id)), u"denied"_s);
}

void tst_CtlRun::heartbeatsKeepAQuietCommandAlive()
{
    // A command that says nothing for longer than the window plus the second the service
    // takes: only run's own heartbeats keep the operation from failing.
    constexpr int windowSeconds = 5;
    const auto ctl = runAs(u"alice"_s,
                           {u"--type"_s, u"backup.nightly"_s, u"--entity"_s, u"quiet"_s,
                            u"--heartbeat"_s, QString::number(windowSeconds)},
                           announced(u"sleep %1"_s.arg(2 * windowSeconds)));
    const QString id = ctl->waitForLine(u"OPID "_s);
    QVERIFY2(!id.isEmpty(), qPrintable(ctl->describe()));
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 0);
    const QJsonObject operation = fetch(id);
    QCOMPARE(statusOf(operation), u"completed"_s);
    QCOMPARE(operation.value(u"heartbeatSeconds"_s).toInt(), windowSeconds);
}

void tst_CtlRun::killedProducerFailsByHeartbeat()
{
    constexpr int windowSeconds = 5;
    const auto ctl = runAs(u"alice"_s,
                           {u"--type"_s, u"backup.nightly"_s, u"--entity"_s, u"db3"_s,
                            u"--heartbeat"_s, QString::number(windowSeconds)},
                           announced(u"exec sleep 600"_s));
    const QString id = ctl->waitForLine(u"OPID "_s);
    const qint64 group = ctl->waitForLine(u"GROUP "_s).toLongLong();
    m_orphans.append(group);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(fetch(id)), u"in_progress"_s, 10'000);
    QCOMPARE(fetch(id).value(u"heartbeatSeconds"_s).toInt(), windowSeconds);

    ctl->kill();
    QElapsedTimer sinceKill;
    sinceKill.start();
    // The last report came at most a window before the kill; the service has one more
    // second to notice.
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(fetch(id)), u"failed"_s, (windowSeconds + 1) * 1000);
    QVERIFY(sinceKill.elapsed() <= (windowSeconds + 1) * 1000);
    QCOMPARE(fetch(id).value(u"errorMessage"_s).toString(),
             u"No progress report for 5 seconds; the producer stopped reporting."_s);
}

QTEST_GUILESS_MAIN(tst_CtlRun)
#include "tst_ctlrun.moc"
