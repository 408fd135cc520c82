#include "apiconnection.h"
#include "commandline.h"
#include "commands.h"
#include "console.h"
#include "endpoint.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>

using namespace optrack;
using namespace optrack::ctl;
using namespace Qt::StringLiterals;

namespace {

std::atomic_bool showDiagnostics{false};

/// optrackctl speaks in one sentence per problem; Qt's own warnings (a dropped socket, a
/// stream that closed) are diagnostics, shown only with --verbose.
void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtFatalMsg || showDiagnostics) {
        std::fprintf(stderr, "optrackctl: [%s] %s\n", context.category ? context.category : "qt",
                     qPrintable(message));
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

int main(int argc, char *argv[])
{
    qInstallMessageHandler(handleMessage);
    // A closed pipe is a failed write, not the end of the program: run still has to report
    // how its command ended.
    std::signal(SIGPIPE, SIG_IGN);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"optrackctl"_s);
    QCoreApplication::setOrganizationName(u"Optrack"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OPTRACK_VERSION));

    const CommandLine line = CommandLine::parse(QCoreApplication::arguments());
    showDiagnostics = line.verbose();
    Console console(line.json());
    switch (line.action()) {
    case CommandLine::Action::ShowHelp:
        console.print(line.helpText());
        return toInt(ExitStatus::Success);
    case CommandLine::Action::ShowVersion:
        console.printLine(u"optrackctl "_s + QStringLiteral(OPTRACK_VERSION));
        return toInt(ExitStatus::Success);
    case CommandLine::Action::UsageError:
        console.printError(line.error());
        return toInt(ExitStatus::Usage);
    case CommandLine::Action::RunCommand:
        break;
    }

    QString error;
    const std::optional<Endpoint> endpoint
            = Endpoint::resolve(line, QProcessEnvironment::systemEnvironment(), &error);
    if (!endpoint) {
        console.printError(error);
        return toInt(ExitStatus::Usage);
    }
    ApiConnection connection;
    connection.setEndpoint(endpoint->baseUrl, endpoint->token);

    const std::unique_ptr<Command> command = makeCommand({&line, &connection, &console, *endpoint});
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, command.get(),
                     &Command::interrupt);
    QObject::connect(
            command.get(), &Command::finished, &app,
            [](int exitStatus) { QCoreApplication::exit(exitStatus); }, Qt::QueuedConnection);
    QTimer::singleShot(0, command.get(), &Command::start);
    return app.exec();
}
