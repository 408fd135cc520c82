#pragma once

#include "filecatalogue.h"
#include "jobrunner.h"

namespace optrack {

/// The transaction file upload (file_upload): keeps the bytes under the data directory,
/// validates every row, stores the rows in chunks, and only then enters the file in the
/// catalogue. A cancel removes whatever it had written.
class UploadWorkload
{
public:
    UploadWorkload(JobRunner *runner, FileStore *store, FileCatalogue *files);

    void start(const UserAccount &caller, const QString &fileName, const QByteArray &body,
               qsizetype offset, qsizetype size,
               const std::optional<IdempotencyRequest> &idempotency, JobRunner::Answer answer);
    /// Runs a failed, denied or cancelled upload again from its kept bytes, for its owner.
    void retry(const UserAccount &owner, const Operation &op, JobRunner::Answer answer);
    /// After a restart: completes an interrupted upload whose file had been stored; false when
    /// it had not.
    bool recover(const Operation &op);

private:
    struct Input
    {
        QString operationId, fileId, fileName, owner;
        QByteArray bytes;
        qsizetype offset = 0;
        qsizetype size = 0;
        QString sourcePath; // a retry reads its input from the kept upload
    };

    void launch(const UserAccount &caller, const CreateOperationRequest &request,
                const std::optional<IdempotencyRequest> &idempotency, const QString &message,
                Input input, JobRunner::Answer answer);
    void run(const Input &input, const JobControlPtr &control);
    /// On the event loop once every row is stored: the file enters the catalogue, unless a
    /// cancel got there first.
    void store(const QString &operationId, const JobControlPtr &control, StoredFile file,
               const QString &staged);

    JobRunner *m_runner;
    FileStore *m_store;
    FileCatalogue *m_files;
};

} // namespace optrack
