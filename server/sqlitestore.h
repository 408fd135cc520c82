#pragma once

#include "operationstore.h"

#include <QObject>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

class QSqlDatabase;

namespace optrack {

class OperationTables;
class SqliteSchema;

/// The SQLite store: WAL mode, synchronous FULL by default. One writer thread takes
/// every batch queued while the previous transaction was committing and writes them
/// in one transaction (group commit), so durable throughput is not one fsync per request.
/// Checkpoints (copying the WAL into the database file) run on a thread of their own, so
/// no commit, and no answer waiting for one, pays for them.
class SqliteStore final : public QObject, public OperationStore
{
    Q_OBJECT

public:
    SqliteStore(QString databasePath, QString synchronous, QObject *parent = nullptr);
    ~SqliteStore() override;

    std::optional<StoredState> open(QString *error) override;
    void submit(WriteBatch batch, Completion done) override;
    void close() override;
    StoreStats stats() const override;

    /// optrack.db's migrations; its latestVersion() is the version this program writes.
    static const SqliteSchema &schema();

private:
    struct Job
    {
        WriteBatch batch;
        Completion done;
    };

    bool configure(QSqlDatabase &db, QString *error) const;
    void writerLoop();
    void checkpointLoop();
    bool writeJobs(OperationTables &tables, const std::deque<Job> &jobs, QString *error);

    QString m_path;
    QString m_synchronous;
    QString m_connectionName;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_checkpointWake;
    qint64 m_commitsSinceCheckpoint = 0;
    std::deque<Job> m_queue;
    bool m_stopping = false;
    std::thread m_writer;
    std::thread m_checkpointer;
    StoreStats m_stats;
};

} // namespace optrack
