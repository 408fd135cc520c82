// Applies deltas of 1,000 changed operations to a 100,000-row OperationTableModel
// seen through a sorted and filtered OperationFilterModel. The bar: under 5 ms a delta,
// and never a reset. Most rows send the same 1,000 operations every delta; the "other
// rows each delta" ones take turns with 8 disjoint sets, so that sorted by Updated every
// delta moves its rows to the top. The "removed and inserted" rows take 1,000 rows
// scattered over the whole model out of it on every delta (a fresh random set each
// time) and append 1,000 new operations.
//
// Deltas come as values (applyChanges: the model makes its own shared copies, as for
// tests and tools) or, in the "shared" rows, as the feed hands them to the app
// (applySharedChanges with blocks the feed made when it read the reply; here they are
// made before the measurement, for at most maxSharedDeltas deltas: run those rows with
// -iterations 50 or fewer).
#include "operationfiltermodel.h"
#include "operationtablemodel.h"
#include "realisticoperations.h"

#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
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
constexpr int maxSharedDeltas = 50;

enum class DeltaKind {
    /// Progress (by 1-10 points), eta and updatedAt (the time of the poll) of running
    /// operations change.
    Progress,
    /// Every operation of the delta completes or starts again: it leaves or enters the
    /// filter.
    StatusFlip,
    /// 1,000 operations scattered over the model leave the scope and 1,000 new ones
    /// arrive.
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
    /// The next delta of a kind, made in place from the previous one.
    void advance(DeltaKind kind, QList<Operation> &delta, QRandomGenerator &random,
                 const QDateTime &pollTime);

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
    // As the feed hands them to the app (applySharedChanges), or as values.
    QTest::addColumn<bool>("shared");

    using M = OperationTableModel;
    QTest::newRow("progress, the table alone (no proxy)")
            << DeltaKind::Progress << int(M::Started) << Qt::DescendingOrder << QString() << false
            << 1 << false;
    QTest::newRow("progress, sorted by started")
            << DeltaKind::Progress << int(M::Started) << Qt::DescendingOrder << QString() << true
            << 1 << false;
    QTest::newRow("progress, sorted by name, text filter")
            << DeltaKind::Progress << int(M::Name) << Qt::AscendingOrder << u"csv"_s << true << 1
            << false;
    QTest::newRow("progress, sorted by progress (rows move)")
            << DeltaKind::Progress << int(M::Progress) << Qt::AscendingOrder << QString() << true
            << 1 << false;
    QTest::newRow("progress, sorted by updated (rows move to the top)")
            << DeltaKind::Progress << int(M::Updated) << Qt::DescendingOrder << QString() << true
            << 1 << false;
    QTest::newRow("progress, the table alone (no proxy), other rows each delta")
            << DeltaKind::Progress << int(M::Updated) << Qt::DescendingOrder << QString() << false
            << rotatedDeltaSets << false;
    QTest::newRow("progress, sorted by updated, other rows each delta (all move to the top)")
            << DeltaKind::Progress << int(M::Updated) << Qt::DescendingOrder << QString() << true
            << rotatedDeltaSets << false;
    QTest::newRow("status flips in and out of the filter")
            << DeltaKind::StatusFlip << int(M::Started) << Qt::DescendingOrder << QString() << true
            << 1 << false;
    QTest::newRow("1000 removed and 1000 inserted, the table alone (no proxy)")
            << DeltaKind::ReplaceRows << int(M::Started) << Qt::DescendingOrder << QString()
            << false << 1 << false;
    QTest::newRow("1000 removed and 1000 inserted")
            << DeltaKind::ReplaceRows << int(M::Started) << Qt::DescendingOrder << QString() << true
            << 1 << false;
    QTest::newRow("shared: progress, sorted by updated, other rows each delta")
            << DeltaKind::Progress << int(M::Updated) << Qt::DescendingOrder << QString() << true
            << rotatedDeltaSets << true;
    QTest::newRow("shared: 1000 removed and 1000 inserted, the table alone (no proxy)")
            << DeltaKind::ReplaceRows << int(M::Started) << Qt::DescendingOrder << QString()
            << false << 1 << true;
    QTest::newRow("shared: 1000 removed and 1000 inserted")
            << DeltaKind::ReplaceRows << int(M::Started) << Qt::DescendingOrder << QString() << true
            << 1 << true;
}

void bench_ModelDelta::applyDelta()
{
    QFETCH(DeltaKind, kind);
    QFETCH(int, sortColumn);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QString, text);
    QFETCH(bool, proxied);
    QFETCH(int, deltaSets);
    QFETCH(bool, shared);

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
    QSet<QString> picked;
    QRandomGenerator random(deltaSeed);
    for (int set = 0; set < deltaSets; ++set) {
        while (deltas.at(set).size() < deltaSize) {
            const Operation &candidate = model.operationAt(int(random.bounded(model.rowCount())));
            if (candidate.status == OperationStatus::InProgress
                && !picked.contains(candidate.operationId)) {
                picked.insert(candidate.operationId);
                deltas[set].append(candidate);
            }
        }
    }
    // What leaves the scope: every row in a random order, 1,000 a delta, so each delta
    // removes rows scattered over the whole model.
    QStringList leaving;
    if (kind == DeltaKind::ReplaceRows) {
        leaving.reserve(model.rowCount());
        for (int row = 0; row < model.rowCount(); ++row)
            leaving.append(model.operationAt(row).operationId);
        std::shuffle(leaving.begin(), leaving.end(), QRandomGenerator(deltaSeed));
    }
    const int maxReplaceDeltas = int(leaving.size()) / deltaSize;

    // Every change of a delta happened after everything the model holds.
    QDateTime pollTime = model.operationAt(0).updatedAt;
    for (int row = 1; row < model.rowCount(); ++row)
        pollTime = std::max(pollTime, model.operationAt(row).updatedAt);

    // The shared rows' deltas are made before the measurement, as the feed makes its
    // blocks while reading a reply.
    QList<QList<SharedOperation>> sharedDeltas;
    if (shared) {
        for (int i = 0; i < maxSharedDeltas; ++i) {
            QList<Operation> &delta = deltas[i % deltaSets];
            pollTime = pollTime.addSecs(1);
            advance(kind, delta, random, pollTime);
            QList<SharedOperation> blocks;
            blocks.reserve(delta.size());
            for (const Operation &operation : std::as_const(delta))
                blocks.append(std::make_shared<const Operation>(operation));
            sharedDeltas.append(std::move(blocks));
        }
    }

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
    bool outOfDeltas = false;

    QBENCHMARK
    {
        const int index = deltaCount++;
        if ((shared && index >= maxSharedDeltas)
            || (kind == DeltaKind::ReplaceRows && index >= maxReplaceDeltas)) {
            outOfDeltas = true;
            break;
        }
        if (kind == DeltaKind::ReplaceRows)
            model.removeOperations(leaving.mid(qsizetype(index) * deltaSize, deltaSize));
        if (shared) {
            model.applySharedChanges(sharedDeltas.at(index));
        } else {
            QList<Operation> &delta = deltas[index % deltaSets];
            pollTime = pollTime.addSecs(1);
            advance(kind, delta, random, pollTime);
            model.applyChanges(delta);
        }
        model.flushPendingChanges();
    }
    if (outOfDeltas)
        QFAIL("Out of prepared deltas: run the shared and the removal rows with -iterations 50 "
              "or fewer.");

    disconnect(changedCounter);
    disconnect(layoutCounter);
    QCOMPARE(sourceReset.size(), 0);
    QCOMPARE(proxyReset.size(), 0);
    QCOMPARE(model.rowCount(), modelRows);
    qInfo("per delta: %.1f source dataChanged, %.1f proxy layoutChanged; %d rows shown",
          double(sourceChanged) / deltaCount, double(proxyLayouts) / deltaCount, proxy.rowCount());
}

void bench_ModelDelta::advance(DeltaKind kind, QList<Operation> &delta, QRandomGenerator &random,
                               const QDateTime &pollTime)
{
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
        break;
    case DeltaKind::StatusFlip:
        for (Operation &operation : delta) {
            operation.version = ++m_version;
            operation.status = operation.status == OperationStatus::InProgress
                    ? OperationStatus::Completed
                    : OperationStatus::InProgress;
            operation.updatedAt = pollTime;
        }
        break;
    case DeltaKind::ReplaceRows:
        // New operations, made from running ones under new ids.
        for (Operation &operation : delta) {
            operation.operationId = u"op_new_%1"_s.arg(++m_nextNewId);
            operation.version = ++m_version;
            operation.updatedAt = pollTime;
        }
        break;
    }
}

QTEST_GUILESS_MAIN(bench_ModelDelta)
#include "bench_modeldelta.moc"
