#include "operationquery.h"

namespace optrack {

using namespace Qt::StringLiterals;

QString scopeToWire(OperationScope scope)
{
    switch (scope) {
    case OperationScope::Mine:
        return u"mine"_s;
    case OperationScope::All:
        return u"all"_s;
    case OperationScope::Approvals:
        return u"approvals"_s;
    }
    return u"mine"_s;
}

QUrlQuery OperationQuery::toUrlQuery() const
{
    QUrlQuery query;
    query.addQueryItem(u"scope"_s, scopeToWire(scope));
    if (!statuses.isEmpty()) {
        QStringList wire;
        for (OperationStatus status : statuses)
            wire.append(statusToWire(status));
        query.addQueryItem(u"status"_s, wire.join(u','));
    }
    if (!operationTypes.isEmpty())
        query.addQueryItem(u"operationType"_s, operationTypes.join(u','));
    query.addQueryItem(u"limit"_s, QString::number(limit));
    if (since)
        query.addQueryItem(u"since"_s, QString::number(*since));
    if (!pageToken.isEmpty())
        query.addQueryItem(u"pageToken"_s, pageToken);
    return query;
}

bool OperationQuery::matchesFilters(const Operation &operation) const
{
    if (!statuses.isEmpty() && !statuses.contains(operation.status))
        return false;
    if (!operationTypes.isEmpty() && !operationTypes.contains(operation.operationType))
        return false;
    return true;
}

} // namespace optrack
