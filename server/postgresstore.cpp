#include "postgresstore.h"

#include "operationtables.h"
#include "postgreslocks.h"
#include "postgresschema.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPostgres, "optrack.store")

namespace {

/// PostgreSQL's SQLSTATE for a lock not granted within lock_timeout.
const QString lockNotAvailable = u"55P03"_s;

// The schema, one entry per version: append, never edit a shipped one. The tables are
// SqliteStore's (OperationTables reads and writes both); times are milliseconds since the
// epoch there too.
const PostgresSchema &operationsSchema()
{
    static const PostgresSchema schema({
            {u"operations, their events, idempotency keys, heartbeats and counters"_s,
             {u"CREATE TABLE operations (id text PRIMARY KEY, version bigint NOT NULL,"
              " document text NOT NULL)"_s,
              u"CREATE TABLE events (seq bigint PRIMARY KEY, operation_id text NOT NULL,"
              " document text NOT NULL)"_s,
              u"CREATE INDEX events_by_operation ON events (operation_id, seq)"_s,
              u"CREATE TABLE idempotency (user_id text NOT NULL, key text NOT NULL,"
              " request_hash bytea NOT NULL, status integer NOT NULL, body bytea NOT NULL,"
              " operation_id text NOT NULL, created_at bigint NOT NULL,"
              " PRIMARY KEY (user_id, key))"_s,
              u"CREATE INDEX idempotency_by_operation ON idempotency (operation_id)"_s,
              u"CREATE TABLE heartbeats (operation_id text PRIMARY KEY,"
              " reported_at bigint NOT NULL)"_s,
              u"CREATE TABLE meta (key text PRIMARY KEY, value bigint NOT NULL)"_s}},
    });
    return schema;
}

bool exec(QSqlQuery &query, const QString &sql, QString *error)
{
    if (query.exec(sql))
        return true;
    *error = u"%1 (%2)"_s.arg(query.lastError().text(), sql);
    return false;
}

} // namespace

PostgresStore::PostgresStore(PostgresUri uri, int maxConnections, QObject *parent)
    : QObject(parent)
    , m_uri(std::move(uri))
    , m_maxConnections(maxConnections)
    , m_connectionName(u"optrack-postgres-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

PostgresStore::~PostgresStore()
{
    close();
}

const PostgresSchema &PostgresStore::schema()
{
    return operationsSchema();
}

std::optional<StoredState> PostgresStore::open(QString *error)
{
    if (m_maxConnections < connectionsUsed) {
        *error = u"databaseConnections is %1, but optrackd needs %2 connection(s) to "
                 "PostgreSQL."_s.arg(m_maxConnections)
                         .arg(connectionsUsed);
        return std::nullopt;
    }
    // The connection belongs to the thread that opens it: the writer thread connects, takes
    // the lock and loads, and hands the state over.
    std::promise<Opened> promise;
    std::future<Opened> future = promise.get_future();
    m_writer = std::thread([this, &promise] { writerThread(promise); });
    Opened opened = future.get();
    if (!opened.state) {
        m_writer.join();
        *error = opened.error;
    }
    return std::move(opened.state);
}

void PostgresStore::writerThread(std::promise<Opened> &opened)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
        std::optional<OperationTables> tables;
        StoredState state;
        QString error;
        const bool ok = connect(db, &error) && takeWriterLock(db, &error)
                && schema().migrate(db, &error) && OperationTables::load(db, &state, &error)
                && tables.emplace(db).prepare(&error);
        if (ok) {
            m_committedVersion = state.lastVersion;
            qCInfo(lcPostgres).noquote() << "writing to PostgreSQL" << m_uri.displayName();
            opened.set_value({std::move(state), QString()});
            writerLoop(db, tables);
        }
        tables.reset();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
        if (!ok)
            opened.set_value({std::nullopt, error});
    }
}

bool PostgresStore::connect(QSqlDatabase &db, QString *error) const
{
    if (!db.isValid()) {
        *error = u"QtSql's PostgreSQL driver (QPSQL; Debian's libqt6sql6-psql) is not "
                 "installed."_s;
        return false;
    }
    m_uri.apply(db);
    if (!db.open()) {
        *error = u"Cannot connect to the PostgreSQL database %1: %2"_s.arg(
                m_uri.displayName(), db.lastError().text().trimmed());
        return false;
    }
    // Every answered change must survive a crash of the database server too, whatever the
    // server's default says.
    // NOTICEs (a migration's "already exists, skipping") would go to stderr as they come.
    QSqlQuery query(db);
    return exec(query, u"SET synchronous_commit = on"_s, error)
            && exec(query, u"SET client_min_messages = warning"_s, error);
}

bool PostgresStore::takeWriterLock(QSqlDatabase &db, QString *error) const
{
    QSqlQuery query(db);
    if (!exec(query, u"SET lock_timeout = %1"_s.arg(writerLockWaitMsecs), error))
        return false;
    query.prepare(u"SELECT pg_advisory_lock(?, ?)"_s);
    query.bindValue(0, PostgresLocks::keySpace);
    query.bindValue(1, PostgresLocks::writerKey);
    if (!query.exec()) {
        if (query.lastError().nativeErrorCode() == lockNotAvailable) {
            *error = u"Another optrackd is serving from the PostgreSQL database %1 (it has "
                     "held the writer lock for %2 s). One optrackd per database is supported "
                     "so far: stop the other one, or give this one a database of its own."_s
                             .arg(m_uri.displayName())
                             .arg(writerLockWaitMsecs / 1000);
        } else {
            *error = u"Cannot take the writer lock of the PostgreSQL database %1: %2"_s.arg(
                    m_uri.displayName(), query.lastError().text());
        }
        return false;
    }
    return exec(query, u"SET lock_timeout = 0"_s, error);
}

bool PostgresStore::reconnect(QSqlDatabase &db, std::optional<OperationTables> &tables,
                              QString *error)
{
    tables.reset();
    db.close();
    if (!connect(db, error))
        return false;
    QSqlQuery query(db);
    query.prepare(u"SELECT pg_try_advisory_lock(?, ?)"_s);
    query.bindValue(0, PostgresLocks::keySpace);
    query.bindValue(1, PostgresLocks::writerKey);
    if (!query.exec() || !query.next() || !query.value(0).toBool()) {
        *error = u"Reconnected to the PostgreSQL database %1, but its writer lock is held by "
                 "another connection."_s.arg(m_uri.displayName());
        db.close();
        return false;
    }
    // The lock was free for a moment: whatever wrote then made this service's state stale.
    if (!exec(query, u"SELECT value FROM meta WHERE key = 'version'"_s, error)) {
        db.close();
        return false;
    }
    const qint64 stored = query.next() ? query.value(0).toLongLong() : 0;
    if (stored != m_committedVersion) {
        m_fenced = true;
        *error = u"The PostgreSQL database %1 is at version %2, this optrackd at %3: another "
                 "writer changed it while this one had lost its connection. This optrackd "
                 "writes nothing more; restart it."_s.arg(m_uri.displayName())
                         .arg(stored)
                         .arg(m_committedVersion);
        db.close();
        return false;
    }
    return tables.emplace(db).prepare(error);
}

void PostgresStore::submit(WriteBatch batch, Completion done)
{
    bool stopping = false;
    {
        std::lock_guard lock(m_mutex);
        stopping = m_stopping;
        if (!stopping)
            m_queue.push_back({std::move(batch), std::move(done)});
    }
    if (stopping) {
        QMetaObject::invokeMethod(
                this, [done] { done(false, u"The store is closed."_s); }, Qt::QueuedConnection);
        return;
    }
    m_wake.notify_one();
}

void PostgresStore::close()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    // The writer drains its queue; closing its connection releases the writer lock.
    if (m_writer.joinable())
        m_writer.join();
}

StoreStats PostgresStore::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void PostgresStore::writerLoop(QSqlDatabase &db, std::optional<OperationTables> &tables)
{
    for (;;) {
        std::deque<Job> jobs;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
            if (m_queue.empty())
                break;
            jobs.swap(m_queue);
        }
        QElapsedTimer timer;
        timer.start();
        QString error;
        bool ok = false;
        if (m_fenced) {
            error = u"This optrackd lost the PostgreSQL writer lock to another writer; "
                    "restart it."_s;
        } else if (tables || reconnect(db, tables, &error)) {
            ok = writeJobs(*tables, jobs, &error);
            // A transaction that failed because the connection went is not retried: its
            // changes are refused, and the next batch reconnects first. (A dropped connection
            // may still say isOpen(): ask the server.)
            if (!ok && !QSqlQuery(db).exec(u"SELECT 1"_s))
                tables.reset();
        }
        const double elapsed = double(timer.nsecsElapsed()) / 1e6;
        {
            std::lock_guard lock(m_mutex);
            ++m_stats.transactions;
            m_stats.batches += qint64(jobs.size());
            m_stats.totalCommitMsecs += elapsed;
            if (!ok)
                ++m_stats.failedTransactions;
        }
        if (!ok)
            qCWarning(lcPostgres) << "A transaction failed:" << error;
        for (Job &job : jobs) {
            QMetaObject::invokeMethod(
                    this, [done = std::move(job.done), ok, error] { done(ok, error); },
                    Qt::QueuedConnection);
        }
    }
}

bool PostgresStore::writeJobs(OperationTables &tables, const std::deque<Job> &jobs, QString *error)
{
    QList<const WriteBatch *> batches;
    batches.reserve(qsizetype(jobs.size()));
    for (const Job &job : jobs)
        batches.append(&job.batch);
    qint64 version = 0;
    if (!tables.commit(batches, &version, error))
        return false;
    m_committedVersion = std::max(m_committedVersion, version);
    return true;
}

} // namespace optrack
