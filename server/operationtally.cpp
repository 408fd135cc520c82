#include "operationtally.h"

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

QJsonObject OperationCounts::toJson() const
{
    StatusTally statuses{};
    QJsonObject types;
    for (auto it = byType.cbegin(); it != byType.cend(); ++it) {
        QJsonObject type;
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            if (it.value()[i] == 0)
                continue;
            statuses[i] += it.value()[i];
            type.insert(statusToWire(OperationStatus(i)), it.value()[i]);
        }
        if (!type.isEmpty())
            types.insert(it.key(), type);
    }
    QJsonObject byStatus;
    qint64 total = 0;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        total += statuses[i];
        if (statuses[i] != 0)
            byStatus.insert(statusToWire(OperationStatus(i)), statuses[i]);
    }
    return {{u"version"_s, version},
            {u"total"_s, total},
            {u"byStatus"_s, byStatus},
            {u"byType"_s, types},
            {u"needsMyVote"_s, needsMyVote}};
}

void OperationTally::count(const IndexedOperation &op, int sign)
{
    addTo(&m_everything, op, sign);
    TypeTally &owned = m_owners[op.owner];
    addTo(&owned, op, sign);
    if (owned.isEmpty())
        m_owners.remove(op.owner);
}

void OperationTally::addTo(TypeTally *tally, const IndexedOperation &op, int sign)
{
    StatusTally &statuses = (*tally)[op.operationType];
    statuses[std::size_t(op.status)] += sign;
    if (sign < 0
        && std::all_of(statuses.cbegin(), statuses.cend(), [](qint64 n) { return n == 0; }))
        tally->remove(op.operationType);
}

qint64 OperationTally::total(const TypeTally &tally, const QSet<OperationStatus> &statuses,
                             const QSet<QString> &types)
{
    qint64 sum = 0;
    for (auto it = tally.cbegin(); it != tally.cend(); ++it) {
        if (!types.isEmpty() && !types.contains(it.key()))
            continue;
        for (std::size_t i = 0; i < it.value().size(); ++i) {
            if (statuses.isEmpty() || statuses.contains(OperationStatus(i)))
                sum += it.value()[i];
        }
    }
    return sum;
}

} // namespace optrack
