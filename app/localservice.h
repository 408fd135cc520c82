#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>

namespace optrack {

/// The embedded optrackd: started on 127.0.0.1 with its data in a folder of the user's,
/// followed without ever blocking (its "listening on" line is read as it arrives), and
/// stopped with SIGTERM when the app quits. It keeps its port: the last one (remembered in
/// the data folder) is asked for again while it is free, so a restart after a crash or
/// the next start of the app brings the same address back, the feed simply catches up and
/// a backend reporting to that address is not cut off. The child also gets SIGTERM if the
/// app dies without stopping it.
class LocalService final : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    static constexpr std::chrono::milliseconds startTimeout{20'000};
    static constexpr std::chrono::milliseconds defaultStopTimeout{3'000};
    /// Overrides where optrackd is looked for.
    static constexpr auto programEnv = "OPTRACKD_PATH";

    explicit LocalService(QObject *parent = nullptr);
    ~LocalService() override;

    /// OPTRACKD_PATH, then build/server/optrackd beside build/app/optrack, then beside the
    /// app, then PATH. Empty when none is found.
    static QString findProgram();

    void setProgram(const QString &program) { m_program = program; }
    QString program() const { return m_program; }
    void setDataDir(const QString &dataDir) { m_dataDir = dataDir; }
    QString dataDir() const { return m_dataDir; }
    QString configPath() const;
    /// The file that remembers the last port.
    QString portFilePath() const;

    /// Starts optrackd (once the configuration exists); started() or failed() follows.
    void start();
    /// SIGTERM, then SIGKILL after `timeout`; stopped() follows (at once when not running).
    void stop(std::chrono::milliseconds timeout = defaultStopTimeout);

    State state() const { return m_state; }
    QUrl baseUrl() const { return m_baseUrl; }
    qint64 processId() const;
    /// The last lines optrackd wrote on stderr (its reason when it refused to start).
    QString lastOutput() const;

signals:
    void started(const QUrl &baseUrl);
    /// It could not start: no program, a bad configuration, no port.
    void failed(const QString &reason);
    /// It ended while running without being asked to.
    void crashed(const QString &reason);
    void stopped();

private:
    void handleStandardOutput();
    void handleStandardError();
    void handleFinished(int exitCode, QProcess::ExitStatus status);
    void handleErrorOccurred(QProcess::ProcessError error);
    void handleStartTimeout();
    void launch();
    void setState(State state) { m_state = state; }
    void rememberPort();

    QProcess m_process;
    QTimer m_startTimer;
    QTimer m_killTimer;
    QString m_program;
    QString m_dataDir;
    QByteArray m_stdoutBuffer;
    QByteArray m_stderrBuffer;
    QStringList m_stderrTail;
    QUrl m_baseUrl;
    quint16 m_port = 0;
    State m_state = State::Stopped;
    bool m_triedAnyPort = false;
    bool m_timedOut = false;
};

} // namespace optrack
