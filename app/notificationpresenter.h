#pragma once

#include "operationnotifier.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QMainWindow;
class QMenu;
class QPushButton;
class QSystemTrayIcon;

namespace optrack {

class DesktopNotifications;
class OperationFilterModel;
class StatusLine;

/// Shows the notifier's notices: through the system tray where there is one (a message
/// per notice, a menu with Show and Quit, a tooltip with the counts: "3 running, 1 needs
/// your vote"); where there is none (stock GNOME), through the desktop's notification
/// service on the session bus; in the window's status bar when neither is there. Failures
/// of mine stay in the status bar (and the tooltip) until the user has looked at the
/// operation.
class NotificationPresenter final : public QObject
{
    Q_OBJECT

public:
    static constexpr int messageTimeoutMs = 8'000;
    /// Whether to use a tray: where the desktop has one (Auto, else the desktop's
    /// notification service when the session bus is there), or always (tests of the tray
    /// path on platforms without one) or never (the status bar only).
    enum class Tray { Auto, Always, Never };

    NotificationPresenter(OperationNotifier *notifier, const OperationFilterModel *filter,
                          QMainWindow *window, StatusLine *statusLine, QObject *parent = nullptr,
                          Tray tray = Tray::Auto);
    ~NotificationPresenter() override;

    /// Whether notices go to a system tray (QSystemTrayIcon::isSystemTrayAvailable()
    /// unless the constructor said otherwise).
    bool hasTray() const { return m_tray != nullptr; }
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    /// The desktop's notification service, when notices go there (no tray); else null.
    DesktopNotifications *desktopNotifications() const { return m_desktop; }
    /// The tray's menu (what needs attention, Show Optrack, Quit), null without a tray.
    QMenu *trayMenu() const { return m_trayMenu; }
    /// "3 running, 1 needs your vote, 1 failed".
    QString summaryText() const;
    /// The status bar's reminder of unseen failures (hidden when there are none).
    QPushButton *failureButton() const { return m_failureButton; }
    /// The last notice shown in the status bar (no tray).
    QString lastStatusMessage() const { return m_lastStatusMessage; }

signals:
    void showWindowRequested();
    /// The tray menu's "Needs your vote": show the operations waiting for my vote.
    void needsVoteRequested();
    void quitRequested();
    /// The user clicked a notice or the failure reminder.
    void operationRequested(const QString &operationId);

private:
    void present(const OperationNotifier::Notice &notice);
    void showInStatusBar(const QString &title, const QString &text);
    void updateSummary();
    void updateFailureButton();
    void failureClicked();

    QPointer<OperationNotifier> m_notifier;
    QPointer<const OperationFilterModel> m_filter;
    QPointer<QMainWindow> m_window;
    QPointer<StatusLine> m_statusLine;
    QSystemTrayIcon *m_tray = nullptr;
    DesktopNotifications *m_desktop = nullptr;
    QMenu *m_trayMenu = nullptr;
    /// The tray menu's entries for what wants attention, shown while there is some.
    QAction *m_voteAction = nullptr;
    QAction *m_failureAction = nullptr;
    QPushButton *m_failureButton = nullptr;
    QString m_lastNoticeOperation;
    QString m_lastStatusMessage;
};

} // namespace optrack
