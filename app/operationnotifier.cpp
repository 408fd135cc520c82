#include "operationnotifier.h"

#include "operationfeedunion.h"
#include "operationfiltermodel.h"

namespace optrack {

using namespace Qt::StringLiterals;

OperationNotifier::OperationNotifier(OperationFeedUnion *feeds, const OperationFilterModel *filter,
                                     QObject *parent)
    : QObject(parent)
    , m_feeds(feeds)
    , m_filter(filter)
{
    connect(feeds, &OperationFeedUnion::sharedOperationsChanged, this,
            &OperationNotifier::handleChanged);
    connect(feeds, &OperationFeedUnion::operationsRemoved, this, &OperationNotifier::handleRemoved);
    connect(feeds, &OperationFeedUnion::cleared, this, &OperationNotifier::handleCleared);
}

void OperationNotifier::setCurrentUser(const UserInfo &user)
{
    m_user = user;
}

void OperationNotifier::handleChanged(const QList<SharedOperation> &changed, bool firstLoad)
{
    const bool baseline = firstLoad;
    for (const SharedOperation &shared : changed) {
        const Operation &operation = *shared;
        const auto previous = m_statuses.constFind(operation.operationId);
        const bool known = previous != m_statuses.cend();
        const bool changedStatus = !known || *previous != operation.status;
        const bool needsVote = m_filter && m_filter->needsMyVote(operation);
        const bool neededVote = m_neededVote.value(operation.operationId);
        m_statuses.insert(operation.operationId, operation.status);
        m_neededVote.insert(operation.operationId, needsVote);
        if (baseline)
            continue;

        const bool mine = !m_user.userId.isEmpty() && operation.owner() == m_user.userId;
        if (mine && changedStatus && operation.status == OperationStatus::Failed) {
            const Notice notice = noticeFor(Kind::Failed, operation);
            if (!m_unseenFailures.contains(operation.operationId)) {
                m_unseenFailures.append(operation.operationId);
                m_failureNotices.insert(operation.operationId, notice);
                emit unseenFailuresChanged();
            }
            emit noticePosted(notice);
        } else if (mine && changedStatus && operation.status == OperationStatus::Completed) {
            emit noticePosted(noticeFor(Kind::Finished, operation));
        }
        if (needsVote && !neededVote)
            emit noticePosted(noticeFor(Kind::NeedsVote, operation));
    }
}

void OperationNotifier::handleRemoved(const QStringList &operationIds)
{
    for (const QString &id : operationIds) {
        m_statuses.remove(id);
        m_neededVote.remove(id);
    }
}

void OperationNotifier::handleCleared()
{
    m_statuses.clear();
    m_neededVote.clear();
    if (!m_unseenFailures.isEmpty()) {
        m_unseenFailures.clear();
        m_failureNotices.clear();
        emit unseenFailuresChanged();
    }
}

void OperationNotifier::markSeen(const QString &operationId)
{
    if (m_unseenFailures.removeAll(operationId) == 0)
        return;
    m_failureNotices.remove(operationId);
    emit unseenFailuresChanged();
}

OperationNotifier::Notice OperationNotifier::noticeFor(Kind kind, const Operation &operation) const
{
    const QString name
            = operation.displayName.isEmpty() ? operation.operationId : operation.displayName;
    switch (kind) {
    case Kind::Failed:
        return {kind, operation.operationId, tr("Failed: %1").arg(name),
                operation.errorMessage.value_or(tr("The operation failed."))};
    case Kind::Finished:
        return {kind, operation.operationId, tr("Finished: %1").arg(name),
                operation.stepDescription.isEmpty() ? tr("Completed.") : operation.stepDescription};
    case Kind::NeedsVote:
        return {kind, operation.operationId, tr("Your vote is needed"),
                tr("%1 (by %2) waits for approval.").arg(name, operation.owner())};
    }
    return {};
}

} // namespace optrack
