#pragma once

#include "operation.h"

#include <QWidget>

#include <optional>

class QLabel;
class QListView;

namespace optrack {

class VoteListModel;

/// The approval of one operation, the same in the detail panel and the progress window:
/// the tally ("1 of 2 approvals", coloured by the decision), what it waits for and until
/// when, whether the viewer's vote is needed, and the votes cast with their reasons.
/// Column mode gives the votes the height of the column (the detail panel); Window mode
/// fits the list to its votes, up to maximumVisibleVotes (the progress window).
class ApprovalPanel final : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { Window, Column };
    Q_ENUM(Mode)

    static constexpr int maximumVisibleVotes = 4;

    explicit ApprovalPanel(Mode mode, QWidget *parent = nullptr);

    /// "1 of 2 approvals", with the denials when there are any.
    static QString tally(const Approval &approval);

    /// Shows the operation's approval; one that needs none clears the panel.
    void setOperation(const Operation &operation);
    void clear();
    /// Says "Your vote is needed." while the viewer may vote.
    void setVoteNeeded(bool needed);

    Mode mode() const { return m_mode; }
    QString tallyText() const;
    QString stateText() const;
    bool isVoteNeededShown() const;
    VoteListModel *model() const { return m_model; }
    QListView *view() const { return m_view; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateSummary();
    void fitViewToRows();

    Mode m_mode;
    std::optional<Operation> m_operation;
    VoteListModel *m_model = nullptr;
    QLabel *m_tally = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_voteNeeded = nullptr;
    QLabel *m_noVotes = nullptr;
    QListView *m_view = nullptr;
};

} // namespace optrack
