#pragma once

#include "commitqueue.h"
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
    using Job = CommitQueue::Job;

    bool configure(QSqlDatabase &db, QString *error) const;
    void writerLoop();
    void checkpointLoop();
    bool writeJobs(OperationTables &tables, const std::deque<Job> &jobs, QString *error);

    QString m_path;
    QString m_synchronous;
    QString m_connectionName;

    CommitQueue m_commits{this};
    // The checkpointer's: commits since the last checkpoint, and whether to stop.
    std::mutex m_checkpointMutex;
    std::condition_variable m_checkpointWake;
    qint64 m_commitsSinceCheckpoint = 0;
    bool m_stopping = false;
    std::thread m_writer;
    std::thread m_checkpointer;
};

} // namespace optrack
