#include "localservice.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

#include <csignal>
#include <limits>
#include <sys/prctl.h>

namespace optrack {

using namespace Qt::StringLiterals;

// optrackd's own log lines are debug output here: shown only when asked for.
Q_LOGGING_CATEGORY(lcLocal, "optrack.local", QtInfoMsg)

namespace {

constexpr int keptErrorLines = 8;
constexpr int maxBufferedLine = 4096;
constexpr auto configFileName = "config.json";
constexpr auto portFileName = "last-port";
constexpr auto programName = "optrackd";

bool isExecutable(const QString &path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

} // namespace

LocalService::LocalService(QObject *parent)
    : QObject(parent)
    , m_program(findProgram())
{
    m_startTimer.setSingleShot(true);
    m_startTimer.setInterval(startTimeout);
    m_killTimer.setSingleShot(true);
    connect(&m_startTimer, &QTimer::timeout, this, &LocalService::handleStartTimeout);
    connect(&m_killTimer, &QTimer::timeout, &m_process, &QProcess::kill);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            &LocalService::handleStandardOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this,
            &LocalService::handleStandardError);
    connect(&m_process, &QProcess::finished, this, &LocalService::handleFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &LocalService::handleErrorOccurred);
    // Should the app die without stopping it, the kernel sends the service SIGTERM.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

LocalService::~LocalService()
{
    // Last resort: the app normally stops the service with stop() before it gets here.
    if (m_process.state() != QProcess::NotRunning) {
        m_process.disconnect(this);
        m_process.terminate();
    }
}

QString LocalService::findProgram()
{
    const QString fromEnv
            = QProcessEnvironment::systemEnvironment().value(QString::fromLatin1(programEnv));
    if (!fromEnv.isEmpty())
        return isExecutable(fromEnv) ? QFileInfo(fromEnv).absoluteFilePath() : QString();
    const QString name = QString::fromLatin1(programName);
    const QDir appDir(QCoreApplication::applicationDirPath());
    for (const QString &candidate :
         {appDir.filePath(u"../server/"_s + name), appDir.filePath(name)}) {
        if (isExecutable(candidate))
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStandardPaths::findExecutable(name);
}

QString LocalService::configPath() const
{
    return QDir(m_dataDir).filePath(QString::fromLatin1(configFileName));
}

QString LocalService::portFilePath() const
{
    return QDir(m_dataDir).filePath(QString::fromLatin1(portFileName));
}

void LocalService::rememberPort()
{
    QSaveFile file(portFilePath());
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(m_port) + '\n') < 0
        || !file.commit()) {
        qCInfo(lcLocal) << "cannot remember the port in" << portFilePath() << file.errorString();
    }
}

void LocalService::start()
{
    if (m_state == State::Starting || m_state == State::Running)
        return;
    if (m_program.isEmpty()) {
        emit failed(tr("The local service (optrackd) was not found next to the app or on "
                       "PATH. Set OPTRACKD_PATH to its location, or use --server."));
        return;
    }
    if (m_port == 0) {
        // The port of the last run, while it is free: the same address as before.
        QFile file(portFilePath());
        bool ok = false;
        const uint last
                = file.open(QIODevice::ReadOnly) ? file.readLine().trimmed().toUInt(&ok) : 0;
        if (ok && last > 0 && last <= std::numeric_limits<quint16>::max())
            m_port = quint16(last);
    }
    m_triedAnyPort = m_port == 0;
    launch();
}

void LocalService::launch()
{
    m_stdoutBuffer.clear();
    m_stderrBuffer.clear();
    m_stderrTail.clear();
    m_timedOut = false;
    const QStringList arguments{
            u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port), u"--data-dir"_s, m_dataDir, u"--config"_s,
            configPath(),
    };
    qCInfo(lcLocal) << "starting" << m_program << arguments;
    setState(State::Starting);
    m_startTimer.start();
    m_process.start(m_program, arguments);
}

void LocalService::stop(std::chrono::milliseconds timeout)
{
    m_startTimer.stop();
    if (m_process.state() == QProcess::NotRunning) {
        setState(State::Stopped);
        QMetaObject::invokeMethod(this, &LocalService::stopped, Qt::QueuedConnection);
        return;
    }
    if (m_state == State::Stopping)
        return;
    qCInfo(lcLocal) << "stopping the local service (pid" << m_process.processId() << ")";
    setState(State::Stopping);
    m_process.terminate();
    m_killTimer.start(timeout);
}

qint64 LocalService::processId() const
{
    return m_process.processId();
}

QString LocalService::lastOutput() const
{
    return m_stderrTail.join(u'\n');
}

void LocalService::handleStandardOutput()
{
    m_stdoutBuffer.append(m_process.readAllStandardOutput());
    static const QRegularExpression listening(u"^listening on (http://\\S+)$"_s);
    qsizetype newline = 0;
    while ((newline = m_stdoutBuffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_stdoutBuffer.left(newline)).trimmed();
        m_stdoutBuffer.remove(0, newline + 1);
        const QRegularExpressionMatch match = listening.match(line);
        if (!match.hasMatch() || m_state != State::Starting)
            continue;
        m_startTimer.stop();
        m_baseUrl = QUrl(match.captured(1));
        m_port = quint16(m_baseUrl.port());
        rememberPort();
        setState(State::Running);
        qCInfo(lcLocal) << "local service listening on" << m_baseUrl.toString();
        emit started(m_baseUrl);
    }
    if (m_stdoutBuffer.size() > maxBufferedLine)
        m_stdoutBuffer.clear();
}

void LocalService::handleStandardError()
{
    m_stderrBuffer.append(m_process.readAllStandardError());
    qsizetype newline = 0;
    while ((newline = m_stderrBuffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_stderrBuffer.left(newline)).trimmed();
        m_stderrBuffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        qCDebug(lcLocal).noquote() << "optrackd:" << line;
        m_stderrTail.append(line);
        if (m_stderrTail.size() > keptErrorLines)
            m_stderrTail.removeFirst();
    }
    if (m_stderrBuffer.size() > maxBufferedLine)
        m_stderrBuffer.clear();
}

void LocalService::handleFinished(int exitCode, QProcess::ExitStatus status)
{
    m_startTimer.stop();
    m_killTimer.stop();
    handleStandardError();
    const State was = m_state;
    setState(State::Stopped);
    qCInfo(lcLocal) << "local service ended with code" << exitCode
                    << (status == QProcess::CrashExit ? "(crashed)" : "");
    if (was == State::Stopping) {
        emit stopped();
        return;
    }
    QString reason;
    if (m_timedOut) {
        reason = tr("The local service did not start within %1 seconds.")
                         .arg(std::chrono::duration_cast<std::chrono::seconds>(startTimeout)
                                      .count());
    } else if (status == QProcess::CrashExit) {
        reason = tr("The local service stopped unexpectedly.");
    } else if (was == State::Starting && !m_stderrTail.isEmpty()) {
        // optrackd names what it refused (the configuration, the address) on its last line.
        reason = tr("The local service did not start: %1").arg(m_stderrTail.constLast());
    } else {
        reason = tr("The local service ended (exit code %1).").arg(exitCode);
    }
    if (was == State::Starting) {
        // The remembered port may be taken by now: try once more on any free port.
        if (!m_triedAnyPort) {
            m_triedAnyPort = true;
            m_port = 0;
            launch();
            return;
        }
        emit failed(reason);
        return;
    }
    emit crashed(reason);
}

void LocalService::handleErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return;
    m_startTimer.stop();
    setState(State::Stopped);
    emit failed(tr("The local service (%1) could not be started: %2")
                        .arg(m_program, m_process.errorString()));
}

void LocalService::handleStartTimeout()
{
    qCWarning(lcLocal) << "the local service did not say it was listening in time";
    m_triedAnyPort = true;
    m_timedOut = true;
    m_process.kill();
    // handleFinished() then reports the failure.
}

} // namespace optrack
