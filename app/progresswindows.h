#pragma once

#include "connectionstate.h"
#include "operationprogressdialog.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

class QWidget;

namespace optrack {

class ApiConnection;
class OperationFeedUnion;
class OperationTracker;
class OperationsClient;
class VotesClient;

/// The open progress windows: one per operation, raised again when asked twice. Each is
/// fed by an OperationTracker that reads the shared feed while the operation is in it
/// (and polls the single operation only while it is not), so ten windows never make ten
/// pollers of the same data. Their Cancel and votes go to the service and the answer is
/// shown in the window. A window opens in the mode remembered for its type (ProgressModes)
/// unless one is asked for; the user's switch is remembered. One opened for work just
/// started waits showDelay before it appears, like KJobWidgets: work that succeeds sooner
/// never flashes a window up (a failure shows at once).
class ProgressWindows final : public QObject
{
    Q_OBJECT

public:
    using Mode = OperationProgressDialog::Mode;
    /// Now: the user asked to see it. AfterDelay: work just started, shown once it lasts.
    enum class Show { Now, AfterDelay };
    static constexpr std::chrono::milliseconds defaultShowDelay{500};

    ProgressWindows(ApiConnection *connection, OperationFeedUnion *feeds,
                    OperationsClient *operations, VotesClient *votes, QWidget *parentWindow,
                    QObject *parent = nullptr);
    ~ProgressWindows() override;

    /// Opens (or raises) the window of an operation, in `mode` when given (also switching
    /// an open one), else in the mode remembered for its type. `operationType` names the
    /// type while the feed does not know the operation yet.
    OperationProgressDialog *open(const QString &operationId, const QString &title,
                                  std::optional<Mode> mode = std::nullopt, Show show = Show::Now,
                                  const QString &operationType = {});
    void setShowDelay(std::chrono::milliseconds delay) { m_showDelay = delay; }
    OperationProgressDialog *window(const QString &operationId) const;
    QStringList openOperations() const { return m_windows.keys(); }

    void setCurrentUser(const QString &userId, const QStringList &roles);
    /// The link to the service, for every window (and those opened later).
    void setConnection(const optrack::ConnectionInfo &info);
    /// Closes every window (another account or server).
    void closeAll();

signals:
    /// A window was opened or raised: the user is looking at this operation.
    void opened(const QString &operationId);
    /// What the service answered to an action taken in a window.
    void actionFinished(const QString &operationId, bool ok, const QString &message);
    /// Download… in a finished export's window.
    void downloadRequested(const QString &operationId);

private:
    struct Entry
    {
        QPointer<OperationProgressDialog> dialog;
        OperationTracker *tracker = nullptr;
        QString operationType;
        /// Waiting out the show delay (AfterDelay), not yet shown.
        bool pending = false;
    };

    void cancel(const QString &operationId);
    void vote(const QString &operationId, VoteDecision decision, const QString &reason);
    void forget(const QString &operationId);
    /// Opened: tells opened() (the user is looking at it). Quietly: shown by itself.
    enum class Announce { Opened, Quietly };
    void reveal(const QString &operationId, Announce announce = Announce::Opened);
    void handleFinished(const QString &operationId, OperationStatus status);
    QString typeOf(const QString &operationId) const;
    void report(const QString &operationId, bool ok, const QString &message);

    QPointer<ApiConnection> m_connection;
    QPointer<OperationFeedUnion> m_feeds;
    QPointer<OperationsClient> m_operations;
    QPointer<VotesClient> m_votes;
    QPointer<QWidget> m_parentWindow;
    QHash<QString, Entry> m_windows;
    QString m_userId;
    QStringList m_roles;
    std::chrono::milliseconds m_showDelay = defaultShowDelay;
    ConnectionInfo m_connectionInfo{ConnectionState::Connecting, -1, {}, {}};
};

} // namespace optrack
