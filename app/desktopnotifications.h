#pragma once

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QString>

class FreedesktopNotificationsProxy;

namespace optrack {

/// Notices through the desktop's notification service (org.freedesktop.Notifications on the
/// session bus): what the app uses where there is no system tray, as on stock GNOME. Calls
/// are asynchronous; a notice the service did not take is handed back through unavailable()
/// so that it can be shown another way, and later ones are not sent.
class DesktopNotifications final : public QObject
{
    Q_OBJECT

public:
    static inline const QString serviceName = QStringLiteral("org.freedesktop.Notifications");
    static inline const QString objectPath = QStringLiteral("/org/freedesktop/Notifications");
    /// The action a click on the notice itself invokes (the specification's name).
    static inline const QString defaultAction = QStringLiteral("default");

    enum class Urgency : uchar { Low = 0, Normal = 1, Critical = 2 };

    explicit DesktopNotifications(const QDBusConnection &bus, QObject *parent = nullptr);
    ~DesktopNotifications() override;

    /// Whether notices may still go to the service: the bus is there and no call has failed.
    bool isUsable() const { return m_usable; }
    /// How many notices the service has taken and not yet closed.
    int shownCount() const { return int(m_operations.size()); }
    /// Sends a notice about operationId; timeoutMs as the service's expire_timeout.
    void show(const QString &title, const QString &text, Urgency urgency,
              const QString &operationId, int timeoutMs);

signals:
    /// The user clicked a notice (or its Show action).
    void operationRequested(const QString &operationId);
    /// The service did not take this notice (none is running, or it failed).
    void unavailable(const QString &title, const QString &text);

private:
    void handleActionInvoked(uint id, const QString &action);
    void handleClosed(uint id, uint reason);

    FreedesktopNotificationsProxy *m_service = nullptr;
    /// Notices on screen: the service's id -> the operation.
    QHash<uint, QString> m_operations;
    bool m_usable = false;
};

} // namespace optrack
