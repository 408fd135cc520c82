#include "postgresstore.h"

#include "operationtables.h"
#include "postgreslocks.h"
#include "postgresschema.h"

#include <QDateTime>
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

// The schema, one entry per version: append, never edit a shipped one. The tables are
// SqliteStore's (OperationTables reads and writes both) and, from version 3, FileStore's;
// times are milliseconds since the epoch there too.
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
            {u"several instances: operations by version, removals, the writer's address"_s,
             {u"CREATE INDEX operations_by_version ON operations (version)"_s,
              u"CREATE TABLE removals (seq bigserial PRIMARY KEY, operation_id text NOT NULL,"
              " removed_at bigint NOT NULL)"_s,
              u"CREATE TABLE cluster_writer (id integer PRIMARY KEY CHECK (id = 1),"
              " url text NOT NULL, since bigint NOT NULL)"_s}},
            // FileStore's tables (files.db's, with seq for the order rows were stored in), and
            // the bytes of the files any instance may serve, in chunks.
            {u"the built-in workloads' files: their rows and their bytes"_s,
             {u"CREATE TABLE files (file_id text PRIMARY KEY, file_name text NOT NULL,"
              " owner text NOT NULL, file_size bigint NOT NULL,"
              " transaction_count bigint NOT NULL, uploaded_at bigint NOT NULL)"_s,
              u"CREATE TABLE transactions (seq bigint GENERATED ALWAYS AS IDENTITY,"
              " file_id text NOT NULL, line bigint NOT NULL, owner text NOT NULL,"
              " date bytea NOT NULL, account bytea NOT NULL, amount bytea NOT NULL,"
              " currency bytea NOT NULL, description bytea NOT NULL)"_s,
              u"CREATE INDEX transactions_by_date ON transactions (date, seq)"_s,
              u"CREATE INDEX transactions_by_file ON transactions (file_id)"_s,
              u"CREATE TABLE file_contents (name text NOT NULL, chunk integer NOT NULL,"
              " data bytea NOT NULL, PRIMARY KEY (name, chunk))"_s}},
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

bool run(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    *error = query.lastError().text();
    return false;
}

/// Removal rows older than this are deleted: a follower reads them within milliseconds.
constexpr qint64 removalsKeptMsecs = 3600 * 1000;

} // namespace

/// The writer's connection once it holds the lock: the shared tables, and what only the
/// PostgreSQL store writes beside them (removals for the followers, the writer's address, the
/// NOTIFY at each commit).
struct PostgresStore::Session
{
    explicit Session(const QSqlDatabase &db)
        : tables(db)
        , insertRemoval(db)
        , pruneRemovals(db)
        , advertise(db)
        , notify(db)
    { }

    bool prepare(QString *error)
    {
        if (!tables.prepare(error))
            return false;
        const std::pair<QSqlQuery *, QString> statements[] = {
                {&insertRemoval,
                 u"INSERT INTO removals (operation_id, removed_at) VALUES (?, ?)"_s},
                {&pruneRemovals, u"DELETE FROM removals WHERE removed_at < ?"_s},
                {&advertise,
                 u"INSERT INTO cluster_writer (id, url, since) VALUES (1, ?, ?)"
                 " ON CONFLICT (id) DO UPDATE SET url = excluded.url, since = excluded.since"_s},
                {&notify, u"SELECT pg_notify('optrack_changes', '')"_s},
        };
        for (const auto &[query, sql] : statements) {
            if (!query->prepare(sql)) {
                *error = u"%1 (%2)"_s.arg(query->lastError().text(), sql);
                return false;
            }
        }
        return true;
    }

    OperationTables tables;
    QSqlQuery insertRemoval;
    QSqlQuery pruneRemovals;
    QSqlQuery advertise;
    QSqlQuery notify;
};

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
    if (m_maxConnections < connectionsNeeded) {
        *error = u"databaseConnections is %1, but optrackd needs %2 connection(s) to "
                 "PostgreSQL."_s.arg(m_maxConnections)
                         .arg(connectionsNeeded);
        return std::nullopt;
    }
    // The connection belongs to the thread that opens it: the writer thread connects, takes
    // the lock (or not) and loads, and hands the state over.
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
        std::optional<Session> session;
        StoredState state;
        QString error;
        bool taken = false;
        const bool ok = connect(db, &error) && schema().migrate(db, &error)
                && tryWriterLock(db, &taken, &error)
                && (taken ? OperationTables::load(db, &state, &error)
                                    && startWriting(db, session, &error)
                          : loadSnapshot(db, &state, &error));
        if (ok) {
            m_committedVersion = state.lastVersion;
            m_followCursor.version = state.lastVersion;
            m_followCursor.eventSeq = state.lastEventSeq;
            m_isWriter = taken;
            qCInfo(lcPostgres).noquote()
                    << (taken ? "writing to PostgreSQL" : "following the writer of PostgreSQL")
                    << m_uri.displayName();
            opened.set_value({std::move(state), QString()});
            if (taken || campaign(db))
                writerLoop(db, session);
        }
        session.reset();
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

bool PostgresStore::tryWriterLock(QSqlDatabase &db, bool *taken, QString *error) const
{
    QSqlQuery query(db);
    query.prepare(u"SELECT pg_try_advisory_lock(?, ?)"_s);
    query.bindValue(0, PostgresLocks::keySpace);
    query.bindValue(1, PostgresLocks::writerKey);
    if (!query.exec() || !query.next()) {
        *error = u"Cannot ask for the writer lock of the PostgreSQL database %1: %2"_s.arg(
                m_uri.displayName(), query.lastError().text());
        return false;
    }
    *taken = query.value(0).toBool();
    return true;
}

bool PostgresStore::startWriting(QSqlDatabase &db, std::optional<Session> &session, QString *error)
{
    // A writer that stops (frozen, cut off) loses its session, and so the lock, after this
    // long without a statement; a live one sends a keepalive more often.
    QSqlQuery query(db);
    return exec(query, u"SET idle_session_timeout = %1"_s.arg(writerIdleTimeoutMsecs), error)
            && session.emplace(db).prepare(error);
}

bool PostgresStore::loadSnapshot(QSqlDatabase &db, StoredState *state, QString *error)
{
    // One snapshot for every table, and the removal sequence it reached: a follower reads on
    // from exactly there.
    QSqlQuery query(db);
    if (!exec(query, u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s, error))
        return false;
    const bool ok = OperationTables::load(db, state, error)
            && exec(query, u"SELECT coalesce(max(seq), 0) FROM removals"_s, error) && query.next();
    if (ok)
        m_followCursor.removalSeq = query.value(0).toLongLong();
    QSqlQuery(db).exec(u"COMMIT"_s);
    return ok;
}

bool PostgresStore::campaign(QSqlDatabase &db)
{
    QString error;
    bool connected = true;
    for (;;) {
        if (m_commits.waitClosed(std::chrono::milliseconds(electionIntervalMsecs)))
            return false;
        bool taken = false;
        if (!connected) {
            db.close();
            connected = connect(db, &error);
            if (!connected)
                continue;
        }
        if (!tryWriterLock(db, &taken, &error)) {
            qCWarning(lcPostgres).noquote() << error;
            connected = false;
            continue;
        }
        if (!taken)
            continue;
        // The writer lock is this instance's: nobody else writes from here on. Read what a
        // writer needs beyond what the follower brought in, and hand it over.
        StoredState state;
        std::optional<Session> session;
        if (!OperationTables::loadWriterState(db, &state, &error)) {
            qCWarning(lcPostgres).noquote() << "Cannot take over as the writer:" << error;
            db.close(); // releases the lock for another instance
            connected = false;
            continue;
        }
        m_committedVersion = state.lastVersion;
        m_isWriter = true;
        qCInfo(lcPostgres).noquote() << "took over writing to PostgreSQL" << m_uri.displayName()
                                     << "at version" << state.lastVersion;
        // The handler is read on the owner's thread, which sets it.
        QMetaObject::invokeMethod(
                this,
                [this, state = std::move(state)]() mutable {
                    if (m_promoted)
                        m_promoted(std::move(state));
                },
                Qt::QueuedConnection);
        return true;
    }
}

bool PostgresStore::reconnect(QSqlDatabase &db, std::optional<Session> &session, QString *error)
{
    session.reset();
    db.close();
    if (!connect(db, error))
        return false;
    bool taken = false;
    if (!tryWriterLock(db, &taken, error)) {
        db.close();
        return false;
    }
    if (!taken) {
        fence(u"Reconnected to the PostgreSQL database %1, but another optrackd holds its "
              "writer lock now."_s.arg(m_uri.displayName()));
        *error = u"Another optrackd writes to the PostgreSQL database %1 now."_s.arg(
                m_uri.displayName());
        db.close();
        return false;
    }
    // The lock was free for a moment: whatever wrote then made this service's state stale.
    QSqlQuery query(db);
    if (!exec(query, u"SELECT value FROM meta WHERE key = 'version'"_s, error)) {
        db.close();
        return false;
    }
    const qint64 stored = query.next() ? query.value(0).toLongLong() : 0;
    if (stored != m_committedVersion) {
        *error = u"The PostgreSQL database %1 is at version %2, this optrackd at %3: another "
                 "writer changed it while this one had lost its connection."_s
                         .arg(m_uri.displayName())
                         .arg(stored)
                         .arg(m_committedVersion);
        fence(*error);
        db.close();
        return false;
    }
    return startWriting(db, session, error);
}

void PostgresStore::fence(const QString &reason)
{
    if (m_lostLock)
        return;
    m_lostLock = true;
    m_isWriter = false;
    qCCritical(lcPostgres).noquote() << reason << "This optrackd writes nothing more.";
    QMetaObject::invokeMethod(
            this,
            [this, reason] {
                if (m_fenced)
                    m_fenced(reason);
            },
            Qt::QueuedConnection);
}

void PostgresStore::submit(WriteBatch batch, Completion done)
{
    m_commits.push({std::move(batch), std::move(done), {}},
                   m_isWriter ? QString() : u"This optrackd does not write to the database."_s);
}

void PostgresStore::advertise(const QString &url, Completion done)
{
    m_commits.push({WriteBatch(), std::move(done), url});
}

void PostgresStore::close()
{
    m_commits.close();
    // The writer drains its queue; closing its connection releases the writer lock.
    if (m_writer.joinable())
        m_writer.join();
}

StoreStats PostgresStore::stats() const
{
    return m_commits.stats();
}

void PostgresStore::writerLoop(QSqlDatabase &db, std::optional<Session> &session)
{
    if (!session) {
        QString error;
        if (!startWriting(db, session, &error))
            qCWarning(lcPostgres).noquote() << error;
    }
    std::deque<Job> jobs;
    for (;;) {
        const CommitQueue::Taken taken
                = m_commits.take(&jobs, std::chrono::milliseconds(keepaliveMsecs));
        if (taken == CommitQueue::Taken::Closed)
            break;
        if (taken == CommitQueue::Taken::Idle) {
            // Nothing to write: show the server this writer is alive. Without a session (a
            // commit found the connection gone), reconnect now: a writer whose lock went to
            // another instance finds out and stops.
            if (!m_lostLock && (!session || !QSqlQuery(db).exec(u"SELECT 1"_s))) {
                session.reset();
                QString error;
                if (!reconnect(db, session, &error))
                    qCWarning(lcPostgres).noquote() << error;
            }
            continue;
        }
        QElapsedTimer timer;
        timer.start();
        QString error;
        bool ok = false;
        if (m_lostLock) {
            error = u"This optrackd lost the PostgreSQL writer lock to another writer."_s;
        } else if (session || reconnect(db, session, &error)) {
            ok = writeJobs(*session, jobs, &error);
            // A transaction that failed because the connection went is not retried: its
            // changes are refused, and the next batch reconnects first. (A dropped connection
            // may still say isOpen(): ask the server.)
            if (!ok && !QSqlQuery(db).exec(u"SELECT 1"_s))
                session.reset();
        }
        if (!ok)
            qCWarning(lcPostgres) << "A transaction failed:" << error;
        m_commits.finish(jobs, ok, error, double(timer.nsecsElapsed()) / 1e6);
        jobs.clear();
    }
}

bool PostgresStore::writeJobs(Session &session, const std::deque<Job> &jobs, QString *error)
{
    const QList<const WriteBatch *> batches = CommitQueue::batches(jobs);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // In the same transaction: what the followers read besides the tables, and the NOTIFY
    // that wakes them at the commit.
    const auto beside = [&](QString *why) {
        bool removed = false;
        for (const Job &job : jobs) {
            for (const QString &id : job.batch.removedOperations) {
                session.insertRemoval.bindValue(0, id);
                session.insertRemoval.bindValue(1, now);
                if (!run(session.insertRemoval, why))
                    return false;
                removed = true;
            }
            if (!job.advertisedUrl.isEmpty()) {
                session.advertise.bindValue(0, job.advertisedUrl);
                session.advertise.bindValue(1, now);
                if (!run(session.advertise, why))
                    return false;
            }
        }
        if (removed) {
            session.pruneRemovals.bindValue(0, now - removalsKeptMsecs);
            if (!run(session.pruneRemovals, why))
                return false;
        }
        return run(session.notify, why);
    };
    qint64 version = 0;
    if (!session.tables.commit(batches, &version, error, beside))
        return false;
    m_committedVersion = std::max(m_committedVersion, version);
    return true;
}

} // namespace optrack
