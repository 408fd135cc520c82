// optrack-screenshots OUTPUT_DIR [--data-dir DIR]: starts the optrack app on a fresh
// embedded service, lets ScreenshotDirector seed work and take the documentation's
// pictures, and exits 0 once every picture was saved (1 otherwise). Tokens stay in a file
// in the (throwaway) app data folder: this never touches the keychain of whoever runs it.
#include "appcontroller.h"
#include "appoptions.h"
#include "screenshotdirector.h"
#include "tokenstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

#include <cstdio>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int exitFailed = 1;
constexpr int exitUsage = 2;

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // The app's own names, so settings and data folders are where optrack keeps them.
    QApplication::setApplicationName(u"optrack"_s);
    QApplication::setOrganizationName(u"Optrack"_s);
    QApplication::setApplicationDisplayName(u"Optrack"_s);
    QApplication::setApplicationVersion(QStringLiteral(OPTRACK_VERSION));
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Makes the documentation's screenshots of optrack."_s);
    parser.addHelpOption();
    const QCommandLineOption dataDirOption(
            u"data-dir"_s, u"Where the embedded service keeps its data (a fresh folder)."_s,
            u"DIR"_s);
    parser.addOption(dataDirOption);
    parser.addPositionalArgument(u"output"_s, u"The folder the PNG files go to."_s);
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "optrack-screenshots: name one output folder; see --help\n");
        return exitUsage;
    }

    AppOptions options;
    options.local = true;
    options.dataDir = parser.value(dataDirOption);
    AppController controller(options, new TokenStore(TokenStore::Backend::File));
    controller.setQuitsApplication(false);

    ScreenshotDirector director(&controller,
                                QDir(parser.positionalArguments().constFirst()).absolutePath());
    bool succeeded = false;
    QObject::connect(&director, &ScreenshotDirector::finished, &controller, [&](bool ok) {
        succeeded = ok;
        controller.quit();
    });
    QObject::connect(&controller, &AppController::quitFinished, &app,
                     [&] { QCoreApplication::exit(succeeded ? 0 : exitFailed); });
    director.start();
    controller.start();
    return app.exec();
}
