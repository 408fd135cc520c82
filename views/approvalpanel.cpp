#include "approvalpanel.h"

#include "accessrules.h"
#include "statuspalette.h"
#include "votedelegate.h"
#include "votelistmodel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QVBoxLayout>

namespace optrack {

namespace {

constexpr int rowSpacing = 6;

QFont bold(QFont font)
{
    font.setBold(true);
    return font;
}

void setTextColor(QWidget *widget, const QColor &color)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, color);
    widget->setPalette(palette);
}

OperationStatus statusOf(ApprovalDecision decision)
{
    switch (decision) {
    case ApprovalDecision::Approved:
        return OperationStatus::Approved;
    case ApprovalDecision::Denied:
        return OperationStatus::Denied;
    case ApprovalDecision::Pending:
        break;
    }
    return OperationStatus::WaitingForApproval;
}

} // namespace

ApprovalPanel::ApprovalPanel(Mode mode, QWidget *parent)
    : QWidget(parent)
    , m_mode(mode)
    , m_model(new VoteListModel(this))
    , m_tally(new QLabel(this))
    , m_state(new QLabel(this))
    , m_voteNeeded(new QLabel(tr("Your vote is needed."), this))
    , m_noVotes(new QLabel(tr("No votes yet."), this))
    , m_view(new QListView(this))
{
    setAccessibleName(tr("Approval"));
    auto *heading = new QLabel(tr("Approval"), this);
    heading->setFont(bold(heading->font()));
    m_tally->setFont(bold(m_tally->font()));
    m_tally->setAccessibleName(tr("Approval tally"));
    m_state->setWordWrap(true);
    m_state->setAccessibleName(tr("Approval state"));
    m_voteNeeded->setFont(bold(m_voteNeeded->font()));
    m_voteNeeded->setAccessibleName(tr("Your vote is needed"));
    m_voteNeeded->setVisible(false);
    m_noVotes->setAccessibleName(tr("Votes"));

    m_view->setModel(m_model);
    m_view->setModelColumn(VoteListModel::Voter);
    m_view->setItemDelegate(new VoteDelegate(m_view));
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setAccessibleName(tr("Votes"));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(heading);
    top->addStretch(1);
    top->addWidget(m_tally);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(rowSpacing);
    layout->addLayout(top);
    layout->addWidget(m_state);
    layout->addWidget(m_voteNeeded);
    layout->addWidget(m_noVotes);
    layout->addWidget(m_view, m_mode == Mode::Column ? 1 : 0);
    // With no votes to list (the view hidden) the labels stay at the top of a column.
    if (m_mode == Mode::Column)
        layout->addStretch(0);

    connect(m_model, &VoteListModel::approvalSummaryChanged, this, &ApprovalPanel::updateSummary);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ApprovalPanel::fitViewToRows);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ApprovalPanel::fitViewToRows);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ApprovalPanel::fitViewToRows);
    updateSummary();
    fitViewToRows();
}

QString ApprovalPanel::tally(const Approval &approval)
{
    QString text = approval.required == 1
            ? tr("%1 of 1 approval").arg(approval.approvals)
            : tr("%1 of %2 approvals").arg(approval.approvals).arg(approval.required);
    if (approval.denials > 0)
        text += approval.denials == 1 ? tr(", 1 denial") : tr(", %1 denials").arg(approval.denials);
    return text;
}

void ApprovalPanel::setOperation(const Operation &operation)
{
    m_operation = operation;
    m_model->setApproval(operation.approval);
    updateSummary();
}

void ApprovalPanel::clear()
{
    m_operation.reset();
    m_model->setApproval(std::nullopt);
    updateSummary();
}

void ApprovalPanel::setVoteNeeded(bool needed)
{
    m_voteNeeded->setVisible(needed);
}

QString ApprovalPanel::tallyText() const
{
    return m_tally->text();
}

QString ApprovalPanel::stateText() const
{
    return m_state->text();
}

bool ApprovalPanel::isVoteNeededShown() const
{
    return m_voteNeeded->isVisibleTo(this);
}

void ApprovalPanel::updateSummary()
{
    const std::optional<Approval> &approval = m_model->approval();
    if (!approval || !m_operation) {
        m_tally->clear();
        m_state->clear();
        return;
    }
    m_tally->setText(tally(*approval));
    setTextColor(m_tally, StatusPalette::color(statusOf(approval->decision), palette()));

    QString state;
    switch (approval->decision) {
    case ApprovalDecision::Pending: {
        if (m_operation->status != OperationStatus::WaitingForApproval) {
            state = tr("No decision was reached.");
            break;
        }
        const QString role = access::voterRoleOf(*approval);
        state = tr("Waiting for votes from the %1 role.").arg(role);
        if (approval->expiresAt.isValid())
            state += u' '
                    + tr("Fails unless decided by %1.")
                              .arg(QLocale().toString(approval->expiresAt.toLocalTime(),
                                                      QLocale::ShortFormat));
        break;
    }
    case ApprovalDecision::Approved:
        state = tr("Approved: the work went ahead.");
        break;
    case ApprovalDecision::Denied:
        state = tr("Denied: the work did not go ahead.");
        break;
    }
    m_state->setText(state);
    setTextColor(m_state, StatusPalette::mutedText(palette()));
    setTextColor(m_voteNeeded,
                 StatusPalette::badgeText(OperationStatus::WaitingForApproval, palette()));
}

void ApprovalPanel::fitViewToRows()
{
    const int rows = m_model->rowCount();
    m_noVotes->setVisible(rows == 0);
    m_view->setVisible(rows > 0);
    if (rows == 0 || m_mode == Mode::Column)
        return;
    const int shown = qMin(rows, maximumVisibleVotes);
    m_view->setFixedHeight(shown * m_view->sizeHintForRow(0) + 2 * m_view->frameWidth());
}

void ApprovalPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateSummary();
}

} // namespace optrack
