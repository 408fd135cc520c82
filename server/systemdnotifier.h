#pragma once

#include <QByteArray>
#include <QString>

namespace optrack {

/// Tells systemd (Type=notify) how the service is doing through sd_notify(3): ready once it
/// accepts connections, stopping when it drains. Without $NOTIFY_SOCKET, or in a build
/// without libsystemd, it does nothing.
class SystemdNotifier
{
public:
    /// READY=1 with a status line.
    static void ready(const QString &status);
    /// STOPPING=1 with a status line.
    static void stopping(const QString &status);
    /// STATUS= alone.
    static void status(const QString &status);

private:
    static void notify(const QByteArray &state);
};

} // namespace optrack
