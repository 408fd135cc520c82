#include "childprocess.h"

#include "console.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <sys/types.h>
#include <unistd.h>

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

constexpr int signalStatusBase = 128;
constexpr qsizetype maxKeptLineLength = 500;

/// The state and process group of /proc/<pid>/stat: "pid (comm) S ppid pgrp ...", where
/// comm may hold spaces and parentheses, so the fields are counted from the last ')'.
bool readStat(const char *pid, char *state, long *group)
{
    QFile file(QString::fromLatin1("/proc/%1/stat").arg(QLatin1StringView(pid)));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = file.read(1024);
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.size() < 3)
        return false;
    *state = fields.at(0).isEmpty() ? 0 : fields.at(0).at(0);
    bool ok = false;
    *group = fields.at(2).toLong(&ok);
    return ok;
}

} // namespace

ChildProcess::ChildProcess(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    if (Console::isInputTerminal()) {
        // In a process group of its own the command may not read the terminal (it would be
        // stopped by SIGTTIN); it gets no input instead of hanging.
        m_process.setStandardInputFile(QProcess::nullDevice());
    } else {
        m_process.setInputChannelMode(QProcess::ForwardedInputChannel);
    }
    m_process.setChildProcessModifier([] {
        ::setpgid(0, 0);
        // optrackctl ignores SIGPIPE so that a closed pipe never stops it from reporting;
        // the command gets the usual behaviour back.
        ::signal(SIGPIPE, SIG_DFL);
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { handleOutput(QProcess::StandardOutput); });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { handleOutput(QProcess::StandardError); });
    connect(&m_process, &QProcess::finished, this, &ChildProcess::handleFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &ChildProcess::handleError);
    connect(&m_process, &QProcess::started, this, [this] { m_groupId = m_process.processId(); });

    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, &ChildProcess::handleKillTimer);
    m_groupTimer.setInterval(groupCheckInterval);
    connect(&m_groupTimer, &QTimer::timeout, this, &ChildProcess::checkGroup);
}

ChildProcess::~ChildProcess()
{
    if (isRunning() || (m_stopping && !m_exited && groupIsAlive(m_groupId))) {
        signalGroup(SIGKILL);
        m_process.waitForFinished(int(killGrace.count()));
    }
}

void ChildProcess::setEnvironment(const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment);
}

void ChildProcess::start(const QString &program, const QStringList &arguments)
{
    m_program = program;
    m_process.start(program, arguments);
}

void ChildProcess::stop()
{
    if (m_exited || m_stopping)
        return;
    m_stopping = true;
    signalGroup(SIGTERM);
    m_killTimer.start(killDelay);
}

void ChildProcess::kill()
{
    if (m_exited || m_killed)
        return;
    m_stopping = true;
    m_killTimer.stop();
    handleKillTimer();
}

void ChildProcess::handleKillTimer()
{
    m_killed = true;
    signalGroup(SIGKILL);
    m_groupDeadline.setRemainingTime(killGrace);
}

void ChildProcess::signalGroup(int signalNumber)
{
    const qint64 pid = m_groupId > 0 ? m_groupId : m_process.processId();
    if (pid <= 0)
        return;
    // The group exists once the command ran setpgid(); before that, only the process does.
    if (::kill(pid_t(-pid), signalNumber) != 0 && errno == ESRCH)
        ::kill(pid_t(pid), signalNumber);
}

bool ChildProcess::groupIsAlive(qint64 groupId)
{
    if (groupId <= 0 || (::kill(pid_t(-groupId), 0) != 0 && errno == ESRCH))
        return false;
    // kill() also finds zombies, which stay until something reaps them (a container's
    // init may never do it): only a process that is not one keeps the group alive.
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return true;
    bool alive = false;
    while (const dirent *entry = ::readdir(proc)) {
        char *end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
            continue;
        char state = 0;
        long group = 0;
        if (readStat(entry->d_name, &state, &group) && group == groupId && state != 'Z'
            && state != 'X') {
            alive = true;
            break;
        }
    }
    ::closedir(proc);
    return alive;
}

QString ChildProcess::describeEnd(QProcess::ExitStatus exitStatus, int exitCode)
{
    if (exitStatus == QProcess::NormalExit)
        return u"exited with status %1"_s.arg(exitCode);
    const char *name = ::sigabbrev_np(exitCode);
    return name ? u"was stopped by signal %1 (SIG%2)"_s.arg(exitCode).arg(QLatin1StringView(name))
                : u"was stopped by signal %1"_s.arg(exitCode);
}

void ChildProcess::handleOutput(QProcess::ProcessChannel channel)
{
    const bool fromStderr = channel == QProcess::StandardError;
    m_process.setReadChannel(channel);
    const QByteArray bytes = m_process.readAll();
    if (bytes.isEmpty())
        return;
    Console::writeAll(fromStderr ? Console::standardError : Console::standardOutput, bytes);
    takeLines(fromStderr ? &m_errorBuffer : &m_outputBuffer, bytes, fromStderr, false);
}

void ChildProcess::takeLines(QByteArray *buffer, const QByteArray &bytes, bool fromStderr,
                             bool flush)
{
    buffer->append(bytes);
    qsizetype start = 0;
    for (qsizetype i = 0; i < buffer->size(); ++i) {
        const char c = buffer->at(i);
        if (c != '\n' && c != '\r')
            continue;
        const QString line = QString::fromUtf8(buffer->constData() + start, i - start);
        // A line ended by \r is a progress meter redrawing itself, not a message.
        if (fromStderr && c == '\n')
            keepErrorLine(line);
        emit lineRead(line);
        start = i + 1;
    }
    buffer->remove(0, start);
    if (buffer->size() > maxLineLength)
        buffer->clear();
    if (flush && !buffer->isEmpty()) {
        const QString line = QString::fromUtf8(*buffer);
        buffer->clear();
        if (fromStderr)
            keepErrorLine(line);
        emit lineRead(line);
    }
}

void ChildProcess::keepErrorLine(const QString &line)
{
    const QString text = line.trimmed();
    if (text.isEmpty())
        return;
    m_errorLines.append(text.left(maxKeptLineLength));
    if (m_errorLines.size() > keptErrorLines)
        m_errorLines.removeFirst();
}

void ChildProcess::handleFinished(int exitCode, QProcess::ExitStatus exitStatus)
{
    handleOutput(QProcess::StandardOutput);
    handleOutput(QProcess::StandardError);
    takeLines(&m_outputBuffer, {}, false, true);
    takeLines(&m_errorBuffer, {}, true, true);
    m_exitStatus = exitStatus == QProcess::NormalExit ? exitCode : signalStatusBase + exitCode;
    m_endDescription = describeEnd(exitStatus, exitCode);
    if (m_stopping && groupIsAlive(m_groupId)) {
        // What the command started may still be going; exited() waits for the group.
        m_groupTimer.start();
        return;
    }
    announceExit();
}

void ChildProcess::checkGroup()
{
    if (groupIsAlive(m_groupId) && !(m_killed && m_groupDeadline.hasExpired()))
        return;
    announceExit();
}

void ChildProcess::announceExit()
{
    if (m_exited)
        return;
    m_exited = true;
    m_killTimer.stop();
    m_groupTimer.stop();
    emit exited(m_exitStatus, m_endDescription);
}

void ChildProcess::handleError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return;
    m_exited = true;
    // The shell's distinction: 127 when there is no such command, 126 when it cannot run.
    const bool exists = m_program.contains(u'/')
            ? QFileInfo::exists(m_program)
            : !QStandardPaths::findExecutable(m_program).isEmpty();
    emit failedToStart(u"Cannot run \"%1\": %2."_s.arg(
                               m_program, exists ? u"permission denied"_s : u"no such command"_s),
                       exists ? notExecutableStatus : notFoundStatus);
}

} // namespace optrack::ctl
