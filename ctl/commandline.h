#pragma once

#include "commandspec.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <memory>

namespace optrack::ctl {

/// optrackctl's command line, read in two passes with QCommandLineParser: the global
/// options up to the command's name, then that command's own options (with the global
/// ones again, so `optrackctl ls --json` and `optrackctl --json ls` mean the same).
class CommandLine
{
public:
    /// What main() does with it.
    enum class Action { RunCommand, ShowHelp, ShowVersion, UsageError };

    static CommandLine parse(const QStringList &arguments);

    Action action() const { return m_action; }
    /// The sentence for UsageError.
    QString error() const { return m_error; }
    /// The text for ShowHelp: the whole help, or one command's.
    QString helpText() const { return m_helpText; }
    /// The command for RunCommand (and for a command's help); nullptr otherwise.
    const CommandSpec *command() const { return m_command; }

    bool isSet(const char *name) const;
    QString value(const char *name) const;
    QStringList values(const char *name) const;
    /// The command's arguments after its options (for run: COMMAND and its arguments).
    QStringList arguments() const { return m_arguments; }

    QString server() const { return globalValue(option::server); }
    QString tokenFile() const { return globalValue(option::tokenFile); }
    bool json() const { return globalSet(option::json); }
    bool verbose() const { return globalSet(option::verbose); }

private:
    CommandLine() = default;
    static CommandLine usageError(const QString &sentence);
    static CommandLine help(const CommandSpec *command);
    void parseCommand(const QString &program, const QStringList &rest);
    bool globalSet(const char *name) const;
    QString globalValue(const char *name) const;

    Action m_action = Action::UsageError;
    QString m_error;
    QString m_helpText;
    const CommandSpec *m_command = nullptr;
    QStringList m_arguments;
    // Shared so the result copies; QCommandLineParser itself does not.
    std::shared_ptr<QCommandLineParser> m_globals;
    std::shared_ptr<QCommandLineParser> m_commandParser;
};

} // namespace optrack::ctl
