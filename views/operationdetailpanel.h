#pragma once

#include "operation.h"
#include "operationactions.h"
#include "operationevent.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QStackedWidget;

namespace optrack {

class ApprovalPanel;
class OperationEventModel;
class StatusBadge;
class StepIndicator;
class VoteListModel;

/// The selected operation in full: name and status, its steps, progress and time
/// remaining, the votes with their reasons ("1 of 2 approvals"), the error, the audit
/// trail, and the actions that apply to it for the current user. Actions leave as
/// signals carrying the operation id; Cancel asks first and Deny asks for a reason. One
/// vote is one decision: after a vote no vote action applies until the user picks an
/// operation again.
class OperationDetailPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit OperationDetailPanel(QWidget *parent = nullptr);

    /// Who is looking: decides which actions are offered.
    void setCurrentUser(const QString &userId, const QStringList &roles);
    /// Shows an operation, or its newer state; another id clears the audit trail.
    void setOperation(const Operation &operation);
    void clearOperation();
    bool hasOperation() const { return m_operation.has_value(); }
    QString operationId() const;
    const std::optional<Operation> &operation() const { return m_operation; }
    OperationActions actions() const { return m_actions; }

    /// The audit trail of the shown operation, read by the controller from /events.
    /// Ignored when it is for another operation than the one shown.
    void setEvents(const QString &operationId, const QList<OperationEvent> &events);
    OperationEventModel *eventModel() const { return m_eventModel; }
    VoteListModel *voteModel() const;
    ApprovalPanel *approvalPanel() const { return m_approval; }
    StepIndicator *stepIndicator() const { return m_stepList; }

    QPushButton *cancelButton() const { return m_cancelButton; }
    QPushButton *approveButton() const;
    QPushButton *denyButton() const;
    /// True from a vote on the shown operation until the user picks an operation again:
    /// no vote action applies meanwhile, so a double-click or a repeated key casts one.
    bool isVoteSent() const;
    QPushButton *retryButton() const { return m_retryButton; }
    QPushButton *openProgressButton() const { return m_openButton; }
    QPushButton *downloadButton() const { return m_downloadButton; }
    QString errorText() const;
    QString approvalSummaryText() const;
    QString timeText() const;
    /// While what is shown is not current (invalid: it is), the time left says as of when.
    void setStaleAsOf(const QDateTime &asOf);

public slots:
    /// Asks whether to cancel, then emits cancelRequested.
    void requestCancel();
    void requestApprove();
    /// Asks for a reason, then emits voteRequested with Deny.
    void requestDeny();
    void requestRetry();
    void requestOpenProgress();
    void requestDownload();
    /// The user picked the shown operation again: its vote actions apply again.
    void rearmVoting();
    /// Votes were sent on these operations from elsewhere (Approve selected…).
    void noteVotesSent(const QStringList &operationIds);

signals:
    void cancelRequested(const QString &operationId);
    void voteRequested(const QString &operationId, optrack::VoteDecision decision,
                       const QString &reason);
    void retryRequested(const QString &operationId);
    void openProgressRequested(const QString &operationId);
    void downloadRequested(const QString &operationId);
    /// The actions that apply changed (another operation, status or user).
    void actionsChanged();

private:
    QWidget *buildHeader();
    QWidget *buildErrorBox();
    QWidget *buildProgressColumn();
    QWidget *buildApprovalColumn();
    QWidget *buildActivityColumn();
    void updateContent();
    void updateActions();
    QString describeTime(const Operation &operation) const;

    QString m_userId;
    QStringList m_roles;
    std::optional<Operation> m_operation;
    OperationActions m_actions;
    /// The operation a vote was sent on, until the user picks an operation again.
    QString m_voteSentFor;

    OperationEventModel *m_eventModel = nullptr;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_nameLabel = nullptr;
    StatusBadge *m_badge = nullptr;
    QLabel *m_metaLabel = nullptr;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_retryButton = nullptr;
    QPushButton *m_downloadButton = nullptr;

    QProgressBar *m_progressBar = nullptr;
    QLabel *m_stepLabel = nullptr;
    QLabel *m_timeLabel = nullptr;
    QDateTime m_staleAsOf;
    StepIndicator *m_stepList = nullptr;
    QWidget *m_errorBox = nullptr;
    QLabel *m_errorLabel = nullptr;

    QScrollArea *m_approvalScroll = nullptr;
    ApprovalPanel *m_approval = nullptr;

    QListView *m_eventView = nullptr;
};

} // namespace optrack
