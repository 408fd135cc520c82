// The read model's list pages at scale, in process (no HTTP): first pages (limit 50) of the
// filters the dashboard sends, over COUNT realistic operations, RUNS times each, with p50
// and p99; the resident memory before and after loading. The first run of each is printed
// on its own: it builds the owner, status or type list that the filter walks in that
// order, when no earlier case did; the resident memory after every case shows what those
// lists cost. Before and after the cases, what 20,000 progress versions cost the read model. One
// operation in a thousand has the type "audit_rare" and one in a thousand the owner "alice", so
// that rare matches sit spread over the whole order.
//
//   bench_listpages COUNT [RUNS=50]
#include "readmodel.h"
#include "realisticoperations.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace optrack;

namespace {

constexpr quint32 seed = 12;
constexpr int defaultRuns = 50;
constexpr int pageLimit = 50;
constexpr int rareEvery = 1000;
constexpr double percentile99 = 0.99;
constexpr double mebibyte = 1024.0 * 1024.0;
constexpr int patchTargets = 50; // as readpath.sh PATCHes
constexpr int patchVersions = 20'000; // progress reports applied, one batch each
constexpr int progressSteps = 98;

struct Case
{
    const char *name;
    ListQuery query;
    UserAccount caller;
};

// VmRSS from /proc/self/status, in MiB.
double residentMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() * 1024.0 / mebibyte;
    }
    return 0;
}

ListQuery query(std::initializer_list<OperationStatus> statuses, QStringList types,
                OperationSortKey key, bool descending, qint64 offset = 0)
{
    ListQuery q;
    q.scope = ListQuery::Scope::All;
    q.statuses = QSet<OperationStatus>(statuses);
    q.types = QSet<QString>(types.cbegin(), types.cend());
    q.order = {key, descending};
    q.offset = offset;
    q.limit = pageLimit;
    return q;
}

/// What a durable PATCH of progress costs the read model: versions that change an
/// operation's progress and updatedAt, applied as the registry does once they are committed
/// (the JSON written once, the index and the tallies updated). Prints microseconds a version.
void timeProgressVersions(ReadModel *model, const char *when)
{
    QList<Operation> targets;
    for (auto it = model->operations().cbegin();
         it != model->operations().cend() && targets.size() < patchTargets; ++it)
        targets.append(it->operation);
    qint64 version = model->headVersion();
    QElapsedTimer timer;
    timer.start();
    for (int n = 0; n < patchVersions; ++n) {
        Operation &op = targets[n % patchTargets];
        op.progressPercentage = n % progressSteps + 1;
        op.updatedAt = op.updatedAt.addMSecs(1);
        op.version = ++version;
        WriteBatch batch;
        batch.operations.append(op);
        batch.version = version;
        model->apply(batch);
    }
    const double micros = double(timer.nsecsElapsed()) / 1000.0 / patchVersions;
    std::printf("progress versions applied %s: %.2f us each (%.0f/s)\n", when, micros,
                1e6 / micros);
}

} // namespace

int main(int argc, char *argv[])
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // each line as it is measured
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int count = args.value(1).toInt();
    const int runs = args.size() > 2 ? args.at(2).toInt() : defaultRuns;
    if (count < 1 || runs < 1) {
        std::fprintf(stderr, "usage: bench_listpages COUNT [RUNS]\n");
        return 2;
    }
    QList<Operation> operations = benchdata::realisticOperations(count, seed);
    for (qsizetype i = 0; i < operations.size(); ++i) {
        Operation &op = operations[i];
        op.version = i + 1;
        if (i % rareEvery == 1)
            op.operationType = u"audit_rare"_s;
        if (i % rareEvery == 2)
            op.context.insert(u"userId"_s, u"alice"_s);
    }
    const double before = residentMiB();
    ReadModel model;
    model.load(operations, {}, count);
    operations.clear();
    operations.squeeze();
    const double after = residentMiB();
    std::printf("%d operations: resident %.0f MiB before the read model, %.0f MiB with it "
                "(+%.0f MiB)\n",
                count, before, after, after - before);

    timeProgressVersions(&model, "before any filtered page");

    const UserAccount staff{u"sam"_s, {u"staff"_s}, {}};
    const UserAccount alice{u"alice"_s, {}, {}};
    ListQuery mine = query({}, {}, OperationSortKey::CreatedAt, true);
    mine.scope = ListQuery::Scope::Mine;
    ListQuery mineByName = query({}, {}, OperationSortKey::DisplayName, false, 500);
    mineByName.scope = ListQuery::Scope::Mine;
    ListQuery search = query({}, {}, OperationSortKey::CreatedAt, true);
    search.search = u"payroll export 999"_s;
    const QList<Case> cases{
            {"no filter, createdAt desc", query({}, {}, OperationSortKey::CreatedAt, true), staff},
            {"status=pending, createdAt desc",
             query({OperationStatus::Pending}, {}, OperationSortKey::CreatedAt, true), staff},
            {"status=in_progress, sort=status desc",
             query({OperationStatus::InProgress}, {}, OperationSortKey::Status, true), staff},
            {"status=pending,failed, updatedAt desc",
             query({OperationStatus::Pending, OperationStatus::Failed}, {},
                   OperationSortKey::UpdatedAt, true),
             staff},
            {"type=audit_rare, createdAt desc",
             query({}, {u"audit_rare"_s}, OperationSortKey::CreatedAt, true), staff},
            {"type=audit_rare, progressPercentage asc",
             query({}, {u"audit_rare"_s}, OperationSortKey::Progress, false), staff},
            {"type=audit_rare&status=failed, createdAt desc",
             query({OperationStatus::Failed}, {u"audit_rare"_s}, OperationSortKey::CreatedAt, true),
             staff},
            {"scope=mine (alice), createdAt desc", mine, alice},
            {"scope=mine (alice), displayName asc, offset=500", mineByName, alice},
            {"q=payroll export 999", search, staff},
    };
    for (const Case &c : cases) {
        QList<qint64> micros;
        ListResult result;
        QElapsedTimer first;
        first.start();
        model.list(c.caller, c.query, &result);
        const qint64 firstMicros = first.nsecsElapsed() / 1000;
        for (int run = 0; run < runs; ++run) {
            QElapsedTimer timer;
            timer.start();
            model.list(c.caller, c.query, &result);
            micros.append(timer.nsecsElapsed() / 1000);
        }
        std::sort(micros.begin(), micros.end());
        const qint64 p99 = micros.at(
                std::min<qsizetype>(micros.size() - 1, qsizetype(micros.size() * percentile99)));
        std::printf("%-50s total %7lld  rows %2lld  first %8.2f ms  p50 %8.2f ms  p99 %8.2f ms\n",
                    c.name, static_cast<long long>(result.total.value_or(-1)),
                    static_cast<long long>(result.operations.size()), double(firstMicros) / 1000.0,
                    double(micros.at(micros.size() / 2)) / 1000.0, double(p99) / 1000.0);
    }
    std::printf("resident %.0f MiB after every case (+%.0f MiB over the loaded read model)\n",
                residentMiB(), residentMiB() - after);
    timeProgressVersions(&model, "after every case");
    return 0;
}
