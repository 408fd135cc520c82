// optrackd backup / restore against the real service: a backup taken while writers keep the
// service busy restores into a new data directory with every change acknowledged before it
// began, as one consistent moment (each operation in a state the service answered, with
// exactly the events of that state), with the stored files and exports; and the commands
// refuse to overwrite anything.

#include "apiclient.h"
#include "apihelpers.h"
#include "optrackdprocess.h"
#include "workloadscenario.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString sam = u"sam"_s;
constexpr int writerCount = 4;
constexpr int commandTimeoutMs = 60'000;
constexpr int minimumAcknowledged = 40;

struct CommandRun
{
    int exitCode = -1;
    QString output;
};

/// Runs optrackd with arguments while the event loop keeps serving the test's requests.
CommandRun optrackd(const QStringList &arguments)
{
    QProcess process;
    process.start(qEnvironmentVariable("OPTRACKD_PATH"), arguments);
    if (!process.waitForStarted())
        return {};
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; },
                         commandTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError())};
}

/// Writers that each create an operation and move its progress up one PATCH at a time,
/// recording every state the service acknowledged.
class WriteLoad
{
public:
    explicit WriteLoad(ApiClient &client)
        : m_client(client)
    { }

    void start()
    {
        for (int i = 0; i < writerCount; ++i)
            create();
    }
    void stop() { m_running = false; }
    int acknowledged() const { return m_acknowledged; }
    /// Operation id -> every state answered 2xx, oldest first.
    const QHash<QString, QList<QJsonObject>> &states() const { return m_states; }

private:
    void create()
    {
        if (!m_running)
            return;
        m_client.sendAsync(ApiRequest::post(u"/api/operations"_s, alice,
                                            {{u"operationType"_s, u"backup.load"_s},
                                             {u"entityId"_s, u"e%1"_s.arg(m_states.size())}}),
                           [this](const ApiResponse &response) {
                               if (response.status == 201)
                                   record(response.json);
                               create();
                           });
    }

    void record(const QJsonObject &operation)
    {
        ++m_acknowledged;
        m_states[idOf(operation)].append(withoutEstimate(operation));
        const int progress = operation.value(u"progressPercentage"_s).toInt();
        if (!m_running)
            return;
        if (progress >= 100) {
            create();
            return;
        }
        m_client.sendAsync(ApiRequest::patch(operationPath(idOf(operation)), alice,
                                             {{u"progressPercentage"_s, progress + 1}}),
                           [this](const ApiResponse &response) {
                               if (response.status == 200)
                                   record(response.json);
                               else
                                   create();
                           });
    }

    ApiClient &m_client;
    bool m_running = true;
    int m_acknowledged = 0;
    QHash<QString, QList<QJsonObject>> m_states;
};

} // namespace

class tst_Backup final : public QObject
{
    Q_OBJECT

private slots:
    void backupUnderLoadRestoresEveryAcknowledgedChange();
    void backupRefusesAnExistingTarget();
    void restoreRefusesAFullDataDirectory();
    void restoreRefusesWhatIsNoBackup();
};

void tst_Backup::backupUnderLoadRestoresEveryAcknowledgedChange()
{
    OptrackdProcess server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient client(&server);
    WorkloadScenario workloads(client, sam);
    const QString fileId = workloads.uploadStored(
            alice, WorkloadScenario::header + "2026-03-15,ACME-1,12.50,EUR,Coffee\n", u"m.csv"_s);
    QVERIFY(!QTest::currentTestFailed());
    const QByteArray exported = workloads.exported(alice, u"csv"_s, u"2026-03"_s);
    QVERIFY(!QTest::currentTestFailed());

    WriteLoad load(client);
    load.start();
    QTRY_VERIFY_WITH_TIMEOUT(load.acknowledged() >= minimumAcknowledged, commandTimeoutMs);
    // What the backup must hold: everything acknowledged before it began.
    const QHash<QString, QList<QJsonObject>> before = load.states();
    const int acknowledgedBefore = load.acknowledged();

    QTemporaryDir backups;
    const QString target = backups.filePath(u"backup"_s);
    const CommandRun backup
            = optrackd({u"backup"_s, u"--data-dir"_s, server.dataDir(), u"--to"_s, target});
    QVERIFY2(backup.exitCode == 0, qPrintable(backup.output));
    // The writers were answered while the backup ran: it held nobody up.
    QVERIFY2(load.acknowledged() > acknowledgedBefore,
             qPrintable(u"%1 acknowledged before, %2 after"_s.arg(acknowledgedBefore)
                                .arg(load.acknowledged())));
    load.stop();
    QTRY_COMPARE_WITH_TIMEOUT(client.inFlight(), 0, commandTimeoutMs);
    QVERIFY(QFile::exists(QDir(target).filePath(u"backup.json"_s)));
    QVERIFY(!QFile::exists(target + u".part"_s));

    OptrackdProcess restored;
    const CommandRun restore
            = optrackd({u"restore"_s, u"--from"_s, target, u"--data-dir"_s, restored.dataDir()});
    QVERIFY2(restore.exitCode == 0, qPrintable(restore.output));
    QVERIFY2(restored.start(), qPrintable(restored.errorString()));
    ApiClient restoredClient(&restored);

    QHash<QString, QJsonObject> found;
    const ApiResponse list = restoredClient.get(u"/api/operations?scope=all&limit=1000"_s, sam);
    EXPECT_STATUS(list, 200);
    for (const QJsonValue &value : list.operations())
        found.insert(idOf(value.toObject()), withoutEstimate(value.toObject()));

    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        QVERIFY2(found.contains(it.key()), qPrintable(it.key() + u" was acknowledged"_s));
        QVERIFY2(versionOf(found.value(it.key())) >= versionOf(it.value().constLast()),
                 qPrintable(it.key()));
    }
    for (auto it = found.cbegin(); it != found.cend(); ++it) {
        if (it->value(u"operationType"_s).toString() != u"backup.load"_s)
            continue;
        // One moment: a state the service answered, and exactly its events (the creation and
        // one per PATCH), never half of a change.
        QVERIFY2(load.states().value(it.key()).contains(it.value()),
                 qPrintable(it.key() + u" is in a state never answered"_s));
        const ApiResponse events = restoredClient.get(operationPath(it.key(), u"/events"_s), sam);
        EXPECT_STATUS(events, 200);
        QCOMPARE(events.json.value(u"events"_s).toArray().size(),
                 1 + it->value(u"progressPercentage"_s).toInt());
    }

    WorkloadScenario restoredWorkloads(restoredClient, sam);
    QCOMPARE(restoredWorkloads.listedFile(alice, fileId).value(u"fileId"_s).toString(), fileId);
    QCOMPARE(restoredWorkloads.exported(alice, u"csv"_s, u"2026-03"_s), exported);
}

void tst_Backup::backupRefusesAnExistingTarget()
{
    OptrackdProcess server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTemporaryDir target;
    QFile kept(target.filePath(u"kept.txt"_s));
    QVERIFY(kept.open(QIODevice::WriteOnly) && kept.write("mine") == 4);
    kept.close();
    const CommandRun backup
            = optrackd({u"backup"_s, u"--data-dir"_s, server.dataDir(), u"--to"_s, target.path()});
    QCOMPARE(backup.exitCode, 1);
    QVERIFY2(backup.output.contains(u"already exists and is not empty"_s),
             qPrintable(backup.output));
    QCOMPARE(QDir(target.path()).entryList(QDir::Files), QStringList{u"kept.txt"_s});
    QVERIFY(!QFile::exists(target.path() + u".part"_s));

    const CommandRun noTarget = optrackd({u"backup"_s, u"--data-dir"_s, server.dataDir()});
    QCOMPARE(noTarget.exitCode, 2);
    QVERIFY2(noTarget.output.contains(u"--to"_s), qPrintable(noTarget.output));
}

void tst_Backup::restoreRefusesAFullDataDirectory()
{
    OptrackdProcess server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTemporaryDir backups;
    const QString target = backups.filePath(u"backup"_s);
    QVERIFY(optrackd({u"backup"_s, u"--data-dir"_s, server.dataDir(), u"--to"_s, target}).exitCode
            == 0);
    // Restoring over the running service's own directory is refused; it keeps running.
    const CommandRun restore
            = optrackd({u"restore"_s, u"--from"_s, target, u"--data-dir"_s, server.dataDir()});
    QCOMPARE(restore.exitCode, 1);
    QVERIFY2(restore.output.contains(u"is not empty"_s), qPrintable(restore.output));
    ApiClient client(&server);
    EXPECT_STATUS(client.get(u"/api/me"_s, alice), 200);
}

void tst_Backup::restoreRefusesWhatIsNoBackup()
{
    QTemporaryDir notABackup;
    QTemporaryDir dataDir;
    const CommandRun restore = optrackd(
            {u"restore"_s, u"--from"_s, notABackup.path(), u"--data-dir"_s, dataDir.path()});
    QCOMPARE(restore.exitCode, 1);
    QVERIFY2(restore.output.contains(u"is not a backup of optrackd"_s), qPrintable(restore.output));
    QVERIFY(QDir(dataDir.path()).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Backup)
#include "tst_backup.moc"
