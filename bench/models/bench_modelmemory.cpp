// Resident memory of 100,000 realistic operations held by the OperationTableModel,
// alone and beside the feed's own blocks (the rows share them: applySharedChanges). The bar: under
// 150 MB. VmRSS is per process: run one function per process (see docs/performance.md).
#include "operationfiltermodel.h"
#include "operationtablemodel.h"
#include "processmemory.h"
#include "realisticoperations.h"
#include "stringpool.h"

#include <QTest>

#include <utility>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int modelRows = 100'000;
constexpr int batchSize = 1'000;
constexpr int batchCount = modelRows / batchSize;
constexpr double barMib = 150;
constexpr quint32 dataSeed = 20261129;

} // namespace

using benchdata::trimmedResidentMib;

class bench_ModelMemory final : public QObject
{
    Q_OBJECT

private slots:
    void modelOnly();
    void modelBesideFeed();

private:
    /// RSS is per process: a second measurement would count what the first left behind.
    bool claimFreshProcess();

    bool m_measured = false;
};

bool bench_ModelMemory::claimFreshProcess()
{
    return !std::exchange(m_measured, true);
}

void bench_ModelMemory::modelOnly()
{
    if (!claimFreshProcess())
        QSKIP("Run alone: bench_modelmemory modelOnly");
    const double base = trimmedResidentMib();
    QVERIFY(base > 0);

    // Batches as the feed passes them on, its own copy not kept.
    OperationTableModel model;
    for (int batch = 0; batch < batchCount; ++batch) {
        model.applyChanges(benchdata::realisticOperations(batchSize, dataSeed + batch));
        model.flushPendingChanges();
    }
    QCOMPARE(model.rowCount(), modelRows);
    const double withModel = trimmedResidentMib();

    OperationFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(OperationTableModel::Started, Qt::DescendingOrder);
    QCOMPARE(proxy.rowCount(), modelRows);
    const benchdata::WholeProcess whole = benchdata::wholeProcess();
    const double withProxy = trimmedResidentMib();

    benchdata::printWholeProcess(whole);
    qInfo("baseline                        %7.1f MiB", base);
    qInfo("model, 100k operations          %7.1f MiB", withModel - base);
    qInfo("sorted filter proxy and counts  %7.1f MiB", withProxy - withModel);
    qInfo("sizeof(Operation) = %d bytes", int(sizeof(Operation)));
    QVERIFY(withProxy - base < barMib);
}

void bench_ModelMemory::modelBesideFeed()
{
    if (!claimFreshProcess())
        QSKIP("Run alone: bench_modelmemory modelBesideFeed");
    const double base = trimmedResidentMib();
    QVERIFY(base > 0);

    // The feed keeps one block of every operation it passed on, its repeated strings
    // pooled (as OperationFeed does); the rows share the blocks.
    StringPool pool;
    QList<SharedOperation> feedBlocks;
    for (int batch = 0; batch < batchCount; ++batch) {
        for (Operation &operation : benchdata::realisticOperations(batchSize, dataSeed + batch)) {
            pool.share(operation);
            feedBlocks.append(std::make_shared<const Operation>(std::move(operation)));
        }
    }
    const double withFeed = trimmedResidentMib();

    OperationTableModel model;
    model.applySharedChanges(feedBlocks);
    model.flushPendingChanges();
    QCOMPARE(model.rowCount(), modelRows);
    const double withModel = trimmedResidentMib();

    OperationFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(OperationTableModel::Started, Qt::DescendingOrder);
    const benchdata::WholeProcess whole = benchdata::wholeProcess();
    const double withProxy = trimmedResidentMib();

    benchdata::printWholeProcess(whole);
    qInfo("baseline                        %7.1f MiB", base);
    qInfo("feed blocks, 100k operations    %7.1f MiB", withFeed - base);
    qInfo("model beside them (shared)      %7.1f MiB", withModel - withFeed);
    qInfo("sorted filter proxy and counts  %7.1f MiB", withProxy - withModel);
    qInfo("all together                    %7.1f MiB", withProxy - base);
    QVERIFY(withProxy - withFeed < barMib);
}

QTEST_GUILESS_MAIN(bench_ModelMemory)
#include "bench_modelmemory.moc"
