#include "sqlitestore.h"

#include "operationtables.h"
#include "sqliteschema.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "optrack.store")

namespace {

// A checkpoint after this many commits, or after a quiet second with any commit.
constexpr qint64 commitsPerCheckpoint = 100;
constexpr std::chrono::seconds checkpointIdle{1};

// The schema, one entry per version: append, never edit a shipped one. Version 1 is the schema
// of the databases written before versions were kept, so they migrate to it unchanged.
const SqliteSchema &operationsSchema()
{
    static const SqliteSchema schema(
            u"optrack.db"_s,
            {
                    {u"operations, their events, idempotency keys and counters"_s,
                     {u"CREATE TABLE IF NOT EXISTS operations (id TEXT PRIMARY KEY,"
                      " version INTEGER NOT NULL, document TEXT NOT NULL)"_s,
                      u"CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY,"
                      " operation_id TEXT NOT NULL, document TEXT NOT NULL)"_s,
                      u"CREATE INDEX IF NOT EXISTS events_by_operation ON events"
                      " (operation_id, seq)"_s,
                      u"CREATE TABLE IF NOT EXISTS idempotency (user_id TEXT NOT NULL,"
                      " key TEXT NOT NULL, request_hash BLOB NOT NULL, status INTEGER NOT NULL,"
                      " body BLOB NOT NULL, operation_id TEXT NOT NULL,"
                      " created_at INTEGER NOT NULL, PRIMARY KEY (user_id, key))"_s,
                      u"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY,"
                      " value INTEGER NOT NULL)"_s}},
                    // IF NOT EXISTS: databases of the builds between the table and the schema
                    // versions have it already, at version 0.
                    {u"heartbeats of running operations"_s,
                     {u"CREATE TABLE IF NOT EXISTS heartbeats (operation_id TEXT PRIMARY KEY,"
                      " reported_at INTEGER NOT NULL)"_s}},
            });
    return schema;
}

QString sqlError(const QSqlQuery &query)
{
    return query.lastError().text();
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        *error = u"%1 (%2)"_s.arg(sqlError(query), sql);
        return false;
    }
    return true;
}

} // namespace

SqliteStore::SqliteStore(QString databasePath, QString synchronous, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
    , m_synchronous(std::move(synchronous))
    , m_connectionName(u"optrack-store-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

SqliteStore::~SqliteStore()
{
    close();
}

const SqliteSchema &SqliteStore::schema()
{
    return operationsSchema();
}

bool SqliteStore::configure(QSqlDatabase &db, QString *error) const
{
    db.setDatabaseName(m_path);
    if (!db.open()) {
        *error = u"Cannot open the database %1: %2"_s.arg(m_path, db.lastError().text());
        return false;
    }
    const QString sync = m_synchronous == u"normal"_s ? u"NORMAL"_s : u"FULL"_s;
    return exec(db, u"PRAGMA journal_mode=WAL"_s, error)
            && exec(db, u"PRAGMA synchronous="_s + sync, error)
            && exec(db, u"PRAGMA busy_timeout=5000"_s, error);
}

std::optional<StoredState> SqliteStore::open(QString *error)
{
    StoredState state;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName + u"-load"_s);
        const auto ok = [&]() -> bool {
            // A database of a newer optrackd is refused before anything writes to it.
            if (!schema().checkFileNotNewer(m_path, error) || !configure(db, error)
                || !schema().migrate(db, error))
                return false;
            return OperationTables::load(db, &state, error);
        }();
        db.close();
        if (!ok) {
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName + u"-load"_s);
            return std::nullopt;
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName + u"-load"_s);

    m_writer = std::thread([this] { writerLoop(); });
    m_checkpointer = std::thread([this] { checkpointLoop(); });
    return state;
}

void SqliteStore::submit(WriteBatch batch, Completion done)
{
    m_commits.push({std::move(batch), std::move(done), {}});
}

void SqliteStore::close()
{
    {
        std::lock_guard lock(m_checkpointMutex);
        m_stopping = true;
    }
    m_commits.close();
    m_checkpointWake.notify_one();
    if (m_checkpointer.joinable())
        m_checkpointer.join();
    // The writer drains its queue; closing the last connection checkpoints the rest.
    if (m_writer.joinable())
        m_writer.join();
}

StoreStats SqliteStore::stats() const
{
    return m_commits.stats();
}

void SqliteStore::writerLoop()
{
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        // SQLite would checkpoint in the commit that fills the WAL, holding back that
        // commit's answers; the checkpointer thread does it instead.
        std::optional<OperationTables> tables;
        const bool opened = configure(db, &error)
                && exec(db, u"PRAGMA wal_autocheckpoint=0"_s, &error)
                && tables.emplace(db).prepare(&error);
        if (!opened)
            qCCritical(lcStore) << "The writer cannot open the database:" << error;
        std::deque<Job> jobs;
        while (m_commits.take(&jobs) == CommitQueue::Taken::Jobs) {
            QElapsedTimer timer;
            timer.start();
            QString jobError = error;
            const bool ok = opened && writeJobs(*tables, jobs, &jobError);
            if (!ok)
                qCWarning(lcStore) << "A transaction failed:" << jobError;
            m_commits.finish(jobs, ok, jobError, double(timer.nsecsElapsed()) / 1e6);
            jobs.clear();
            if (ok) {
                std::lock_guard lock(m_checkpointMutex);
                ++m_commitsSinceCheckpoint;
            }
            m_checkpointWake.notify_one();
        }
        tables.reset();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

void SqliteStore::checkpointLoop()
{
    const QString name = m_connectionName + u"-checkpoint"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        QString error;
        if (!configure(db, &error))
            qCWarning(lcStore) << "The checkpointer cannot open the database:" << error;
        std::unique_lock lock(m_checkpointMutex);
        while (!m_stopping) {
            // Woken by enough commits, or after a second: either way, copy what is there.
            m_checkpointWake.wait_for(lock, checkpointIdle, [this] {
                return m_stopping || m_commitsSinceCheckpoint >= commitsPerCheckpoint;
            });
            if (m_stopping || m_commitsSinceCheckpoint == 0 || !db.isOpen())
                continue;
            m_commitsSinceCheckpoint = 0;
            lock.unlock();
            // PASSIVE: copies what it can without waiting for, or blocking, the writer; the
            // writer restarts the WAL from its start once everything is copied.
            if (!exec(db, u"PRAGMA wal_checkpoint(PASSIVE)"_s, &error))
                qCWarning(lcStore) << "A checkpoint failed:" << error;
            lock.lock();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

bool SqliteStore::writeJobs(OperationTables &tables, const std::deque<Job> &jobs, QString *error)
{
    qint64 version = 0;
    return tables.commit(CommitQueue::batches(jobs), &version, error);
}

} // namespace optrack
