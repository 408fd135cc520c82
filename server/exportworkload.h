#pragma once

#include "filestore.h"
#include "jobrunner.h"

#include <QDate>

namespace optrack {

/// The data export (data_export): writes the transactions of a date range the caller may see
/// to a CSV or JSON file under the data directory, published under its final name only once
/// complete, so a download never sees a partial file. A cancel removes what it had written.
class ExportWorkload
{
public:
    ExportWorkload(JobRunner *runner, FileStore *store);

    void start(const UserAccount &caller, const QString &format, const QString &dateRange,
               QDate from, QDate to, const std::optional<IdempotencyRequest> &idempotency,
               JobRunner::Answer answer);
    /// Runs a failed, denied or cancelled export again with the same range, for its owner.
    void retry(const UserAccount &owner, const Operation &op, JobRunner::Answer answer);
    /// The file of a completed export (may no longer exist after retention).
    QString filePath(const Operation &op) const;

private:
    struct Input
    {
        QString operationId, owner, format, dateRange;
        QDate from, to;
    };

    void run(const Input &input, const JobControlPtr &control);
    /// On the event loop once the file is written: moves it into place, unless a cancel got
    /// there first.
    void publish(const Input &input, const JobControlPtr &control, const QString &partPath,
                 qint64 rows, qint64 bytes);

    JobRunner *m_runner;
    FileStore *m_store;
};

} // namespace optrack
