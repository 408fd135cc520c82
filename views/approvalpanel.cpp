#include "approvalpanel.h"

#include "statuscolors.h"
#include "votedecisiondelegate.h"
#include "votelistmodel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeView>
#include <QVBoxLayout>

namespace optrack {

namespace {

constexpr int rowSpacing = 6;

QString approvalsWord(int required)
{
    return required == 1 ? ApprovalPanel::tr("approval") : ApprovalPanel::tr("approvals");
}

} // namespace

ApprovalPanel::ApprovalPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new VoteListModel(this))
    , m_heading(new QLabel(tr("Approval"), this))
    , m_tally(new QLabel(this))
    , m_voters(new QLabel(this))
    , m_noVotes(new QLabel(tr("No votes yet."), this))
    , m_view(new QTreeView(this))
{
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_tally->setFont(headingFont);
    m_tally->setAccessibleName(tr("Approval tally"));
    m_voters->setWordWrap(true);
    m_voters->setAccessibleName(tr("Who may vote"));
    m_noVotes->setAccessibleName(tr("Votes"));

    m_view->setModel(m_model);
    m_view->setItemDelegate(new VoteDecisionDelegate(m_view));
    m_view->setAccessibleName(tr("Votes"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionsMovable(false);
    header->setSectionResizeMode(VoteListModel::Voter, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(VoteListModel::Decision, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(VoteListModel::Reason, QHeaderView::Stretch);
    header->setSectionResizeMode(VoteListModel::Time, QHeaderView::ResizeToContents);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_heading);
    top->addStretch(1);
    top->addWidget(m_tally);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(rowSpacing);
    layout->addLayout(top);
    layout->addWidget(m_voters);
    layout->addWidget(m_noVotes);
    layout->addWidget(m_view);

    connect(m_model, &VoteListModel::approvalSummaryChanged, this, &ApprovalPanel::updateSummary);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ApprovalPanel::fitViewToRows);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ApprovalPanel::fitViewToRows);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ApprovalPanel::fitViewToRows);
    updateSummary();
    fitViewToRows();
}

QString ApprovalPanel::tally(const Approval &approval)
{
    QString text = tr("%1 of %2 %3")
                           .arg(approval.approvals)
                           .arg(approval.required)
                           .arg(approvalsWord(approval.required));
    if (approval.denials > 0)
        text += approval.denials == 1 ? tr(", 1 denial") : tr(", %1 denials").arg(approval.denials);
    return text;
}

QString ApprovalPanel::tallyText() const
{
    return m_tally->text();
}

void ApprovalPanel::setApproval(const std::optional<Approval> &approval)
{
    m_model->setApproval(approval);
}

void ApprovalPanel::updateSummary()
{
    const std::optional<Approval> &approval = m_model->approval();
    if (!approval) {
        m_tally->clear();
        m_voters->clear();
        return;
    }
    m_tally->setText(tally(*approval));
    const auto tone = approval->decision == ApprovalDecision::Approved ? StatusColors::Tone::Success
            : approval->decision == ApprovalDecision::Denied           ? StatusColors::Tone::Failure
                                                             : StatusColors::Tone::Waiting;
    QPalette tallyPalette = m_tally->palette();
    tallyPalette.setColor(QPalette::WindowText, StatusColors::color(tone, palette()));
    m_tally->setPalette(tallyPalette);

    QString voters;
    switch (approval->decision) {
    case ApprovalDecision::Approved:
        voters = tr("Approved by the votes below.");
        break;
    case ApprovalDecision::Denied:
        voters = tr("Denied by the votes below.");
        break;
    case ApprovalDecision::Pending:
        voters = approval->voterRole.isEmpty()
                ? tr("Waiting for votes")
                : tr("Waiting for votes from the %1 role").arg(approval->voterRole);
        voters = approval->expiresAt.isValid()
                ? tr("%1, until %2.")
                          .arg(voters,
                               QLocale().toString(approval->expiresAt.toLocalTime(),
                                                  QLocale::ShortFormat))
                : voters + u'.';
        break;
    }
    m_voters->setText(voters);
}

void ApprovalPanel::fitViewToRows()
{
    const int rows = m_model->rowCount();
    m_noVotes->setVisible(rows == 0);
    m_view->setVisible(rows > 0);
    if (rows == 0)
        return;
    const int rowHeight = m_view->sizeHintForRow(0);
    const int shown = qMin(rows, maximumVisibleVotes);
    m_view->setFixedHeight(m_view->header()->sizeHint().height() + shown * rowHeight
                           + 2 * m_view->frameWidth());
}

void ApprovalPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateSummary();
}

} // namespace optrack
