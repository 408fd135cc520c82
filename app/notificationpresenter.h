#pragma once

#include "operationnotifier.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QMainWindow;
class QMenu;
class QSystemTrayIcon;

namespace optrack {

class DesktopNotifications;
class NotificationModel;
class OperationFilterModel;

/// Shows the notifier's notices: each goes to the window's list of messages (the bell),
/// and through the system tray where there is one (a message per notice, a menu with what
/// wants attention, Show and Quit, a tooltip with the counts: "3 running, 1 needs your
/// vote"); where there is none (stock GNOME), through the desktop's notification service
/// on the session bus. A failure of mine stays unread in the list (and in the tray menu)
/// until the user has looked at the operation.
class NotificationPresenter final : public QObject
{
    Q_OBJECT

public:
    static constexpr int messageTimeoutMs = 8'000;
    /// Whether to use a tray: where the desktop has one (Auto, else the desktop's
    /// notification service when the session bus is there), or always (tests of the tray
    /// path on platforms without one) or never (the list of messages only).
    enum class Tray { Auto, Always, Never };

    NotificationPresenter(OperationNotifier *notifier, const OperationFilterModel *filter,
                          QMainWindow *window, NotificationModel *messages,
                          QObject *parent = nullptr, Tray tray = Tray::Auto);
    ~NotificationPresenter() override;

    /// Whether notices go to a system tray (QSystemTrayIcon::isSystemTrayAvailable()
    /// unless the constructor said otherwise).
    bool hasTray() const { return m_tray != nullptr; }
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    /// The tray's menu (what needs attention, Show Optrack, Quit), null without a tray.
    QMenu *trayMenu() const { return m_trayMenu; }
    /// The desktop's notification service, when notices go there (no tray); else null.
    DesktopNotifications *desktopNotifications() const { return m_desktop; }
    /// "3 running, 1 needs your vote, 1 failed".
    QString summaryText() const;

signals:
    void showWindowRequested();
    /// The tray menu's "Needs your vote": show the operations waiting for my vote.
    void needsVoteRequested();
    void quitRequested();
    /// The user clicked a notice or the failure reminder.
    void operationRequested(const QString &operationId);

private:
    void present(const OperationNotifier::Notice &notice);
    void updateSummary();
    void markSeen();
    void failureClicked();

    QPointer<OperationNotifier> m_notifier;
    QPointer<const OperationFilterModel> m_filter;
    QPointer<QMainWindow> m_window;
    QPointer<NotificationModel> m_messages;
    QSystemTrayIcon *m_tray = nullptr;
    DesktopNotifications *m_desktop = nullptr;
    QMenu *m_trayMenu = nullptr;
    /// The tray menu's entries for what wants attention, shown while there is some.
    QAction *m_voteAction = nullptr;
    QAction *m_failureAction = nullptr;
    QString m_lastNoticeOperation;
    /// The unseen failures last known: those that left were seen.
    QStringList m_unseenFailures;
};

} // namespace optrack
