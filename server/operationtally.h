#pragma once

#include "operationindex.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>

#include <array>

namespace optrack {

/// Operations per status, for one operation type.
using StatusTally = std::array<qint64, OperationStatusCount>;
/// Operations per type and status.
using TypeTally = QHash<QString, StatusTally>;

/// How many operations a caller sees in a scope, by type and status, at a version.
struct OperationCounts
{
    qint64 version = 0;
    TypeTally byType;
    /// Operations waiting for the caller's vote.
    qint64 needsMyVote = 0;

    /// {"byStatus":{…},"byType":{type:{status:n}},"needsMyVote":n,"total":n,"version":V},
    /// statuses with no operation left out.
    QJsonObject toJson() const;
};

/// Operations counted by type and status for the whole service and per owner: how many
/// operations a caller sees in scope=all (which needs a role that sees everything) or
/// scope=mine, exactly and without counting rows. Kept current by every published version
/// (the old one taken out, the new one put in) and by retention.
class OperationTally
{
public:
    void add(const IndexedOperation &op) { count(op, 1); }
    void subtract(const IndexedOperation &op) { count(op, -1); }

    const TypeTally &everything() const { return m_everything; }
    TypeTally ownedBy(const QString &userId) const { return m_owners.value(userId); }

    /// The operations of a tally with one of these statuses and types (empty: any).
    static qint64 total(const TypeTally &tally, const QSet<OperationStatus> &statuses,
                        const QSet<QString> &types);

private:
    void count(const IndexedOperation &op, int sign);
    static void addTo(TypeTally *tally, const IndexedOperation &op, int sign);

    TypeTally m_everything;
    QHash<QString, TypeTally> m_owners;
};

} // namespace optrack
