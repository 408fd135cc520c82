#pragma once

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

/// A real optrackd for the client's integration tests: its own data directory and
/// configuration, started on 127.0.0.1 (port 0 the first time, the same port on a
/// restart, so a client keeps its address), stopped with SIGTERM or SIGKILL.
/// tests/common's OptrackdProcess restarts on a new port, which to a client is another
/// server (a swap), so the restart catch-up test needs this one.
class LocalOptrackd
{
public:
    struct Account
    {
        QString userId;
        QStringList roles;
        QString token;
    };

    /// alice (user), bob and dave (approver), carol (staff), backend (service).
    LocalOptrackd();
    ~LocalOptrackd();

    static QList<Account> accounts();
    static QString tokenOf(const QString &userId);

    /// Starts the service and waits for its "listening on" line.
    bool start();
    /// SIGTERM, and waits for the exit.
    bool stop();
    /// SIGKILL.
    void kill();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    /// The service's process id (to stop and continue it).
    qint64 processId() const { return m_process.processId(); }
    QUrl baseUrl() const;
    quint16 port() const { return m_port; }
    QString errorString() const { return m_error; }

private:
    bool writeConfig();

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};
