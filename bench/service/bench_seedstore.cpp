// Writes COUNT realistic operations straight into a data directory's optrack.db, or into a
// PostgreSQL database (--database URI, an empty database: optrackd's schema is made there),
// through the service's own store in one batch: the bulk path that seeds optrackd for the
// read-path benchmarks (bench/service/readpath.sh, docs/performance.md) in seconds, where
// COUNT POST requests would take minutes. Versions run from 1 to COUNT; owners are
// user000..user199, so a staff account with scope=all sees them all. They are producers' operations
// (builtIn false), although their types are the built-in workloads' ones: the service would
// otherwise fail the ones still running as interrupted at start (and ask votes again for pending
// deletions), more than a thousand new versions in its first second that move the head under the
// read-path benchmarks' delta polls.
//
//   bench_seedstore DATA_DIR COUNT [SEED=12]
//   bench_seedstore --database URI COUNT [SEED=12]
#include "postgresstore.h"
#include "postgresuri.h"
#include "realisticoperations.h"
#include "sqlitestore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 defaultSeed = 12;
/// The newest operation's age: its updatedAt (up to an hour later) is still in the past.
constexpr qint64 newestAgeSeconds = 2 * 3600;
/// The seeder is the only instance on the database: it takes the writer lock and writes
/// through one connection, within the fewest an optrackd may be given.
constexpr int postgresConnections = optrack::PostgresStore::connectionsNeeded;

/// The store at `target`: a PostgreSQL URI, or a data directory (made when missing) for
/// SQLite; nullptr with *error when neither.
std::unique_ptr<optrack::OperationStore> openTarget(const QString &target, bool postgres,
                                                    QString *error)
{
    if (postgres) {
        const auto uri = optrack::PostgresUri::parse(target, error);
        if (!uri)
            return nullptr;
        return std::make_unique<optrack::PostgresStore>(*uri, postgresConnections);
    }
    if (!QDir().mkpath(target)) {
        *error = u"cannot create %1"_s.arg(target);
        return nullptr;
    }
    return std::make_unique<optrack::SqliteStore>(QDir(target).filePath(u"optrack.db"_s),
                                                  u"NORMAL"_s);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    const bool postgres = args.value(1) == u"--database"_s;
    if (postgres)
        args.removeAt(1);
    if (args.size() < 3 || args.value(2).toInt() < 1) {
        std::fprintf(stderr,
                     "usage: bench_seedstore DATA_DIR COUNT [SEED]\n"
                     "       bench_seedstore --database URI COUNT [SEED]\n");
        return 2;
    }
    const QString target = args.at(1);
    const int count = args.at(2).toInt();
    const quint32 seed = args.size() > 3 ? args.at(3).toUInt() : defaultSeed;

    QString error;
    const std::unique_ptr<optrack::OperationStore> store = openTarget(target, postgres, &error);
    const auto state = store ? store->open(&error) : std::nullopt;
    if (!state) {
        std::fprintf(stderr, "bench_seedstore: %s\n", qPrintable(error));
        return 1;
    }
    if (!store->isWriter()) {
        std::fprintf(stderr, "bench_seedstore: another instance writes to %s\n",
                     qPrintable(target));
        return 1;
    }
    if (!state->operations.isEmpty()) {
        std::fprintf(stderr, "bench_seedstore: %s already holds operations\n", qPrintable(target));
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
    store->submit(std::move(batch), [&](bool success, const QString &message) {
        done = true;
        ok = success;
        error = message;
    });
    // close() returns once the batch is written; its completion is posted to this thread.
    store->close();
    QCoreApplication::sendPostedEvents();
    if (!done || !ok) {
        std::fprintf(stderr, "bench_seedstore: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("seeded %d operations, head version %d\n", count, count);
    return 0;
}
