#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

namespace optrack::ctl {

/// One command of optrackctl as the command line and the help text know it: its options,
/// the arguments it takes and the words that explain it. The parser and --help read the
/// same table, so the help cannot leave out an option the parser takes.
struct CommandSpec
{
    static constexpr int unlimited = -1;

    QString name{};
    /// What follows the name in the synopsis ("ID [--progress P] [--step N] [--text T]").
    QString synopsis{};
    /// One line for the list of commands.
    QString summary{};
    /// The paragraph under the synopsis.
    QString description{};
    QList<QCommandLineOption> options{};
    /// Names of options without which the command cannot run.
    QStringList requiredOptions{};
    /// The arguments as a usage error names them when they are missing ("ID approve|deny").
    QString argumentNames{};
    int minArguments = 0;
    int maxArguments = 0;
    /// `run`: everything from the first argument on belongs to the command it runs.
    bool optionsEndAtFirstArgument = false;
};

/// Every command, in the order the help lists them.
const QList<CommandSpec> &commandSpecs();
/// nullptr for a name that is no command.
const CommandSpec *findCommand(const QString &name);

/// The options every command takes.
QList<QCommandLineOption> globalOptions();

/// Option names, for the code that reads them: one spelling in one place.
namespace option {
inline constexpr auto server = "server";
inline constexpr auto tokenFile = "token-file";
inline constexpr auto json = "json";
inline constexpr auto verbose = "verbose";
inline constexpr auto help = "help";
inline constexpr auto version = "version";
inline constexpr auto type = "type";
inline constexpr auto entity = "entity";
inline constexpr auto name = "name";
inline constexpr auto step = "step";
inline constexpr auto approval = "approval";
inline constexpr auto heartbeat = "heartbeat";
inline constexpr auto context = "context";
inline constexpr auto idempotencyKey = "idempotency-key";
inline constexpr auto progress = "progress";
inline constexpr auto text = "text";
inline constexpr auto result = "result";
inline constexpr auto error = "error";
inline constexpr auto reason = "reason";
inline constexpr auto waitFor = "for";
inline constexpr auto timeout = "timeout";
inline constexpr auto progressRegex = "progress-regex";
inline constexpr auto status = "status";
inline constexpr auto scope = "scope";
} // namespace option

/// Environment variables optrackctl reads.
namespace environment {
inline constexpr auto server = "OPTRACK_SERVER";
inline constexpr auto token = "OPTRACK_TOKEN";
/// Set for the command `run` starts: the id of its operation.
inline constexpr auto operationId = "OPTRACK_OPERATION_ID";
} // namespace environment

} // namespace optrack::ctl
