#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace optrack::testing {

/// optrackctl (from $OPTRACKCTL_PATH) as a real process, as one user of a test service:
/// OPTRACK_SERVER and OPTRACK_TOKEN are set, its output is collected while it runs.
class CtlProcess final : public QObject
{
    Q_OBJECT

public:
    static constexpr int finishTimeoutMs = 30'000;

    explicit CtlProcess(QObject *parent = nullptr);
    ~CtlProcess() override;

    /// The service and token it uses (an empty url or token leaves the variable unset).
    void setService(const QUrl &baseUrl, const QString &token);
    void setEnvironmentValue(const QString &name, const QString &value);
    void unsetEnvironmentValue(const QString &name);
    /// Input from the test (write()); otherwise the process gets none.
    void setInputFromTest(bool fromTest) { m_inputFromTest = fromTest; }

    void start(const QStringList &arguments);
    /// Waits (running the event loop) until it exits; false when it did not in time.
    bool waitForFinished(int timeoutMs = finishTimeoutMs);
    /// Starts, waits and returns the exit code; -1 when it crashed or did not finish.
    int run(const QStringList &arguments, int timeoutMs = finishTimeoutMs);
    /// Waits until stdout holds a line starting with `prefix`; the rest of that line.
    QString waitForLine(const QString &prefix, int timeoutMs = finishTimeoutMs);

    void write(const QByteArray &bytes);
    void closeInput();
    void sendSignal(int signalNumber);
    void kill();

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 processId() const { return m_process.processId(); }
    int exitCode() const;
    QString standardOutput() const { return QString::fromUtf8(m_stdout); }
    QString standardError() const { return QString::fromUtf8(m_stderr); }
    QStringList outputLines() const;
    /// "exit N; stdout: ...; stderr: ..." for failure messages.
    QString describe() const;

private:
    void handleStandardOutput();
    void handleStandardError();

    QProcess m_process;
    QProcessEnvironment m_environment;
    QByteArray m_stdout;
    QByteArray m_stderr;
    bool m_inputFromTest = false;
};

} // namespace optrack::testing
