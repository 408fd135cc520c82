// Smoothness of the dashboard while the feed applies updates. The real app (AppController)
// on either its embedded service, seeded with N operations through the API (default 10,000),
// or, with --server and --token-file, a warm service already holding them (a data directory
// written by optrack-seed: 1,000,000 operations without a million requests). While a writer
// thread PATCHes R running operations per second (default 100), one of two scrolls runs:
//   - by default, for S seconds (default 10) a 60 Hz timer scrolls the table up and down a
//     few rows a frame and repaints it;
//   - with --sweep, the view goes from the table's top to its bottom: --stops places (default
//     40) spread evenly over every row, jumped to in one frame and then scrolled on a few
//     rows a frame for --dwell ms (default 500) (bench/app/windowsweep.h), and each stop's
//     time from the jump until no row in view is a placeholder is reported too.
// Each frame's work (scroll + synchronous repaint) is timed on the wall clock and on the UI
// thread's CPU clock, and so is the gap between frames (how late the event loop ran the frame
// while it applied updates and answers). The bars: no frame over 16 ms, rows filled within
// 100 ms of being scrolled to.
//
//   bench_appframes [--operations N] [--rate R] [--seconds S] [--sweep [--stops K]
//                   [--dwell MS]] [--server URL --token-file FILE --writer-token-file FILE]
//   xvfb-run -a bench_appframes       (a real X server; else the offscreen platform is used)
// --writer-token-file: a token of the service role (or the operations' owner) for the PATCHes;
// with the embedded service the writer is its primary account.
#include "apiconnection.h"
#include "appcontroller.h"
#include "appoptions.h"
#include "benchseed.h"
#include "localconfig.h"
#include "localservice.h"
#include "mainwindow.h"
#include "operationfeed.h"
#include "operationsclient.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "operationwindowmodel.h"
#include "tokenstore.h"
#include "windowsweep.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int defaultOperations = 10'000;
constexpr int defaultRate = 100;
constexpr int defaultSeconds = 10;
constexpr int frameIntervalMs = 16;
constexpr int rowsPerFrame = 3;
constexpr int settleMs = 1'000;
constexpr int startTimeoutMs = 60'000;
constexpr double barMs = 16.0;
constexpr double fillBarMs = 100.0;
constexpr int defaultStops = 40;
constexpr int defaultDwellMs = 500;

/// PATCHes running operations at a steady rate from its own thread, as a backend would.
class Writer final : public QObject
{
public:
    Writer(QUrl baseUrl, QString token, QStringList ids, int perSecond)
        : m_baseUrl(std::move(baseUrl))
        , m_token(std::move(token))
        , m_ids(std::move(ids))
        , m_perSecond(perSecond)
    { }

    void start()
    {
        m_connection = new ApiConnection(this);
        m_connection->setEndpoint(m_baseUrl, m_token);
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(1000 / m_perSecond);
        connect(m_timer, &QTimer::timeout, this, &Writer::sendOne);
        m_timer->start();
    }
    void stop() { m_timer->stop(); }

    std::atomic<int> sent{0};
    std::atomic<int> answered{0};
    std::atomic<int> failed{0};

private:
    void sendOne()
    {
        const int n = sent++;
        const QString id = m_ids.at(n % m_ids.size());
        const double progress = std::fmod(3.0 + n * 0.37, 97.0);
        ApiCall *call
                = m_connection->send("PATCH", OperationsClient::operationPath(id),
                                     {{u"progressPercentage"_s, progress},
                                      {u"stepDescription"_s, u"Processed %1 items"_s.arg(n)}});
        connect(call, &ApiCall::finished, this, [this](const ApiStatus &status) {
            ++answered;
            if (!status.ok())
                ++failed;
        });
    }

    QUrl m_baseUrl;
    QString m_token;
    QStringList m_ids;
    int m_perSecond;
    ApiConnection *m_connection = nullptr;
    QTimer *m_timer = nullptr;
};

QString readToken(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

/// Scrolls the table up and down a few rows a frame for `seconds`, timing every frame.
bench::WindowSweep::Result bounce(QTreeView *view, int seconds)
{
    QScrollBar *bar = view->verticalScrollBar();
    const int step = rowsPerFrame * bar->singleStep();
    int direction = 1;
    bench::WindowSweep::Result result;
    QElapsedTimer sinceLastFrame;
    QTimer scroller;
    scroller.setTimerType(Qt::PreciseTimer);
    scroller.setInterval(frameIntervalMs);
    QObject::connect(&scroller, &QTimer::timeout, [&] {
        if (sinceLastFrame.isValid())
            result.gapMs.append(double(sinceLastFrame.nsecsElapsed()) / 1e6);
        sinceLastFrame.start();
        QElapsedTimer frame;
        frame.start();
        const double cpuBefore = bench::threadCpuMs();
        const int next = bar->value() + direction * step;
        if (next >= bar->maximum() || next <= bar->minimum())
            direction = -direction;
        bar->setValue(std::clamp(next, bar->minimum(), bar->maximum()));
        view->viewport()->repaint();
        result.frameMs.append(double(frame.nsecsElapsed()) / 1e6);
        result.frameCpuMs.append(bench::threadCpuMs() - cpuBefore);
    });
    scroller.start();
    bench::waitUntil([] { return false; }, seconds * 1000);
    return result;
}

void printDistribution(const char *what, const QList<double> &values)
{
    std::printf("%s: median %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n", what,
                bench::percentile(values, 0.5), bench::percentile(values, 0.95),
                bench::percentile(values, 0.99), bench::maximum(values));
}

} // namespace

int main(int argc, char *argv[])
{
    // --dir DIR keeps (and reuses) the seeded folder; read before QApplication sets the paths.
    QTemporaryDir temporary;
    QString rootPath = temporary.path();
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--dir") == 0)
            rootPath = QString::fromLocal8Bit(argv[i + 1]);
    }
    const QDir root(rootPath);
    const QString appData = root.filePath(u"data/Optrack/optrack"_s);
    const QString dataDir = root.filePath(u"local"_s);
    qputenv("HOME", root.filePath(u"home"_s).toLocal8Bit());
    qputenv("XDG_DATA_HOME", root.filePath(u"data"_s).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", root.filePath(u"config"_s).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", root.filePath(u"cache"_s).toLocal8Bit());
    qputenv("OPTRACKD_PATH", OPTRACKD_BINARY);
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_LOGGING_RULES", "optrack.*.info=false");

    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Optrack"_s);
    QApplication::setApplicationName(u"optrack"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption operationsOption(u"operations"_s, u"Operations to seed."_s, u"N"_s,
                                              QString::number(defaultOperations));
    const QCommandLineOption rateOption(u"rate"_s, u"Updates per second."_s, u"R"_s,
                                        QString::number(defaultRate));
    const QCommandLineOption secondsOption(u"seconds"_s, u"How long to scroll."_s, u"S"_s,
                                           QString::number(defaultSeconds));
    const QCommandLineOption dirOption(
            u"dir"_s, u"Keep the seeded home and data here (seeded once, reused after)."_s,
            u"DIR"_s);
    const QCommandLineOption sweepOption(u"sweep"_s, u"Scroll from the top to the bottom."_s);
    const QCommandLineOption stopsOption(u"stops"_s, u"Places the sweep stops at."_s, u"K"_s,
                                         QString::number(defaultStops));
    const QCommandLineOption dwellOption(u"dwell"_s, u"Scrolling at each stop, in ms."_s, u"MS"_s,
                                         QString::number(defaultDwellMs));
    const QCommandLineOption serverOption(
            u"server"_s, u"A warm service holding the operations (no seeding)."_s, u"URL"_s);
    const QCommandLineOption tokenOption(u"token-file"_s, u"A staff token for --server."_s,
                                         u"FILE"_s);
    const QCommandLineOption writerOption(
            u"writer-token-file"_s, u"A service token for the updates to --server."_s, u"FILE"_s);
    parser.addOptions({operationsOption, rateOption, secondsOption, dirOption, sweepOption,
                       stopsOption, dwellOption, serverOption, tokenOption, writerOption});
    parser.process(app);
    const int operations = parser.value(operationsOption).toInt();
    const int rate = parser.value(rateOption).toInt();
    const int seconds = parser.value(secondsOption).toInt();
    const bool remote = parser.isSet(serverOption);

    AppOptions options;
    QUrl writerUrl;
    QString writerToken;
    if (remote) {
        QString error;
        const std::optional<AppOptions> parsed
                = AppOptions::parse({u"optrack"_s, u"--server"_s, parser.value(serverOption),
                                     u"--token-file"_s, parser.value(tokenOption)},
                                    &error);
        writerToken = readToken(parser.value(writerOption));
        if (!parsed || writerToken.isEmpty()) {
            std::fprintf(stderr, "--server needs --token-file and --writer-token-file: %s\n",
                         qPrintable(error));
            return 1;
        }
        options = *parsed;
        writerUrl = options.serverUrl;
        std::printf("against the warm service at %s\n", qPrintable(writerUrl.toString()));
    } else if (QFile::exists(QDir(dataDir).filePath(u"config.json"_s))) {
        std::printf("reusing the operations seeded in %s\n", qPrintable(dataDir));
    } else {
        const bench::SeedResult seeded = bench::seedLocalService(appData, dataDir, operations);
        if (!seeded.ok) {
            std::fprintf(stderr, "seeding failed: %s\n", qPrintable(seeded.error));
            return 1;
        }
        std::printf("seeded %d operations through the API in %.1f s\n", operations, seeded.seconds);
    }
    if (!remote) {
        options.local = true;
        options.dataDir = dataDir;
    }
    std::printf("platform: %s\n", qPrintable(QGuiApplication::platformName()));

    // The tokens benchseed kept in the file, never the keychain of whoever runs this.
    AppController controller(options, new TokenStore(TokenStore::Backend::File));
    controller.setQuitsApplication(false);
    controller.window()->resize(1280, 800);
    controller.window()->show();
    controller.start();
    OperationWindowModel *window = controller.windowModel();
    if (!bench::waitUntil(
                [&] {
                    return controller.feed()->isFirstLoadDone() && window->isAnswered()
                            && window->rowCount() >= operations;
                },
                startTimeoutMs)) {
        std::fprintf(stderr, "the dashboard did not show %d operations\n", operations);
        return 1;
    }
    bench::waitUntil([] { return false; }, settleMs);
    if (!remote) {
        writerUrl = controller.localService()->baseUrl();
        writerToken = bench::localToken(appData, dataDir, LocalConfig::primaryAccount());
    }

    int changedSignals = 0;
    QObject::connect(window, &QAbstractItemModel::dataChanged, [&] { ++changedSignals; });
    int feedBatches = 0;
    int feedOperations = 0;
    QObject::connect(controller.feed(), &OperationFeed::sharedOperationsChanged,
                     [&](const QList<SharedOperation> &changed) {
                         ++feedBatches;
                         feedOperations += int(changed.size());
                     });

    QStringList runningIds;
    for (const auto &operation : controller.feed()->operations()) {
        if (operation->status == OperationStatus::InProgress)
            runningIds.append(operation->operationId);
    }
    if (runningIds.isEmpty()) {
        std::fprintf(stderr, "no running operation to update\n");
        return 1;
    }
    std::printf("rows: %d; the app holds %lld operations (%lld running)\n", window->rowCount(),
                qsizetype(controller.feed()->operations().size()), runningIds.size());
    QThread writerThread;
    Writer writer(writerUrl, writerToken, runningIds, rate);
    writer.moveToThread(&writerThread);
    writerThread.start();
    QMetaObject::invokeMethod(&writer, &Writer::start);

    QTreeView *view = controller.window()->operationsView()->tableView();
    const QString loadBefore = bench::loadAverage();
    QElapsedTimer scrolling;
    scrolling.start();
    bench::WindowSweep::Result result;
    if (parser.isSet(sweepOption)) {
        bench::WindowSweep sweep(view, window, parser.value(stopsOption).toInt(),
                                 std::chrono::milliseconds(parser.value(dwellOption).toInt()));
        sweep.start();
        bench::waitUntil([&] { return sweep.isDone(); }, std::numeric_limits<int>::max());
        result = sweep.result();
    } else {
        result = bounce(view, seconds);
    }
    const double scrolledSeconds = double(scrolling.elapsed()) / 1e3;
    QMetaObject::invokeMethod(&writer, &Writer::stop, Qt::BlockingQueuedConnection);
    bench::waitUntil([&] { return writer.answered >= writer.sent; }, startTimeoutMs);
    writerThread.quit();
    writerThread.wait();

    const double maxFrame = bench::maximum(result.frameMs);
    const auto late = std::count_if(result.gapMs.cbegin(), result.gapMs.cend(),
                                    [](double gap) { return gap > 2.0 * frameIntervalMs; });
    std::printf("writer: %d PATCHes in %.1f s (%d failed); feed: %d operations in %d batches; "
                "window dataChanged: %d\n",
                writer.sent.load(), scrolledSeconds, writer.failed.load(), feedOperations,
                feedBatches, changedSignals);
    std::printf("frames: %lld\n", qsizetype(result.frameMs.size()));
    printDistribution("frame work (scroll + repaint)", result.frameMs);
    printDistribution("frame work on the UI thread's CPU clock", result.frameCpuMs);
    printDistribution("gap between frames (nominal 16 ms)", result.gapMs);
    std::printf("gaps over %d ms: %lld\n", 2 * frameIntervalMs, qsizetype(late));
    bool filledInTime = true;
    if (parser.isSet(sweepOption)) {
        printDistribution("scrolled to a stop -> its rows filled", result.fillMs);
        std::printf("stops: %lld filled, %d not filled in %lld s\n",
                    qsizetype(result.fillMs.size()), result.unfilledStops,
                    qint64(bench::WindowSweep::fillTimeout.count() / 1000));
        filledInTime = result.unfilledStops == 0 && bench::maximum(result.fillMs) <= fillBarMs;
        std::printf("bar (rows filled within %.0f ms): %s\n", fillBarMs,
                    filledInTime ? "met" : "NOT met");
    }
    std::printf("load average before / after: %s / %s\n", qPrintable(loadBefore),
                qPrintable(bench::loadAverage()));
    std::printf("bar (no frame over %.0f ms): %s\n", barMs, maxFrame <= barMs ? "met" : "NOT met");

    bool quitDone = false;
    QObject::connect(&controller, &AppController::quitFinished, [&] { quitDone = true; });
    controller.quit();
    bench::waitUntil([&] { return quitDone; }, startTimeoutMs);
    return 0;
}
