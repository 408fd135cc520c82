#include "deletionworkload.h"

#include "accessrules.h"

#include <QFile>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// m_deletions' mark for a file whose deletion is being saved (no operation id yet).
const QString startingDeletion = u"(starting)"_s;

} // namespace

DeletionWorkload::DeletionWorkload(const ServerConfig &config, JobRunner *runner, FileStore *store,
                                   FileCatalogue *files)
    : m_config(config)
    , m_runner(runner)
    , m_store(store)
    , m_files(files)
{ }

PatchOperationRequest DeletionWorkload::waitForVotes() const
{
    PatchOperationRequest wait = JobRunner::progressPatch(10, 1, u"Collecting approval votes"_s);
    wait.status = OperationStatus::WaitingForApproval;
    return wait;
}

void DeletionWorkload::start(const UserAccount &caller, const QString &fileId,
                             const std::optional<IdempotencyRequest> &idempotency,
                             JobRunner::Answer answer)
{
    OperationRegistry *registry = m_runner->registry();
    const StoredFile *stored = m_files->file(fileId);
    if (!stored && idempotency) {
        // The file is gone (a deletion finished): a replay still answers the first request.
        if (const auto record = registry->idempotencyRecord(caller.userId, idempotency->key)) {
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
    const bool replay = idempotency && registry->idempotencyRecord(caller.userId, idempotency->key);
    if (const auto under = m_deletions.constFind(fileId); under != m_deletions.cend() && !replay) {
        if (*under == startingDeletion) {
            // The first is still being saved: answer once it is (naming it), or go ahead if it
            // failed.
            m_waitingForDeletion[fileId].append(
                    [this, account = caller, fileId, idempotency, answer] {
                        start(account, fileId, idempotency, answer);
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
    m_runner->create(
            creator, request, keyed, message,
            [this, fileId](const Operation &op, const std::function<void()> &respond) {
                m_deletions.insert(fileId, op.operationId);
                // Answered once the move to waiting is durable as well.
                m_runner->patch(op.operationId, waitForVotes(), respond);
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

bool DeletionWorkload::namesSomeoneElsesFile(const Operation &op) const
{
    const StoredFile *stored = m_files->file(op.context.value(u"fileId"_s).toString());
    return stored && stored->owner != op.owner();
}

void DeletionWorkload::handlePublished(const Operation &op)
{
    const QString fileId = op.context.value(u"fileId"_s).toString();
    if (op.status == OperationStatus::Approved)
        begin(op);
    else if (op.isTerminal() && m_deletions.value(fileId) == op.operationId)
        m_deletions.remove(fileId);
}

void DeletionWorkload::recover(const Operation &op)
{
    const QString fileId = op.context.value(u"fileId"_s).toString();
    if (namesSomeoneElsesFile(op)) {
        if (op.status == OperationStatus::Approved || op.status == OperationStatus::InProgress)
            begin(op);
        return;
    }
    m_deletions.insert(fileId, op.operationId);
    if (op.status == OperationStatus::Pending) {
        m_runner->patch(op.operationId, waitForVotes());
    } else if (op.status == OperationStatus::Approved || op.status == OperationStatus::InProgress) {
        const QString id = op.operationId;
        m_runner->launch(id, [this, id, fileId](const JobControlPtr &) { run(id, fileId); });
    }
}

void DeletionWorkload::begin(const Operation &op)
{
    if (m_runner->isRunning(op.operationId))
        return;
    const QString fileId = op.context.value(u"fileId"_s).toString();
    // Only a file's owner has deletions of it (DELETE makes them so). One that names another's
    // file was stored before builtIn told the service's operations from producers' (when any
    // file_deletion counted as the service's): it deletes nothing.
    if (namesSomeoneElsesFile(op)) {
        m_runner->fail(
                op.operationId,
                u"File %1 does not belong to %2; nothing was deleted."_s.arg(fileId, op.owner()));
        return;
    }
    m_deletions.insert(fileId, op.operationId);
    PatchOperationRequest start
            = JobRunner::progressPatch(75, 2, u"All approvals received, starting deletion"_s);
    start.status = OperationStatus::InProgress;
    m_runner->patch(op.operationId, start);
    m_runner->claimCompletion(op.operationId);
    const QString id = op.operationId;
    m_runner->launch(id, [this, id, fileId](const JobControlPtr &) { run(id, fileId); });
}

void DeletionWorkload::run(const QString &operationId, const QString &fileId)
{
    FileStore::Connection db(*m_store);
    QString error;
    const bool ok = db.isOpen() ? db.deleteFile(fileId, &error) : (error = db.error(), false);
    if (ok)
        QFile::remove(m_store->filePath(fileId));
    m_runner->post([this, operationId, fileId, ok, error] {
        m_deletions.remove(fileId);
        if (!ok) {
            m_runner->fail(operationId, u"The file could not be deleted: %1"_s.arg(error));
            return;
        }
        const StoredFile removed = m_files->take(fileId);
        m_runner->complete(operationId, u"File deleted"_s,
                           QJsonObject{{u"fileId"_s, fileId},
                                       {u"fileName"_s, removed.fileName},
                                       {u"transactionsDeleted"_s, removed.transactionCount}});
    });
}

} // namespace optrack
