#pragma once

#include "deletionworkload.h"
#include "exportworkload.h"
#include "filecatalogue.h"
#include "jobrunner.h"
#include "retention.h"
#include "uploadworkload.h"

#include <QObject>

#include <memory>

namespace optrack {

/// The built-in workloads of optrackd — transaction file upload, deletion with approval,
/// data export — with retry, restart recovery and retention, behind one front for the routes.
/// Each workload is a unit of its own; the JobRunner runs their work off the request loop and
/// reports progress through the registry like any other change. Cancelling an operation stops
/// its work within a second and removes what it had written. The workloads act only on the
/// operations they started (builtIn); a producer's operation is its producer's, whatever its
/// type.
class WorkloadManager final : public QObject
{
    Q_OBJECT

public:
    using Answer = JobRunner::Answer;

    WorkloadManager(const ServerConfig &config, OperationRegistry *registry,
                    std::unique_ptr<FileStore> store, QObject *parent = nullptr);
    ~WorkloadManager() override;

    /// Opens the file store, finishes or fails what a stop interrupted, starts retention.
    bool start(QString *error);
    /// Stops every job (as if cancelled) and waits for the workers.
    void shutdown();

    std::vector<StoredFile> filesFor(const UserAccount &caller) const;
    const StoredFile *file(const QString &fileId) const;
    /// The export file of a completed export, for serving: the path, or (shared) a copy
    /// fetched from the database that its callback removes once it has opened it (temporary);
    /// an empty path if it is no longer kept (retention), or with error if the database could
    /// not be read. Called back on this thread.
    using ExportFileHandler
            = std::function<void(const QString &path, bool temporary, const QString &error)>;
    void findExportFile(const Operation &op, ExportFileHandler handler);

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

    int runningJobs() const { return m_runner.runningJobs(); }

private:
    void handlePublished(const QList<optrack::Operation> &operations);
    /// What another instance stored or deleted, seen in the operation that did it.
    void followFiles(const Operation &op);
    void takeOver();
    void recover(const QString &interrupted);

    const ServerConfig &m_config;
    OperationRegistry *m_registry;
    std::unique_ptr<FileStore> m_store;
    FileCatalogue m_files;
    JobRunner m_runner;
    UploadWorkload m_uploads;
    DeletionWorkload m_deletions;
    ExportWorkload m_exports;
    Retention m_retention;
};

} // namespace optrack
