#include "notificationpresenter.h"

#include "desktopnotifications.h"
#include "notificationmodel.h"
#include "operationfiltermodel.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QSystemTrayIcon>

namespace optrack {

using namespace Qt::StringLiterals;

NotificationPresenter::NotificationPresenter(OperationNotifier *notifier,
                                             const OperationFilterModel *filter,
                                             QMainWindow *window, NotificationModel *messages,
                                             QObject *parent, Tray tray)
    : QObject(parent)
    , m_notifier(notifier)
    , m_filter(filter)
    , m_window(window)
    , m_messages(messages)
{
    connect(notifier, &OperationNotifier::noticePosted, this, &NotificationPresenter::present);
    connect(notifier, &OperationNotifier::unseenFailuresChanged, this,
            &NotificationPresenter::markSeen);
    connect(notifier, &OperationNotifier::unseenFailuresChanged, this,
            &NotificationPresenter::updateSummary);
    connect(filter, &OperationFilterModel::countsChanged, this,
            &NotificationPresenter::updateSummary);

    const bool useTray = tray == Tray::Always
            || (tray == Tray::Auto && QSystemTrayIcon::isSystemTrayAvailable());
    if (useTray) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_trayMenu = new QMenu(window);
        m_voteAction = m_trayMenu->addAction(QString());
        m_failureAction = m_trayMenu->addAction(QString());
        connect(m_voteAction, &QAction::triggered, this,
                &NotificationPresenter::needsVoteRequested);
        connect(m_failureAction, &QAction::triggered, this, &NotificationPresenter::failureClicked);
        QAction *show = m_trayMenu->addAction(tr("&Show Optrack"));
        m_trayMenu->addSeparator();
        QAction *quit = m_trayMenu->addAction(tr("&Quit"));
        connect(show, &QAction::triggered, this, &NotificationPresenter::showWindowRequested);
        connect(quit, &QAction::triggered, this, &NotificationPresenter::quitRequested);
        m_tray->setContextMenu(m_trayMenu);
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason == QSystemTrayIcon::Trigger
                        || reason == QSystemTrayIcon::DoubleClick)
                        emit showWindowRequested();
                });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (!m_lastNoticeOperation.isEmpty())
                emit operationRequested(m_lastNoticeOperation);
        });
        m_tray->show();
    } else if (tray == Tray::Auto && QDBusConnection::sessionBus().isConnected()) {
        // A notice the service does not take is still in the list of messages.
        m_desktop = new DesktopNotifications(QDBusConnection::sessionBus(), this);
        connect(m_desktop, &DesktopNotifications::operationRequested, this,
                &NotificationPresenter::operationRequested);
    }
    updateSummary();
}

NotificationPresenter::~NotificationPresenter()
{
    delete m_trayMenu;
}

QString NotificationPresenter::summaryText() const
{
    if (!m_filter)
        return {};
    const int running = m_filter->statusCount(OperationStatus::Pending)
            + m_filter->statusCount(OperationStatus::InProgress)
            + m_filter->statusCount(OperationStatus::Approved);
    QStringList parts{tr("%n running", nullptr, running)};
    if (const int votes = m_filter->needsMyVoteCount(); votes > 0)
        parts.append(votes == 1 ? tr("1 needs your vote") : tr("%1 need your vote").arg(votes));
    if (m_notifier) {
        if (const int failed = int(m_notifier->unseenFailures().size()); failed > 0)
            parts.append(tr("%n failed", nullptr, failed));
    }
    return parts.join(u", "_s);
}

void NotificationPresenter::present(const OperationNotifier::Notice &notice)
{
    m_lastNoticeOperation = notice.operationId;
    if (m_messages) {
        NotificationModel::Kind kind = NotificationModel::Kind::Success;
        switch (notice.kind) {
        case OperationNotifier::Kind::Failed:
            kind = NotificationModel::Kind::Failure;
            break;
        case OperationNotifier::Kind::NeedsVote:
            kind = NotificationModel::Kind::NeedsVote;
            break;
        case OperationNotifier::Kind::Finished:
            break;
        }
        m_messages->post({kind, notice.title, notice.text, notice.operationId, {}, {}, true});
    }
    if (m_tray) {
        const QSystemTrayIcon::MessageIcon icon = notice.kind == OperationNotifier::Kind::Failed
                ? QSystemTrayIcon::Warning
                : QSystemTrayIcon::Information;
        m_tray->showMessage(notice.title, notice.text, icon, messageTimeoutMs);
    } else if (m_desktop && m_desktop->isUsable()) {
        m_desktop->show(notice.title, notice.text,
                        notice.kind == OperationNotifier::Kind::Failed
                                ? DesktopNotifications::Urgency::Critical
                                : DesktopNotifications::Urgency::Normal,
                        notice.operationId, messageTimeoutMs);
    }
}

void NotificationPresenter::updateSummary()
{
    if (!m_tray)
        return;
    m_tray->setToolTip(u"Optrack — %1"_s.arg(summaryText()));
    const int votes = m_filter ? m_filter->needsMyVoteCount() : 0;
    m_voteAction->setText(tr("Needs your vote (%1)").arg(votes));
    m_voteAction->setVisible(votes > 0);
    const int failed = m_notifier ? int(m_notifier->unseenFailures().size()) : 0;
    m_failureAction->setText(tr("Failed, not yet seen (%1)").arg(failed));
    m_failureAction->setVisible(failed > 0);
}

void NotificationPresenter::markSeen()
{
    // A failure the user has looked at is no longer unread in the list either.
    const QStringList unseen = m_notifier ? m_notifier->unseenFailures() : QStringList();
    for (const QString &operationId : std::as_const(m_unseenFailures)) {
        if (!unseen.contains(operationId) && m_messages)
            m_messages->markOperationRead(operationId);
    }
    m_unseenFailures = unseen;
}

void NotificationPresenter::failureClicked()
{
    if (m_notifier && !m_notifier->unseenFailures().isEmpty())
        emit operationRequested(m_notifier->unseenFailures().constLast());
}

} // namespace optrack
