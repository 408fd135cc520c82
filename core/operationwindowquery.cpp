#include "operationwindowquery.h"

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compareText(const QString &a, const QString &b, Qt::CaseSensitivity sensitivity)
{
    const int result = QString::compare(a, b, sensitivity);
    return result < 0 ? -1 : (result > 0 ? 1 : 0);
}

/// The Name column's text: the entityId when the operation has no name.
const QString &shownName(const Operation &operation)
{
    return operation.displayName.isEmpty() ? operation.entityId : operation.displayName;
}

} // namespace

QString sortKeyToWire(OperationSortKey key)
{
    switch (key) {
    case OperationSortKey::CreatedAt:
        return u"createdAt"_s;
    case OperationSortKey::UpdatedAt:
        return u"updatedAt"_s;
    case OperationSortKey::DisplayName:
        return u"displayName"_s;
    case OperationSortKey::OperationType:
        return u"operationType"_s;
    case OperationSortKey::Status:
        return u"status"_s;
    case OperationSortKey::Progress:
        return u"progressPercentage"_s;
    }
    return u"createdAt"_s;
}

std::optional<OperationSortKey> sortKeyFromWire(QStringView name)
{
    for (int i = 0; i < sortKeyCount; ++i) {
        const auto key = OperationSortKey(i);
        if (sortKeyToWire(key) == name)
            return key;
    }
    return std::nullopt;
}

bool OperationWindowQuery::matches(const Operation &operation) const
{
    if (!statuses.isEmpty() && !statuses.contains(operation.status))
        return false;
    if (!operationTypes.isEmpty() && !operationTypes.contains(operation.operationType))
        return false;
    if (text.isEmpty())
        return true;
    return operation.displayName.contains(text, Qt::CaseInsensitive)
            || operation.operationId.contains(text, Qt::CaseInsensitive)
            || operation.entityId.contains(text, Qt::CaseInsensitive)
            || operation.owner().contains(text, Qt::CaseInsensitive);
}

int OperationWindowQuery::compare(const Operation &a, const Operation &b) const
{
    int result = 0;
    switch (sortKey) {
    case OperationSortKey::CreatedAt:
        result = threeWay(a.createdAt.toMSecsSinceEpoch(), b.createdAt.toMSecsSinceEpoch());
        break;
    case OperationSortKey::UpdatedAt:
        result = threeWay(a.updatedAt.toMSecsSinceEpoch(), b.updatedAt.toMSecsSinceEpoch());
        break;
    case OperationSortKey::DisplayName:
        result = compareText(shownName(a), shownName(b), Qt::CaseInsensitive);
        break;
    case OperationSortKey::OperationType:
        result = compareText(a.operationType, b.operationType, Qt::CaseInsensitive);
        break;
    case OperationSortKey::Status:
        // The lifecycle order of the enum, as the service sorts it.
        result = threeWay(int(a.status), int(b.status));
        break;
    case OperationSortKey::Progress:
        result = threeWay(a.progressPercentage, b.progressPercentage);
        break;
    }
    if (result == 0)
        result = compareText(a.operationId, b.operationId, Qt::CaseSensitive);
    return descending ? -result : result;
}

} // namespace optrack
