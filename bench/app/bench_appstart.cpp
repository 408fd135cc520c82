// Cold start of the optrack app to a painted dashboard: starts build/app/optrack R times and
// times each run from QProcess::start() to the app's own "dashboard painted with N
// operations" line (optrack.app.startup: the first paint of the table's first screen with
// the service's counts), and reads the app's resident memory then and once the feed's first
// load has settled. On its embedded service by default: seeds N operations (default 10,000)
// into a fresh data folder through the API first. With --server and --token-file, against a
// warm service already holding N operations (a data directory written by optrack-seed, for
// 100,000 or 1,000,000), so the figure is the app's and not the service's start.
//
//   bench_appstart [--operations N] [--runs R] [--server URL --token-file FILE]
//   xvfb-run -a bench_appstart        (a real X server; else the offscreen platform is used)
#include "benchseed.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr int defaultOperations = 10'000;
constexpr int defaultRuns = 5;
constexpr int runTimeoutMs = 60'000;
constexpr double barSeconds = 1.0;
/// After the paint, how long the app runs on (its feed loading the live set) before its
/// memory is read again.
constexpr int settleMs = 5'000;

/// VmRSS of a process in KiB, -1 when unreadable.
qint64 residentKib(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QProcessEnvironment appEnvironment(const QString &root)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, root + u"/home"_s);
    env.insert(u"XDG_DATA_HOME"_s, root + u"/data"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, root + u"/config"_s);
    env.insert(u"XDG_CACHE_HOME"_s, root + u"/cache"_s);
    env.insert(u"XDG_RUNTIME_DIR"_s, root + u"/runtime"_s);
    env.insert(u"OPTRACKD_PATH"_s, QStringLiteral(OPTRACKD_BINARY));
    env.insert(u"QT_LOGGING_RULES"_s, u"optrack.app.startup.info=true"_s);
    if (env.value(u"DISPLAY"_s).isEmpty() && env.value(u"WAYLAND_DISPLAY"_s).isEmpty()
        && !env.contains(u"QT_QPA_PLATFORM"_s))
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    return env;
}

struct Run
{
    double wallSeconds = 0;
    double appSeconds = 0;
    int rows = 0;
    qint64 paintKib = -1;
    qint64 settledKib = -1;
};

std::optional<Run> runOnce(const QProcessEnvironment &env, const QStringList &arguments,
                           int expected)
{
    static const QRegularExpression painted(
            u"dashboard painted with (\\d+) operations (\\d+) ms after start"_s);
    QProcess app;
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::SeparateChannels);
    QByteArray errors;
    std::optional<Run> result;
    QElapsedTimer clock;
    QObject::connect(&app, &QProcess::readyReadStandardError, [&] {
        errors += app.readAllStandardError();
        const QRegularExpressionMatch match = painted.match(QString::fromUtf8(errors));
        if (match.hasMatch() && !result) {
            Run run;
            run.wallSeconds = clock.nsecsElapsed() / 1e9;
            run.rows = match.captured(1).toInt();
            run.appSeconds = match.captured(2).toDouble() / 1000.0;
            run.paintKib = residentKib(app.processId());
            result = run;
        }
    });
    clock.start();
    app.start(QStringLiteral(OPTRACK_BINARY), arguments);
    optrack::bench::waitUntil(
            [&] { return result.has_value() || app.state() == QProcess::NotRunning; },
            runTimeoutMs);
    if (result) {
        optrack::bench::waitUntil([&] { return app.state() == QProcess::NotRunning; }, settleMs);
        result->settledKib = residentKib(app.processId());
    }
    // SIGTERM: the app quits the normal way and stops its service.
    app.terminate();
    if (!app.waitForFinished(runTimeoutMs))
        app.kill();
    if (!result)
        std::fprintf(stderr, "no paint line; the app said:\n%s\n", errors.constData());
    else if (result->rows != expected)
        std::fprintf(stderr, "painted %d rows, expected %d\n", result->rows, expected);
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption operationsOption(u"operations"_s, u"Operations to seed."_s, u"N"_s,
                                              QString::number(defaultOperations));
    const QCommandLineOption runsOption(u"runs"_s, u"App starts to time."_s, u"R"_s,
                                        QString::number(defaultRuns));
    const QCommandLineOption dirOption(
            u"dir"_s, u"Keep the seeded home and data here (seeded once, reused after)."_s,
            u"DIR"_s);
    const QCommandLineOption serverOption(
            u"server"_s, u"A warm service holding the operations (no seeding)."_s, u"URL"_s);
    const QCommandLineOption tokenOption(u"token-file"_s, u"A staff token for --server."_s,
                                         u"FILE"_s);
    parser.addOptions({operationsOption, runsOption, dirOption, serverOption, tokenOption});
    parser.process(app);
    const int operations = parser.value(operationsOption).toInt();
    const int runs = parser.value(runsOption).toInt();

    QTemporaryDir temporary;
    const QDir root(parser.isSet(dirOption) ? parser.value(dirOption) : temporary.path());
    const QString appData = root.filePath(u"data/Optrack/optrack"_s);
    const QString dataDir = root.filePath(u"local"_s);
    QDir().mkpath(root.filePath(u"home"_s));
    QDir().mkpath(root.filePath(u"runtime"_s));
    QFile::setPermissions(root.filePath(u"runtime"_s),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    qputenv("OPTRACKD_PATH", OPTRACKD_BINARY);
    QStringList arguments{u"--data-dir"_s, dataDir};
    if (parser.isSet(serverOption)) {
        arguments = {u"--server"_s, parser.value(serverOption), u"--token-file"_s,
                     parser.value(tokenOption)};
        std::printf("against the warm service at %s\n", qPrintable(parser.value(serverOption)));
    } else if (QFile::exists(QDir(dataDir).filePath(u"config.json"_s))) {
        std::printf("reusing the operations seeded in %s\n", qPrintable(dataDir));
    } else {
        const optrack::bench::SeedResult seeded
                = optrack::bench::seedLocalService(appData, dataDir, operations);
        if (!seeded.ok) {
            std::fprintf(stderr, "seeding failed: %s\n", qPrintable(seeded.error));
            return 1;
        }
        std::printf("seeded %d operations through the API in %.1f s\n", operations, seeded.seconds);
    }

    const QProcessEnvironment env = appEnvironment(root.path());
    std::printf("load average before the runs: %s\n", qPrintable(optrack::bench::loadAverage()));
    std::printf("platform: %s\n",
                qPrintable(env.value(u"QT_QPA_PLATFORM"_s,
                                     u"xcb (DISPLAY=%1)"_s.arg(env.value(u"DISPLAY"_s)))));
    std::printf("%-4s %18s %22s %8s %14s %14s\n", "run", "start→paint (wall)",
                "main()→paint (in app)", "rows", "RSS at paint", "RSS after 5 s");
    QList<double> walls;
    for (int i = 1; i <= runs; ++i) {
        const std::optional<Run> run = runOnce(env, arguments, operations);
        if (!run)
            return 1;
        walls.append(run->wallSeconds);
        std::printf("%-4d %16.3f s %20.3f s %8d %11.1f MB %11.1f MB\n", i, run->wallSeconds,
                    run->appSeconds, run->rows, run->paintKib / 1024.0, run->settledKib / 1024.0);
    }
    std::sort(walls.begin(), walls.end());
    const double median = walls.at(walls.size() / 2);
    const double worst = walls.constLast();
    std::printf("load average after the runs: %s\n", qPrintable(optrack::bench::loadAverage()));
    std::printf("median %.3f s, worst %.3f s: %s the %.1f s bar\n", median, worst,
                worst < barSeconds ? "under" : "NOT under", barSeconds);
    return 0;
}
