// Writes COUNT realistic operations straight into a data directory's optrack.db, through the
// service's own store in one batch: the bulk path that seeds optrackd for the read-path
// benchmarks (bench/service/readpath.sh) in seconds, where COUNT POST requests would take
// minutes. Versions run from 1 to COUNT; owners are user000..user199, so a staff account
// with scope=all sees them all. They are producers' operations (builtIn false), although
// their types are the built-in workloads' ones: the service would otherwise fail the ones
// still running as interrupted at start (and ask votes again for pending deletions), more
// than a thousand new versions in its first second that move the head under the read-path
// benchmarks' delta polls.
//
//   bench_seedstore DATA_DIR COUNT [SEED=12]
#include "realisticoperations.h"
#include "sqlitestore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 defaultSeed = 12;
/// The newest operation's age: its updatedAt (up to an hour later) is still in the past.
constexpr qint64 newestAgeSeconds = 2 * 3600;

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3 || args.value(2).toInt() < 1) {
        std::fprintf(stderr, "usage: bench_seedstore DATA_DIR COUNT [SEED]\n");
        return 2;
    }
    const QString dataDir = args.at(1);
    const int count = args.at(2).toInt();
    const quint32 seed = args.size() > 3 ? args.at(3).toUInt() : defaultSeed;
    if (!QDir().mkpath(dataDir)) {
        std::fprintf(stderr, "bench_seedstore: cannot create %s\n", qPrintable(dataDir));
        return 1;
    }

    optrack::SqliteStore store(QDir(dataDir).filePath(u"optrack.db"_s), u"NORMAL"_s);
    QString error;
    const auto state = store.open(&error);
    if (!state) {
        std::fprintf(stderr, "bench_seedstore: %s\n", qPrintable(error));
        return 1;
    }
    if (!state->operations.isEmpty()) {
        std::fprintf(stderr, "bench_seedstore: %s already holds operations\n", qPrintable(dataDir));
        return 1;
    }
    optrack::WriteBatch batch;
    batch.operations = benchdata::realisticOperations(count, seed);
    batch.version = count;
    // Recent times, so that retention (30 days by default) keeps the finished ones.
    const qint64 shift = batch.operations.constLast().createdAt.secsTo(
            QDateTime::currentDateTimeUtc().addSecs(-newestAgeSeconds));
    for (optrack::Operation &op : batch.operations) {
        op.builtIn = false;
        op.createdAt = op.createdAt.addSecs(shift);
        op.updatedAt = op.updatedAt.addSecs(shift);
        if (op.completedAt)
            op.completedAt = op.completedAt->addSecs(shift);
    }

    bool done = false;
    bool ok = false;
    store.submit(std::move(batch), [&](bool success, const QString &message) {
        done = true;
        ok = success;
        error = message;
    });
    // close() returns once the batch is written; its completion is posted to this thread.
    store.close();
    QCoreApplication::sendPostedEvents();
    if (!done || !ok) {
        std::fprintf(stderr, "bench_seedstore: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("seeded %d operations, head version %d\n", count, count);
    return 0;
}
