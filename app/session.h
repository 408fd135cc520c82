#pragma once

#include "apiresults.h"
#include "operationquery.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>

namespace optrack {

class AccountClient;
class ApiConnection;
class OperationFeed;
class OperationFilterModel;
class OperationTableModel;

/// Who the app is signed in as. signIn() is a real swap: the feed stops, the table is
/// reset once (the only reset the model ever sees), GET /api/me says who the token
/// belongs to, the feed's scope follows the roles (everything for staff and admin, what
/// waits for my vote for pure approvers, otherwise mine) and the feed starts again.
/// While the service cannot be reached, /api/me is asked again with a growing pause.
class Session final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds firstRetryDelay{1'000};
    static constexpr std::chrono::milliseconds maxRetryDelay{15'000};

    Session(ApiConnection *connection, OperationFeed *feed, OperationTableModel *table,
            OperationFilterModel *filter, QObject *parent = nullptr);

    /// A second feed for what waits for the user's vote, started for someone whose own
    /// scope does not show it (a user who is also an approver), stopped otherwise.
    void setVoteFeed(OperationFeed *feed);
    /// Whether that user needs the second feed.
    static bool needsVoteFeed(const UserInfo &user);
    void signIn(const QUrl &baseUrl, const QString &token);
    /// The same service now answers at `baseUrl` (the embedded one could not get its port
    /// back): nothing is swapped, the feeds catch up there.
    void moveTo(const QUrl &baseUrl);
    /// Stops asking; the feed keeps what it has.
    void stop();
    bool isSignedIn() const { return !m_user.userId.isEmpty(); }
    UserInfo user() const { return m_user; }

    /// The scope the feed uses for an account with these roles.
    static OperationScope scopeFor(const UserInfo &user);
    static bool isStaff(const UserInfo &user);

signals:
    void signingIn();
    /// Another service or account: what was shown belongs to the previous one.
    void swapped();
    void signedIn(const optrack::UserInfo &user);
    /// The service refused the token, or cannot be reached (it is asked again).
    void signInFailed(const optrack::ApiStatus &status);

private:
    void identify();
    void stopVoteFeed();
    void handleIdentified(const ApiStatus &status, const UserInfo &user);

    QPointer<ApiConnection> m_connection;
    QPointer<OperationFeed> m_feed;
    QPointer<OperationFeed> m_voteFeed;
    QPointer<OperationTableModel> m_table;
    QPointer<OperationFilterModel> m_filter;
    AccountClient *m_account = nullptr;
    QPointer<ApiCall> m_call;
    QTimer m_retryTimer;
    std::chrono::milliseconds m_retryDelay = firstRetryDelay;
    UserInfo m_user;
    QUrl m_baseUrl;
    QString m_token;
    int m_generation = 0;
};

} // namespace optrack
