#pragma once

#include "operation.h"
#include "operationstore.h"

#include <QString>

namespace optrack {

/// What optrack-seed writes.
struct SeedPlan
{
    qint64 operations = 100'000;
    /// Owners "alice" and user2..userK.
    int owners = 50;
    /// The newest operations are live (pending, in progress, waiting for approval); the
    /// rest are finished.
    qint64 live = 1000;
    /// Creation times spread evenly over this many days up to now, oldest first.
    int days = 20;
};

/// Writes a plan's operations into DIR/optrack.db through SqliteStore, in large batches
/// (synchronous=NORMAL: a seed is not a service's answer, and WAL keeps it consistent),
/// with consecutive versions. Deterministic: the same plan writes the same operations, their
/// times apart.
class OperationSeeder
{
public:
    static constexpr qint64 batchSize = 20'000;

    OperationSeeder(QString dataDir, const SeedPlan &plan);

    bool run(QString *error);
    /// The i-th operation of the plan (0 is the oldest), at version i + 1.
    Operation operationAt(qint64 index) const;

private:
    QString m_dataDir;
    SeedPlan m_plan;
    QDateTime m_now;
};

} // namespace optrack
