#include "operationseeder.h"

#include "sqlitestore.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

#include <array>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

// Types no built-in workload runs, so optrackd resumes nothing when it starts.
const std::array<QString, 5> types{u"report.build"_s, u"ledger.sync"_s, u"invoice.batch"_s,
                                   u"file.scan"_s, u"archive.move"_s};
const std::array<QString, 8> words{u"Quarterly"_s, u"nightly"_s, u"Ledger"_s,  u"invoices"_s,
                                   u"Archive"_s,   u"scan"_s,    u"Payroll"_s, u"export"_s};
constexpr qint64 maxRunMsecs = 3'600'000;
constexpr qint64 approvalWindowDays = 30;
constexpr int percent = 100;

/// A fixed odd multiplier: i → i·k mod 2^64 is a bijection, so ids are unique and scattered.
constexpr quint64 idMultiplier = 0x9E3779B97F4A7C15ULL;

/// Deterministic pseudo-random numbers per operation (splitmix64 of its index and a salt).
quint64 mix(qint64 index, quint64 salt)
{
    quint64 z = quint64(index) * idMultiplier + salt;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace

OperationSeeder::OperationSeeder(QString dataDir, const SeedPlan &plan)
    : m_dataDir(std::move(dataDir))
    , m_plan(plan)
    , m_now(QDateTime::currentDateTimeUtc())
{ }

Operation OperationSeeder::operationAt(qint64 index) const
{
    Operation op;
    op.operationId = u"op_"_s
            + QString::number(quint64(index + 1) * idMultiplier, 16).rightJustified(16, u'0');
    op.operationType = types[mix(index, 1) % types.size()];
    op.entityId = u"ent-%1"_s.arg(index);
    op.displayName
            = u"%1 %2 %3"_s
                      .arg(words[mix(index, 2) % words.size()], words[mix(index, 3) % words.size()])
                      .arg(index);
    const int owner = int(mix(index, 4) % quint64(m_plan.owners));
    op.context.insert(u"userId"_s, owner == 0 ? u"alice"_s : u"user%1"_s.arg(owner + 1));
    const qint64 spanMs = qint64(m_plan.days) * 24 * 3600 * 1000;
    const qint64 createdMs = m_now.toMSecsSinceEpoch() - spanMs
            + (m_plan.operations > 0 ? spanMs * index / m_plan.operations : 0);
    op.createdAt = QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC);
    const qint64 runMs = std::min<qint64>(qint64(mix(index, 5) % maxRunMsecs),
                                          m_now.toMSecsSinceEpoch() - createdMs);
    op.updatedAt = QDateTime::fromMSecsSinceEpoch(createdMs + runMs, Qt::UTC);
    op.version = index + 1;

    const int roll = int(mix(index, 6) % percent);
    if (index >= m_plan.operations - m_plan.live) {
        op.cancellable = true;
        if (roll < 20) {
            op.status = OperationStatus::Pending;
        } else if (roll < 90) {
            op.status = OperationStatus::InProgress;
            op.progressPercentage = double(mix(index, 7) % percent);
        } else {
            op.status = OperationStatus::WaitingForApproval;
            Approval approval;
            approval.expiresAt = m_now.addDays(approvalWindowDays);
            op.approval = approval;
        }
        return op;
    }
    op.completedAt = op.updatedAt;
    op.cancellable = false;
    if (roll < 80) {
        op.status = OperationStatus::Completed;
        op.progressPercentage = percent;
    } else if (roll < 90) {
        op.status = OperationStatus::Failed;
        op.progressPercentage = double(mix(index, 7) % percent);
        op.errorMessage = u"The backend gave up."_s;
    } else if (roll < 97) {
        op.status = OperationStatus::Cancelled;
        op.progressPercentage = double(mix(index, 7) % percent);
    } else {
        op.status = OperationStatus::Denied;
        Approval approval;
        approval.denials = 1;
        approval.decision = ApprovalDecision::Denied;
        approval.expiresAt = op.createdAt.addDays(approvalWindowDays);
        op.approval = approval;
    }
    return op;
}

bool OperationSeeder::run(QString *error)
{
    const QString path = QDir(m_dataDir).filePath(u"optrack.db"_s);
    if (QFileInfo::exists(path)) {
        *error = u"%1 exists; seed a new data directory."_s.arg(path);
        return false;
    }
    if (!QDir().mkpath(m_dataDir)) {
        *error = u"Cannot create %1."_s.arg(m_dataDir);
        return false;
    }
    SqliteStore store(path, u"normal"_s);
    if (!store.open(error))
        return false;
    bool ok = true;
    for (qint64 first = 0; ok && first < m_plan.operations; first += batchSize) {
        WriteBatch batch;
        const qint64 end = std::min(first + batchSize, m_plan.operations);
        batch.operations.reserve(end - first);
        for (qint64 i = first; i < end; ++i)
            batch.operations.append(operationAt(i));
        batch.version = end;
        // One batch in flight: the store groups nothing here, and memory stays one batch.
        QEventLoop loop;
        store.submit(std::move(batch), [&](bool written, const QString &why) {
            ok = written;
            if (!written)
                *error = why;
            loop.quit();
        });
        loop.exec();
    }
    store.close();
    return ok;
}

} // namespace optrack
