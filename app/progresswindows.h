#pragma once

#include "connectionstate.h"
#include "operationprogressdialog.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

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
/// shown in the window.
class ProgressWindows final : public QObject
{
    Q_OBJECT

public:
    ProgressWindows(ApiConnection *connection, OperationFeedUnion *feeds,
                    OperationsClient *operations, VotesClient *votes, QWidget *parentWindow,
                    QObject *parent = nullptr);
    ~ProgressWindows() override;

    /// Opens (or raises) the window of an operation.
    OperationProgressDialog *open(const QString &operationId, const QString &title,
                                  OperationProgressDialog::Mode mode
                                  = OperationProgressDialog::Mode::Full);
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

private:
    struct Entry
    {
        QPointer<OperationProgressDialog> dialog;
        OperationTracker *tracker = nullptr;
    };

    void cancel(const QString &operationId);
    void vote(const QString &operationId, VoteDecision decision, const QString &reason);
    void forget(const QString &operationId);
    void report(const QString &operationId, bool ok, const QString &message);

    QPointer<ApiConnection> m_connection;
    QPointer<OperationFeedUnion> m_feeds;
    QPointer<OperationsClient> m_operations;
    QPointer<VotesClient> m_votes;
    QPointer<QWidget> m_parentWindow;
    QHash<QString, Entry> m_windows;
    QString m_userId;
    QStringList m_roles;
    ConnectionInfo m_connectionInfo{ConnectionState::Connecting, -1, {}, {}};
};

} // namespace optrack
