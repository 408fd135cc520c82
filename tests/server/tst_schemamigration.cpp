// Upgrades: a data directory written before the databases carried a schema version
// (fixtures/schema0, made by tests/server/fixtures/make-schema0.sh) opens under this optrackd
// with every operation, event, file and export as the old one answered them; a database of
// a newer optrackd is refused with a sentence and left as it was.

#include "apiclient.h"
#include "apihelpers.h"
#include "filestore.h"
#include "optrackdprocess.h"
#include "sqliteschema.h"
#include "sqlitestore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString fixtureDir = QStringLiteral(OPTRACK_FIXTURES_DIR "/schema0");
const QString sam = u"sam"_s;
constexpr qint64 yearSeconds = 31622400;

/// The configuration the fixture was made with: long approval timeouts, no retention.
QJsonObject fixtureConfig()
{
    const QJsonObject policy{{u"requiredApprovals"_s, 1},
                             {u"voterRole"_s, u"approver"_s},
                             {u"denyDecides"_s, true},
                             {u"timeoutSeconds"_s, yearSeconds}};
    return {{u"approvalPolicies"_s, QJsonObject{{u"file_deletion"_s, policy}}},
            {u"defaultApprovalPolicy"_s,
             QJsonObject{{u"voterRole"_s, u"approver"_s}, {u"timeoutSeconds"_s, yearSeconds}}},
            {u"retentionDays"_s, 36500}};
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(source));
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(source, target))
            return false;
    }
    return true;
}

QJsonObject expected()
{
    QFile file(QDir(fixtureDir).filePath(u"expected.json"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

int userVersion(const QString &path)
{
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"user-version"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"PRAGMA user_version"_s) && query.next())
                version = query.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"user-version"_s);
    return version;
}

bool setUserVersion(const QString &path, int version)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"user-version"_s);
        db.setDatabaseName(path);
        ok = db.open() && QSqlQuery(db).exec(u"PRAGMA user_version = %1"_s.arg(version));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"user-version"_s);
    return ok;
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

} // namespace

class tst_SchemaMigration final : public QObject
{
    Q_OBJECT

private slots:
    void unversionedDataOpensIntact();
    void newerDatabaseIsRefused_data();
    void newerDatabaseIsRefused();
};

void tst_SchemaMigration::unversionedDataOpensIntact()
{
    const QJsonObject old = expected();
    QVERIFY(!old.isEmpty());
    OptrackdProcess server;
    server.setExtraConfig(fixtureConfig());
    QVERIFY(copyTree(fixtureDir, server.dataDir()));
    QCOMPARE(userVersion(QDir(server.dataDir()).filePath(u"optrack.db"_s)), 0);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient client(&server);

    // Every operation as it was. An approval that has timed out since is the one change a
    // restart may make; the fixture's run out in a year or more.
    const ApiResponse list = client.get(u"/api/operations?scope=all&limit=1000"_s, sam);
    EXPECT_STATUS(list, 200);
    const QJsonArray operations = list.operations();
    const QJsonArray oldOperations = old.value(u"operations"_s).toArray();
    QCOMPARE(operations.size(), oldOperations.size());
    for (qsizetype i = 0; i < operations.size(); ++i) {
        const QJsonObject before = oldOperations.at(i).toObject();
        const QDateTime expires = QDateTime::fromString(
                before.value(u"approval"_s)[u"expiresAt"_s].toString(), Qt::ISODateWithMs);
        if (expires.isValid() && expires < QDateTime::currentDateTimeUtc())
            QSKIP("An approval of the fixture has timed out: make it again (make-schema0.sh).");
        // Fields the answers gained after the fixture was made: an operation of the service's
        // own workload types is its own, the producers' types (ledger_sync, mailing, ...) are
        // not; none has a heartbeat.
        QJsonObject now = operations.at(i).toObject();
        const bool workload
                = QStringList{u"file_upload"_s, u"data_export"_s, u"file_deletion"_s}.contains(
                        before.value(u"operationType"_s).toString());
        QCOMPARE(now.take(u"builtIn"_s), QJsonValue(workload));
        QCOMPARE(now.take(u"heartbeatSeconds"_s), QJsonValue(QJsonValue::Null));
        QCOMPARE(withoutEstimate(now), withoutEstimate(before));
    }
    QCOMPARE(list.json.value(u"cursor"_s), old.value(u"cursor"_s));

    // Every event, in order (a restart may add to a trail, never change it).
    const QJsonObject oldEvents = old.value(u"events"_s).toObject();
    QCOMPARE(oldEvents.size(), oldOperations.size());
    for (auto it = oldEvents.begin(); it != oldEvents.end(); ++it) {
        const ApiResponse events = client.get(operationPath(it.key(), u"/events"_s), sam);
        EXPECT_STATUS(events, 200);
        const QJsonArray now = events.json.value(u"events"_s).toArray();
        const QJsonArray before = it.value().toArray();
        QVERIFY(!before.isEmpty());
        QVERIFY(now.size() >= before.size());
        for (qsizetype i = 0; i < before.size(); ++i)
            QCOMPARE(now.at(i), before.at(i));
    }

    // The stored files, their rows (through an export of them) and the finished export.
    const ApiResponse files = client.get(u"/api/files"_s, sam);
    EXPECT_STATUS(files, 200);
    QCOMPARE(files.json.value(u"files"_s).toArray(), old.value(u"files"_s).toArray());
    QString exportId;
    for (const QJsonValue &op : oldOperations) {
        if (op[u"operationType"_s] == u"data_export"_s)
            exportId = op[u"operationId"_s].toString();
    }
    const ApiResponse download = client.get(u"/api/exports/%1/download"_s.arg(exportId), sam);
    EXPECT_STATUS(download, 200);
    QCOMPARE(QString::fromUtf8(download.body), old.value(u"export"_s).toString());

    // The old data still serves new work: a vote on the deletion that was waiting decides it.
    const QJsonObject deletion = oldOperations.at(0).toObject();
    QCOMPARE(deletion.value(u"operationType"_s).toString(), u"file_deletion"_s);
    const ApiResponse vote = client.post(operationPath(idOf(deletion), u"/votes"_s), u"bob"_s,
                                         {{u"decision"_s, u"approve"_s}});
    EXPECT_STATUS(vote, 200);

    QVERIFY(server.stop());
    QCOMPARE(userVersion(QDir(server.dataDir()).filePath(u"optrack.db"_s)),
             SqliteStore::schema().latestVersion());
    QCOMPARE(userVersion(QDir(server.dataDir()).filePath(u"files.db"_s)),
             FileStore::schema().latestVersion());
}

void tst_SchemaMigration::newerDatabaseIsRefused_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<int>("newer");
    QTest::newRow("optrack.db") << u"optrack.db"_s << SqliteStore::schema().latestVersion() + 1;
    QTest::newRow("files.db") << u"files.db"_s << FileStore::schema().latestVersion() + 1;
}

void tst_SchemaMigration::newerDatabaseIsRefused()
{
    QFETCH(QString, database);
    QFETCH(int, newer);
    OptrackdProcess server; // writes the configuration; the program runs here to read stderr
    server.setExtraConfig(fixtureConfig());
    QVERIFY(copyTree(fixtureDir, server.dataDir()));
    if (database == u"files.db"_s) {
        // The operations are already of this version: only files.db is from the future.
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(server.stop());
    }
    const QString path = QDir(server.dataDir()).filePath(database);
    QVERIFY(setUserVersion(path, newer));
    const QByteArray before = fileHash(path);
    QVERIFY(server.start() == false);
    QCOMPARE(server.exitCode(), 1);

    QProcess process;
    process.start(qEnvironmentVariable("OPTRACKD_PATH"),
                  {u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, server.dataDir(),
                   u"--config"_s, server.configPath()});
    QVERIFY(process.waitForFinished(OptrackdProcess::startTimeoutMs));
    QCOMPARE(process.exitCode(), 1);
    const QString stderrText = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(stderrText.contains(u"schema version %1"_s.arg(newer))
                     && stderrText.contains(u"a newer optrackd wrote it"_s)
                     && stderrText.contains(u"left untouched"_s),
             qPrintable(stderrText));
    QCOMPARE(userVersion(path), newer);
    QCOMPARE(fileHash(path), before);
}

QTEST_GUILESS_MAIN(tst_SchemaMigration)
#include "tst_schemamigration.moc"
