#include "approvalpanel.h"

#include "accessrules.h"
#include "statuspalette.h"
#include "votedelegate.h"
#include "votelistmodel.h"

#include <QEvent>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int rowSpacing = 6;
constexpr int boxMargin = 8;
constexpr double neededTintAmount = 0.08;

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
    layout->addWidget(buildDecisionBox());
    layout->addWidget(m_noVotes);
    layout->addWidget(m_view, m_mode == Mode::Column ? 1 : 0);
    // With no votes to list (the view hidden) the rest stays at the top of a column.
    if (m_mode == Mode::Column)
        layout->addStretch(0);

    m_countdown.setInterval(countdownInterval);
    connect(&m_countdown, &QTimer::timeout, this, &ApprovalPanel::updateFacts);
    connect(m_model, &VoteListModel::approvalSummaryChanged, this, &ApprovalPanel::updateSummary);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ApprovalPanel::fitViewToRows);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ApprovalPanel::fitViewToRows);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ApprovalPanel::fitViewToRows);
    updateSummary();
    updateDecision();
    fitViewToRows();
}

QFrame *ApprovalPanel::buildDecisionBox()
{
    m_decision = new QFrame(this);
    m_decision->setObjectName(u"decision"_s);
    m_decision->setFrameShape(QFrame::StyledPanel);
    m_decision->setAccessibleName(tr("What is being decided"));
    m_voteLine = new QLabel(m_decision);
    m_voteLine->setFont(bold(m_voteLine->font()));
    m_voteLine->setAccessibleName(tr("Your vote"));
    m_voteLine->setWordWrap(true);

    m_factsLayout = new QFormLayout;
    m_factsLayout->setContentsMargins(0, 0, 0, 0);
    m_factsLayout->setHorizontalSpacing(boxMargin * 3 / 2);
    m_factsLayout->setVerticalSpacing(2);
    m_factsLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_factsLayout->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_factsLayout->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_approveButton = new QPushButton(tr("&Approve"), m_decision);
    m_approveButton->setObjectName(u"approveButton"_s);
    m_approveButton->setAccessibleName(tr("Approve operation"));
    m_approveButton->setToolTip(tr("Vote to approve this operation"));
    m_approveButton->setAutoDefault(false);
    m_denyButton = new QPushButton(tr("D&eny…"), m_decision);
    m_denyButton->setObjectName(u"denyButton"_s);
    m_denyButton->setAccessibleName(tr("Deny operation"));
    m_denyButton->setToolTip(tr("Vote to deny this operation, with a reason"));
    m_denyButton->setAutoDefault(false);
    connect(m_approveButton, &QPushButton::clicked, this, &ApprovalPanel::approveClicked);
    connect(m_denyButton, &QPushButton::clicked, this, &ApprovalPanel::denyClicked);
    setTabOrder(m_approveButton, m_denyButton);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, rowSpacing / 2, 0, 0);
    buttons->addWidget(m_approveButton);
    buttons->addWidget(m_denyButton);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(m_decision);
    layout->setContentsMargins(boxMargin, boxMargin * 3 / 4, boxMargin, boxMargin);
    layout->setSpacing(rowSpacing);
    layout->addWidget(m_voteLine);
    layout->addLayout(m_factsLayout);
    layout->addLayout(buttons);
    return m_decision;
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
    updateFacts();
    updateDecision();
}

void ApprovalPanel::clear()
{
    m_operation.reset();
    m_model->setApproval(std::nullopt);
    updateSummary();
    updateFacts();
    updateDecision();
}

void ApprovalPanel::setVoteState(VoteState state)
{
    if (state == m_voteState)
        return;
    m_voteState = state;
    updateDecision();
}

bool ApprovalPanel::isWaiting() const
{
    return m_operation && m_operation->approval
            && m_operation->status == OperationStatus::WaitingForApproval;
}

QString ApprovalPanel::tallyText() const
{
    return m_tally->text();
}

QString ApprovalPanel::stateText() const
{
    return m_state->text();
}

bool ApprovalPanel::isDecisionShown() const
{
    return m_decision->isVisibleTo(this);
}

QLabel *ApprovalPanel::factLabel(const QString &label) const
{
    for (int row = 0; row < m_factsLayout->rowCount(); ++row) {
        auto *name = qobject_cast<QLabel *>(
                m_factsLayout->itemAt(row, QFormLayout::LabelRole)->widget());
        if (name && name->text() == label)
            return qobject_cast<QLabel *>(
                    m_factsLayout->itemAt(row, QFormLayout::FieldRole)->widget());
    }
    return nullptr;
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
        const QString role = access::voterRoleOf(*approval);
        state = isWaiting() ? tr("Waiting for votes from the %1 role.").arg(role)
                            : tr("No decision was reached.");
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
}

void ApprovalPanel::updateFacts()
{
    const QList<ApprovalFacts::Row> facts = isWaiting()
            ? ApprovalFacts::rows(*m_operation, QDateTime::currentDateTimeUtc())
            : QList<ApprovalFacts::Row>{};
    if (isWaiting())
        m_countdown.start();
    else
        m_countdown.stop();
    if (facts == m_facts)
        return;
    bool sameLabels = facts.size() == m_facts.size();
    for (qsizetype row = 0; sameLabels && row < facts.size(); ++row)
        sameLabels = facts.at(row).label == m_facts.at(row).label;
    m_facts = facts;
    if (sameLabels) {
        for (int row = 0; row < m_factsLayout->rowCount(); ++row)
            qobject_cast<QLabel *>(m_factsLayout->itemAt(row, QFormLayout::FieldRole)->widget())
                    ->setText(facts.at(row).value);
        return;
    }
    while (m_factsLayout->rowCount() > 0)
        m_factsLayout->removeRow(0);
    const QColor muted = StatusPalette::mutedText(palette());
    for (const ApprovalFacts::Row &fact : facts) {
        auto *name = new QLabel(fact.label, m_decision);
        setTextColor(name, muted);
        auto *value = new QLabel(fact.value, m_decision);
        value->setWordWrap(true);
        value->setTextFormat(Qt::PlainText);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setAccessibleName(fact.label);
        name->setBuddy(value);
        m_factsLayout->addRow(name, value);
    }
}

void ApprovalPanel::updateDecision()
{
    const bool waiting = isWaiting();
    m_decision->setVisible(waiting);
    const bool mayVote = waiting && m_voteState != VoteState::None;
    m_voteLine->setVisible(mayVote);
    m_approveButton->setVisible(mayVote);
    m_denyButton->setVisible(mayVote);
    const bool needed = m_voteState == VoteState::Needed;
    m_approveButton->setEnabled(needed);
    m_denyButton->setEnabled(needed);
    m_voteLine->setText(needed ? tr("Your vote is needed.") : tr("Your vote was sent."));
    setTextColor(m_voteLine,
                 needed ? StatusPalette::badgeText(OperationStatus::WaitingForApproval, palette())
                        : StatusPalette::mutedText(palette()));
    // A faint tint of the waiting colour while the decision is the viewer's to make.
    QPalette box = palette();
    box.setColor(QPalette::Window,
                 needed && waiting ? StatusPalette::blend(
                         StatusPalette::color(OperationStatus::WaitingForApproval, box),
                         box.color(QPalette::Window), neededTintAmount)
                                   : box.color(QPalette::Window));
    m_decision->setAutoFillBackground(needed && waiting);
    m_decision->setPalette(box);
    fitViewToRows();
}

void ApprovalPanel::fitViewToRows()
{
    const int rows = m_model->rowCount();
    // While waiting, the facts already say "Votes so far": no second line saying none.
    m_noVotes->setVisible(rows == 0 && !isWaiting());
    m_view->setVisible(rows > 0);
    if (rows == 0 || m_mode == Mode::Column)
        return;
    const int shown = qMin(rows, maximumVisibleVotes);
    m_view->setFixedHeight(shown * m_view->sizeHintForRow(0) + 2 * m_view->frameWidth());
}

void ApprovalPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateSummary();
        updateDecision();
    }
}

} // namespace optrack
