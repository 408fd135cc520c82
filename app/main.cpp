#include "appcontroller.h"
#include "appoptions.h"
#include "firstpaintprobe.h"
#include "mainwindow.h"
#include "operationsview.h"
#include "signalwatcher.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QIcon>
#include <QTreeView>

#include <cstdio>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int exitUsage = 2;

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();

    QApplication app(argc, argv);
    QApplication::setApplicationName(u"optrack"_s);
    QApplication::setOrganizationName(u"Optrack"_s);
    QApplication::setApplicationDisplayName(u"Optrack"_s);
    QApplication::setApplicationVersion(QStringLiteral(OPTRACK_VERSION));
    QApplication::setWindowIcon(QIcon(u":/optrack/icons/optrack.svg"_s));
    QApplication::setQuitOnLastWindowClosed(false);

    QString error;
    QString help;
    const std::optional<AppOptions> options = AppOptions::parse(app.arguments(), &error, &help);
    if (!options) {
        std::fprintf(stderr, "optrack: %s\n", qPrintable(error));
        return exitUsage;
    }
    if (options->helpRequested) {
        std::printf("%s", qPrintable(help));
        return 0;
    }
    if (options->versionRequested) {
        std::printf("optrack %s\n", OPTRACK_VERSION);
        return 0;
    }

    AppController controller(*options);
    FirstPaintProbe probe(controller.window()->operationsView()->tableView(), controller.feeds(),
                          controller.tableModel(), sinceStart);
    SignalWatcher quitSignals;
    QObject::connect(&quitSignals, &SignalWatcher::terminationRequested, &controller,
                     &AppController::quit);

    controller.start();
    return app.exec();
}
