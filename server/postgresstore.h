#pragma once

#include "operationstore.h"
#include "postgresuri.h"

#include <QObject>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

class QSqlDatabase;

namespace optrack {

class OperationTables;
class PostgresSchema;

/// The PostgreSQL store: the same tables and the same group commit as SqliteStore, in a
/// database named by a libpq URI. One writer thread owns one connection; it takes the
/// database's writer lock (a session advisory lock) before it reads anything, migrates the
/// schema, loads the state, and then writes every batch queued while the previous
/// transaction was committing in one transaction, with synchronous_commit on: an answered
/// change is on the server's disk. Every write goes through the connection that holds the
/// lock, so a writer that lost its connection (and with it the lock) writes nothing more
/// until it has the lock again and finds the database as it left it.
class PostgresStore final : public QObject, public OperationStore
{
    Q_OBJECT

public:
    /// The connections this store opens: the writer's.
    static constexpr int connectionsUsed = 1;
    /// How long open() waits for another optrackd's writer lock (one that was just killed
    /// holds it until its server process notices).
    static constexpr int writerLockWaitMsecs = 5000;

    PostgresStore(PostgresUri uri, int maxConnections, QObject *parent = nullptr);
    ~PostgresStore() override;

    std::optional<StoredState> open(QString *error) override;
    void submit(WriteBatch batch, Completion done) override;
    void close() override;
    StoreStats stats() const override;

    /// The database's migrations; its latestVersion() is the version this program writes.
    static const PostgresSchema &schema();

private:
    struct Job
    {
        WriteBatch batch;
        Completion done;
    };
    struct Opened
    {
        std::optional<StoredState> state;
        QString error;
    };

    void writerThread(std::promise<Opened> &opened);
    void writerLoop(QSqlDatabase &db, std::optional<OperationTables> &tables);
    bool connect(QSqlDatabase &db, QString *error) const;
    bool takeWriterLock(QSqlDatabase &db, QString *error) const;
    bool reconnect(QSqlDatabase &db, std::optional<OperationTables> &tables, QString *error);
    bool writeJobs(OperationTables &tables, const std::deque<Job> &jobs, QString *error);

    PostgresUri m_uri;
    int m_maxConnections;
    QString m_connectionName;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    bool m_stopping = false;
    std::thread m_writer;
    StoreStats m_stats;
    // Writer thread only: the version of its last commit (to recognise a database another
    // writer changed while this one had lost its connection), and whether that happened.
    qint64 m_committedVersion = 0;
    bool m_fenced = false;
};

} // namespace optrack
