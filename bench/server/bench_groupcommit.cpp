// Durable write throughput of optrackd's store.
//
// 1. Store level: N batches submitted one at a time (each waits for its commit: one fsync
//    per batch) against N batches submitted together (group commit).
// 2. Service level: POST /api/operations over HTTP with 1 client in flight against 48.
// With a PostgreSQL URI, both again with PostgresStore and optrackd --database URI. The URI
// names a throwaway database: its tables are dropped before each run.
//
// Run: build/bench/server/bench_groupcommit [batches] [postgresql://...]
//      (prints a table; see docs/performance.md)

#include "operationcodec.h"
#include "postgresstore.h"
#include "postgresuri.h"
#include "serverconfig.h"
#include "sqlitestore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>
#include <vector>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

WriteBatch makeBatch(int i)
{
    Operation op;
    op.operationId = u"op_bench_%1"_s.arg(i);
    op.operationType = u"bench"_s;
    op.entityId = u"e%1"_s.arg(i);
    op.displayName = u"Bench %1"_s.arg(i);
    op.context.insert(u"userId"_s, u"alice"_s);
    op.createdAt = op.updatedAt = QDateTime::currentDateTimeUtc();
    op.version = i + 1;
    WriteBatch batch;
    batch.operations.append(op);
    OperationEvent event;
    event.seq = i + 1;
    event.at = op.createdAt;
    event.actor = u"alice"_s;
    batch.events.append({op.operationId, event});
    batch.version = op.version;
    return batch;
}

struct StoreFigures
{
    double perSecond = 0;
    double batchesPerTransaction = 0;
};

/// An empty database for the next run: optrackd's tables dropped (PostgresStore migrates again).
void dropTables(const QString &uri)
{
    QString error;
    const std::optional<PostgresUri> parsed = PostgresUri::parse(uri, &error);
    if (!parsed)
        qFatal("%s", qPrintable(error));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"bench-drop"_s);
        parsed->apply(db);
        if (!db.open()
            || !QSqlQuery(db).exec(u"DROP TABLE IF EXISTS operations, events, idempotency,"
                                   " heartbeats, meta, optrack_schema"_s))
            qFatal("cannot empty the database");
        db.close();
    }
    QSqlDatabase::removeDatabase(u"bench-drop"_s);
}

std::unique_ptr<OperationStore> makeStore(const QString &dir, const QString &postgresUri)
{
    if (postgresUri.isEmpty())
        return std::make_unique<SqliteStore>(dir + u"/store.db"_s, u"full"_s);
    dropTables(postgresUri);
    QString error;
    return std::make_unique<PostgresStore>(*PostgresUri::parse(postgresUri, &error),
                                           ServerConfig::defaultDatabaseConnections);
}

StoreFigures runStore(const QString &dir, int batches, bool together,
                      const QString &postgresUri = {})
{
    const std::unique_ptr<OperationStore> owned = makeStore(dir, postgresUri);
    OperationStore &store = *owned;
    QString error;
    if (!store.open(&error))
        qFatal("cannot open the store: %s", qPrintable(error));
    QElapsedTimer timer;
    timer.start();
    int done = 0;
    QEventLoop loop;
    if (together) {
        for (int i = 0; i < batches; ++i) {
            store.submit(makeBatch(i), [&](bool ok, const QString &) {
                if (!ok)
                    qFatal("commit failed");
                if (++done == batches)
                    loop.quit();
            });
        }
        loop.exec();
    } else {
        for (int i = 0; i < batches; ++i) {
            store.submit(makeBatch(i), [&](bool, const QString &) { loop.quit(); });
            loop.exec();
        }
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const StoreStats stats = store.stats();
    store.close();
    return {batches / seconds,
            double(stats.batches) / double(std::max<qint64>(1, stats.transactions))};
}

double runService(int requests, int inFlight, const QString &postgresUri = {})
{
    if (!postgresUri.isEmpty())
        dropTables(postgresUri);
    QTemporaryDir dir;
    const QByteArray token = "bench-token";
    const QByteArray hash = QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
    QFile config(dir.filePath(u"config.json"_s));
    config.open(QIODevice::WriteOnly);
    config.write(R"({"users": [{"userId": "alice", "roles": ["user"], "tokenSha256": ")" + hash
                 + R"("}]})");
    config.close();
    QProcess server;
    QStringList arguments{u"--listen"_s,           u"127.0.0.1:0"_s, u"--data-dir"_s,
                          dir.filePath(u"data"_s), u"--config"_s,    config.fileName()};
    if (!postgresUri.isEmpty())
        arguments << u"--database"_s << postgresUri;
    server.start(QStringLiteral(OPTRACKD_PATH), arguments);
    if (!server.waitForReadyRead(10000))
        qFatal("optrackd did not start");
    const QString line = QString::fromUtf8(server.readLine()).trimmed();
    const QUrl base(line.mid(line.indexOf(u"http"_s)));

    // QNetworkAccessManager opens at most 6 connections per host: one manager per 6 in flight.
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    for (int i = 0; i < (inFlight + 5) / 6; ++i)
        managers.push_back(std::make_unique<QNetworkAccessManager>());
    const QByteArray body = R"({"operationType": "bench", "entityId": "e1"})";
    int sent = 0;
    int finished = 0;
    QEventLoop loop;
    std::function<void(QNetworkAccessManager *)> sendOne = [&](QNetworkAccessManager *manager) {
        if (sent == requests)
            return;
        ++sent;
        QNetworkRequest request(base.resolved(QUrl(u"/api/operations"_s)));
        request.setRawHeader("Authorization", "Bearer " + token);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = manager->post(request, body);
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, manager] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 201)
                qFatal("create failed: %s", reply->readAll().constData());
            reply->deleteLater();
            if (++finished == requests)
                loop.quit();
            else
                sendOne(manager);
        });
    };
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < inFlight; ++i)
        sendOne(managers[i % managers.size()].get());
    loop.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    server.terminate();
    server.waitForFinished(10000);
    return requests / seconds;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int batches = argc > 1 ? QByteArray(argv[1]).toInt() : 2000;

    QTemporaryDir one;
    QTemporaryDir group;
    const StoreFigures serial = runStore(one.path(), batches, false);
    const StoreFigures grouped = runStore(group.path(), batches, true);
    std::printf("store, synchronous=FULL, %d batches\n", batches);
    std::printf("  one at a time : %8.0f batches/s  (%.1f batches per transaction)\n",
                serial.perSecond, serial.batchesPerTransaction);
    std::printf(
            "  submitted together: %8.0f batches/s  (%.1f batches per transaction)  ratio %.1fx\n",
            grouped.perSecond, grouped.batchesPerTransaction, grouped.perSecond / serial.perSecond);

    const double single = runService(batches / 2, 1);
    const double many = runService(batches, 48);
    std::printf("optrackd POST /api/operations (each answered after its commit)\n");
    std::printf("  1 in flight   : %8.0f requests/s\n", single);
    std::printf("  48 in flight  : %8.0f requests/s  ratio %.1fx\n", many, many / single);

    if (argc > 2) {
        const QString uri = QString::fromLocal8Bit(argv[2]);
        const StoreFigures pgSerial = runStore(QString(), batches, false, uri);
        const StoreFigures pgGrouped = runStore(QString(), batches, true, uri);
        std::printf("PostgresStore, synchronous_commit=on, %d batches\n", batches);
        std::printf("  one at a time : %8.0f batches/s  (%.1f batches per transaction)\n",
                    pgSerial.perSecond, pgSerial.batchesPerTransaction);
        std::printf("  submitted together: %8.0f batches/s  (%.1f batches per transaction)  "
                    "ratio %.1fx\n",
                    pgGrouped.perSecond, pgGrouped.batchesPerTransaction,
                    pgGrouped.perSecond / pgSerial.perSecond);
        const double pgSingle = runService(batches / 2, 1, uri);
        const double pgMany = runService(batches, 48, uri);
        std::printf("optrackd --database URI POST /api/operations\n");
        std::printf("  1 in flight   : %8.0f requests/s\n", pgSingle);
        std::printf("  48 in flight  : %8.0f requests/s  ratio %.1fx\n", pgMany, pgMany / pgSingle);
    }
    return 0;
}
