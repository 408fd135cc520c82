#include "systemdnotifier.h"

#ifdef OPTRACK_WITH_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace optrack {

void SystemdNotifier::ready(const QString &status)
{
    notify("READY=1\nSTATUS=" + status.toUtf8());
}

void SystemdNotifier::stopping(const QString &status)
{
    notify("STOPPING=1\nSTATUS=" + status.toUtf8());
}

void SystemdNotifier::status(const QString &status)
{
    notify("STATUS=" + status.toUtf8());
}

void SystemdNotifier::notify(const QByteArray &state)
{
#ifdef OPTRACK_WITH_SYSTEMD
    // 0: keep $NOTIFY_SOCKET, so workers started later could still report.
    sd_notify(0, state.constData());
#else
    Q_UNUSED(state);
#endif
}

} // namespace optrack
