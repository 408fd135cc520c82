// The built-in workloads under load: upload and validate a 1,000,000-row transaction file,
// then export it back, while a reader keeps asking GET /api/operations/{id}.
//
// Reports rows/s of validation (step "Validate rows"), of storing, and of the export's
// writing (step "Write"), from the operations' own audit trails, and the read latency
// (p50/p99) idle and during each phase.
//
// Run: build/bench/server/bench_workloads [--database URI] [rows]
//      (rows: default 1000000; --database: optrackd on that PostgreSQL database instead of
//      SQLite, e.g. a throwaway cluster of scripts/pgtest.sh; see docs/performance.md)

#include "operationcodec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

const QByteArray token = "bench-token";

struct Service
{
    QTemporaryDir dir;
    QProcess process;
    QUrl base;
};

void startService(Service &service, const QString &database)
{
    const QByteArray hash = QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
    QFile config(service.dir.filePath(u"config.json"_s));
    config.open(QIODevice::WriteOnly);
    config.write(R"({"users": [{"userId": "alice", "roles": ["user", "staff"], "tokenSha256": ")"
                 + hash + R"("}], "uploadLimitBytes": 1073741824})");
    config.close();
    service.process.start(QStringLiteral(OPTRACKD_PATH),
                          QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s,
                                      service.dir.filePath(u"data"_s), u"--config"_s,
                                      config.fileName()}
                                  + (database.isEmpty() ? QStringList()
                                                        : QStringList{u"--database"_s, database}));
    if (!service.process.waitForReadyRead(10000))
        qFatal("optrackd did not start");
    const QString line = QString::fromUtf8(service.process.readLine()).trimmed();
    service.base = QUrl(line.mid(line.indexOf(u"http"_s)));
}

QNetworkRequest request(const Service &service, const QString &path)
{
    QNetworkRequest r(service.base.resolved(QUrl(path)));
    r.setRawHeader("Authorization", "Bearer " + token);
    return r;
}

QJsonObject waitJson(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

QByteArray makeFile(int rows)
{
    QByteArray file = "date,account,amount,currency,description\n";
    file.reserve(qsizetype(rows) * 60);
    static const char *const currencies[] = {"EUR", "USD", "GBP", "CHF"};
    for (int i = 0; i < rows; ++i) {
        const int day = i % 28 + 1;
        const int month = i / 28 % 12 + 1;
        file += "2026-" + QByteArray::number(month).rightJustified(2, '0') + '-'
                + QByteArray::number(day).rightJustified(2, '0') + ",ACC-"
                + QByteArray::number(i % 5000) + ',' + QByteArray::number((i % 100000) - 50000)
                + '.' + QByteArray::number(i % 100).rightJustified(2, '0') + ',' + currencies[i % 4]
                + (i % 10 == 0 ? QByteArray(",\"Invoice, batch " + QByteArray::number(i) + "\"\n")
                               : QByteArray(",Payment " + QByteArray::number(i) + '\n'));
    }
    return file;
}

/// Keeps one GET in flight against a reference operation and records latencies (ms).
class Reader
{
public:
    Reader(Service &service, QString path)
        : m_service(service)
        , m_path(std::move(path))
    { }
    void start(std::vector<double> *sink)
    {
        m_sink = sink;
        m_running = true;
        next();
    }
    void stop() { m_running = false; }

private:
    void next()
    {
        if (!m_running)
            return;
        m_timer.start();
        QNetworkReply *reply = m_manager.get(request(m_service, m_path));
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
            m_sink->push_back(double(m_timer.nsecsElapsed()) / 1e6);
            reply->deleteLater();
            next();
        });
    }

    Service &m_service;
    QString m_path;
    QNetworkAccessManager m_manager;
    QElapsedTimer m_timer;
    std::vector<double> *m_sink = nullptr;
    bool m_running = false;
};

/// CPU seconds (user + system) the service has used so far: robust to a busy machine,
/// where wall time also counts other people's work.
double serviceCpuSeconds(const Service &service)
{
    QFile stat(u"/proc/%1/stat"_s.arg(service.process.processId()));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3).
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong())
            / double(sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

/// Waits until the operation is terminal, polling it every 50 ms.
QJsonObject waitTerminal(Service &service, QNetworkAccessManager &manager, const QString &id)
{
    for (;;) {
        const QJsonObject op = waitJson(manager.get(request(service, u"/api/operations/"_s + id)));
        const QString status = op.value(u"status"_s).toString();
        if (status == u"completed"_s || status == u"failed"_s || status == u"cancelled"_s)
            return op;
        QEventLoop pause;
        QTimer::singleShot(50, &pause, &QEventLoop::quit);
        pause.exec();
    }
}

/// Seconds between the first events that entered two steps.
double stepSeconds(Service &service, QNetworkAccessManager &manager, const QString &id,
                   int fromStep, int toStep)
{
    const QJsonArray events
            = waitJson(manager.get(request(service, u"/api/operations/%1/events"_s.arg(id))))
                      .value(u"events"_s)
                      .toArray();
    QDateTime from;
    QDateTime to;
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        const int step = event.value(u"currentStep"_s).toInt();
        const QDateTime at = fromWireTime(event.value(u"at"_s).toString());
        if (step >= fromStep && !from.isValid())
            from = at;
        if (step >= toStep && !to.isValid())
            to = at;
    }
    if (!to.isValid())
        to = fromWireTime(events.last().toObject().value(u"at"_s).toString());
    return double(from.msecsTo(to)) / 1000.0;
}

void printLatency(const char *label, const std::vector<double> &values)
{
    std::printf("  read latency %-22s p50 %6.2f ms  p99 %6.2f ms  (%zu reads)\n", label,
                percentile(values, 0.5), percentile(values, 0.99), values.size());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption databaseOption(
            u"database"_s, u"optrackd's --database (default: SQLite)."_s, u"URI"_s);
    parser.addOption(databaseOption);
    parser.addPositionalArgument(u"rows"_s, u"Rows in the uploaded file (1000000)."_s);
    parser.addHelpOption();
    parser.process(app);
    const int rows = parser.positionalArguments().isEmpty()
            ? 1'000'000
            : parser.positionalArguments().constFirst().toInt();
    const QString database = parser.value(databaseOption);
    Service service;
    startService(service, database);
    std::printf("store: %s\n", database.isEmpty() ? "SQLite" : "PostgreSQL");
    QNetworkAccessManager manager;

    // A reference operation the reader reads all along.
    QNetworkRequest create = request(service, u"/api/operations"_s);
    create.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    const QString reference
            = waitJson(manager.post(create, R"({"operationType": "bench", "entityId": "r"})"))
                      .value(u"operationId"_s)
                      .toString();
    Reader reader(service, u"/api/operations/"_s + reference);

    std::vector<double> idle;
    {
        QEventLoop loop;
        reader.start(&idle);
        QTimer::singleShot(3000, &loop, &QEventLoop::quit);
        loop.exec();
        reader.stop();
    }

    const QByteArray file = makeFile(rows);
    std::printf("file: %d rows, %.1f MB\n", rows, double(file.size()) / 1e6);

    std::vector<double> duringUpload;
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QByteArray(R"(form-data; name="file"; filename="bench.csv")"));
    part.setBody(file);
    multipart->append(part);
    QElapsedTimer wall;
    wall.start();
    const double cpuBeforeUpload = serviceCpuSeconds(service);
    QNetworkReply *uploadReply = manager.post(request(service, u"/api/files/upload"_s), multipart);
    multipart->setParent(uploadReply);
    const QString upload = waitJson(uploadReply).value(u"operationId"_s).toString();
    const double sendSeconds = double(wall.nsecsElapsed()) / 1e9;
    reader.start(&duringUpload);
    const QJsonObject uploaded = waitTerminal(service, manager, upload);
    reader.stop();
    const double cpuUpload = serviceCpuSeconds(service) - cpuBeforeUpload;
    if (uploaded.value(u"status"_s).toString() != u"completed"_s)
        qFatal("upload did not complete: %s",
               qPrintable(uploaded.value(u"errorMessage"_s).toString()));
    const double validate = stepSeconds(service, manager, upload, 2, 3);
    const double store = stepSeconds(service, manager, upload, 3, 99);

    std::vector<double> duringExport;
    QNetworkRequest exportRequest = request(service, u"/api/data/export"_s);
    exportRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    const QString exportId
            = waitJson(manager.post(exportRequest, R"({"format": "csv", "dateRange": "2026"})"))
                      .value(u"operationId"_s)
                      .toString();
    const double cpuBeforeExport = serviceCpuSeconds(service);
    reader.start(&duringExport);
    const QJsonObject exported = waitTerminal(service, manager, exportId);
    reader.stop();
    const double cpuExport = serviceCpuSeconds(service) - cpuBeforeExport;
    const double write = stepSeconds(service, manager, exportId, 2, 3);
    const qint64 exportedRows = exported.value(u"result"_s).toObject().value(u"rows"_s).toInteger();

    std::printf(
            "upload: sent in %.2f s; validate %.2f s = %.0f rows/s; store %.2f s = %.0f rows/s\n",
            sendSeconds, validate, rows / validate, store, rows / store);
    std::printf("export (csv): %lld rows written in %.2f s = %.0f rows/s\n",
                (long long)exportedRows, write, double(exportedRows) / write);
    std::printf("service CPU (all threads, includes serving the reader): upload %.2f s = %.0f rows "
                "per CPU-s; "
                "export %.2f s = %.0f rows per CPU-s\n",
                cpuUpload, rows / cpuUpload, cpuExport, double(exportedRows) / cpuExport);
    printLatency("idle", idle);
    printLatency("during upload", duringUpload);
    printLatency("during export", duringExport);
    std::printf("  p99 during work / idle p99: upload %.2fx, export %.2fx\n",
                percentile(duringUpload, 0.99) / percentile(idle, 0.99),
                percentile(duringExport, 0.99) / percentile(idle, 0.99));
    service.process.terminate();
    service.process.waitForFinished(10000);
    return 0;
}
