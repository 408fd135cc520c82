#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace optrack::testing {

/// The real optrackd (from $OPTRACKD_PATH) on 127.0.0.1 port 0, with a configuration that
/// holds a user for every role. Tokens are random per fixture; the configuration carries only
/// their SHA-256. The data directory survives restart() and kill() for durability tests.
/// With OPTRACK_TEST_DATABASE (a PostgreSQL cluster's URI, set by the suites' _pg variants)
/// the service keeps its state in a database of its own there (--database), made at the
/// first start(), kept across restart() and kill(), dropped with this object.
class TestDatabase;

class OptrackdProcess final : public QObject
{
    Q_OBJECT

public:
    /// A user the server has never heard of: token() gives a token it must refuse with 401.
    static inline const QString unknownUser = QStringLiteral("mallory");
    static constexpr int startTimeoutMs = 10'000;
    static constexpr int stopTimeoutMs = 10'000;

    explicit OptrackdProcess(QObject *parent = nullptr);
    ~OptrackdProcess() override;

    /// alice, dave (user), bob, carol, erin (approver), sam (staff), ada (admin), svc (service).
    static QStringList defaultUsers();

    /// Adds a user (before start()); its token is generated here.
    void addUser(const QString &userId, const QStringList &roles);
    /// The same users and tokens as other (before start()): several servers on one database.
    void shareUsersOf(const OptrackdProcess &other);
    /// Top-level keys merged into the configuration, e.g. {"approvalPolicies": {...}},
    /// {"uploadLimitBytes": 2048} or {"metricsListen": "127.0.0.1:0"}. The slowing of
    /// repeated 401s is off (http.authFailuresBeforeDelay) unless "http" sets it.
    void setExtraConfig(const QJsonObject &extra) { m_extraConfig = extra; }
    /// The --database URI to run with instead of a database of its own (before start()), e.g.
    /// one that several servers share.
    void setDatabaseUri(const QString &uri) { m_databaseUri = uri; }
    /// The port to listen on (before start()); 0, the default, lets the system pick one. A
    /// server behind a proxy restarts on the port the proxy knows.
    void setListenPort(quint16 port) { m_listenPort = port; }
    /// Variables added to the server's environment (before start()), e.g. LD_PRELOAD.
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }

    /// Writes the configuration and starts the server; false (see errorString()) unless it
    /// printed its listening line (and its metrics line, with metricsListen) within
    /// startTimeoutMs.
    bool start();
    /// SIGTERM; true when the server exited normally with code 0.
    bool stop();
    /// SIGKILL; waits until the process is gone.
    void kill();
    /// Starts again on the same data directory and configuration (a new port).
    bool restart();

    bool isRunning() const;
    QUrl baseUrl() const { return m_baseUrl; }
    /// http://HOST:PORT/metrics when the configuration has metricsListen; empty otherwise.
    QUrl metricsUrl() const { return m_metricsUrl; }
    quint16 port() const { return m_port; }
    QString token(const QString &userId) const;
    QStringList roles(const QString &userId) const { return m_roles.value(userId); }
    QString dataDir() const { return m_dataDir.path(); }
    /// The --database URI the server runs with; empty when it runs on SQLite.
    QString databaseUri() const;
    QString configPath() const;
    QString errorString() const { return m_errorString; }
    int exitCode() const { return m_exitCode; }
    /// The running server's process id (0 when none).
    qint64 processId() const;
    /// The server's resident memory (VmRSS) in bytes; -1 when it cannot be read.
    qint64 residentBytes() const;

signals:
    void listening();
    void exited();

private:
    void handleStandardOutput();
    void handleFinished(int exitCode, QProcess::ExitStatus status);
    bool writeConfig();
    QByteArray configJson() const;
    bool waitForExit();

    static QString randomToken();

    QTemporaryDir m_dataDir;
    std::unique_ptr<TestDatabase> m_database;
    QString m_databaseUri;
    QTemporaryDir m_configDir;
    std::unique_ptr<QProcess> m_process;
    QJsonObject m_extraConfig;
    QProcessEnvironment m_environment;
    QHash<QString, QString> m_tokens;
    QHash<QString, QStringList> m_roles;
    QStringList m_userOrder;
    QByteArray m_stdoutBuffer;
    QUrl m_baseUrl;
    QUrl m_metricsUrl;
    quint16 m_port = 0;
    quint16 m_listenPort = 0;
    QString m_errorString;
    int m_exitCode = -1;
    bool m_crashed = false;
    bool m_exited = false;
};

} // namespace optrack::testing
