#include "ctlprocess.h"

#include <QTest>

#include <csignal>
#include <sys/types.h>

namespace optrack::testing {

using namespace Qt::StringLiterals;

CtlProcess::CtlProcess(QObject *parent)
    : QObject(parent)
    , m_environment(QProcessEnvironment::systemEnvironment())
{
    m_environment.remove(u"OPTRACK_SERVER"_s);
    m_environment.remove(u"OPTRACK_TOKEN"_s);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            &CtlProcess::handleStandardOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this, &CtlProcess::handleStandardError);
}

CtlProcess::~CtlProcess()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(finishTimeoutMs);
    }
}

void CtlProcess::setService(const QUrl &baseUrl, const QString &token)
{
    if (baseUrl.isEmpty())
        m_environment.remove(u"OPTRACK_SERVER"_s);
    else
        m_environment.insert(u"OPTRACK_SERVER"_s, baseUrl.toString());
    if (token.isEmpty())
        m_environment.remove(u"OPTRACK_TOKEN"_s);
    else
        m_environment.insert(u"OPTRACK_TOKEN"_s, token);
}

void CtlProcess::setEnvironmentValue(const QString &name, const QString &value)
{
    m_environment.insert(name, value);
}

void CtlProcess::unsetEnvironmentValue(const QString &name)
{
    m_environment.remove(name);
}

void CtlProcess::start(const QStringList &arguments)
{
    m_stdout.clear();
    m_stderr.clear();
    m_process.setProcessEnvironment(m_environment);
    if (!m_inputFromTest)
        m_process.setStandardInputFile(QProcess::nullDevice());
    const QString program = qEnvironmentVariable("OPTRACKCTL_PATH");
    if (program.isEmpty())
        qWarning("OPTRACKCTL_PATH is not set: run the test through ctest");
    m_process.start(program, arguments);
    m_process.waitForStarted(finishTimeoutMs);
}

bool CtlProcess::waitForFinished(int timeoutMs)
{
    return QTest::qWaitFor([this] { return !isRunning(); }, timeoutMs);
}

int CtlProcess::run(const QStringList &arguments, int timeoutMs)
{
    start(arguments);
    if (!waitForFinished(timeoutMs))
        return -1;
    return exitCode();
}

QString CtlProcess::waitForLine(const QString &prefix, int timeoutMs)
{
    QString found;
    // Ends early when the process exits; `found` says whether the line came.
    [[maybe_unused]] const bool settled = QTest::qWaitFor(
            [&] {
                for (const QString &line : outputLines()) {
                    if (line.startsWith(prefix)) {
                        found = line.mid(prefix.size());
                        return true;
                    }
                }
                return !isRunning();
            },
            timeoutMs);
    return found;
}

void CtlProcess::write(const QByteArray &bytes)
{
    m_process.write(bytes);
}

void CtlProcess::closeInput()
{
    m_process.closeWriteChannel();
}

void CtlProcess::sendSignal(int signalNumber)
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), signalNumber);
}

void CtlProcess::kill()
{
    m_process.kill();
    waitForFinished();
}

int CtlProcess::exitCode() const
{
    if (isRunning() || m_process.exitStatus() != QProcess::NormalExit)
        return -1;
    return m_process.exitCode();
}

QStringList CtlProcess::outputLines() const
{
    return standardOutput().split(u'\n', Qt::SkipEmptyParts);
}

QString CtlProcess::describe() const
{
    return u"exit %1; stdout: %2; stderr: %3"_s.arg(exitCode())
            .arg(standardOutput().left(2000), standardError().left(2000));
}

void CtlProcess::handleStandardOutput()
{
    m_stdout.append(m_process.readAllStandardOutput());
}

void CtlProcess::handleStandardError()
{
    m_stderr.append(m_process.readAllStandardError());
}

} // namespace optrack::testing
