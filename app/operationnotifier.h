#pragma once

#include "apiresults.h"
#include "operation.h"
#include "sharedoperation.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace optrack {

class OperationFeedUnion;
class OperationFilterModel;

/// Decides what deserves a notification from the feed's changes, by comparing each
/// operation's new status with the one it had: an operation of mine failed or
/// finished, an operation now needs my vote. The first load only sets the baseline.
/// Failures stay in unseenFailures() until markSeen() (the user selected or opened the
/// operation).
class OperationNotifier final : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Failed, Finished, NeedsVote };
    Q_ENUM(Kind)

    struct Notice
    {
        Kind kind = Kind::Finished;
        QString operationId;
        QString title;
        QString text;
    };

    /// `filter` answers "does it need my vote" for the current user.
    OperationNotifier(OperationFeedUnion *feeds, const OperationFilterModel *filter,
                      QObject *parent = nullptr);

    void setCurrentUser(const UserInfo &user);
    /// The failures of mine the user has not looked at yet, oldest first.
    QStringList unseenFailures() const { return m_unseenFailures; }
    /// The notice of an unseen failure (its title and the error).
    Notice failureNotice(const QString &operationId) const
    {
        return m_failureNotices.value(operationId);
    }

public slots:
    /// `firstLoad`: what was already there when the feed started; it sets the baseline
    /// and posts nothing.
    void handleChanged(const QList<optrack::SharedOperation> &changed, bool firstLoad = false);
    void handleRemoved(const QStringList &operationIds);
    void handleCleared();
    /// The user has seen this operation: its failure no longer waits for attention.
    void markSeen(const QString &operationId);

signals:
    void noticePosted(const optrack::OperationNotifier::Notice &notice);
    void unseenFailuresChanged();

private:
    Notice noticeFor(Kind kind, const Operation &operation) const;

    QPointer<OperationFeedUnion> m_feeds;
    QPointer<const OperationFilterModel> m_filter;
    UserInfo m_user;
    /// The last status seen of every operation, and whether it needed my vote.
    QHash<QString, OperationStatus> m_statuses;
    QHash<QString, bool> m_neededVote;
    QStringList m_unseenFailures;
    QHash<QString, Notice> m_failureNotices;
};

} // namespace optrack
