#include "progresswindows.h"

#include "apiconnection.h"
#include "operationfeed.h"
#include "operationfeedunion.h"
#include "operationsclient.h"
#include "operationtracker.h"
#include "progressmodes.h"
#include "votesclient.h"

#include <QTimer>
#include <QWidget>

namespace optrack {

using namespace Qt::StringLiterals;

ProgressWindows::ProgressWindows(ApiConnection *connection, OperationFeedUnion *feeds,
                                 OperationsClient *operations, VotesClient *votes,
                                 QWidget *parentWindow, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_feeds(feeds)
    , m_operations(operations)
    , m_votes(votes)
    , m_parentWindow(parentWindow)
{ }

ProgressWindows::~ProgressWindows()
{
    closeAll();
}

OperationProgressDialog *ProgressWindows::open(const QString &operationId, const QString &title,
                                               std::optional<Mode> mode, Show show,
                                               const QString &operationType)
{
    const QString type = operationType.isEmpty() ? typeOf(operationId) : operationType;
    if (mode && !type.isEmpty())
        ProgressModes::remember(type, *mode); // asked for by the user: the type's choice now
    if (OperationProgressDialog *existing = window(operationId)) {
        if (mode)
            existing->setMode(*mode);
        reveal(operationId, Announce::Quietly); // told just below
        existing->raise();
        existing->activateWindow();
        emit opened(operationId);
        return existing;
    }
    auto *dialog = new OperationProgressDialog(
            operationId, title, mode.value_or(ProgressModes::modeFor(type)), m_parentWindow);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setCurrentUser(m_userId, m_roles);
    dialog->setConnection(m_connectionInfo);
    // The tracker follows the feed that holds the operation (the user's own, or what
    // waits for their vote), else the first one, which may get it later.
    OperationFeed *feed = nullptr;
    if (m_feeds) {
        const QList<OperationFeed *> feeds = m_feeds->feeds();
        for (OperationFeed *candidate : feeds) {
            if (candidate->contains(operationId)) {
                feed = candidate;
                break;
            }
        }
        if (!feed && !feeds.isEmpty())
            feed = feeds.constFirst();
    }
    auto *tracker = new OperationTracker(m_connection, feed, this);
    m_windows.insert(operationId, {dialog, tracker, type, show == Show::AfterDelay});

    connect(tracker, &OperationTracker::operationChanged, dialog,
            &OperationProgressDialog::setOperation);
    connect(tracker, &OperationTracker::errorOccurred, dialog, [dialog](const ApiStatus &status) {
        // Passing outages show in the main window; a lost operation belongs here.
        if (status.category == ErrorCategory::NotFound
            || status.category == ErrorCategory::Forbidden)
            dialog->showActionResult(false, status.message);
    });
    connect(tracker, &OperationTracker::finished, this,
            [this, operationId](OperationStatus status) { handleFinished(operationId, status); });
    connect(dialog, &OperationProgressDialog::cancelRequested, this, &ProgressWindows::cancel);
    connect(dialog, &OperationProgressDialog::voteRequested, this, &ProgressWindows::vote);
    connect(dialog, &OperationProgressDialog::downloadRequested, this,
            &ProgressWindows::downloadRequested);
    connect(dialog, &OperationProgressDialog::modeChosen, this,
            [this](const QString &id, Mode chosen) {
                ProgressModes::remember(typeOf(id), chosen);
            });
    connect(dialog, &OperationProgressDialog::closed, this, &ProgressWindows::forget);
    connect(dialog, &QObject::destroyed, this, [this, operationId] { forget(operationId); });

    // The feed's copy first, so the window never opens empty when it is known.
    if (m_feeds) {
        if (const std::optional<Operation> known = m_feeds->operation(operationId))
            dialog->setOperation(*known);
    }
    tracker->start(operationId);
    if (show == Show::AfterDelay) {
        QTimer::singleShot(m_showDelay, dialog, [this, operationId] { reveal(operationId); });
        return dialog;
    }
    reveal(operationId);
    emit opened(operationId);
    return dialog;
}

void ProgressWindows::reveal(const QString &operationId, Announce announce)
{
    const auto found = m_windows.find(operationId);
    if (found == m_windows.end() || !found->dialog)
        return;
    const bool wasPending = std::exchange(found->pending, false);
    found->dialog->show();
    found->dialog->raise();
    if (wasPending && announce == Announce::Opened)
        emit opened(operationId);
}

void ProgressWindows::handleFinished(const QString &operationId, OperationStatus status)
{
    const auto found = m_windows.constFind(operationId);
    if (found == m_windows.cend() || !found->pending)
        return;
    if (status != OperationStatus::Completed) {
        // A failure, a denial, a cancel: shown now. Popping up is not the user having
        // looked at it, so the failure stays unread in the messages.
        reveal(operationId, Announce::Quietly);
        return;
    }
    // Still waiting out its delay: a success never flashes up. Dropped after the tracker
    // has finished telling it.
    QTimer::singleShot(0, this, [this, operationId] {
        const auto entry = m_windows.constFind(operationId);
        if (entry == m_windows.cend() || !entry->pending)
            return;
        QPointer<OperationProgressDialog> dialog = entry->dialog;
        forget(operationId);
        if (dialog) {
            dialog->disconnect(this);
            dialog->deleteLater();
        }
    });
}

QString ProgressWindows::typeOf(const QString &operationId) const
{
    const auto found = m_windows.constFind(operationId);
    if (found != m_windows.cend() && !found->operationType.isEmpty())
        return found->operationType;
    if (found != m_windows.cend() && found->dialog && found->dialog->operation())
        return found->dialog->operation()->operationType;
    if (m_feeds) {
        if (const std::optional<Operation> known = m_feeds->operation(operationId))
            return known->operationType;
    }
    return {};
}

OperationProgressDialog *ProgressWindows::window(const QString &operationId) const
{
    const auto found = m_windows.constFind(operationId);
    return found == m_windows.cend() ? nullptr : found->dialog.data();
}

void ProgressWindows::setCurrentUser(const QString &userId, const QStringList &roles)
{
    m_userId = userId;
    m_roles = roles;
    for (const Entry &entry : std::as_const(m_windows)) {
        if (entry.dialog)
            entry.dialog->setCurrentUser(userId, roles);
    }
}

void ProgressWindows::setConnection(const ConnectionInfo &info)
{
    m_connectionInfo = info;
    for (const Entry &entry : std::as_const(m_windows)) {
        if (entry.dialog)
            entry.dialog->setConnection(info);
    }
}

void ProgressWindows::closeAll()
{
    const QHash<QString, Entry> windows = std::exchange(m_windows, {});
    for (const Entry &entry : windows) {
        delete entry.tracker;
        if (entry.dialog) {
            entry.dialog->disconnect(this);
            entry.dialog->close();
        }
    }
}

void ProgressWindows::cancel(const QString &operationId)
{
    if (!m_operations)
        return;
    if (OperationProgressDialog *dialog = window(operationId))
        dialog->setBusy(true);
    m_operations->cancel(operationId, {}, this,
                         [this, operationId](const ApiStatus &status, const Operation &operation) {
                             if (status.ok() && m_windows.contains(operationId))
                                 window(operationId)->setOperation(operation);
                             report(operationId, status.ok(),
                                    status.ok() ? tr("The service cancelled the operation.")
                                                : status.message);
                         });
}

void ProgressWindows::vote(const QString &operationId, VoteDecision decision, const QString &reason)
{
    if (!m_votes)
        return;
    if (OperationProgressDialog *dialog = window(operationId))
        dialog->setBusy(true);
    m_votes->vote(
            operationId, decision, reason, this,
            [this, operationId, decision](const ApiStatus &status, const VoteOutcome &outcome) {
                if (status.ok() && m_windows.contains(operationId))
                    window(operationId)->setOperation(outcome.operation);
                const QString done = decision == VoteDecision::Approve
                        ? tr("Your approval was recorded.")
                        : tr("Your denial was recorded.");
                report(operationId, status.ok(), status.ok() ? done : status.message);
            });
}

void ProgressWindows::report(const QString &operationId, bool ok, const QString &message)
{
    if (OperationProgressDialog *dialog = window(operationId)) {
        dialog->setBusy(false);
        dialog->showActionResult(ok, message);
    }
    emit actionFinished(operationId, ok, message);
}

void ProgressWindows::forget(const QString &operationId)
{
    const auto found = m_windows.find(operationId);
    if (found == m_windows.end())
        return;
    delete found->tracker;
    m_windows.erase(found);
}

} // namespace optrack
