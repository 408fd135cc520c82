#include "toolrunner.h"

#include <QProcess>

namespace optrack::testing {

using namespace Qt::StringLiterals;

ToolRun ToolRun::run(const QString &program, const QStringList &arguments,
                     const QProcessEnvironment &environment, const ToolOptions &options)
{
    ToolRun result;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(options.workingDirectory);
    process.start(program, arguments);
    result.started = process.waitForStarted();
    if (!result.started)
        return result;
    result.finished = process.waitForFinished(options.timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished();
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    return result;
}

QProcessEnvironment ToolRun::withoutDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        environment.remove(name);
    return environment;
}

QByteArray ToolRun::describe() const
{
    return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (timed out)") + "\nstdout:\n"
            + standardOutput + "\nstderr:\n" + standardError;
}

} // namespace optrack::testing
