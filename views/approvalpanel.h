#pragma once

#include "operation.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTreeView;

namespace optrack {

class VoteListModel;

/// The approval of one operation: a tally line ("1 of 2 approvals"), who may vote, and
/// the votes cast with decision, reason and time in a compact list.
class ApprovalPanel final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int maximumVisibleVotes = 4;

    explicit ApprovalPanel(QWidget *parent = nullptr);

    /// "1 of 2 approvals", with the denials and the decision when there are any.
    static QString tally(const Approval &approval);

    QString tallyText() const;
    VoteListModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

public slots:
    void setApproval(const std::optional<optrack::Approval> &approval);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateSummary();
    void fitViewToRows();

    VoteListModel *m_model = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_tally = nullptr;
    QLabel *m_voters = nullptr;
    QLabel *m_noVotes = nullptr;
    QTreeView *m_view = nullptr;
};

} // namespace optrack
