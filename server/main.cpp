#include "apiserver.h"
#include "httpserver.h"
#include "metrics.h"
#include "operationregistry.h"
#include "serverconfig.h"
#include "signalwatcher.h"
#include "sqlitestore.h"
#include "streamhub.h"
#include "workloadapi.h"
#include "workloadmanager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <cstdio>
#include <sys/resource.h>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcMain, "optrack.main")

constexpr int exitUsage = 2;
constexpr int exitFailure = 1;

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "optrackd: %s\n", qPrintable(message));
    return code;
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port, QString *host)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    *host = text.left(colon);
    if (host->startsWith(u'[') && host->endsWith(u']'))
        *host = host->mid(1, host->size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        return false;
    *port = quint16(number);
    if (*host == u"localhost"_s)
        *address = QHostAddress(QHostAddress::LocalHost);
    else if (!address->setAddress(*host))
        return false;
    return true;
}

/// Every connection is a descriptor: take the hard limit, not the soft 1024 many systems
/// start with, so HttpLimits::maxConnections is what bounds them.
void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"optrackd"_s);
    QCoreApplication::setOrganizationName(u"Optrack"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OPTRACK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Optrack service: tracks long-running operations."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(
            u"listen"_s, u"Address and port to serve on (port 0: any free port)."_s, u"HOST:PORT"_s,
            u"127.0.0.1:8080"_s);
    const QCommandLineOption dataOption(u"data-dir"_s,
                                        u"Directory that keeps the service's state."_s, u"DIR"_s);
    const QCommandLineOption configOption(u"config"_s, u"The JSON configuration file."_s,
                                          u"FILE"_s);
    parser.addOptions({listenOption, dataOption, configOption});
    parser.process(app);

    QHostAddress address;
    quint16 port = 0;
    QString host;
    if (!parseListen(parser.value(listenOption), &address, &port, &host))
        return fail(
                u"--listen \"%1\" is not HOST:PORT with an IP address (or localhost) and a port from 0 to 65535."_s
                        .arg(parser.value(listenOption)),
                exitUsage);
    if (!parser.isSet(configOption))
        return fail(
                u"--config FILE is required: the JSON file with the users and approval policies."_s,
                exitUsage);

    QString error;
    const std::optional<ServerConfig> config
            = ServerConfig::load(parser.value(configOption), &error);
    if (!config)
        return fail(error, exitUsage);

    const QString dataDir = parser.isSet(dataOption)
            ? parser.value(dataOption)
            : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(dataDir))
        return fail(u"Cannot create the data directory %1."_s.arg(dataDir), exitFailure);

    SqliteStore store(QDir(dataDir).filePath(u"optrack.db"_s), config->sqliteSynchronous);
    OperationRegistry registry(*config, &store);
    if (!registry.restore(&error))
        return fail(error, exitFailure);

    raiseFileLimit();
    HttpServer http(config->http);
    ApiServer api(*config, &registry, &http);
    StreamHub stream(&http, &api, &registry);
    WorkloadManager workloads(*config, &registry, dataDir);
    if (!workloads.start(&error))
        return fail(error, exitFailure);
    WorkloadApi workloadApi(*config, &api, &workloads, &registry, &http);
    Metrics metrics(&registry, &http, &api, &store, &stream);
    if (!config->metricsListen.isEmpty() && !metrics.listen(config->metricsListen, &error))
        return fail(error, exitFailure);

    if (!http.listen(address, port))
        return fail(
                u"Cannot listen on %1: %2."_s.arg(parser.value(listenOption), http.errorString()),
                exitFailure);
    const QString shownHost
            = address.protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]"_s.arg(host) : host;
    std::printf("listening on http://%s:%u\n", qPrintable(shownHost), unsigned(http.serverPort()));
    if (!config->metricsListen.isEmpty()) {
        const QString metricsHost
                = config->metricsListen.left(config->metricsListen.lastIndexOf(u':'));
        std::printf("metrics on http://%s:%u/metrics\n", qPrintable(metricsHost),
                    unsigned(metrics.metricsPort()));
    }
    std::fflush(stdout);

    SignalWatcher signalWatcher;
    bool stopping = false;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app,
                     [&](int signalNumber) {
                         if (stopping)
                             return;
                         stopping = true;
                         qCInfo(lcMain) << "signal" << signalNumber << "received: draining";
                         http.stopListening();
                         stream.closeAll();
                         workloads.shutdown();
                         if (registry.inFlight() == 0)
                             QCoreApplication::quit();
                         else
                             QObject::connect(&registry, &OperationRegistry::drained, &app,
                                              &QCoreApplication::quit);
                     });

    const int code = app.exec();
    workloads.shutdown();
    store.close();
    return code;
}
