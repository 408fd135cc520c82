#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace optrack::testing {

/// How ToolRun::run() runs a program.
struct ToolOptions
{
    static constexpr int defaultTimeoutMs = 60'000;

    int timeoutMs = defaultTimeoutMs;
    QString workingDirectory;
};

/// One run of an outside program (a validator, an installed program) to its end.
struct ToolRun
{
    bool started = false;
    bool finished = false;
    int exitCode = -1;
    QByteArray standardOutput;
    QByteArray standardError;

    /// Runs program with arguments in environment; waits at most options.timeoutMs.
    static ToolRun run(const QString &program, const QStringList &arguments,
                       const QProcessEnvironment &environment
                       = QProcessEnvironment::systemEnvironment(),
                       const ToolOptions &options = {});
    /// The environment of a terminal without any display (no X11, no Wayland, no Qt platform).
    static QProcessEnvironment withoutDisplay();
    /// Both outputs, for a failure message.
    QByteArray describe() const;
};

} // namespace optrack::testing
