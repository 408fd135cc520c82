#include "stringpool.h"

namespace optrack {

namespace {

template<typename T> void shareIn(QSet<T> &pool, T &value)
{
    const auto it = pool.constFind(value);
    if (it != pool.cend())
        value = *it;
    else if (pool.size() < StringPool::maxEntries)
        pool.insert(value);
}

// Takes the previous state's copy of a value that did not change.
template<typename T> void keepPrevious(T &value, const T *previous)
{
    if (previous && *previous == value)
        value = *previous;
}

} // namespace

void StringPool::share(QString &text)
{
    if (!text.isEmpty())
        shareIn(m_strings, text);
}

void StringPool::share(QStringList &list)
{
    if (!list.isEmpty())
        shareIn(m_lists, list);
}

template<typename T> void StringPool::shareOrKeep(T &value, const T *previous)
{
    if (previous && *previous == value)
        value = *previous;
    else
        share(value);
}

void StringPool::share(Operation &operation, const Operation *previous)
{
    if (previous) {
        operation.operationId = previous->operationId;
        keepPrevious(operation.entityId, &previous->entityId);
        keepPrevious(operation.displayName, &previous->displayName);
        keepPrevious(operation.errorMessage, &previous->errorMessage);
        keepPrevious(operation.context, &previous->context);
        keepPrevious(operation.result, &previous->result);
    }
    shareOrKeep(operation.operationType, previous ? &previous->operationType : nullptr);
    shareOrKeep(operation.steps, previous ? &previous->steps : nullptr);
    shareOrKeep(operation.stepDescription, previous ? &previous->stepDescription : nullptr);
    if (operation.timeRemaining) {
        const QString *held
                = previous && previous->timeRemaining ? &*previous->timeRemaining : nullptr;
        shareOrKeep(*operation.timeRemaining, held);
    }
    if (operation.approval) {
        const Approval *held = previous && previous->approval ? &*previous->approval : nullptr;
        shareApproval(*operation.approval, held);
    }
}

void StringPool::shareApproval(Approval &approval, const Approval *previous)
{
    if (previous && previous->votes == approval.votes) {
        approval.votes = previous->votes;
    } else {
        for (Vote &vote : approval.votes)
            share(vote.voter);
    }
    shareOrKeep(approval.voterRole, previous ? &previous->voterRole : nullptr);
}

void StringPool::clear()
{
    m_strings.clear();
    m_lists.clear();
}

} // namespace optrack
