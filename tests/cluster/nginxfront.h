#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace optrack::testing {

/// Debian's nginx (/usr/sbin/nginx, package nginx-light) on 127.0.0.1 in front of optrackd
/// instances, run from the shipped packaging/nginx/optrack.conf with its upstream servers and
/// listen address replaced, as the current user, in the foreground, from a directory of its
/// own (configuration, pid, temporary files and access log).
class NginxFront final : public QObject
{
    Q_OBJECT

public:
    static inline const QString program = QStringLiteral("/usr/sbin/nginx");
    static constexpr int startTimeoutMs = 10'000;
    static constexpr int stopTimeoutMs = 10'000;

    explicit NginxFront(QObject *parent = nullptr);
    ~NginxFront() override;

    /// The shipped configuration (OPTRACK_NGINX_CONF) with one upstream server line per port
    /// (keeping the shipped line's parameters) and a single listen on 127.0.0.1:listenPort.
    /// Empty, with *error, when the file no longer has an upstream server or a listen line.
    static QByteArray configFor(const QByteArray &shipped, const QList<quint16> &upstreamPorts,
                                quint16 listenPort, QString *error);
    /// The shipped configuration file's text; empty when it cannot be read.
    static QByteArray shippedConfig();

    /// Starts nginx in front of the instances on upstreamPorts; false (see errorString())
    /// unless it accepts connections within startTimeoutMs.
    bool start(const QList<quint16> &upstreamPorts);
    /// SIGTERM (nginx's fast shutdown), then SIGKILL if it lingers.
    void stop();

    bool isRunning() const;
    QUrl baseUrl() const;
    quint16 port() const { return m_port; }
    QString errorString() const { return m_errorString; }

private:
    bool startOn(const QList<quint16> &upstreamPorts, quint16 port);
    bool writeFiles(const QList<quint16> &upstreamPorts, quint16 port);
    bool accepts() const;
    static quint16 freePort();

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_errorString;
};

} // namespace optrack::testing
