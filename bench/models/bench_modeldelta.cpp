// Applies deltas of 1,000 changed operations to a 100,000-row OperationTableModel
// seen through a sorted and filtered OperationFilterModel. The bar: under 5 ms a delta,
// and never a reset. Most rows send the same 1,000 operations every delta; the "other
// rows each delta" ones take turns with 8 disjoint sets, so that sorted by Updated every
// delta moves its rows to the top.
#include "operationfiltermodel.h"
#include "operationtablemodel.h"
#include "realisticoperations.h"

#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int modelRows = 100'000;
constexpr int deltaSize = 1'000;
constexpr quint32 dataSeed = 20261129;
constexpr quint32 deltaSeed = 7;
constexpr int maxProgressStep = 10;
constexpr int maxProgress = 99;
constexpr int maxEtaStep = 30;
constexpr int rotatedDeltaSets = 8;

enum class DeltaKind {
    /// Progress (by 1-10 points), eta and updatedAt (the time of the poll) of running
    /// operations change.
    Progress,
    /// Every operation of the delta completes or starts again: it leaves or enters the
    /// filter.
    StatusFlip,
    /// 1,000 operations leave the scope and 1,000 new ones arrive.
    ReplaceRows,
};

} // namespace

Q_DECLARE_METATYPE(DeltaKind)

class bench_ModelDelta final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void applyDelta_data();
    void applyDelta();

private:
    QList<Operation> m_operations;
    qint64 m_version = 0;
    int m_nextNewId = 0;
};

void bench_ModelDelta::initTestCase()
{
    m_operations = benchdata::realisticOperations(modelRows, dataSeed);
    for (const Operation &operation : std::as_const(m_operations))
        m_version = std::max(m_version, operation.version);
}

void bench_ModelDelta::applyDelta_data()
{
    QTest::addColumn<DeltaKind>("kind");
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("proxied");
    // How many different sets of 1,000 operations the deltas take turns with.
    QTest::addColumn<int>("deltaSets");

    using M = OperationTableModel;
    QTest::newRow("progress, the table alone (no proxy)")
            << DeltaKind::Progress << int(M::Started) << Qt::DescendingOrder << QString() << false
            << 1;
    QTest::newRow("progress, sorted by started") << DeltaKind::Progress << int(M::Started)
                                                 << Qt::DescendingOrder << QString() << true << 1;
    QTest::newRow("progress, sorted by name, text filter")
            << DeltaKind::Progress << int(M::Name) << Qt::AscendingOrder << u"csv"_s << true << 1;
    QTest::newRow("progress, sorted by progress (rows move)")
            << DeltaKind::Progress << int(M::Progress) << Qt::AscendingOrder << QString() << true
            << 1;
    QTest::newRow("progress, sorted by updated (rows move to the top)")
            << DeltaKind::Progress << int(M::Updated) << Qt::DescendingOrder << QString() << true
            << 1;
    QTest::newRow("progress, the table alone (no proxy), other rows each delta")
            << DeltaKind::Progress << int(M::Updated) << Qt::DescendingOrder << QString() << false
            << rotatedDeltaSets;
    QTest::newRow("progress, sorted by updated, other rows each delta (all move to the top)")
            << DeltaKind::Progress << int(M::Updated) << Qt::DescendingOrder << QString() << true
            << rotatedDeltaSets;
    QTest::newRow("status flips in and out of the filter")
            << DeltaKind::StatusFlip << int(M::Started) << Qt::DescendingOrder << QString() << true
            << 1;
    QTest::newRow("1000 removed and 1000 inserted, the table alone (no proxy)")
            << DeltaKind::ReplaceRows << int(M::Started) << Qt::DescendingOrder << QString()
            << false << 1;
    QTest::newRow("1000 removed and 1000 inserted")
            << DeltaKind::ReplaceRows << int(M::Started) << Qt::DescendingOrder << QString() << true
            << 1;
}

void bench_ModelDelta::applyDelta()
{
    QFETCH(DeltaKind, kind);
    QFETCH(int, sortColumn);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QString, text);
    QFETCH(bool, proxied);
    QFETCH(int, deltaSets);

    OperationTableModel model;
    model.applyChanges(m_operations);
    model.flushPendingChanges();
    OperationFilterModel proxy;
    if (proxied)
        proxy.setSourceModel(&model);
    proxy.setCurrentUser(u"user001"_s, {u"user"_s, u"approver"_s});
    // The sidebar's "active" entry: what still runs or waits.
    proxy.setStatusFilter({OperationStatus::Pending, OperationStatus::InProgress,
                           OperationStatus::WaitingForApproval, OperationStatus::Approved});
    proxy.setTextFilter(text);
    proxy.sort(sortColumn, order);

    // The deltas: running operations, as the feed sends them between two polls; no
    // operation is in two sets.
    QList<QList<Operation>> deltas(deltaSets);
    QList<QStringList> removedIds(deltaSets);
    QSet<QString> picked;
    QRandomGenerator random(deltaSeed);
    for (int set = 0; set < deltaSets; ++set) {
        while (deltas.at(set).size() < deltaSize) {
            const Operation &candidate = model.operationAt(int(random.bounded(model.rowCount())));
            if (candidate.status == OperationStatus::InProgress
                && !picked.contains(candidate.operationId)) {
                picked.insert(candidate.operationId);
                deltas[set].append(candidate);
                removedIds[set].append(candidate.operationId);
            }
        }
    }

    // Every change of a delta happened after everything the model holds.
    QDateTime pollTime = model.operationAt(0).updatedAt;
    for (int row = 1; row < model.rowCount(); ++row)
        pollTime = std::max(pollTime, model.operationAt(row).updatedAt);

    QSignalSpy sourceReset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy proxyReset(&proxy, &QAbstractItemModel::modelReset);
    // Counted, not spied: a spy copies every emission's arguments, which would be
    // measured with the models.
    int sourceChanged = 0;
    int proxyLayouts = 0;
    const QMetaObject::Connection changedCounter = connect(
            &model, &QAbstractItemModel::dataChanged, this, [&sourceChanged] { ++sourceChanged; });
    const QMetaObject::Connection layoutCounter = connect(
            &proxy, &QAbstractItemModel::layoutChanged, this, [&proxyLayouts] { ++proxyLayouts; });
    int deltaCount = 0;

    QBENCHMARK
    {
        QList<Operation> &delta = deltas[deltaCount % deltaSets];
        QStringList &removed = removedIds[deltaCount % deltaSets];
        ++deltaCount;
        pollTime = pollTime.addSecs(1);
        switch (kind) {
        case DeltaKind::Progress:
            for (Operation &operation : delta) {
                operation.version = ++m_version;
                const int step = 1 + int(random.bounded(maxProgressStep));
                operation.progressPercentage
                        = std::fmod(operation.progressPercentage + step, maxProgress);
                operation.etaSeconds = random.bounded(maxEtaStep);
                operation.updatedAt = pollTime;
            }
            model.applyChanges(delta);
            break;
        case DeltaKind::StatusFlip:
            for (Operation &operation : delta) {
                operation.version = ++m_version;
                operation.status = operation.status == OperationStatus::InProgress
                        ? OperationStatus::Completed
                        : OperationStatus::InProgress;
                operation.updatedAt = pollTime;
            }
            model.applyChanges(delta);
            break;
        case DeltaKind::ReplaceRows:
            // The same operations leave and come back under new ids, so the model keeps
            // its size from one round to the next.
            model.removeOperations(removed);
            for (int i = 0; i < delta.size(); ++i) {
                delta[i].operationId = u"op_new_%1"_s.arg(++m_nextNewId);
                delta[i].version = ++m_version;
                removed[i] = delta.at(i).operationId;
            }
            model.applyChanges(delta);
            break;
        }
        model.flushPendingChanges();
    }

    disconnect(changedCounter);
    disconnect(layoutCounter);
    QCOMPARE(sourceReset.size(), 0);
    QCOMPARE(proxyReset.size(), 0);
    QCOMPARE(model.rowCount(), modelRows);
    qInfo("per delta: %.1f source dataChanged, %.1f proxy layoutChanged; %d rows shown",
          double(sourceChanged) / deltaCount, double(proxyLayouts) / deltaCount, proxy.rowCount());
}

QTEST_GUILESS_MAIN(bench_ModelDelta)
#include "bench_modeldelta.moc"
