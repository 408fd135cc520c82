#include "uploadworkload.h"

#include "accessrules.h"
#include "retention.h"
#include "transactionparser.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype parseChunkBytes = 1 << 20;
constexpr std::size_t storeChunkRows = 50'000;

QString transactions(qint64 count)
{
    return JobRunner::plural(count, u"transaction"_s, u"transactions"_s);
}

} // namespace

UploadWorkload::UploadWorkload(JobRunner *runner, FileStore *store, FileCatalogue *files)
    : m_runner(runner)
    , m_store(store)
    , m_files(files)
{ }

void UploadWorkload::start(const UserAccount &caller, const QString &fileName,
                           const QByteArray &body, qsizetype offset, qsizetype size,
                           const std::optional<IdempotencyRequest> &idempotency,
                           JobRunner::Answer answer)
{
    const QString fileId = FileCatalogue::newFileId();
    CreateOperationRequest request;
    request.operationType = access::uploadType;
    request.entityId = fileId;
    request.displayName = u"Uploading %1"_s.arg(fileName);
    request.steps = QStringList{u"Receive file"_s, u"Validate rows"_s, u"Store file"_s};
    request.context
            = QJsonObject{{u"fileId"_s, fileId}, {u"fileName"_s, fileName}, {u"fileSize"_s, size}};
    const QString message
            = u"Upload of %1 (%2 bytes) accepted; its rows are being validated."_s.arg(fileName)
                      .arg(size);
    launch(caller, request, idempotency, message,
           Input{{}, fileId, fileName, caller.userId, body, offset, size, {}}, std::move(answer));
}

void UploadWorkload::retry(const UserAccount &owner, const Operation &op, JobRunner::Answer answer)
{
    const QString keptId = op.context.value(u"fileId"_s).toString();
    const QString kept = m_store->uploadPath(keptId);
    const auto notKept = [operationId = op.operationId] {
        return WorkloadAnswer{
                ApiError::conflict(
                        u"The file of operation %1 is no longer kept; upload it again."_s.arg(
                                operationId)),
                {},
                {}};
    };
    if (!FileCatalogue::isFileId(keptId)) {
        answer(notKept());
        return;
    }
    if (!QFileInfo::exists(kept) && m_store->sharesContents()) {
        // Another instance received it: its bytes are in the database.
        m_runner->runInBackground([this, owner, op, kept, notKept, answer = std::move(answer)] {
            const QString part = kept + u".part"_s;
            QFile::remove(part);
            FileStore::Connection db(*m_store);
            QString error;
            const bool fetched = db.isOpen()
                    && db.fetchContent(kept, part, &error) == FileStore::Connection::Fetched::Yes
                    && QFile::rename(part, kept);
            QFile::remove(part);
            m_runner->post([this, owner, op, fetched, notKept, answer] {
                if (!fetched) {
                    answer(notKept());
                    return;
                }
                retry(owner, op, answer);
            });
        });
        return;
    }
    if (!QFileInfo::exists(kept)) {
        answer(notKept());
        return;
    }
    const QString fileName = op.context.value(u"fileName"_s).toString();
    const QString fileId = FileCatalogue::newFileId();
    CreateOperationRequest request;
    request.operationType = access::uploadType;
    request.entityId = fileId;
    request.displayName = u"Uploading %1"_s.arg(fileName);
    request.steps = op.steps;
    request.context = QJsonObject{{u"fileId"_s, fileId},
                                  {u"fileName"_s, fileName},
                                  {u"fileSize"_s, op.context.value(u"fileSize"_s)},
                                  {u"retryOf"_s, op.operationId}};
    launch(owner, request, std::nullopt, u"Retrying the upload of %1."_s.arg(fileName),
           Input{{}, fileId, fileName, owner.userId, {}, 0, 0, kept}, std::move(answer));
}

bool UploadWorkload::recover(const Operation &op)
{
    const StoredFile *stored = m_files->file(op.context.value(u"fileId"_s).toString());
    if (!stored)
        return false;
    m_runner->complete(op.operationId, u"Stored"_s, stored->toJson());
    return true;
}

void UploadWorkload::launch(const UserAccount &caller, const CreateOperationRequest &request,
                            const std::optional<IdempotencyRequest> &idempotency,
                            const QString &message, Input input, JobRunner::Answer answer)
{
    m_runner->create(
            caller, request, idempotency, message,
            [this, input](const Operation &op, const std::function<void()> &respond) mutable {
                input.operationId = op.operationId;
                m_runner->launch(op.operationId, [this, input](const JobControlPtr &control) {
                    run(input, control);
                });
                respond();
            },
            std::move(answer));
}

void UploadWorkload::run(const Input &given, const JobControlPtr &control)
{
    Input input = given;
    const QString id = input.operationId;
    PatchOperationRequest begin
            = JobRunner::progressPatch(1, 1, u"Receiving %1"_s.arg(input.fileName));
    begin.status = OperationStatus::InProgress;
    m_runner->report(id, control, begin);

    // Receive: the bytes are kept under the data directory by id, whatever the name says.
    const QString staged = m_store->uploadPath(input.fileId);
    if (!input.sourcePath.isEmpty()) {
        QFile source(input.sourcePath);
        if (!source.open(QIODevice::ReadOnly)) {
            m_runner->post([this, id] {
                m_runner->fail(id, u"The uploaded file is no longer kept; upload it again."_s);
            });
            return;
        }
        input.bytes = source.readAll();
        input.offset = 0;
        input.size = input.bytes.size();
    }
    const QByteArrayView data(input.bytes.constData() + input.offset, input.size);
    {
        QFile file(staged + u".part"_s);
        if (!file.open(QIODevice::WriteOnly) || file.write(data.data(), data.size()) != data.size()
            || !file.flush() || !file.rename(staged)) {
            const QString reason = file.errorString();
            QFile::remove(staged + u".part"_s);
            m_runner->post([this, id, reason] {
                m_runner->fail(id, u"The file could not be kept: %1."_s.arg(reason));
            });
            return;
        }
    }
    if (m_store->sharesContents()) {
        // Kept in the database too, so that a retry works through whichever instance runs it.
        FileStore::Connection db(*m_store);
        QString error;
        if (!db.isOpen() || !db.putContent(staged, staged, &error)) {
            const QString reason = db.isOpen() ? error : db.error();
            m_runner->post([this, id, reason] {
                m_runner->fail(id, u"The file could not be kept: %1."_s.arg(reason));
            });
            return;
        }
    }
    m_runner->report(id, control, JobRunner::progressPatch(5, 2, u"Validating rows"_s));

    // Validate every row before anything is stored. Progress counts rows against the
    // file's lines (a quoted field may hold a line end, so that is an upper bound), and a
    // failure reports how far it got: a file that fails at row 30,001 of 50,000 stops at
    // 41 %, not at the 5 % of the first report.
    ReportThrottle throttle;
    qint64 total = 0;
    {
        TransactionParser parser;
        const qint64 rowsInFile
                = std::max<qint64>(1,
                                   qint64(std::count(data.begin(), data.end(), '\n')) - 1
                                           + (data.endsWith('\n') ? 0 : 1));
        const auto validated = [&parser, rowsInFile] {
            const qint64 rows = std::min(parser.rowCount(), rowsInFile);
            const QLocale english(QLocale::English);
            return JobRunner::progressPatch(
                    5 + 60 * double(rows) / double(rowsInFile), std::nullopt,
                    u"Validated %1 of %2 rows"_s.arg(english.toString(rows),
                                                     english.toString(rowsInFile)));
        };
        const auto failValidation = [&] {
            m_runner->report(id, control, validated());
            const QString error = parser.error();
            m_runner->post([this, id, error] { m_runner->fail(id, error); });
        };
        for (qsizetype at = 0; at < data.size(); at += parseChunkBytes) {
            if (control->cancelled)
                return;
            const qsizetype length = std::min(parseChunkBytes, data.size() - at);
            const bool ok = parser.feed(data.data() + at, length);
            parser.takeRows();
            if (!ok)
                return failValidation();
            if (throttle.due())
                m_runner->report(id, control, validated());
        }
        if (!parser.finish())
            return failValidation();
        parser.takeRows();
        input.size = data.size();
        total = parser.rowCount();
        m_runner->report(id, control,
                         JobRunner::progressPatch(65, 3, u"Storing %1"_s.arg(transactions(total))));

        // Store, in transactions of a bounded size so others can write in between.
        FileStore::Connection db(*m_store);
        QString error;
        TransactionParser again;
        std::vector<TransactionRow> pending;
        qint64 stored = 0;
        const auto flush = [&]() -> bool {
            if (pending.empty())
                return true;
            if (!db.insertRows(input.fileId, input.owner, pending, &error))
                return false;
            stored += qint64(pending.size());
            pending.clear();
            return true;
        };
        bool ok = db.isOpen();
        if (!ok)
            error = db.error();
        for (qsizetype at = 0; ok && at < data.size(); at += parseChunkBytes) {
            if (control->cancelled) {
                db.deleteRows(input.fileId, &error);
                return;
            }
            again.feed(data.data() + at, std::min(parseChunkBytes, data.size() - at));
            std::vector<TransactionRow> rows = again.takeRows();
            std::move(rows.begin(), rows.end(), std::back_inserter(pending));
            if (pending.size() >= storeChunkRows)
                ok = flush();
            if (ok && throttle.due()) {
                m_runner->report(
                        id, control,
                        JobRunner::progressPatch(
                                65 + 34 * double(stored) / double(std::max<qint64>(1, total))));
            }
        }
        if (ok) {
            again.finish();
            std::vector<TransactionRow> rows = again.takeRows();
            std::move(rows.begin(), rows.end(), std::back_inserter(pending));
            ok = flush();
        }
        if (!ok) {
            db.deleteRows(input.fileId, &error);
            m_runner->post([this, id, error] {
                m_runner->fail(id, u"The transactions could not be stored: %1"_s.arg(error));
            });
            return;
        }
        if (control->cancelled) {
            db.deleteRows(input.fileId, &error);
            return;
        }
        if (!db.refreshStatistics(&error))
            qCWarning(lcWorkload).noquote() << "Cannot refresh the statistics:" << error;
    }

    // Finish on the event loop: a cancel that got there first wins.
    StoredFile file{input.fileId, input.fileName, input.owner, input.size, total, {}};
    m_runner->post([this, id, control, file, staged] { store(id, control, file, staged); });
}

void UploadWorkload::store(const QString &operationId, const JobControlPtr &control,
                           StoredFile file, const QString &staged)
{
    const QString id = operationId;
    if (control->cancelled || !m_runner->claimCompletion(id)) {
        m_runner->runInBackground([this, file] {
            FileStore::Connection db(*m_store);
            QString error;
            db.deleteRows(file.fileId, &error);
        });
        m_runner->finish(id);
        return;
    }
    m_runner->runInBackground([this, id, file, staged]() mutable {
        file.uploadedAt = QDateTime::currentDateTimeUtc();
        FileStore::Connection db(*m_store);
        QString error;
        const bool ok = db.isOpen() && db.insertFile(file, &error)
                && (QFile::rename(staged, m_store->filePath(file.fileId))
                    || (error = u"cannot move the file into place"_s, false));
        m_runner->post([this, id, file, ok, error] {
            if (!ok) {
                m_runner->fail(id, u"The file could not be stored: %1."_s.arg(error));
                return;
            }
            m_files->insert(file);
            m_runner->complete(id, u"Stored %1"_s.arg(transactions(file.transactionCount)),
                               file.toJson());
        });
    });
}

} // namespace optrack
