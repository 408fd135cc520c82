#include "workloadmanager.h"

#include "accessrules.h"

#include <QFileInfo>
#include <QUuid>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

const QString interruptedMessage
        = u"Interrupted: the service restarted while this ran; retry it."_s;
const QString takenOverMessage
        = u"Interrupted: the optrackd instance that ran this stopped; retry it."_s;

} // namespace

WorkloadManager::WorkloadManager(const ServerConfig &config, OperationRegistry *registry,
                                 std::unique_ptr<FileStore> store, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_registry(registry)
    , m_store(std::move(store))
    , m_runner(registry)
    , m_uploads(&m_runner, m_store.get(), &m_files)
    , m_deletions(config, &m_runner, m_store.get(), &m_files)
    , m_exports(&m_runner, m_store.get())
    , m_retention(config, registry, &m_runner, m_store.get())
{
    connect(m_registry, &OperationRegistry::published, this, &WorkloadManager::handlePublished);
    connect(m_registry, &OperationRegistry::leading, this, &WorkloadManager::takeOver);
}

WorkloadManager::~WorkloadManager()
{
    shutdown();
}

bool WorkloadManager::start(QString *error)
{
    // Rows an interrupted upload left go only where no other instance may be storing one.
    const auto files = m_store->open(m_registry->leads(), error);
    if (!files)
        return false;
    m_files.load(*files);
    // An instance that follows another's writes runs no workload until it writes itself.
    if (m_registry->leads())
        recover(interruptedMessage);
    m_retention.start();
    return true;
}

void WorkloadManager::shutdown()
{
    m_runner.shutdown();
}

std::vector<StoredFile> WorkloadManager::filesFor(const UserAccount &caller) const
{
    return m_files.filesFor(caller);
}

const StoredFile *WorkloadManager::file(const QString &fileId) const
{
    return m_files.file(fileId);
}

void WorkloadManager::findExportFile(const Operation &op, ExportFileHandler handler)
{
    const QString path = m_exports.filePath(op);
    if (QFileInfo::exists(path) || !m_store->sharesContents()) {
        handler(QFileInfo::exists(path) ? path : QString(), false, {});
        return;
    }
    // Another instance wrote it: a copy from the database, for this download only.
    m_runner.runInBackground([this, path, handler = std::move(handler)] {
        const QString copy = path + u'.' + QUuid::createUuid().toString(QUuid::Id128) + u".part"_s;
        FileStore::Connection db(*m_store);
        QString error;
        const FileStore::Connection::Fetched fetched = db.isOpen()
                ? db.fetchContent(path, copy, &error)
                : (error = db.error(), FileStore::Connection::Fetched::Failed);
        if (fetched == FileStore::Connection::Fetched::Failed)
            qCWarning(lcWorkload).noquote()
                    << "Cannot read" << path << "from the database:" << error;
        else
            error.clear();
        const bool ok = fetched == FileStore::Connection::Fetched::Yes;
        m_runner.post([handler, copy, ok, error] { handler(ok ? copy : QString(), ok, error); });
    });
}

void WorkloadManager::startUpload(const UserAccount &caller, const QString &fileName,
                                  const QByteArray &body, qsizetype offset, qsizetype size,
                                  const std::optional<IdempotencyRequest> &idempotency,
                                  Answer answer)
{
    m_uploads.start(caller, fileName, body, offset, size, idempotency, std::move(answer));
}

void WorkloadManager::startDeletion(const UserAccount &caller, const QString &fileId,
                                    const std::optional<IdempotencyRequest> &idempotency,
                                    Answer answer)
{
    m_deletions.start(caller, fileId, idempotency, std::move(answer));
}

void WorkloadManager::startExport(const UserAccount &caller, const QString &format,
                                  const QString &dateRange, QDate from, QDate to,
                                  const std::optional<IdempotencyRequest> &idempotency,
                                  Answer answer)
{
    m_exports.start(caller, format, dateRange, from, to, idempotency, std::move(answer));
}

void WorkloadManager::retry(const UserAccount &caller, const QString &operationId, Answer answer)
{
    const Operation *op = m_registry->reads().find(operationId);
    if (!op) {
        answer({ApiError::notFound(u"No operation has the id %1."_s.arg(operationId)), {}, {}});
        return;
    }
    if (!access::mayRetry(caller.userId, caller.roles, *op)) {
        answer({ReadModel::canSee(caller, *op)
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
    if (op->operationType == access::uploadType)
        m_uploads.retry(asOwner, *op, std::move(named));
    else if (op->operationType == access::exportType)
        m_exports.retry(asOwner, *op, std::move(named));
    else
        m_deletions.start(caller, op->context.value(u"fileId"_s).toString(), std::nullopt,
                          std::move(named));
}

void WorkloadManager::applyRetention()
{
    m_retention.apply();
}

void WorkloadManager::takeOver()
{
    // Another instance ran the workloads until now: the files as the database has them
    // (that one may have stored a file it never reported), then what it left unfinished is
    // this one's.
    m_runner.runInBackground([this] {
        FileStore::Connection db(*m_store);
        QString error;
        std::optional<std::vector<StoredFile>> files
                = db.isOpen() ? db.loadFiles(true, &error) : (error = db.error(), std::nullopt);
        m_runner.post([this, files = std::move(files), error] {
            if (files)
                m_files.load(*files);
            else
                qCWarning(lcWorkload).noquote() << "Cannot read the stored files:" << error;
            recover(takenOverMessage);
            applyRetention();
        });
    });
}

void WorkloadManager::recover(const QString &interrupted)
{
    for (const PublishedOperation &published : m_registry->reads().operations()) {
        const Operation &op = published.operation;
        if (!op.builtIn || op.isTerminal())
            continue;
        if (op.operationType == access::deletionType)
            m_deletions.recover(op);
        else if (op.operationType != access::uploadType || !m_uploads.recover(op))
            m_runner.fail(op.operationId, interrupted);
    }
}

void WorkloadManager::handlePublished(const QList<Operation> &operations)
{
    // Only what the workloads started themselves: a producer's operation is the producer's to
    // move, whatever its type. An instance that follows runs none, and keeps its list of
    // files in step with the one that does.
    const bool leads = m_registry->leads();
    for (const Operation &op : operations) {
        if (!op.builtIn)
            continue;
        if (!leads) {
            followFiles(op);
            continue;
        }
        if (op.status == OperationStatus::Cancelled)
            m_runner.cancel(op.operationId);
        if (op.operationType == access::deletionType)
            m_deletions.handlePublished(op);
    }
}

void WorkloadManager::followFiles(const Operation &op)
{
    if (op.status != OperationStatus::Completed)
        return;
    const QJsonObject result = op.result.toObject();
    if (op.operationType == access::uploadType) {
        if (const std::optional<StoredFile> file = StoredFile::fromJson(result))
            m_files.insert(*file);
    } else if (op.operationType == access::deletionType) {
        m_files.take(result.value(u"fileId"_s).toString());
    }
}

} // namespace optrack
