// The PostgreSQL store's own behaviour, against a throwaway cluster (the CTest fixture `pg`):
// --database and its errors, the schema's migration when several instances start at once, a
// newer schema refused, the connection budget, and a dropped connection (reconnect, or refuse
// every change when another writer changed the database meanwhile). The service's contract on
// PostgreSQL is the _pg variants of the API suites.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "testdatabase.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
constexpr int exitUsage = 2;
constexpr int exitFailure = 1;
constexpr int concurrentStarts = 3;
constexpr int concurrentStartTimeoutMs = 30'000;
constexpr int startTimeoutMs = 20'000;
const QString password = u"s3cret-pw"_s;

/// One optrackd run by hand (not OptrackdProcess): for starts that must fail, and for several
/// started at the same moment.
class RawOptrackd final
{
public:
    explicit RawOptrackd(const QStringList &extraArguments, const QByteArray &configJson = {})
    {
        QFile config(m_dir.filePath(u"optrackd.json"_s));
        const QByteArray json = configJson.isEmpty() ? minimalConfig() : configJson;
        if (!config.open(QIODevice::WriteOnly) || config.write(json) < 0)
            qFatal("cannot write the configuration");
        config.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(qEnvironmentVariable("OPTRACKD_PATH"),
                        QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s,
                                    m_dir.filePath(u"data"_s), u"--config"_s, config.fileName()}
                                + extraArguments);
    }
    ~RawOptrackd()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(startTimeoutMs))
                m_process.kill();
        }
    }

    static QByteArray minimalConfig(const QJsonObject &extra = {})
    {
        QJsonObject config = extra;
        const QByteArray digest = QCryptographicHash::hash("token", QCryptographicHash::Sha256);
        config.insert(
                u"users"_s,
                QJsonArray{QJsonObject{{u"userId"_s, alice},
                                       {u"roles"_s, QJsonArray{u"user"_s}},
                                       {u"tokenSha256"_s, QString::fromLatin1(digest.toHex())}}});
        return QJsonDocument(config).toJson();
    }

    /// Reads what it printed so far; true once it said it is listening.
    bool isListening()
    {
        m_output += m_process.readAll();
        return m_output.contains("listening on");
    }
    bool hasExited() const { return m_process.state() == QProcess::NotRunning; }
    QString output()
    {
        m_output += m_process.readAll();
        return QString::fromUtf8(m_output);
    }
    int exitCode() const { return m_process.exitCode(); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_output;
};

} // namespace

class tst_PostgresStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void refusesAUriLibpqCannotRead();
    void refusesAnUnreachableDatabaseWithoutItsPassword();
    void commandLineOverridesTheConfiguration();
    void instancesStartingAtOnceMigrateOnce();
    void refusesANewerSchema();
    void staysWithinOneConnection();
    void reconnectsAfterTheConnectionDrops();
    void refusesChangesWhenAnotherWriterChangedTheDatabase();

private:
    std::unique_ptr<TestDatabase> newDatabase();
    static QString terminateServiceConnections(const TestDatabase &database);
    static QString scalar(const QString &uri, const QString &sql);
};

void tst_PostgresStore::initTestCase()
{
    if (TestDatabase::clusterUri().isEmpty())
        QSKIP("OPTRACK_TEST_DATABASE is not set: run through ctest (the pg fixture).");
}

std::unique_ptr<TestDatabase> tst_PostgresStore::newDatabase()
{
    QString error;
    std::unique_ptr<TestDatabase> database
            = TestDatabase::create(TestDatabase::clusterUri(), &error);
    if (!database)
        qWarning("%s", qPrintable(error));
    return database;
}

QString tst_PostgresStore::scalar(const QString &uri, const QString &sql)
{
    QString error;
    const std::optional<QString> value = TestDatabase::query(uri, sql, &error);
    if (!value)
        qWarning("%s", qPrintable(error));
    return value.value_or(u"(failed)"_s);
}

// Waits (up to 5 s, pg_terminate_backend's timeout) until the service's sessions are gone.
QString tst_PostgresStore::terminateServiceConnections(const TestDatabase &database)
{
    return scalar(TestDatabase::clusterUri(),
                  u"SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
                  " WHERE datname = '%1' AND application_name = 'optrackd'"_s.arg(database.name()));
}

void tst_PostgresStore::refusesAUriLibpqCannotRead()
{
    RawOptrackd server({u"--database"_s, u"postgresql://me:%1@/x?colour=blue"_s.arg(password)});
    QTRY_VERIFY_WITH_TIMEOUT(server.hasExited(), startTimeoutMs);
    QCOMPARE(server.exitCode(), exitUsage);
    const QString output = server.output();
    QVERIFY2(output.contains(u"--database: The PostgreSQL URI cannot be read: invalid URI query "
                             "parameter: \"colour\""_s),
             qPrintable(output));
    QVERIFY2(!output.contains(password), qPrintable(output));
}

void tst_PostgresStore::refusesAnUnreachableDatabaseWithoutItsPassword()
{
    RawOptrackd server(
            {u"--database"_s,
             u"postgresql://me:%1@/optrack?host=/nonexistent-socket-dir"_s.arg(password)});
    QTRY_VERIFY_WITH_TIMEOUT(server.hasExited(), startTimeoutMs);
    QCOMPARE(server.exitCode(), exitFailure);
    const QString output = server.output();
    QVERIFY2(output.contains(u"Cannot connect to the PostgreSQL database "
                             "me@/nonexistent-socket-dir/optrack"_s),
             qPrintable(output));
    QVERIFY2(!output.contains(password), qPrintable(output));
    QVERIFY2(!output.contains(u"listening on"_s), qPrintable(output));
}

void tst_PostgresStore::commandLineOverridesTheConfiguration()
{
    const QByteArray unreachable = RawOptrackd::minimalConfig(QJsonObject{
            {u"database"_s, u"postgresql://me@/optrack?host=/nonexistent-socket-dir"_s}});
    RawOptrackd server({u"--database"_s, u"sqlite"_s}, unreachable);
    QTRY_VERIFY_WITH_TIMEOUT(server.isListening() || server.hasExited(), startTimeoutMs);
    QVERIFY2(server.isListening(), qPrintable(server.output()));
    QVERIFY2(!server.output().contains(u"PostgreSQL"_s), qPrintable(server.output()));
}

// The configuration's "database" key on an empty database, several instances at once: one
// migrates, all serve (one writes, the others follow it); the schema is whole.
void tst_PostgresStore::instancesStartingAtOnceMigrateOnce()
{
    const std::unique_ptr<TestDatabase> database = newDatabase();
    QVERIFY(database);
    const QByteArray config
            = RawOptrackd::minimalConfig(QJsonObject{{u"database"_s, database->uri()}});
    std::vector<std::unique_ptr<RawOptrackd>> servers;
    for (int i = 0; i < concurrentStarts; ++i)
        servers.push_back(std::make_unique<RawOptrackd>(QStringList{}, config));

    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(servers.begin(), servers.end(),
                                         [](const auto &server) {
                                             return server->isListening() || server->hasExited();
                                         }),
                             concurrentStartTimeoutMs);
    for (const auto &server : servers)
        QVERIFY2(server->isListening(), qPrintable(server->output()));
    // One holds the writer lock (PostgresLocks::writerKey).
    QCOMPARE(scalar(database->uri(),
                    u"SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    " WHERE d.datname = current_database() AND l.locktype = 'advisory'"
                    " AND l.objid = 2 AND l.granted"_s),
             u"1"_s);
    QCOMPARE(
            scalar(database->uri(), u"SELECT string_agg(version::text, ',') FROM optrack_schema"_s),
            u"3"_s);
    QCOMPARE(scalar(database->uri(),
                    u"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN"
                    " ('operations', 'events', 'idempotency', 'heartbeats', 'meta', 'removals',"
                    " 'cluster_writer', 'files', 'transactions', 'file_contents')"_s),
             u"10"_s);
}

void tst_PostgresStore::refusesANewerSchema()
{
    const std::unique_ptr<TestDatabase> database = newDatabase();
    QVERIFY(database);
    {
        OptrackdProcess server;
        server.setDatabaseUri(database->uri());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY2(server.stop(), qPrintable(server.errorString()));
    }
    QCOMPARE(scalar(database->uri(), u"UPDATE optrack_schema SET version = 99"_s), QString());

    RawOptrackd server({u"--database"_s, database->uri()});
    QTRY_VERIFY_WITH_TIMEOUT(server.hasExited(), startTimeoutMs);
    QCOMPARE(server.exitCode(), exitFailure);
    const QString output = server.output();
    QVERIFY2(output.contains(u"has schema version 99, but this optrackd"_s), qPrintable(output));
    QCOMPARE(scalar(database->uri(), u"SELECT version FROM optrack_schema"_s), u"99"_s);
}

void tst_PostgresStore::staysWithinOneConnection()
{
    // Alone on its database, an optrackd writes through one connection (a second instance
    // would follow through two: tst_cluster), and opens one more only while a workload
    // stores or reads files.
    OptrackdProcess server;
    server.setExtraConfig(QJsonObject{{u"databaseConnections"_s, 3}});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient client(&server);
    ApiScenario scenario(client);
    for (int i = 0; i < 20; ++i)
        QVERIFY(!scenario.create(alice, QJsonObject{{u"operationType"_s, u"t.moves"_s}}).isEmpty());
    const QString name = QUrl(server.databaseUri()).path().mid(1);
    QCOMPARE(scalar(TestDatabase::clusterUri(),
                    u"SELECT count(*) FROM pg_stat_activity WHERE datname = '%1'"
                    " AND application_name = 'optrackd'"_s.arg(name)),
             u"1"_s);
    QVERIFY2(server.stop(), qPrintable(server.errorString()));

    // Fewer connections than an instance may need is refused at start.
    RawOptrackd tooFew({u"--database"_s, server.databaseUri()},
                       RawOptrackd::minimalConfig(QJsonObject{{u"databaseConnections"_s, 2}}));
    QTRY_VERIFY_WITH_TIMEOUT(tooFew.hasExited(), startTimeoutMs);
    QCOMPARE(tooFew.exitCode(), exitFailure);
    QVERIFY2(tooFew.output().contains(u"databaseConnections is 2, but optrackd needs 3"_s),
             qPrintable(tooFew.output()));
}

void tst_PostgresStore::reconnectsAfterTheConnectionDrops()
{
    const std::unique_ptr<TestDatabase> database = newDatabase();
    QVERIFY(database);
    OptrackdProcess server;
    server.setDatabaseUri(database->uri());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient client(&server);
    ApiScenario scenario(client);
    const QJsonObject body{{u"operationType"_s, u"t.moves"_s}, {u"entityId"_s, u"e-1"_s}};
    const QJsonObject before = scenario.create(alice, body);
    QVERIFY(!before.isEmpty());

    QCOMPARE(terminateServiceConnections(*database), u"1"_s);
    // A change on the dropped connection is refused, not half-kept (unless the writer's
    // keepalive found the loss first and reconnected); the next one reconnects.
    QSet<QString> kept{idOf(before)};
    const ApiResponse first = client.post(u"/api/operations"_s, alice, body);
    QVERIFY2(first.status == 500 || first.status == 201, qPrintable(first.describe()));
    if (first.status == 201)
        kept.insert(idOf(first.json));
    const QJsonObject after = scenario.create(alice, body);
    QVERIFY(!after.isEmpty());
    QVERIFY(versionOf(after) > versionOf(before));
    kept.insert(idOf(after));

    QVERIFY2(server.restart(), qPrintable(server.errorString()));
    const ApiResponse list = client.get(u"/api/operations"_s, alice);
    EXPECT_STATUS(list, 200);
    QCOMPARE(idSetOf(list.operations()), kept);
    QVERIFY2(server.stop(), qPrintable(server.errorString()));
}

// Fencing: while this optrackd had no connection, something else wrote (here: the version
// counter moved). Its state is stale: it writes nothing more and stops (started again, it
// would follow whoever writes now).
void tst_PostgresStore::refusesChangesWhenAnotherWriterChangedTheDatabase()
{
    const std::unique_ptr<TestDatabase> database = newDatabase();
    QVERIFY(database);
    OptrackdProcess server;
    server.setDatabaseUri(database->uri());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ApiClient client(&server);
    ApiScenario scenario(client);
    const QJsonObject body{{u"operationType"_s, u"t.moves"_s}, {u"entityId"_s, u"e-1"_s}};
    QVERIFY(!scenario.create(alice, body).isEmpty());

    QCOMPARE(scalar(database->uri(), u"UPDATE meta SET value = value + 10 WHERE key = 'version'"_s),
             QString());
    const QString storedVersion
            = scalar(database->uri(), u"SELECT value FROM meta WHERE key = 'version'"_s);
    QCOMPARE(terminateServiceConnections(*database), u"1"_s);
    for (int attempt = 0; attempt < 3 && server.isRunning(); ++attempt) {
        const ApiResponse refused = client.post(u"/api/operations"_s, alice, body);
        QVERIFY2(refused.status == 500 || refused.status == 0, qPrintable(refused.describe()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!server.isRunning(), startTimeoutMs);
    QCOMPARE(server.exitCode(), exitFailure);
    QCOMPARE(scalar(database->uri(), u"SELECT count(*) FROM operations"_s), u"1"_s);
    QCOMPARE(scalar(database->uri(), u"SELECT value FROM meta WHERE key = 'version'"_s),
             storedVersion);
}

QTEST_GUILESS_MAIN(tst_PostgresStore)
#include "tst_postgresstore.moc"
