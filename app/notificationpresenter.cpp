#include "notificationpresenter.h"

#include "desktopnotifications.h"
#include "operationfiltermodel.h"
#include "statusline.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QPushButton>
#include <QStatusBar>
#include <QSystemTrayIcon>

namespace optrack {

using namespace Qt::StringLiterals;

NotificationPresenter::NotificationPresenter(OperationNotifier *notifier,
                                             const OperationFilterModel *filter,
                                             QMainWindow *window, StatusLine *statusLine,
                                             QObject *parent, Tray tray)
    : QObject(parent)
    , m_notifier(notifier)
    , m_filter(filter)
    , m_window(window)
    , m_statusLine(statusLine)
{
    connect(notifier, &OperationNotifier::noticePosted, this, &NotificationPresenter::present);
    connect(notifier, &OperationNotifier::unseenFailuresChanged, this,
            &NotificationPresenter::updateFailureButton);
    connect(notifier, &OperationNotifier::unseenFailuresChanged, this,
            &NotificationPresenter::updateSummary);
    connect(filter, &OperationFilterModel::countsChanged, this,
            &NotificationPresenter::updateSummary);

    m_failureButton = new QPushButton(window);
    m_failureButton->setFlat(true);
    m_failureButton->setAccessibleName(tr("Failed operations not yet seen"));
    m_failureButton->setToolTip(tr("Show the failed operation"));
    m_failureButton->hide();
    connect(m_failureButton, &QPushButton::clicked, this, &NotificationPresenter::failureClicked);
    window->statusBar()->addPermanentWidget(m_failureButton);

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
        m_desktop = new DesktopNotifications(QDBusConnection::sessionBus(), this);
        connect(m_desktop, &DesktopNotifications::operationRequested, this,
                &NotificationPresenter::operationRequested);
        connect(m_desktop, &DesktopNotifications::unavailable, this,
                &NotificationPresenter::showInStatusBar);
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
    if (m_tray) {
        const QSystemTrayIcon::MessageIcon icon = notice.kind == OperationNotifier::Kind::Failed
                ? QSystemTrayIcon::Warning
                : QSystemTrayIcon::Information;
        m_tray->showMessage(notice.title, notice.text, icon, messageTimeoutMs);
        return;
    }
    if (m_desktop && m_desktop->isUsable()) {
        m_desktop->show(notice.title, notice.text,
                        notice.kind == OperationNotifier::Kind::Failed
                                ? DesktopNotifications::Urgency::Critical
                                : DesktopNotifications::Urgency::Normal,
                        notice.operationId, messageTimeoutMs);
        return;
    }
    showInStatusBar(notice.title, notice.text);
}

void NotificationPresenter::showInStatusBar(const QString &title, const QString &text)
{
    // Failures also stay in the failure button; this is the passing mention.
    m_lastStatusMessage = u"%1 — %2"_s.arg(title, text);
    if (m_statusLine)
        m_statusLine->showMessage(m_lastStatusMessage, messageTimeoutMs);
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

void NotificationPresenter::updateFailureButton()
{
    const QStringList failures = m_notifier ? m_notifier->unseenFailures() : QStringList();
    if (failures.isEmpty()) {
        m_failureButton->hide();
        return;
    }
    const OperationNotifier::Notice latest = m_notifier->failureNotice(failures.constLast());
    const QString text = failures.size() == 1
            ? latest.title
            : tr("%n failed operations not yet seen", nullptr, int(failures.size()));
    m_failureButton->setText(u"⚠ "_s + text);
    m_failureButton->setToolTip(latest.text);
    m_failureButton->show();
}

void NotificationPresenter::failureClicked()
{
    if (m_notifier && !m_notifier->unseenFailures().isEmpty())
        emit operationRequested(m_notifier->unseenFailures().constLast());
}

} // namespace optrack
