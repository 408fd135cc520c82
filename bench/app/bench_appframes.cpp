// Smoothness of the dashboard while the feed applies updates: seeds N operations (default
// 10,000) into the app's embedded service, starts the real app (AppController) on it, then
// for S seconds (default 10) a writer thread PATCHes R running operations per second
// (default 100) while a 60 Hz timer scrolls the table and repaints it. Each frame's work
// (scroll + synchronous repaint of the table) is timed with QElapsedTimer, and so is the
// gap between frames (how late the event loop ran the frame while it applied updates).
// The bar: no frame over 16 ms.
//
//   bench_appframes [--operations N] [--rate R] [--seconds S]
//   xvfb-run -a bench_appframes       (a real X server; else the offscreen platform is used)
#include "apiconnection.h"
#include "appcontroller.h"
#include "benchseed.h"
#include "localconfig.h"
#include "localservice.h"
#include "mainwindow.h"
#include "operationfeed.h"
#include "operationsclient.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "tokenstore.h"

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
#include <ctime>

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

/// CPU time of the calling thread: a frame slower on the wall clock than on this one
/// waited for the CPU (the machine is shared) rather than worked.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(std::min(values.size() - 1, qsizetype(p * values.size())));
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
    parser.addOptions({operationsOption, rateOption, secondsOption, dirOption});
    parser.process(app);
    const int operations = parser.value(operationsOption).toInt();
    const int rate = parser.value(rateOption).toInt();
    const int seconds = parser.value(secondsOption).toInt();

    if (QFile::exists(QDir(dataDir).filePath(u"config.json"_s))) {
        std::printf("reusing the operations seeded in %s\n", qPrintable(dataDir));
    } else {
        const bench::SeedResult seeded = bench::seedLocalService(appData, dataDir, operations);
        if (!seeded.ok) {
            std::fprintf(stderr, "seeding failed: %s\n", qPrintable(seeded.error));
            return 1;
        }
        std::printf("seeded %d operations through the API in %.1f s\n", operations, seeded.seconds);
    }
    std::printf("platform: %s\n", qPrintable(QGuiApplication::platformName()));

    AppOptions options;
    options.local = true;
    options.dataDir = dataDir;
    // The tokens benchseed kept in the file, never the keychain of whoever runs this.
    AppController controller(options, new TokenStore(TokenStore::Backend::File));
    controller.setQuitsApplication(false);
    controller.window()->resize(1280, 800);
    controller.start();
    OperationTableModel *table = controller.tableModel();
    if (!bench::waitUntil(
                [&] {
                    return controller.feed()->isFirstLoadDone() && !table->hasPendingChanges()
                            && table->rowCount() == operations;
                },
                startTimeoutMs)) {
        std::fprintf(stderr, "the dashboard did not load %d operations\n", operations);
        return 1;
    }
    bench::waitUntil([] { return false; }, settleMs);

    int changedSignals = 0;
    QObject::connect(table, &QAbstractItemModel::dataChanged, [&] { ++changedSignals; });
    int feedBatches = 0;
    int feedOperations = 0;
    QObject::connect(controller.feed(), &OperationFeed::operationsChanged,
                     [&](const QList<Operation> &changed) {
                         ++feedBatches;
                         feedOperations += int(changed.size());
                     });

    QStringList runningIds;
    for (const auto &operation : controller.feed()->operations()) {
        if (operation->status == OperationStatus::InProgress)
            runningIds.append(operation->operationId);
    }
    QThread writerThread;
    Writer writer(controller.localService()->baseUrl(),
                  bench::localToken(appData, dataDir, LocalConfig::primaryAccount()), runningIds,
                  rate);
    writer.moveToThread(&writerThread);
    writerThread.start();
    QMetaObject::invokeMethod(&writer, &Writer::start);

    QTreeView *view = controller.window()->operationsView()->tableView();
    QScrollBar *bar = view->verticalScrollBar();
    const int step = rowsPerFrame * bar->singleStep();
    int direction = 1;
    QList<double> frameMs;
    QList<double> frameCpuMs;
    QList<int> frameScroll;
    QList<double> gapMs;
    QElapsedTimer sinceLastFrame;
    QTimer scroller;
    scroller.setTimerType(Qt::PreciseTimer);
    scroller.setInterval(frameIntervalMs);
    QObject::connect(&scroller, &QTimer::timeout, [&] {
        if (sinceLastFrame.isValid())
            gapMs.append(sinceLastFrame.nsecsElapsed() / 1e6);
        sinceLastFrame.start();
        QElapsedTimer frame;
        frame.start();
        const double cpuBefore = threadCpuMs();
        int next = bar->value() + direction * step;
        if (next >= bar->maximum() || next <= bar->minimum())
            direction = -direction;
        bar->setValue(std::clamp(next, bar->minimum(), bar->maximum()));
        frameScroll.append(bar->value());
        view->viewport()->repaint();
        frameMs.append(frame.nsecsElapsed() / 1e6);
        frameCpuMs.append(threadCpuMs() - cpuBefore);
    });
    const QString loadBefore = bench::loadAverage();
    scroller.start();
    bench::waitUntil([] { return false; }, seconds * 1000);
    scroller.stop();
    QMetaObject::invokeMethod(&writer, &Writer::stop, Qt::BlockingQueuedConnection);
    bench::waitUntil([&] { return writer.answered >= writer.sent; }, startTimeoutMs);
    writerThread.quit();
    writerThread.wait();

    const auto slowest = std::max_element(frameMs.cbegin(), frameMs.cend());
    const double maxFrame = *slowest;
    const double maxGap = *std::max_element(gapMs.cbegin(), gapMs.cend());
    const auto late = std::count_if(gapMs.cbegin(), gapMs.cend(),
                                    [](double gap) { return gap > 2.0 * frameIntervalMs; });
    std::printf("writer: %d PATCHes in %d s (%d failed); feed: %d operations in %d batches; "
                "table dataChanged: %d\n",
                writer.sent.load(), seconds, writer.failed.load(), feedOperations, feedBatches,
                changedSignals);
    std::printf("frames: %lld; frame work (scroll + repaint): median %.2f ms, p99 %.2f ms, "
                "max %.2f ms\n",
                qsizetype(frameMs.size()), percentile(frameMs, 0.5), percentile(frameMs, 0.99),
                maxFrame);
    std::printf(
            "frame work on the UI thread's CPU clock: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
            percentile(frameCpuMs, 0.5), percentile(frameCpuMs, 0.99),
            *std::max_element(frameCpuMs.cbegin(), frameCpuMs.cend()));
    std::printf("gap between frames (nominal %d ms): median %.2f ms, p99 %.2f ms, max %.2f ms; "
                "gaps over %d ms: %lld\n",
                frameIntervalMs, percentile(gapMs, 0.5), percentile(gapMs, 0.99), maxGap,
                2 * frameIntervalMs, qsizetype(late));
    std::printf("load average before / after: %s / %s\n", qPrintable(loadBefore),
                qPrintable(bench::loadAverage()));
    std::printf("bar (no frame over %.0f ms): %s\n", barMs, maxFrame <= barMs ? "met" : "NOT met");

    bool quitDone = false;
    QObject::connect(&controller, &AppController::quitFinished, [&] { quitDone = true; });
    controller.quit();
    bench::waitUntil([&] { return quitDone; }, startTimeoutMs);
    return 0;
}
