#pragma once

#include "filestore.h"
#include "operationregistry.h"

#include <QDate>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

namespace optrack {

/// The answer a workload route gives: 202 with {operationId, status, message}, an error,
/// or the first answer again for an Idempotency-Key replay.
struct WorkloadAnswer
{
    std::optional<ApiError> error;
    QJsonObject body;
    std::optional<IdempotencyRecord> replay;
};

/// The built-in workloads of optrackd — transaction file upload, deletion with approval,
/// data export — and retry and retention. Work runs on a thread pool, off the request loop;
/// progress goes through the registry like any other change. Cancelling an operation stops
/// its work within a second and removes what it had written.
class WorkloadManager final : public QObject
{
    Q_OBJECT

public:
    using Answer = std::function<void(const WorkloadAnswer &)>;

    WorkloadManager(const ServerConfig &config, OperationRegistry *registry, const QString &dataDir,
                    QObject *parent = nullptr);
    ~WorkloadManager() override;

    /// Opens the file store, finishes or fails what a stop interrupted, starts retention.
    bool start(QString *error);
    /// Stops every job (as if cancelled) and waits for the workers.
    void shutdown();

    std::vector<StoredFile> filesFor(const UserAccount &caller) const;
    const StoredFile *file(const QString &fileId) const;
    /// The export file of a completed export (may no longer exist after retention).
    QString exportFilePath(const Operation &op) const;

    void startUpload(const UserAccount &caller, const QString &fileName, const QByteArray &body,
                     qsizetype offset, qsizetype size,
                     const std::optional<IdempotencyRequest> &idempotency, Answer answer);
    void startDeletion(const UserAccount &caller, const QString &fileId,
                       const std::optional<IdempotencyRequest> &idempotency, Answer answer);
    void startExport(const UserAccount &caller, const QString &format, const QString &dateRange,
                     QDate from, QDate to, const std::optional<IdempotencyRequest> &idempotency,
                     Answer answer);
    void retry(const UserAccount &caller, const QString &operationId, Answer answer);
    /// Removes terminal operations older than the retention period, with their files.
    void applyRetention();

    int runningJobs() const { return int(m_jobs.size()); }

private:
    struct Control
    {
        std::atomic<bool> cancelled{false};
    };
    using ControlPtr = std::shared_ptr<Control>;

    struct UploadInput
    {
        QString operationId, fileId, fileName, owner;
        QByteArray bytes;
        qsizetype offset = 0;
        qsizetype size = 0;
        QString sourcePath; // a retry reads its input from the kept upload
    };
    struct ExportInput
    {
        QString operationId, owner, format, dateRange;
        QDate from, to;
    };

    void handlePublished(const QList<optrack::Operation> &operations);
    /// Runs once the new operation is durable; calls respond() when the 202 may go out.
    using Started = std::function<void(const Operation &, const std::function<void()> &respond)>;
    void create(const UserAccount &caller, CreateOperationRequest request,
                const std::optional<IdempotencyRequest> &idempotency, const QString &message,
                Started started, Answer answer);
    void launch(const QString &operationId, std::function<void(const ControlPtr &)> work);
    void finish(const QString &operationId);
    /// Posts a function to the event loop (from a worker).
    void post(std::function<void()> function);
    /// From a worker: a service PATCH of a running operation (skipped once cancelled).
    void report(const QString &operationId, const ControlPtr &control, PatchOperationRequest patch);
    void fail(const QString &operationId, const QString &message);
    void complete(const QString &operationId, const QString &description,
                  const QJsonObject &result);

    void runUpload(const UploadInput &input, const ControlPtr &control);
    void runExport(const ExportInput &input, const ControlPtr &control);
    void runDeletion(const QString &operationId, const QString &fileId, const ControlPtr &control);
    void beginDeletion(const Operation &op);
    /// The operation's context names a stored file whose owner is not the operation's.
    bool namesSomeoneElsesFile(const Operation &op) const;
    void recover();
    static QJsonObject initiated(const Operation &op, const QString &message);

    const ServerConfig &m_config;
    OperationRegistry *m_registry;
    FileStore m_store;
    QThreadPool m_pool;
    QHash<QString, StoredFile> m_files;
    QHash<QString, ControlPtr> m_jobs;
    /// fileId -> the deletion under way.
    QHash<QString, QString> m_deletions;
    /// fileId -> deletion requests that arrived while its first deletion was being saved.
    QHash<QString, QList<std::function<void()>>> m_waitingForDeletion;
    QTimer m_retentionTimer;
};

} // namespace optrack
