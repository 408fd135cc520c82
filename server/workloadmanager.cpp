#include "workloadmanager.h"

#include "accessrules.h"
#include "csvwriter.h"
#include "transactionparser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWorkload, "optrack.workload")

namespace {

constexpr int workerThreads = 2;
constexpr int workerNice = 10;
constexpr qsizetype parseChunkBytes = 1 << 20;
constexpr std::size_t storeChunkRows = 50'000;
constexpr qint64 reportIntervalMsecs = 200;
constexpr qint64 writeFlushBytes = 1 << 20;
constexpr int cancelCheckRows = 4096;
constexpr qint64 retentionIntervalMsecs = 3'600'000;

/// m_deletions' mark for a file whose deletion is being saved (no operation id yet).
const QString startingDeletion = u"(starting)"_s;

const QString interruptedMessage
        = u"Interrupted: the service restarted while this ran; retry it."_s;

/// Reports progress at most every reportIntervalMsecs.
class Throttle
{
public:
    Throttle() { m_timer.start(); }
    bool due()
    {
        if (m_timer.elapsed() < reportIntervalMsecs)
            return false;
        m_timer.restart();
        return true;
    }

private:
    QElapsedTimer m_timer;
};

/// Workers yield the processor to the request loop, so the API keeps answering at full speed
/// while a large upload validates. (On Linux a thread's nice value is its own.)
void lowerPriority()
{
#ifdef Q_OS_LINUX
    static thread_local bool lowered = false;
    if (!lowered) {
        setpriority(PRIO_PROCESS, id_t(gettid()), workerNice);
        lowered = true;
    }
#endif
}

/// Ids the service gives files (newFileId()); a context may carry anything, so ids read back
/// from one are checked before they become part of a path.
bool isFileId(const QString &text)
{
    static const QRegularExpression pattern(u"\\Afile_[0-9a-f]{16}\\z"_s);
    return pattern.match(text).hasMatch();
}

QString newFileId()
{
    return u"file_"_s
            + QString::number(QRandomGenerator::system()->generate64(), 16)
                      .rightJustified(16, u'0');
}

PatchOperationRequest progressPatch(double progress, std::optional<int> step = std::nullopt,
                                    std::optional<QString> description = std::nullopt)
{
    PatchOperationRequest patch;
    patch.progressPercentage = std::clamp(progress, 0.0, 100.0);
    patch.currentStep = step;
    patch.stepDescription = description;
    return patch;
}

QString plural(qint64 count, const QString &one, const QString &many)
{
    return count == 1 ? QString(u"1 "_s + one) : QString(QString::number(count) + u' ' + many);
}

} // namespace

WorkloadManager::WorkloadManager(const ServerConfig &config, OperationRegistry *registry,
                                 const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_registry(registry)
    , m_store(dataDir)
{
    m_pool.setMaxThreadCount(workerThreads);
    connect(m_registry, &OperationRegistry::published, this, &WorkloadManager::handlePublished);
    m_retentionTimer.setInterval(retentionIntervalMsecs);
    connect(&m_retentionTimer, &QTimer::timeout, this, &WorkloadManager::applyRetention);
}

WorkloadManager::~WorkloadManager()
{
    shutdown();
}

bool WorkloadManager::start(QString *error)
{
    const auto files = m_store.open(error);
    if (!files)
        return false;
    for (const StoredFile &file : *files)
        m_files.insert(file.fileId, file);
    recover();
    applyRetention();
    m_retentionTimer.start();
    return true;
}

void WorkloadManager::shutdown()
{
    for (const ControlPtr &control : std::as_const(m_jobs))
        control->cancelled = true;
    m_pool.waitForDone();
}

std::vector<StoredFile> WorkloadManager::filesFor(const UserAccount &caller) const
{
    const bool everyone = access::seesEveryOperation(caller.roles);
    std::vector<StoredFile> files;
    for (const StoredFile &file : m_files) {
        if (everyone || file.owner == caller.userId)
            files.push_back(file);
    }
    std::sort(files.begin(), files.end(), [](const StoredFile &a, const StoredFile &b) {
        return a.uploadedAt != b.uploadedAt ? a.uploadedAt > b.uploadedAt : a.fileId < b.fileId;
    });
    return files;
}

const StoredFile *WorkloadManager::file(const QString &fileId) const
{
    const auto it = m_files.constFind(fileId);
    return it == m_files.cend() ? nullptr : &*it;
}

QString WorkloadManager::exportFilePath(const Operation &op) const
{
    return m_store.exportPath(op.operationId, op.context.value(u"format"_s).toString());
}

QJsonObject WorkloadManager::initiated(const Operation &op, const QString &message)
{
    return QJsonObject{{u"operationId"_s, op.operationId},
                       {u"status"_s, u"initiated"_s},
                       {u"message"_s, message},
                       {u"operation"_s, codec::toJson(op)}};
}

void WorkloadManager::post(std::function<void()> function)
{
    QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
}

void WorkloadManager::report(const QString &operationId, const ControlPtr &control,
                             PatchOperationRequest patch)
{
    post([this, operationId, control, patch] {
        if (control->cancelled)
            return;
        m_registry->patch(OperationRegistry::serviceAccount(), operationId, patch,
                          [](const ChangeResult &) {});
    });
}

void WorkloadManager::fail(const QString &operationId, const QString &message)
{
    PatchOperationRequest patch;
    patch.status = OperationStatus::Failed;
    patch.errorMessage = std::optional<QString>(message);
    m_registry->patch(OperationRegistry::serviceAccount(), operationId, patch,
                      [](const ChangeResult &) {});
    finish(operationId);
}

void WorkloadManager::complete(const QString &operationId, const QString &description,
                               const QJsonObject &result)
{
    PatchOperationRequest patch;
    patch.status = OperationStatus::Completed;
    patch.progressPercentage = 100;
    const std::optional<Operation> op = m_registry->current(operationId);
    if (op && op->totalSteps > 0)
        patch.currentStep = op->totalSteps;
    patch.stepDescription = description;
    patch.result = result;
    m_registry->patch(OperationRegistry::serviceAccount(), operationId, patch,
                      [](const ChangeResult &) {});
    finish(operationId);
}

void WorkloadManager::finish(const QString &operationId)
{
    m_jobs.remove(operationId);
}

void WorkloadManager::launch(const QString &operationId,
                             std::function<void(const ControlPtr &)> work)
{
    auto control = std::make_shared<Control>();
    m_jobs.insert(operationId, control);
    m_pool.start([work = std::move(work), control] {
        lowerPriority();
        work(control);
    });
}

void WorkloadManager::create(const UserAccount &caller, CreateOperationRequest request,
                             const std::optional<IdempotencyRequest> &idempotency,
                             const QString &message, Started started, Answer answer)
{
    std::optional<IdempotencyRequest> remembered = idempotency;
    if (remembered) {
        remembered->answerStatus = 202;
        remembered->answerBody = [message](const Operation &op) { return initiated(op, message); };
    }
    m_registry->create(caller, request, Runner::Workload, remembered,
                       [message, started = std::move(started),
                        answer = std::move(answer)](const ChangeResult &result) {
                           WorkloadAnswer out;
                           if (result.replay || result.error) {
                               out.replay = result.replay;
                               out.error = result.error;
                               answer(out);
                               return;
                           }
                           out.body = initiated(result.operation, message);
                           started(result.operation, [answer, out] { answer(out); });
                       });
}

// --- upload ----------------------------------------------------------------------------------

void WorkloadManager::startUpload(const UserAccount &caller, const QString &fileName,
                                  const QByteArray &body, qsizetype offset, qsizetype size,
                                  const std::optional<IdempotencyRequest> &idempotency,
                                  Answer answer)
{
    const QString fileId = newFileId();
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
    UploadInput input{{}, fileId, fileName, caller.userId, body, offset, size, {}};
    create(
            caller, request, idempotency, message,
            [this, input](const Operation &op, const std::function<void()> &respond) mutable {
                input.operationId = op.operationId;
                launch(op.operationId,
                       [this, input](const ControlPtr &control) { runUpload(input, control); });
                respond();
            },
            std::move(answer));
}

void WorkloadManager::runUpload(const UploadInput &given, const ControlPtr &control)
{
    UploadInput input = given;
    const QString id = input.operationId;
    PatchOperationRequest begin = progressPatch(1, 1, u"Receiving %1"_s.arg(input.fileName));
    begin.status = OperationStatus::InProgress;
    report(id, control, begin);

    // Receive: the bytes are kept under the data directory by id, whatever the name says.
    const QString staged = m_store.uploadPath(input.fileId);
    if (!input.sourcePath.isEmpty()) {
        QFile source(input.sourcePath);
        if (!source.open(QIODevice::ReadOnly)) {
            post([this, id] {
                fail(id, u"The uploaded file is no longer kept; upload it again."_s);
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
            post([this, id, reason] {
                fail(id, u"The file could not be kept: %1."_s.arg(reason));
            });
            return;
        }
    }
    report(id, control, progressPatch(5, 2, u"Validating rows"_s));

    // Validate every row before anything is stored.
    Throttle throttle;
    qint64 total = 0;
    {
        TransactionParser parser;
        for (qsizetype at = 0; at < data.size(); at += parseChunkBytes) {
            if (control->cancelled)
                return;
            const qsizetype length = std::min(parseChunkBytes, data.size() - at);
            const bool ok = parser.feed(data.data() + at, length);
            parser.takeRows();
            if (!ok) {
                const QString error = parser.error();
                post([this, id, error] { fail(id, error); });
                return;
            }
            if (throttle.due()) {
                const double share
                        = double(at + length) / double(std::max<qsizetype>(1, data.size()));
                report(id, control,
                       progressPatch(5 + 60 * share, std::nullopt,
                                     u"Validated %1 rows"_s.arg(parser.rowCount())));
            }
        }
        if (!parser.finish()) {
            const QString error = parser.error();
            post([this, id, error] { fail(id, error); });
            return;
        }
        parser.takeRows();
        input.size = data.size();
        total = parser.rowCount();
        report(id, control,
               progressPatch(
                       65, 3,
                       u"Storing %1"_s.arg(plural(total, u"transaction"_s, u"transactions"_s))));

        // Store, in transactions of a bounded size so others can write in between.
        FileStore::Connection db(m_store);
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
                report(id, control,
                       progressPatch(65
                                     + 34 * double(stored) / double(std::max<qint64>(1, total))));
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
            post([this, id, error] {
                fail(id, u"The transactions could not be stored: %1"_s.arg(error));
            });
            return;
        }
        if (control->cancelled) {
            db.deleteRows(input.fileId, &error);
            return;
        }
    }

    // Finish on the event loop: a cancel that got there first wins.
    StoredFile file{input.fileId, input.fileName, input.owner, input.size, total, {}};
    post([this, id, control, file, staged] {
        if (control->cancelled || !m_registry->claimCompletion(id)) {
            m_pool.start([this, file] {
                FileStore::Connection db(m_store);
                QString error;
                db.deleteRows(file.fileId, &error);
            });
            finish(id);
            return;
        }
        m_pool.start([this, id, file, staged]() mutable {
            file.uploadedAt = QDateTime::currentDateTimeUtc();
            FileStore::Connection db(m_store);
            QString error;
            const bool ok = db.isOpen() && db.insertFile(file, &error)
                    && (QFile::rename(staged, m_store.filePath(file.fileId))
                        || (error = u"cannot move the file into place"_s, false));
            post([this, id, file, ok, error] {
                if (!ok) {
                    fail(id, u"The file could not be stored: %1."_s.arg(error));
                    return;
                }
                m_files.insert(file.fileId, file);
                complete(id,
                         u"Stored %1"_s.arg(plural(file.transactionCount, u"transaction"_s,
                                                   u"transactions"_s)),
                         file.toJson());
            });
        });
    });
}

// --- deletion --------------------------------------------------------------------------------

void WorkloadManager::startDeletion(const UserAccount &caller, const QString &fileId,
                                    const std::optional<IdempotencyRequest> &idempotency,
                                    Answer answer)
{
    const StoredFile *stored = file(fileId);
    if (!stored && idempotency) {
        // The file is gone (a deletion finished): a replay still answers the first request.
        if (const auto record = m_registry->idempotencyRecord(caller.userId, idempotency->key)) {
            if (record->requestHash == idempotency->requestHash) {
                answer({std::nullopt, {}, record});
            } else {
                answer({ApiError::conflict(
                                u"This Idempotency-Key was already used with a "
                                u"different request; use a new key for a new request."_s),
                        {},
                        {}});
            }
            return;
        }
    }
    const bool everyone = access::seesEveryOperation(caller.roles);
    if (!stored || (!everyone && stored->owner != caller.userId)) {
        answer({ApiError::notFound(u"No file has the id %1."_s.arg(fileId)), {}, {}});
        return;
    }
    if (stored->owner != caller.userId && !caller.hasRole(access::adminRole)) {
        answer({ApiError::forbidden(
                        u"Only the owner of %1 or an admin may delete it."_s.arg(stored->fileName)),
                {},
                {}});
        return;
    }
    const bool replay
            = idempotency && m_registry->idempotencyRecord(caller.userId, idempotency->key);
    if (const auto under = m_deletions.constFind(fileId); under != m_deletions.cend() && !replay) {
        if (*under == startingDeletion) {
            // The first is still being saved: answer once it is (naming it), or go ahead if it
            // failed.
            m_waitingForDeletion[fileId].append(
                    [this, account = caller, fileId, idempotency, answer] {
                        startDeletion(account, fileId, idempotency, answer);
                    });
            return;
        }
        answer({ApiError::conflict(u"%1 already has a deletion under way: operation %2."_s.arg(
                        stored->fileName, *under)),
                {},
                {}});
        return;
    }
    CreateOperationRequest request;
    request.operationType = access::deletionType;
    request.entityId = fileId;
    request.displayName = u"Deleting %1"_s.arg(stored->fileName);
    request.steps = QStringList{u"Collect approvals"_s, u"Delete file"_s, u"Clean up"_s};
    request.context = QJsonObject{{u"fileId"_s, fileId},
                                  {u"fileName"_s, stored->fileName},
                                  {u"fileSize"_s, stored->fileSize},
                                  {u"transactionCount"_s, stored->transactionCount}};
    if (!m_config.approvalPolicies.contains(access::deletionType))
        request.requiredApprovals = m_config.defaultPolicy.requiredApprovals;
    if (stored->owner != caller.userId)
        request.userId = stored->owner;
    const QString message
            = u"Deletion of %1 requested; it waits for approval."_s.arg(stored->fileName);
    // The owner of the file owns its deletion, even when an admin asks (the key stays the
    // admin's).
    const UserAccount &creator
            = stored->owner != caller.userId ? OperationRegistry::serviceAccount() : caller;
    std::optional<IdempotencyRequest> keyed = idempotency;
    if (keyed)
        keyed->userId = caller.userId;
    // Reserved now, so a second request arriving before the first commits waits for it. A
    // replay reserves nothing: it answers the deletion that holds the file already.
    const bool reserved = !replay;
    if (reserved)
        m_deletions.insert(fileId, startingDeletion);
    create(
            creator, request, keyed, message,
            [this, fileId](const Operation &op, const std::function<void()> &respond) {
                m_deletions.insert(fileId, op.operationId);
                PatchOperationRequest wait = progressPatch(10, 1, u"Collecting approval votes"_s);
                wait.status = OperationStatus::WaitingForApproval;
                // Answered once the move to waiting is durable as well.
                m_registry->patch(OperationRegistry::serviceAccount(), op.operationId, wait,
                                  [respond](const ChangeResult &) { respond(); });
            },
            [this, fileId, reserved, answer = std::move(answer)](const WorkloadAnswer &out) {
                if (!reserved) {
                    answer(out);
                    return;
                }
                if ((out.error || out.replay) && m_deletions.value(fileId) == startingDeletion)
                    m_deletions.remove(fileId);
                answer(out);
                for (const std::function<void()> &waiting : m_waitingForDeletion.take(fileId))
                    waiting();
            });
}

bool WorkloadManager::namesSomeoneElsesFile(const Operation &op) const
{
    const StoredFile *stored = file(op.context.value(u"fileId"_s).toString());
    return stored && stored->owner != op.owner();
}

void WorkloadManager::beginDeletion(const Operation &op)
{
    if (m_jobs.contains(op.operationId))
        return;
    const QString fileId = op.context.value(u"fileId"_s).toString();
    // Only a file's owner has deletions of it (DELETE makes them so); a file_deletion made
    // through POST /api/operations naming another's file deletes nothing.
    if (namesSomeoneElsesFile(op)) {
        fail(op.operationId,
             u"File %1 does not belong to %2; nothing was deleted."_s.arg(fileId, op.owner()));
        return;
    }
    m_deletions.insert(fileId, op.operationId);
    PatchOperationRequest start
            = progressPatch(75, 2, u"All approvals received, starting deletion"_s);
    start.status = OperationStatus::InProgress;
    m_registry->patch(OperationRegistry::serviceAccount(), op.operationId, start,
                      [](const ChangeResult &) {});
    m_registry->claimCompletion(op.operationId);
    const QString id = op.operationId;
    launch(id, [this, id, fileId](const ControlPtr &control) { runDeletion(id, fileId, control); });
}

void WorkloadManager::runDeletion(const QString &operationId, const QString &fileId,
                                  const ControlPtr &)
{
    FileStore::Connection db(m_store);
    QString error;
    const bool ok = db.isOpen() ? db.deleteFile(fileId, &error) : (error = db.error(), false);
    if (ok)
        QFile::remove(m_store.filePath(fileId));
    post([this, operationId, fileId, ok, error] {
        m_deletions.remove(fileId);
        if (!ok) {
            fail(operationId, u"The file could not be deleted: %1"_s.arg(error));
            return;
        }
        const StoredFile removed = m_files.take(fileId);
        complete(operationId, u"File deleted"_s,
                 QJsonObject{{u"fileId"_s, fileId},
                             {u"fileName"_s, removed.fileName},
                             {u"transactionsDeleted"_s, removed.transactionCount}});
    });
}

// --- export ----------------------------------------------------------------------------------

void WorkloadManager::startExport(const UserAccount &caller, const QString &format,
                                  const QString &dateRange, QDate from, QDate to,
                                  const std::optional<IdempotencyRequest> &idempotency,
                                  Answer answer)
{
    CreateOperationRequest request;
    request.operationType = access::exportType;
    request.entityId = u"export-"_s + dateRange;
    request.displayName = u"Exporting %1 (%2)"_s.arg(dateRange, format.toUpper());
    request.steps = QStringList{u"Query"_s, u"Write"_s, u"Finish"_s};
    request.context = QJsonObject{{u"format"_s, format},
                                  {u"dateRange"_s, dateRange},
                                  {u"from"_s, from.toString(Qt::ISODate)},
                                  {u"to"_s, to.toString(Qt::ISODate)}};
    const bool everyone = access::seesEveryOperation(caller.roles);
    ExportInput input{{}, everyone ? QString() : caller.userId, format, dateRange, from, to};
    const QString message = u"Export of %1 as %2 accepted."_s.arg(dateRange, format);
    create(
            caller, request, idempotency, message,
            [this, input](const Operation &op, const std::function<void()> &respond) mutable {
                input.operationId = op.operationId;
                launch(op.operationId,
                       [this, input](const ControlPtr &control) { runExport(input, control); });
                respond();
            },
            std::move(answer));
}

void WorkloadManager::runExport(const ExportInput &input, const ControlPtr &control)
{
    const QString id = input.operationId;
    PatchOperationRequest begin
            = progressPatch(1, 1, u"Counting the transactions of %1"_s.arg(input.dateRange));
    begin.status = OperationStatus::InProgress;
    report(id, control, begin);

    FileStore::Connection db(m_store);
    QString error;
    const std::optional<qint64> total = db.isOpen()
            ? db.countRange(input.owner, input.from, input.to, &error)
            : (error = db.error(), std::nullopt);
    if (!total) {
        post([this, id, error] {
            fail(id, u"The transactions could not be read: %1"_s.arg(error));
        });
        return;
    }
    report(id, control,
           progressPatch(5, 2, u"Writing %1"_s.arg(plural(*total, u"row"_s, u"rows"_s))));

    const QString finalPath = m_store.exportPath(id, input.format);
    const QString partPath = finalPath + u".part"_s;
    QFile out(partPath);
    if (!out.open(QIODevice::WriteOnly)) {
        const QString reason = out.errorString();
        post([this, id, reason] {
            fail(id, u"The export file could not be written: %1."_s.arg(reason));
        });
        return;
    }
    const bool csv = input.format == u"csv"_s;
    QByteArray buffer;
    buffer.reserve(writeFlushBytes + 4096);
    if (csv)
        appendCsvRow(buffer, {"date", "account", "amount", "currency", "description", "fileId"});
    else
        buffer.append("[\n");
    qint64 rows = 0;
    qint64 bytes = 0;
    bool writeOk = true;
    bool stopped = false;
    Throttle throttle;
    const auto flushBuffer = [&] {
        if (!buffer.isEmpty()) {
            writeOk = writeOk && out.write(buffer) == buffer.size();
            bytes += buffer.size();
            buffer.clear();
        }
    };
    const bool queried = db.queryRange(
            input.owner, input.from, input.to,
            [&](const ExportRow &row) {
                if (csv) {
                    appendCsvRow(buffer,
                                 {row.date, row.account, row.amount, row.currency, row.description,
                                  row.fileId});
                } else {
                    const QJsonObject object{{u"date"_s, QString::fromUtf8(row.date)},
                                             {u"account"_s, QString::fromUtf8(row.account)},
                                             {u"amount"_s, QString::fromUtf8(row.amount)},
                                             {u"currency"_s, QString::fromUtf8(row.currency)},
                                             {u"description"_s, QString::fromUtf8(row.description)},
                                             {u"fileId"_s, QString::fromUtf8(row.fileId)}};
                    if (rows > 0)
                        buffer.append(",\n");
                    buffer.append(QJsonDocument(object).toJson(QJsonDocument::Compact));
                }
                ++rows;
                if (buffer.size() >= writeFlushBytes)
                    flushBuffer();
                if (rows % cancelCheckRows == 0) {
                    if (control->cancelled) {
                        stopped = true;
                        return false;
                    }
                    if (throttle.due())
                        report(id, control,
                               progressPatch(5
                                             + 90 * double(rows)
                                                     / double(std::max<qint64>(1, *total))));
                }
                return writeOk;
            },
            &error);
    if (!csv)
        buffer.append(rows > 0 ? "\n]\n" : "]\n");
    flushBuffer();
    writeOk = writeOk && out.flush();
    out.close();
    if (stopped || control->cancelled) {
        QFile::remove(partPath);
        return;
    }
    if (!queried || !writeOk) {
        QFile::remove(partPath);
        const QString reason = queried ? out.errorString() : error;
        post([this, id, reason] {
            fail(id, u"The export could not be written: %1"_s.arg(reason));
        });
        return;
    }
    report(id, control, progressPatch(97, 3, u"Finishing"_s));
    post([this, id, control, partPath, finalPath, rows, bytes, input] {
        if (control->cancelled || !m_registry->claimCompletion(id)) {
            QFile::remove(partPath);
            finish(id);
            return;
        }
        QFile::remove(finalPath);
        if (!QFile::rename(partPath, finalPath)) {
            QFile::remove(partPath);
            fail(id, u"The export file could not be moved into place."_s);
            return;
        }
        complete(id, u"Exported %1"_s.arg(plural(rows, u"row"_s, u"rows"_s)),
                 QJsonObject{{u"rows"_s, rows},
                             {u"bytes"_s, bytes},
                             {u"format"_s, input.format},
                             {u"fileName"_s,
                              u"optrack-export-%1.%2"_s.arg(input.dateRange, input.format)},
                             {u"downloadPath"_s, u"/api/exports/%1/download"_s.arg(id)}});
    });
}

// --- retry, retention, recovery --------------------------------------------------------------

void WorkloadManager::retry(const UserAccount &caller, const QString &operationId, Answer answer)
{
    const Operation *op = m_registry->find(operationId);
    if (!op) {
        answer({ApiError::notFound(u"No operation has the id %1."_s.arg(operationId)), {}, {}});
        return;
    }
    if (!access::mayRetry(caller.userId, caller.roles, *op)) {
        answer({m_registry->canSee(caller, *op)
                        ? ApiError::forbidden(
                                u"Only the owner or an admin may retry operation %1."_s.arg(
                                        operationId))
                        : ApiError::forbidden(
                                u"Operation %1 belongs to another user."_s.arg(operationId)),
                {},
                {}});
        return;
    }
    if (!access::isRetryable(*op)) {
        answer({ApiError::conflict(u"Only a failed, denied or cancelled upload, deletion or export "
                                   u"can be retried; "
                                   "operation %1 is a %2 %3."_s.arg(operationId,
                                                                    statusToWire(op->status),
                                                                    op->operationType)),
                {},
                {}});
        return;
    }
    const UserAccount *owner = m_config.user(op->owner());
    const UserAccount &asOwner = owner ? *owner : caller;
    const QString oldId = op->operationId;
    const QString actor = caller.userId;
    // Names the new operation in the old one's audit trail, then answers once that is durable
    // too (a read after the 202 shows the retry event).
    Answer named = [this, oldId, actor, answer = std::move(answer)](const WorkloadAnswer &out) {
        if (!out.error) {
            const QString newId = out.body.value(u"operationId"_s).toString();
            WorkloadAnswer withLink = out;
            withLink.body.insert(u"retryOf"_s, oldId);
            m_registry->addEvent(oldId, EventKind::Retry, actor, u"Retried as %1"_s.arg(newId),
                                 [answer, withLink] { answer(withLink); });
            return;
        }
        answer(out);
    };
    if (op->operationType == access::uploadType) {
        const QString keptId = op->context.value(u"fileId"_s).toString();
        const QString kept = m_store.uploadPath(keptId);
        if (!isFileId(keptId) || !QFileInfo::exists(kept)) {
            named({ApiError::conflict(
                           u"The file of operation %1 is no longer kept; upload it again."_s.arg(
                                   oldId)),
                   {},
                   {}});
            return;
        }
        const QString fileName = op->context.value(u"fileName"_s).toString();
        const QString fileId = newFileId();
        CreateOperationRequest request;
        request.operationType = access::uploadType;
        request.entityId = fileId;
        request.displayName = u"Uploading %1"_s.arg(fileName);
        request.steps = op->steps;
        request.context = QJsonObject{{u"fileId"_s, fileId},
                                      {u"fileName"_s, fileName},
                                      {u"fileSize"_s, op->context.value(u"fileSize"_s)},
                                      {u"retryOf"_s, oldId}};
        UploadInput input{{}, fileId, fileName, asOwner.userId, {}, 0, 0, kept};
        create(
                asOwner, request, std::nullopt, u"Retrying the upload of %1."_s.arg(fileName),
                [this, input](const Operation &created,
                              const std::function<void()> &respond) mutable {
                    input.operationId = created.operationId;
                    launch(created.operationId,
                           [this, input](const ControlPtr &control) { runUpload(input, control); });
                    respond();
                },
                std::move(named));
        return;
    }
    if (op->operationType == access::exportType) {
        const QString format = op->context.value(u"format"_s).toString();
        const QString range = op->context.value(u"dateRange"_s).toString();
        const QDate from = QDate::fromString(op->context.value(u"from"_s).toString(), Qt::ISODate);
        const QDate to = QDate::fromString(op->context.value(u"to"_s).toString(), Qt::ISODate);
        startExport(asOwner, format, range, from, to, std::nullopt, std::move(named));
        return;
    }
    startDeletion(caller, op->context.value(u"fileId"_s).toString(), std::nullopt,
                  std::move(named));
}

void WorkloadManager::applyRetention()
{
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addDays(-m_config.retentionDays);
    const QStringList expired = m_registry->terminalBefore(cutoff);
    if (expired.isEmpty())
        return;
    for (const QString &id : expired) {
        // A producer's operation names no file of the service's, whatever its context says.
        const Operation *op = m_registry->find(id);
        if (!op || !op->builtIn)
            continue;
        if (op->operationType == access::exportType)
            QFile::remove(exportFilePath(*op));
        const QString fileId = op->context.value(u"fileId"_s).toString();
        if (op->operationType == access::uploadType && isFileId(fileId))
            QFile::remove(m_store.uploadPath(fileId));
    }
    qCInfo(lcWorkload) << "retention removes" << expired.size() << "operations older than"
                       << m_config.retentionDays << "days";
    m_registry->remove(expired, [](bool) {});
}

void WorkloadManager::recover()
{
    for (const Operation &op : m_registry->publishedOperations()) {
        if (!op.builtIn || op.isTerminal())
            continue;
        if (op.operationType == access::deletionType) {
            const QString fileId = op.context.value(u"fileId"_s).toString();
            if (namesSomeoneElsesFile(op)) {
                if (op.status == OperationStatus::Approved
                    || op.status == OperationStatus::InProgress) {
                    beginDeletion(op);
                }
                continue;
            }
            m_deletions.insert(fileId, op.operationId);
            if (op.status == OperationStatus::Pending) {
                PatchOperationRequest wait = progressPatch(10, 1, u"Collecting approval votes"_s);
                wait.status = OperationStatus::WaitingForApproval;
                m_registry->patch(OperationRegistry::serviceAccount(), op.operationId, wait,
                                  [](const ChangeResult &) {});
            } else if (op.status == OperationStatus::Approved
                       || op.status == OperationStatus::InProgress) {
                const QString id = op.operationId;
                launch(id, [this, id, fileId](const ControlPtr &control) {
                    runDeletion(id, fileId, control);
                });
            }
            continue;
        }
        const QString fileId = op.context.value(u"fileId"_s).toString();
        if (op.operationType == access::uploadType && m_files.contains(fileId)) {
            complete(op.operationId, u"Stored"_s, m_files.value(fileId).toJson());
            continue;
        }
        fail(op.operationId, interruptedMessage);
    }
}

void WorkloadManager::handlePublished(const QList<Operation> &operations)
{
    // Only what the workloads started themselves: a producer's operation is the producer's to
    // move, whatever its type.
    for (const Operation &op : operations) {
        if (!op.builtIn)
            continue;
        if (op.status == OperationStatus::Cancelled) {
            if (const ControlPtr control = m_jobs.value(op.operationId)) {
                control->cancelled = true;
                finish(op.operationId);
            }
        }
        if (op.operationType == access::deletionType) {
            const QString fileId = op.context.value(u"fileId"_s).toString();
            if (op.status == OperationStatus::Approved)
                beginDeletion(op);
            else if (op.isTerminal() && m_deletions.value(fileId) == op.operationId)
                m_deletions.remove(fileId);
        }
    }
}

} // namespace optrack
