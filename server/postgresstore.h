#pragma once

#include "commitqueue.h"
#include "operationstore.h"
#include "postgresuri.h"

#include <QObject>

#include <atomic>
#include <deque>
#include <functional>
#include <future>
#include <thread>

class QSqlDatabase;

namespace optrack {

class OperationTables;
class PostgresSchema;

/// The PostgreSQL store: the same tables and the same group commit as SqliteStore, in a
/// database named by a libpq URI, shared by any number of optrackd instances. One of them
/// writes: the one whose connection holds the database's writer lock (a session advisory
/// lock). It migrates the schema, loads the state, and then writes every batch queued while
/// the previous transaction was committing in one transaction, with synchronous_commit on,
/// and NOTIFYs the others at each commit. Every write goes through the connection that holds
/// the lock, so a writer that lost its connection (and with it the lock) writes nothing more.
///
/// An instance that does not get the lock loads a consistent snapshot and follows (see
/// PostgresFollower and ClusterNode); its store tries for the lock every
/// electionIntervalMsecs and, once it has it, reads what a writer needs besides what it
/// followed and hands that to the promotion handler: from then on it writes.
class PostgresStore final : public QObject, public OperationStore
{
    Q_OBJECT

public:
    /// The connections an instance opens: the writer's (or the candidate's), and the
    /// follower's, which LISTENs.
    static constexpr int connectionsUsed = 2;
    /// With at least one more for the built-in workloads' files (FileStore), which get every
    /// connection of databaseConnections beyond connectionsUsed.
    static constexpr int connectionsNeeded = connectionsUsed + 1;
    /// How often an instance that follows tries for the writer lock.
    static constexpr int electionIntervalMsecs = 250;
    /// A writer with nothing to write sends a statement this often, so that its session's
    /// idle timeout ends only a writer that stopped (frozen, or cut off): then its lock goes
    /// to another instance.
    static constexpr int keepaliveMsecs = 1000;
    static constexpr int writerIdleTimeoutMsecs = 5000;
    /// What a follower needs to become the writer, beyond what it followed: the counters, the
    /// Idempotency-Key answers, the heartbeats (read under the writer lock; no operations).
    using PromotionHandler = std::function<void(StoredState)>;
    /// A writer that lost the lock to another instance; it writes nothing more.
    using FencedHandler = std::function<void(const QString &reason)>;

    PostgresStore(PostgresUri uri, int maxConnections, QObject *parent = nullptr);
    ~PostgresStore() override;

    std::optional<StoredState> open(QString *error) override;
    void submit(WriteBatch batch, Completion done) override;
    void close() override;
    StoreStats stats() const override;
    bool isWriter() const override { return m_isWriter.load(); }

    /// Where a follower reads on from (the state open() loaded).
    FollowCursor followCursor() const { return m_followCursor; }
    const PostgresUri &uri() const { return m_uri; }
    /// Both run on the owner's thread (and are set there).
    void setPromotionHandler(PromotionHandler handler) { m_promoted = std::move(handler); }
    void setFencedHandler(FencedHandler handler) { m_fenced = std::move(handler); }
    /// Records url as the address of the instance that writes (this one must), for the
    /// others' forwarded writes; durable like a batch.
    void advertise(const QString &url, Completion done);

    /// The database's migrations; its latestVersion() is the version this program writes.
    static const PostgresSchema &schema();

private:
    using Job = CommitQueue::Job;
    struct Opened
    {
        std::optional<StoredState> state;
        QString error;
    };
    struct Session;

    void writerThread(std::promise<Opened> &opened);
    /// A follower's wait for the writer lock; true once it has it (false: closing).
    bool campaign(QSqlDatabase &db);
    void writerLoop(QSqlDatabase &db, std::optional<Session> &session);
    bool connect(QSqlDatabase &db, QString *error) const;
    bool tryWriterLock(QSqlDatabase &db, bool *taken, QString *error) const;
    bool startWriting(QSqlDatabase &db, std::optional<Session> &session, QString *error);
    bool loadSnapshot(QSqlDatabase &db, StoredState *state, QString *error);
    bool reconnect(QSqlDatabase &db, std::optional<Session> &session, QString *error);
    bool writeJobs(Session &session, const std::deque<Job> &jobs, QString *error);
    void fence(const QString &reason);

    PostgresUri m_uri;
    int m_maxConnections;
    QString m_connectionName;
    PromotionHandler m_promoted;
    FencedHandler m_fenced;
    FollowCursor m_followCursor;
    std::atomic_bool m_isWriter = false;

    CommitQueue m_commits{this};
    std::thread m_writer;
    // Writer thread only: the version of its last commit (to recognise a database another
    // writer changed while this one had lost its connection), and whether that happened.
    qint64 m_committedVersion = 0;
    bool m_lostLock = false;
};

} // namespace optrack
