#include "appcontroller.h"
#include "appoptions.h"
#include "apptranslations.h"
#include "firstpaintprobe.h"
#include "mainwindow.h"
#include "operationsview.h"
#include "signalwatcher.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QIcon>
#include <QTreeView>

#include <cstdio>
#include <memory>
#include <optional>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int exitUsage = 2;

/// --version, --help and --help-all are answered before the QApplication that would need a
/// display: man pages are made from them at build time, and a terminal may have none.
std::optional<int> answerInfoRequest(int &argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    switch (AppOptions::infoRequest(arguments)) {
    case AppOptions::InfoRequest::None:
        return std::nullopt;
    case AppOptions::InfoRequest::Version:
        std::printf("optrack %s\n", OPTRACK_VERSION);
        return 0;
    case AppOptions::InfoRequest::Help: {
        const QCoreApplication app(argc, argv);
        QString help;
        AppOptions::parse(QCoreApplication::arguments(), nullptr, &help);
        std::printf("%s", qPrintable(help));
        return 0;
    }
    case AppOptions::InfoRequest::HelpAll: {
        // Qt's window system options come with a QApplication; offscreen needs no display.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        const QApplication app(argc, argv);
        AppOptions::showHelpAll(QCoreApplication::arguments());
    }
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();

    QApplication::setApplicationName(u"optrack"_s);
    QApplication::setOrganizationName(u"Optrack"_s);
    QApplication::setApplicationDisplayName(u"Optrack"_s);
    QApplication::setApplicationVersion(QStringLiteral(OPTRACK_VERSION));
    // The desktop entry's id: Wayland's app id, and how the shell finds the icon and name.
    QApplication::setDesktopFileName(QStringLiteral(OPTRACK_APP_ID));
    if (const std::optional<int> code = answerInfoRequest(argc, argv))
        return *code;

    QApplication app(argc, argv);
    AppTranslations::install(&app);
    QApplication::setWindowIcon(QIcon(u":/optrack/icons/optrack.svg"_s));
    QApplication::setQuitOnLastWindowClosed(false);

    QString error;
    const std::optional<AppOptions> options = AppOptions::parse(app.arguments(), &error);
    if (!options) {
        std::fprintf(stderr, "optrack: %s\n", qPrintable(error));
        return exitUsage;
    }

    AppController controller(*options);
    FirstPaintProbe probe(controller.window()->operationsView()->tableView(),
                          controller.windowModel(), controller.serviceCounts(), sinceStart);
    SignalWatcher quitSignals;
    QObject::connect(&quitSignals, &SignalWatcher::terminationRequested, &controller,
                     &AppController::quit);

    controller.start();
    return app.exec();
}
