#include "session.h"

#include "accessrules.h"
#include "accountclient.h"
#include "apiconnection.h"
#include "operationfeed.h"
#include "operationfiltermodel.h"
#include "operationtablemodel.h"

#include <QLoggingCategory>
#include <QSignalBlocker>

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcApp)

Session::Session(ApiConnection *connection, OperationFeed *feed, OperationTableModel *table,
                 OperationFilterModel *filter, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_feed(feed)
    , m_table(table)
    , m_filter(filter)
    , m_account(new AccountClient(connection, this))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Session::identify);
}

bool Session::isStaff(const UserInfo &user)
{
    return access::seesEveryOperation(user.roles);
}

OperationScope Session::scopeFor(const UserInfo &user)
{
    if (access::mayListAll(user.roles))
        return OperationScope::All;
    if (user.hasRole(access::approverRole) && !user.hasRole(access::userRole))
        return OperationScope::Approvals;
    return OperationScope::Mine;
}

void Session::setVoteFeed(OperationFeed *feed)
{
    m_voteFeed = feed;
}

bool Session::needsVoteFeed(const UserInfo &user)
{
    return user.hasRole(access::approverRole) && scopeFor(user) == OperationScope::Mine;
}

void Session::signIn(const QUrl &baseUrl, const QString &token)
{
    ++m_generation;
    m_retryTimer.stop();
    m_retryDelay = firstRetryDelay;
    if (m_call)
        m_call->abort();
    m_user = {};
    if (baseUrl != m_baseUrl || token != m_token) {
        m_baseUrl = baseUrl;
        m_token = token;
        {
            // The feed would report the swap as cleared() (and "Stopped." as its state);
            // the table is reset once, below, and the state follows with start().
            const QSignalBlocker blocker(m_feed);
            const QSignalBlocker voteBlocker(m_voteFeed);
            m_feed->stop();
            stopVoteFeed();
            m_connection->setEndpoint(baseUrl, token);
        }
        m_table->clear();
        emit swapped();
    }
    qCInfo(lcApp) << "signing in to" << baseUrl.toString();
    emit signingIn();
    identify();
}

void Session::moveTo(const QUrl &baseUrl)
{
    m_baseUrl = baseUrl;
    m_connection->moveTo(baseUrl);
}

void Session::stop()
{
    ++m_generation;
    m_retryTimer.stop();
    if (m_call)
        m_call->abort();
    m_feed->stop();
    if (m_voteFeed)
        m_voteFeed->stop();
}

void Session::stopVoteFeed()
{
    // Stopped and emptied in silence: the table is reset by the caller.
    if (!m_voteFeed)
        return;
    const QSignalBlocker blocker(m_voteFeed);
    m_voteFeed->stop();
    m_voteFeed->setScope(OperationScope::Mine);
}

void Session::identify()
{
    const int generation = m_generation;
    m_call = m_account->me(this, [this, generation](const ApiStatus &status, const UserInfo &user) {
        if (generation == m_generation)
            handleIdentified(status, user);
    });
}

void Session::handleIdentified(const ApiStatus &status, const UserInfo &user)
{
    if (!status.ok()) {
        qCWarning(lcApp) << "sign-in failed:" << categoryLabel(status.category) << status.message;
        emit signInFailed(status);
        if (status.category == ErrorCategory::CannotConnect
            || status.category == ErrorCategory::TimedOut
            || status.category == ErrorCategory::ServiceError) {
            m_retryTimer.start(m_retryDelay);
            m_retryDelay = std::min(m_retryDelay * 2, maxRetryDelay);
        }
        return;
    }
    m_user = user;
    qCInfo(lcApp) << "signed in as" << user.userId << user.roles;
    m_filter->setCurrentUser(user.userId, user.roles);
    {
        // Still stopped and empty: the new scope needs no second reset.
        const QSignalBlocker blocker(m_feed);
        m_feed->setScope(scopeFor(user));
    }
    emit signedIn(user);
    m_feed->start();
    if (m_voteFeed && needsVoteFeed(user)) {
        {
            const QSignalBlocker blocker(m_voteFeed);
            m_voteFeed->setScope(OperationScope::Approvals);
        }
        m_voteFeed->start();
    }
}

} // namespace optrack
