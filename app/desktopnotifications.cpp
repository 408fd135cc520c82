#include "desktopnotifications.h"

#include "freedesktopnotificationsproxy.h"

#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QGuiApplication>
#include <QLoggingCategory>

namespace optrack {

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcApp)

DesktopNotifications::DesktopNotifications(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_usable(bus.isConnected())
{
    if (!m_usable)
        return;
    m_service = new FreedesktopNotificationsProxy(serviceName, objectPath, bus, this);
    connect(m_service, &FreedesktopNotificationsProxy::ActionInvoked, this,
            &DesktopNotifications::handleActionInvoked);
    connect(m_service, &FreedesktopNotificationsProxy::NotificationClosed, this,
            &DesktopNotifications::handleClosed);
}

DesktopNotifications::~DesktopNotifications()
{
    // Notices left on screen would outlive the app that can act on their click.
    if (m_service) {
        for (auto it = m_operations.cbegin(); it != m_operations.cend(); ++it)
            m_service->CloseNotification(it.key());
    }
}

void DesktopNotifications::show(const QString &title, const QString &text, Urgency urgency,
                                const QString &operationId, int timeoutMs)
{
    if (!m_usable) {
        emit unavailable(title, text);
        return;
    }
    // desktop-entry lets the shell show the app's name and icon and group its notices.
    const QVariantMap hints{
            {u"desktop-entry"_s, QGuiApplication::desktopFileName()},
            {u"urgency"_s, QVariant::fromValue(static_cast<uchar>(urgency))},
    };
    const QStringList actions{defaultAction, tr("Show")};
    const QDBusPendingReply<uint> reply = m_service->Notify(
            QGuiApplication::applicationDisplayName(), 0, QGuiApplication::desktopFileName(), title,
            text, actions, hints, timeoutMs);
    auto *watcher = new QDBusPendingCallWatcher(reply, this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, watcher, title, text, operationId] {
                watcher->deleteLater();
                const QDBusPendingReply<uint> answer = *watcher;
                if (answer.isError()) {
                    qCInfo(lcApp) << "desktop notifications unavailable:"
                                  << answer.error().message();
                    m_usable = false;
                    emit unavailable(title, text);
                    return;
                }
                m_operations.insert(answer.value(), operationId);
            });
}

void DesktopNotifications::handleActionInvoked(uint id, const QString &action)
{
    const QString operationId = m_operations.value(id);
    if (!operationId.isEmpty() && !action.isEmpty())
        emit operationRequested(operationId);
}

void DesktopNotifications::handleClosed(uint id, uint)
{
    m_operations.remove(id);
}

} // namespace optrack
