#pragma once

#include "filecatalogue.h"
#include "jobrunner.h"

namespace optrack {

/// The file deletion with approval (file_deletion): DELETE /api/files/{id} makes an operation
/// for the file's owner that waits for votes; once approved, the rows and the bytes go and the
/// file leaves the catalogue. One deletion per file at a time.
class DeletionWorkload
{
public:
    DeletionWorkload(const ServerConfig &config, JobRunner *runner, FileStore *store,
                     FileCatalogue *files);

    void start(const UserAccount &caller, const QString &fileId,
               const std::optional<IdempotencyRequest> &idempotency, JobRunner::Answer answer);
    /// A committed change of one of the service's deletions: approved runs it; ended frees its
    /// file for another deletion.
    void handlePublished(const Operation &op);
    /// After a restart: a pending deletion waits for votes again, an approved or running one
    /// runs.
    void recover(const Operation &op);

private:
    void begin(const Operation &op);
    void run(const QString &operationId, const QString &fileId);
    /// The operation's context names a stored file whose owner is not the operation's.
    bool namesSomeoneElsesFile(const Operation &op) const;
    PatchOperationRequest waitForVotes() const;

    const ServerConfig &m_config;
    JobRunner *m_runner;
    FileStore *m_store;
    FileCatalogue *m_files;
    /// fileId -> the deletion under way.
    QHash<QString, QString> m_deletions;
    /// fileId -> deletion requests that arrived while its first deletion was being saved.
    QHash<QString, QList<std::function<void()>>> m_waitingForDeletion;
};

} // namespace optrack
