// SqliteSchema: ordered migrations counted by PRAGMA user_version, all or nothing, and a
// database newer than the program refused without a write. And both stores start at the
// latest version.

#include "filestore.h"
#include "sqliteschema.h"
#include "sqlitestore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

const QList<SqliteSchema::Migration> threeSteps{
        {u"a table"_s, {u"CREATE TABLE t (a INTEGER)"_s}},
        {u"a column"_s, {u"ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'"_s}},
        {u"a row"_s, {u"INSERT INTO t (a) VALUES (42)"_s}},
};

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

/// A connection for one test function, closed and removed with it.
class Database
{
public:
    explicit Database(const QString &path)
    {
        m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        m_db.setDatabaseName(path);
        m_db.open();
    }
    ~Database()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase &db() { return m_db; }
    QVariant value(const QString &sql)
    {
        QSqlQuery query(m_db);
        return query.exec(sql) && query.next() ? query.value(0) : QVariant();
    }
    bool exec(const QString &sql) { return QSqlQuery(m_db).exec(sql); }

private:
    const QString m_name = u"tst_sqliteschema"_s;
    QSqlDatabase m_db;
};

} // namespace

class tst_SqliteSchema final : public QObject
{
    Q_OBJECT

private slots:
    void migratesInOrder();
    void continuesFromItsVersion();
    void failedMigrationChangesNothing();
    void newerDatabaseIsRefusedUntouched();
    void storesStartAtTheLatestVersion();
};

void tst_SqliteSchema::migratesInOrder()
{
    QTemporaryDir dir;
    Database database(dir.filePath(u"t.db"_s));
    const SqliteSchema schema(u"t.db"_s, threeSteps);
    QString error;
    QVERIFY2(schema.migrate(database.db(), &error), qPrintable(error));
    QCOMPARE(database.value(u"PRAGMA user_version"_s).toInt(), 3);
    QCOMPARE(database.value(u"SELECT b FROM t WHERE a = 42"_s).toString(), u"x"_s);
    // At the latest version nothing runs again (a second insert would make two rows).
    QVERIFY2(schema.migrate(database.db(), &error), qPrintable(error));
    QCOMPARE(database.value(u"SELECT COUNT(*) FROM t"_s).toInt(), 1);
}

void tst_SqliteSchema::continuesFromItsVersion()
{
    QTemporaryDir dir;
    Database database(dir.filePath(u"t.db"_s));
    QString error;
    QVERIFY2(SqliteSchema(u"t.db"_s, threeSteps.mid(0, 1)).migrate(database.db(), &error),
             qPrintable(error));
    QCOMPARE(database.value(u"PRAGMA user_version"_s).toInt(), 1);
    // The first step (CREATE TABLE without IF NOT EXISTS) would fail if it ran again.
    QVERIFY2(SqliteSchema(u"t.db"_s, threeSteps).migrate(database.db(), &error), qPrintable(error));
    QCOMPARE(database.value(u"PRAGMA user_version"_s).toInt(), 3);
    QCOMPARE(database.value(u"SELECT COUNT(*) FROM t"_s).toInt(), 1);
}

void tst_SqliteSchema::failedMigrationChangesNothing()
{
    QTemporaryDir dir;
    Database database(dir.filePath(u"t.db"_s));
    QList<SqliteSchema::Migration> broken = threeSteps;
    broken[1].statements.append(u"ALTER TABLE nowhere ADD COLUMN c"_s);
    QString error;
    QVERIFY(!SqliteSchema(u"t.db"_s, broken).migrate(database.db(), &error));
    QVERIFY2(error.contains(u"schema version 2 (a column)"_s), qPrintable(error));
    QCOMPARE(database.value(u"PRAGMA user_version"_s).toInt(), 0);
    QVERIFY2(!database.value(u"SELECT COUNT(*) FROM sqlite_master WHERE name = 't'"_s).toBool(),
             "the first step was rolled back with the rest");
}

void tst_SqliteSchema::newerDatabaseIsRefusedUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"t.db"_s);
    QByteArray before;
    {
        Database database(path);
        QVERIFY(database.exec(u"CREATE TABLE t (a INTEGER)"_s));
        QVERIFY(database.exec(u"PRAGMA user_version = 7"_s));
    }
    before = fileHash(path);
    const SqliteSchema schema(u"t.db"_s, threeSteps);
    QString error;
    QVERIFY(!schema.checkFileNotNewer(path, &error));
    QVERIFY2(error.contains(u"schema version 7"_s) && error.contains(u"up to 3"_s)
                     && error.contains(u"newer optrackd"_s),
             qPrintable(error));
    {
        Database database(path);
        error.clear();
        QVERIFY(!schema.migrate(database.db(), &error));
        QVERIFY2(error.contains(u"newer optrackd"_s), qPrintable(error));
        QCOMPARE(database.value(u"SELECT COUNT(*) FROM t"_s).toInt(), 0);
    }
    QCOMPARE(fileHash(path), before);
}

void tst_SqliteSchema::storesStartAtTheLatestVersion()
{
    QTemporaryDir dir;
    QString error;
    {
        SqliteStore store(dir.filePath(u"optrack.db"_s), u"full"_s);
        QVERIFY2(store.open(&error), qPrintable(error));
        store.close();
    }
    FileStore files(dir.path());
    QVERIFY2(files.open(true, &error), qPrintable(error));
    QVERIFY(SqliteStore::schema().latestVersion() >= 1);
    QVERIFY(FileStore::schema().latestVersion() >= 1);
    {
        Database database(dir.filePath(u"optrack.db"_s));
        QCOMPARE(database.value(u"PRAGMA user_version"_s).toInt(),
                 SqliteStore::schema().latestVersion());
    }
    Database database(dir.filePath(u"files.db"_s));
    QCOMPARE(database.value(u"PRAGMA user_version"_s).toInt(), FileStore::schema().latestVersion());
}

QTEST_GUILESS_MAIN(tst_SqliteSchema)
#include "tst_sqliteschema.moc"
