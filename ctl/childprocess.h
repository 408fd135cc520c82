#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace optrack::ctl {

/// The command `run` runs. It gets a process group of its own, so that a stop reaches
/// everything it started (a shell script's children too), not only the first process.
/// Its output is passed through to optrackctl's stdout and stderr as it comes, and read
/// line by line (a line ends at \n or \r, as progress meters draw) for progress. The last
/// lines it wrote to stderr are kept to say why it failed.
class ChildProcess final : public QObject
{
    Q_OBJECT

public:
    /// After SIGTERM, how long the group may take before SIGKILL.
    static constexpr std::chrono::milliseconds killDelay{5'000};
    /// After SIGKILL, how long to wait for the group to be gone before giving up on it.
    static constexpr std::chrono::milliseconds killGrace{1'000};
    static constexpr std::chrono::milliseconds groupCheckInterval{50};
    static constexpr int keptErrorLines = 5;
    /// A longer "line" is not progress; it is passed through but not parsed.
    static constexpr qsizetype maxLineLength = 64 * 1024;
    /// The shell's statuses when a command cannot be run.
    static constexpr int notFoundStatus = 127;
    static constexpr int notExecutableStatus = 126;

    explicit ChildProcess(QObject *parent = nullptr);
    /// Kills the group if it still runs: nothing outlives optrackctl unreported.
    ~ChildProcess() override;

    void setEnvironment(const QProcessEnvironment &environment);
    void start(const QString &program, const QStringList &arguments);
    /// SIGTERM to the whole group now, SIGKILL to what is left after killDelay; exited()
    /// comes once the group is gone.
    void stop();
    /// SIGKILL to the whole group now.
    void kill();

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    bool isStopping() const { return m_stopping; }
    qint64 processId() const { return m_groupId; }
    /// The last lines written to stderr, oldest first.
    QStringList lastErrorLines() const { return m_errorLines; }

    /// Whether any process of group `groupId` still runs (zombies do not count).
    static bool groupIsAlive(qint64 groupId);
    /// "exited with status 3", "was stopped by signal 15 (SIGTERM)".
    static QString describeEnd(QProcess::ExitStatus exitStatus, int exitCode);

signals:
    void lineRead(const QString &line);
    /// The command could not be started; `exitStatus` is the shell's (127 or 126).
    void failedToStart(const QString &reason, int exitStatus);
    /// The command ended (after stop(), once its group is gone). `exitStatus` is what a shell
    /// reports: its exit code, or 128 + the signal that ended it.
    void exited(int exitStatus, const QString &description);

private:
    void handleOutput(QProcess::ProcessChannel channel);
    void handleFinished(int exitCode, QProcess::ExitStatus exitStatus);
    void handleError(QProcess::ProcessError error);
    void handleKillTimer();
    void checkGroup();
    void takeLines(QByteArray *buffer, const QByteArray &bytes, bool fromStderr, bool flush);
    void keepErrorLine(const QString &line);
    void signalGroup(int signalNumber);
    void announceExit();

    QProcess m_process;
    QString m_program;
    QByteArray m_outputBuffer;
    QByteArray m_errorBuffer;
    QStringList m_errorLines;
    QTimer m_killTimer;
    QTimer m_groupTimer;
    QDeadlineTimer m_groupDeadline;
    qint64 m_groupId = 0;
    int m_exitStatus = 0;
    QString m_endDescription;
    bool m_stopping = false;
    bool m_killed = false;
    bool m_exited = false;
};

} // namespace optrack::ctl
