#pragma once

#include "approvalfacts.h"
#include "operation.h"

#include <QTimer>
#include <QWidget>

#include <chrono>
#include <optional>

class QFormLayout;
class QFrame;
class QLabel;
class QListView;
class QPushButton;

namespace optrack {

class VoteListModel;

/// The approval of one operation, the same in the detail panel and the progress window:
/// the tally ("1 of 2 approvals", coloured by the decision) and what it waits for; while
/// it waits, what is being decided (ApprovalFacts: the file, its size, rows and owner, or
/// the context; who asked when, the votes so far, the time left) with Approve and Deny
/// beside it for a viewer who may vote; and the votes cast with their reasons. Column
/// mode gives the votes the rest of the column (the detail panel); Window mode fits the
/// list to its votes, up to maximumVisibleVotes (the progress window).
class ApprovalPanel final : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { Window, Column };
    Q_ENUM(Mode)
    /// What the viewer may do: nothing, vote, or wait for the vote they just sent (the
    /// buttons stay in place, disabled, so that a second click lands on nothing).
    enum class VoteState { None, Needed, Sent };
    Q_ENUM(VoteState)

    static constexpr int maximumVisibleVotes = 4;
    /// The time left is told again this often.
    static constexpr std::chrono::seconds countdownInterval{20};

    explicit ApprovalPanel(Mode mode, QWidget *parent = nullptr);

    /// "1 of 2 approvals", with the denials when there are any.
    static QString tally(const Approval &approval);

    /// Shows the operation's approval; one that needs none clears the panel.
    void setOperation(const Operation &operation);
    void clear();
    void setVoteState(VoteState state);
    VoteState voteState() const { return m_voteState; }

    Mode mode() const { return m_mode; }
    QString tallyText() const;
    QString stateText() const;
    /// The facts shown beside the decision (empty when nothing waits for a decision).
    QList<ApprovalFacts::Row> facts() const { return m_facts; }
    /// The label showing a fact's value (for tests and screenshots).
    QLabel *factLabel(const QString &label) const;
    bool isDecisionShown() const;
    QPushButton *approveButton() const { return m_approveButton; }
    QPushButton *denyButton() const { return m_denyButton; }
    VoteListModel *model() const { return m_model; }
    QListView *view() const { return m_view; }

signals:
    void approveClicked();
    void denyClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    QFrame *buildDecisionBox();
    void updateSummary();
    void updateFacts();
    void updateDecision();
    void fitViewToRows();
    bool isWaiting() const;

    Mode m_mode;
    std::optional<Operation> m_operation;
    VoteState m_voteState = VoteState::None;
    QList<ApprovalFacts::Row> m_facts;
    QTimer m_countdown;
    VoteListModel *m_model = nullptr;
    QLabel *m_tally = nullptr;
    QLabel *m_state = nullptr;
    QFrame *m_decision = nullptr;
    QLabel *m_voteLine = nullptr;
    QFormLayout *m_factsLayout = nullptr;
    QPushButton *m_approveButton = nullptr;
    QPushButton *m_denyButton = nullptr;
    QLabel *m_noVotes = nullptr;
    QListView *m_view = nullptr;
};

} // namespace optrack
