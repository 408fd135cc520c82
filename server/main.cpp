#include "apidescription.h"
#include "apiserver.h"
#include "clusternode.h"
#include "databackup.h"
#include "httpserver.h"
#include "journallog.h"
#include "metrics.h"
#include "operationregistry.h"
#include "postgresstore.h"
#include "postgresuri.h"
#include "serverconfig.h"
#include "servicepaths.h"
#include "signalwatcher.h"
#include "sqlitestore.h"
#include "streamhub.h"
#include "systemdnotifier.h"
#include "workloadapi.h"
#include "workloadmanager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QHostInfo>
#include <QLoggingCategory>

#include <cstdio>
#include <memory>
#include <sys/resource.h>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcMain, "optrack.main")

constexpr int exitUsage = 2;
constexpr int exitFailure = 1;

int fail(const QString &message, int code)
{
    JournalLog::write(QtCriticalMsg, "optrackd: " + message.toLocal8Bit());
    return code;
}

/// optrackd backup / restore: copies of the data directory (see DataBackup).
int runCommand(const QCommandLineParser &parser, const QString &command, const QString &dataDir,
               const QCommandLineOption &toOption, const QCommandLineOption &fromOption)
{
    QString error;
    if (command == u"backup"_s) {
        if (!parser.isSet(toOption))
            return fail(u"backup needs --to DIR: the new directory to write the backup to."_s,
                        exitUsage);
        if (!DataBackup::backup(dataDir, parser.value(toOption), &error))
            return fail(error, exitFailure);
        std::printf("backed up %s to %s\n", qPrintable(dataDir),
                    qPrintable(parser.value(toOption)));
        return 0;
    }
    if (command == u"restore"_s) {
        if (!parser.isSet(fromOption))
            return fail(u"restore needs --from DIR: a directory made by optrackd backup."_s,
                        exitUsage);
        if (!DataBackup::restore(parser.value(fromOption), dataDir, &error))
            return fail(error, exitFailure);
        std::printf("restored %s into %s\n", qPrintable(parser.value(fromOption)),
                    qPrintable(dataDir));
        return 0;
    }
    return fail(u"Unknown command \"%1\": optrackd runs the service, or takes backup or "
                "restore; see --help."_s.arg(command),
                exitUsage);
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

/// How the other instances reach this one when --advertise-url does not say.
QString advertisedUrl(const QHostAddress &address, const QString &shownHost, quint16 port)
{
    const bool any = address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6
            || address == QHostAddress::Any;
    return u"http://%1:%2"_s.arg(any ? QHostInfo::localHostName() : shownHost).arg(port);
}

/// How long a following instance may take to read the current state before it serves.
constexpr int catchUpTimeoutMsecs = 10'000;

} // namespace

int main(int argc, char *argv[])
{
    JournalLog::install();
    // One socket notifier per connection and per stream subscriber: GLib's dispatcher finds a
    // notifier by walking a list each time one is turned off, and a push to 1,000 subscribers
    // turns 1,000 write notifiers on and off (a quarter of the service's time in that push,
    // bench_pushfanout under perf). Qt's own Unix dispatcher keeps them in a hash. Read when
    // the application and each thread make their dispatcher, so set before both.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"optrackd"_s);
    QCoreApplication::setOrganizationName(u"Optrack"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OPTRACK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Optrack service: tracks long-running operations.\n\n"
            "optrackd [--listen HOST:PORT] [--data-dir DIR] [--config FILE] [--database URL]\n"
            "  runs the service.\n"
            "optrackd backup [--data-dir DIR] --to BACKUP\n"
            "  copies the data directory to the new directory BACKUP, also while the service "
            "runs.\n"
            "optrackd restore --from BACKUP [--data-dir DIR]\n"
            "  copies a backup into DIR, which must be new or empty; stop the service first.\n\n"
            "Without --data-dir: $STATE_DIRECTORY (systemd), else the user's data folder. "
            "Without --config: optrackd.json in $CONFIGURATION_DIRECTORY (systemd), "
            "else " OPTRACK_SYSCONFDIR "/optrack/optrackd.json."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, u"backup or restore (optional)."_s, u"[command]"_s);
    const QCommandLineOption listenOption(
            u"listen"_s, u"Address and port to serve on (port 0: any free port)."_s, u"HOST:PORT"_s,
            u"127.0.0.1:8080"_s);
    const QCommandLineOption dataOption(u"data-dir"_s,
                                        u"Directory that keeps the service's state."_s, u"DIR"_s);
    const QCommandLineOption configOption(u"config"_s, u"The JSON configuration file."_s,
                                          u"FILE"_s);
    const QCommandLineOption databaseOption(
            u"database"_s,
            u"Where the operations and the workloads' files are kept: sqlite (optrack.db and "
            "files.db in the data directory, the default) or a PostgreSQL URI such as "
            "postgresql://optrack@/optrack?host=/run/postgresql. Overrides the "
            "configuration's \"database\"."_s,
            u"URL"_s);
    const QCommandLineOption advertiseOption(
            u"advertise-url"_s,
            u"With a PostgreSQL database that several optrackd share: the address the others "
            "send changes to while this one writes (default: http://HOST:PORT of --listen, the "
            "machine's name for 0.0.0.0 and ::)."_s,
            u"URL"_s);
    const QCommandLineOption toOption(u"to"_s, u"backup: the new directory of the backup."_s,
                                      u"BACKUP"_s);
    const QCommandLineOption fromOption(u"from"_s, u"restore: the backup to restore."_s,
                                        u"BACKUP"_s);
    parser.addOptions({listenOption, dataOption, configOption, databaseOption, advertiseOption,
                       toOption, fromOption});
    parser.process(app);

    const QString dataDir = ServicePaths::dataDir(parser.value(dataOption));
    const QStringList commands = parser.positionalArguments();
    if (commands.size() > 1)
        return fail(u"One command at a time: %1."_s.arg(commands.join(u' ')), exitUsage);
    if (!commands.isEmpty())
        return runCommand(parser, commands.first(), dataDir, toOption, fromOption);

    QHostAddress address;
    quint16 port = 0;
    QString host;
    if (!parseListen(parser.value(listenOption), &address, &port, &host))
        return fail(
                u"--listen \"%1\" is not HOST:PORT with an IP address (or localhost) and a port from 0 to 65535."_s
                        .arg(parser.value(listenOption)),
                exitUsage);
    const QString configPath = ServicePaths::configFile(parser.value(configOption));
    if (!parser.isSet(configOption) && !QFileInfo::exists(configPath))
        return fail(u"There is no %1: write it (the users and approval policies), or name "
                    "another with --config FILE."_s.arg(configPath),
                    exitUsage);

    QString error;
    const std::optional<ServerConfig> config = ServerConfig::load(configPath, &error);
    if (!config)
        return fail(error, exitUsage);

    const QString database
            = parser.isSet(databaseOption) ? parser.value(databaseOption) : config->database;
    if (!ServerConfig::checkDatabase(database, &error))
        return fail(u"--database: "_s + error, exitUsage);

    if (!QDir().mkpath(dataDir))
        return fail(u"Cannot create the data directory %1."_s.arg(dataDir), exitFailure);

    // SIGTERM from here on is kept (self-pipe) and drains the service once the loop runs,
    // also when it comes between "listening on" / READY=1 and app.exec().
    SignalWatcher signalWatcher;
    std::unique_ptr<OperationStore> store;
    if (database == ServerConfig::sqliteDatabase)
        store = std::make_unique<SqliteStore>(QDir(dataDir).filePath(u"optrack.db"_s),
                                              config->sqliteSynchronous);
    else
        store = std::make_unique<PostgresStore>(*PostgresUri::parse(database, &error),
                                                config->databaseConnections);
    OperationRegistry registry(*config, store.get());
    if (!registry.restore(&error))
        return fail(error, exitFailure);

    raiseFileLimit();
    HttpServer http(config->http);
    ApiServer api(*config, &registry, &http);
    ApiDescription description(&http, &api);
    StreamHub stream(&http, &api, &registry);
    // Alone, the workloads' files are under the data directory; on a shared database, in it,
    // with the connections the operations leave.
    auto files = database == ServerConfig::sqliteDatabase
            ? std::make_unique<FileStore>(dataDir)
            : std::make_unique<FileStore>(dataDir, *PostgresUri::parse(database, &error),
                                          config->databaseConnections
                                                  - PostgresStore::connectionsUsed);
    WorkloadManager workloads(*config, &registry, std::move(files));
    if (!workloads.start(&error))
        return fail(error, exitFailure);
    WorkloadApi workloadApi(*config, &api, &workloads, &registry, &http);
    Metrics metrics(&registry, &http, &api, store.get(), &stream);
    if (!config->metricsListen.isEmpty() && !metrics.listen(config->metricsListen, &error))
        return fail(error, exitFailure);
    // Several instances on one PostgreSQL database: one writes, the others follow it and
    // forward changes. A follower serves only once it has read the current state.
    std::unique_ptr<ClusterNode> cluster;
    if (auto *shared = dynamic_cast<PostgresStore *>(store.get())) {
        cluster = std::make_unique<ClusterNode>(shared, &registry, &api, &http);
        QObject::connect(cluster.get(), &ClusterNode::fenced, &app, [](const QString &reason) {
            std::fprintf(stderr, "optrackd: %s It stops; started again, it follows.\n",
                         qPrintable(reason));
            QCoreApplication::exit(exitFailure);
        });
        if (!cluster->catchUp(catchUpTimeoutMsecs, &error))
            return fail(error, exitFailure);
    }

    bool stopping = false;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app,
                     [&](int signalNumber) {
                         if (stopping)
                             return;
                         stopping = true;
                         qCInfo(lcMain) << "signal" << signalNumber << "received: draining";
                         SystemdNotifier::stopping(u"Draining: finishing the accepted changes"_s);
                         http.stopListening();
                         stream.closeAll();
                         workloads.shutdown();
                         if (registry.inFlight() == 0)
                             QCoreApplication::quit();
                         else
                             QObject::connect(&registry, &OperationRegistry::drained, &app,
                                              &QCoreApplication::quit);
                     });

    if (!http.listen(address, port))
        return fail(
                u"Cannot listen on %1: %2."_s.arg(parser.value(listenOption), http.errorString()),
                exitFailure);
    const QString shownHost
            = address.protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]"_s.arg(host) : host;
    if (cluster) {
        cluster->setOwnUrl(parser.isSet(advertiseOption)
                                   ? parser.value(advertiseOption)
                                   : advertisedUrl(address, shownHost, http.serverPort()));
    }
    std::printf("listening on http://%s:%u\n", qPrintable(shownHost), unsigned(http.serverPort()));
    if (!config->metricsListen.isEmpty()) {
        const QString metricsHost
                = config->metricsListen.left(config->metricsListen.lastIndexOf(u':'));
        std::printf("metrics on http://%s:%u/metrics\n", qPrintable(metricsHost),
                    unsigned(metrics.metricsPort()));
    }
    std::fflush(stdout);
    SystemdNotifier::ready(u"Serving on %1:%2"_s.arg(shownHost).arg(http.serverPort()));

    const int code = app.exec();
    workloads.shutdown();
    store->close();
    return code;
}
