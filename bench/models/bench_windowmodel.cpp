// OperationWindowModel over 1,000,000 rows: the first answer, a scroll from top to bottom
// with live updates, and what the model keeps. The service is simulated in this process:
// a block source that makes the operations of the order on demand (row n is the n-th
// newest), so the figures are the model's own plus making the rows of each answer.
//
//   build/bench/models/bench_windowmodel [--rows 1000000] [--step 4000] [--updates-per-step 2]
#include "operationblocksource.h"
#include "operationwindowmodel.h"
#include "processmemory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

const QDateTime newest(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);

SharedOperation operationAt(int row, qint64 version, double progress = 100)
{
    Operation operation;
    operation.operationId = u"op%1"_s.arg(row, 7, 10, QChar(u'0'));
    operation.operationType = row % 3 == 0 ? u"file_export"_s : u"file_upload"_s;
    operation.entityId = u"entity_%1"_s.arg(row);
    operation.displayName = u"Ledger %1"_s.arg(row);
    operation.status = progress < 100 ? OperationStatus::InProgress : OperationStatus::Completed;
    operation.progressPercentage = progress;
    operation.context = QJsonObject{{u"userId"_s, u"alice"_s}};
    operation.createdAt = newest.addSecs(-row);
    operation.updatedAt = operation.createdAt;
    operation.version = version;
    return std::make_shared<const Operation>(std::move(operation));
}

/// Rows [offset, offset + limit) of createdAt desc over `rows` operations; the newest
/// `live` are in progress and their newest states are kept here.
class SyntheticSource final : public OperationBlockSource
{
public:
    SyntheticSource(int rows, int live)
        : m_rows(rows)
        , m_live(std::size_t(live))
    {
        for (int row = 0; row < live; ++row)
            m_live[std::size_t(row)] = operationAt(row, 1, 50);
    }
    quint64 requestBlock(const OperationWindowQuery &, int offset, int limit) override
    {
        const quint64 ticket = ++m_ticket;
        QTimer::singleShot(0, this, [this, ticket, offset, limit] {
            if (ticket <= m_cancelledUpTo)
                return;
            OperationBlock block;
            block.offset = offset;
            block.total = m_rows;
            block.version = m_version;
            for (int row = offset; row < std::min(m_rows, offset + limit); ++row)
                block.operations.append(row < int(m_live.size()) ? m_live[std::size_t(row)]
                                                                 : operationAt(row, 1));
            emit blockReady(ticket, block);
        });
        return ticket;
    }
    void cancelAll() override { m_cancelledUpTo = m_ticket; }
    SharedOperation update(int liveRow)
    {
        const SharedOperation old = m_live[std::size_t(liveRow)];
        Operation next = *old;
        next.progressPercentage = std::min(99.0, next.progressPercentage + 1);
        next.version = ++m_version;
        m_live[std::size_t(liveRow)] = std::make_shared<const Operation>(std::move(next));
        return m_live[std::size_t(liveRow)];
    }
    const std::vector<SharedOperation> &live() const { return m_live; }

private:
    int m_rows;
    std::vector<SharedOperation> m_live;
    qint64 m_version = 1;
    quint64 m_ticket = 0;
    quint64 m_cancelledUpTo = 0;
};

double percentile(std::vector<double> values, double share)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(share * double(values.size())))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rowsOption(u"rows"_s, u"Operations the query matches."_s, u"n"_s,
                                        u"1000000"_s);
    const QCommandLineOption stepOption(u"step"_s, u"Rows scrolled per step."_s, u"n"_s, u"4000"_s);
    const QCommandLineOption updatesOption(u"updates-per-step"_s,
                                           u"Live updates applied per step."_s, u"n"_s, u"2"_s);
    parser.addOptions({rowsOption, stepOption, updatesOption});
    parser.process(app);
    const int rows = parser.value(rowsOption).toInt();
    const int step = std::max(1, parser.value(stepOption).toInt());
    const int updatesPerStep = parser.value(updatesOption).toInt();
    constexpr int visibleRows = 40;
    constexpr int liveRows = 1000;

    const double before = benchdata::trimmedResidentMib();
    SyntheticSource source(rows, liveRows);
    OperationWindowModel model(&source);
    model.applySharedChanges(QList<SharedOperation>(source.live().begin(), source.live().end()));

    QElapsedTimer clock;
    clock.start();
    model.setVisibleRows(0, visibleRows);
    model.setQuery({});
    while (!model.isAnswered())
        QCoreApplication::processEvents();
    const double firstAnswerMs = double(clock.nsecsElapsed()) / 1e6;

    std::vector<double> stepMs;
    int updates = 0;
    for (int first = 0; first < rows; first += step) {
        clock.restart();
        for (int u = 0; u < updatesPerStep; ++u, ++updates)
            model.applySharedChanges({source.update(updates % liveRows)});
        model.setVisibleRows(first, first + visibleRows);
        model.fetchVisibleNow();
        while (model.pendingBlocks() > 0)
            QCoreApplication::processEvents();
        stepMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (!model.operationAt(std::min(first + visibleRows, rows - 1))) {
            std::printf("row %d not loaded after its step\n", first + visibleRows);
            return 1;
        }
    }
    const benchdata::WholeProcess whole = benchdata::wholeProcess();
    std::printf("rows %d, first answer handled in %.2f ms (row count %d)\n", rows, firstAnswerMs,
                model.rowCount());
    std::printf("scroll: %zu steps of %d rows, %d live updates; per step (asking, making and "
                "filling up to 3 blocks, unloading): median %.2f ms, p99 %.2f ms, max %.2f ms\n",
                stepMs.size(), step, updates, percentile(stepMs, 0.5), percentile(stepMs, 0.99),
                *std::max_element(stepMs.begin(), stepMs.end()));
    std::printf("loaded rows kept %d (bound %d); resident %.1f MiB before the model, %.1f MiB "
                "after the scroll (peak %.1f MiB)\n",
                model.loadedRowCount(), model.maxLoadedRows(), before, whole.residentMib,
                whole.peakMib);
    return 0;
}
