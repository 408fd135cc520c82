#include "operationdetailpanel.h"

#include "approvalpanel.h"
#include "cancelquestion.h"
#include "denyreasondialog.h"
#include "emptyoverlay.h"
#include "etaestimator.h"
#include "eventdelegate.h"
#include "freshness.h"
#include "operationeventmodel.h"
#include "statusbadge.h"
#include "statuspalette.h"
#include "stepindicator.h"

#include <QCoreApplication>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int progressMaximum = 100;
constexpr double titleScale = 1.25;
constexpr double errorFillFraction = 0.12;
constexpr int columnSpacing = 18;
constexpr int progressColumnStretch = 3;
constexpr int approvalColumnStretch = 4;
constexpr int activityColumnStretch = 3;
constexpr int errorIconSize = 16;
constexpr int columnTopMargin = 6;
constexpr int emptyPage = 0;
constexpr int contentPage = 1;

QLabel *sectionHeading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QString shortTime(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                          : QString();
}

} // namespace

OperationDetailPanel::OperationDetailPanel(QWidget *parent)
    : QWidget(parent)
    , m_eventModel(new OperationEventModel(this))
    , m_stack(new QStackedWidget(this))
{
    setAccessibleName(tr("Operation details"));

    auto *empty
            = new QLabel(tr("Select an operation to see its steps, votes and history."), m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setAccessibleName(tr("No operation selected"));
    StatusPalette::setMutedText(empty);
    m_stack->addWidget(empty);

    auto *content = new QWidget(m_stack);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(10, 8, 10, 8);
    contentLayout->addWidget(buildHeader());
    contentLayout->addWidget(buildErrorBox());
    auto *columns = new QHBoxLayout;
    columns->setSpacing(columnSpacing);
    columns->addWidget(buildProgressColumn(), progressColumnStretch);
    columns->addWidget(buildApprovalColumn(), approvalColumnStretch);
    columns->addWidget(buildActivityColumn(), activityColumnStretch);
    contentLayout->addLayout(columns, 1);
    m_stack->addWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    clearOperation();
}

QWidget *OperationDetailPanel::buildHeader()
{
    auto *header = new QWidget(this);
    auto *layout = new QVBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto *titleRow = new QHBoxLayout;
    m_nameLabel = new QLabel(header);
    QFont titleFont = m_nameLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * titleScale);
    m_nameLabel->setFont(titleFont);
    m_nameLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_nameLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_nameLabel->setMinimumWidth(120);
    m_nameLabel->setAccessibleName(tr("Operation name"));
    m_badge = new StatusBadge(header);
    titleRow->addWidget(m_nameLabel, 1);
    titleRow->addWidget(m_badge);
    titleRow->addSpacing(12);

    auto addButton = [&](const QString &text, const QString &accessibleName,
                         QStyle::StandardPixmap icon, void (OperationDetailPanel::*slot)()) {
        auto *button = new QPushButton(style()->standardIcon(icon), text, header);
        button->setAccessibleName(accessibleName);
        button->setAutoDefault(false);
        connect(button, &QPushButton::clicked, this, slot);
        titleRow->addWidget(button);
        return button;
    };
    m_retryButton = addButton(tr("Re&try"), tr("Retry"), QStyle::SP_BrowserReload,
                              &OperationDetailPanel::requestRetry);
    m_downloadButton
            = addButton(tr("Do&wnload result"), tr("Download result"), QStyle::SP_DialogSaveButton,
                        &OperationDetailPanel::requestDownload);
    m_cancelButton = addButton(tr("&Cancel operation…"), tr("Cancel operation"),
                               QStyle::SP_DialogCancelButton, &OperationDetailPanel::requestCancel);
    m_openButton
            = addButton(tr("Open &progress"), tr("Open progress window"),
                        QStyle::SP_FileDialogInfoView, &OperationDetailPanel::requestOpenProgress);
    layout->addLayout(titleRow);

    m_metaLabel = new QLabel(header);
    m_metaLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_metaLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_metaLabel->setAccessibleName(tr("Operation facts"));
    StatusPalette::setMutedText(m_metaLabel);
    layout->addWidget(m_metaLabel);
    return header;
}

QWidget *OperationDetailPanel::buildErrorBox()
{
    // Above the columns, full width: when something went wrong it is the first thing
    // to read, and it may be long.
    auto *box = new QFrame(this);
    box->setFrameShape(QFrame::StyledPanel);
    box->setAutoFillBackground(true);
    QPalette boxPalette = box->palette();
    boxPalette.setColor(
            QPalette::Window,
            StatusPalette::blend(StatusPalette::color(OperationStatus::Failed, boxPalette),
                                 boxPalette.color(QPalette::Base), errorFillFraction));
    box->setPalette(boxPalette);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(8, 5, 8, 5);
    auto *icon = new QLabel(box);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical).pixmap(errorIconSize));
    icon->setAlignment(Qt::AlignTop);
    icon->setAccessibleName(tr("Error"));
    layout->addWidget(icon);
    m_errorLabel = new QLabel(box);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_errorLabel->setFocusPolicy(Qt::StrongFocus);
    m_errorLabel->setAccessibleName(tr("Error message"));
    QPalette textPalette = m_errorLabel->palette();
    textPalette.setColor(QPalette::WindowText,
                         StatusPalette::badgeText(OperationStatus::Failed, textPalette));
    m_errorLabel->setPalette(textPalette);
    layout->addWidget(m_errorLabel, 1);
    m_errorBox = box;
    return box;
}

QWidget *OperationDetailPanel::buildProgressColumn()
{
    auto *scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setAccessibleName(tr("Progress and steps"));
    auto *column = new QWidget(scroll);
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 6, 4, 0);

    layout->addWidget(sectionHeading(tr("Progress"), column));
    m_progressBar = new QProgressBar(column);
    m_progressBar->setRange(0, progressMaximum);
    m_progressBar->setAccessibleName(tr("Progress"));
    layout->addWidget(m_progressBar);
    m_stepLabel = new QLabel(column);
    m_stepLabel->setWordWrap(true);
    m_stepLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stepLabel->setAccessibleName(tr("Current step"));
    layout->addWidget(m_stepLabel);
    m_timeLabel = new QLabel(column);
    m_timeLabel->setAccessibleName(tr("Time remaining"));
    StatusPalette::setMutedText(m_timeLabel);
    layout->addWidget(m_timeLabel);

    m_stepList = new StepIndicator(StepIndicator::Mode::Column, column);
    layout->addSpacing(4);
    layout->addWidget(m_stepList);

    layout->addStretch(1);

    scroll->setWidget(column);
    return scroll;
}

QWidget *OperationDetailPanel::buildApprovalColumn()
{
    // Scrolled, like the progress: the facts of a decision wrap to the column's width and
    // take the height they need, also in a short window.
    m_approvalScroll = new QScrollArea(this);
    m_approvalScroll->setFrameShape(QFrame::NoFrame);
    m_approvalScroll->setWidgetResizable(true);
    m_approvalScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_approvalScroll->setAccessibleName(tr("Approval"));
    m_approval = new ApprovalPanel(ApprovalPanel::Mode::Column, m_approvalScroll);
    m_approval->setContentsMargins(0, columnTopMargin, 4, 0);
    connect(m_approval, &ApprovalPanel::approveClicked, this,
            &OperationDetailPanel::requestApprove);
    connect(m_approval, &ApprovalPanel::denyClicked, this, &OperationDetailPanel::requestDeny);
    m_approvalScroll->setWidget(m_approval);
    return m_approvalScroll;
}

QWidget *OperationDetailPanel::buildActivityColumn()
{
    auto *column = new QWidget(this);
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addWidget(sectionHeading(tr("Activity"), column));
    m_eventView = new QListView(column);
    m_eventView->setModel(m_eventModel);
    m_eventView->setItemDelegate(new EventDelegate(m_eventView));
    m_eventView->setUniformItemSizes(true);
    m_eventView->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_eventView->setAccessibleName(tr("Audit trail"));
    layout->addWidget(m_eventView, 1);
    auto *empty = new EmptyOverlay(m_eventView);
    const auto updateEmpty = [this, empty] {
        empty->showWhen(m_eventModel->rowCount() == 0, tr("Loading the history…"));
    };
    connect(m_eventModel, &QAbstractItemModel::rowsInserted, m_eventView,
            [view = m_eventView] { view->scrollToBottom(); });
    connect(m_eventModel, &QAbstractItemModel::rowsInserted, this, updateEmpty);
    connect(m_eventModel, &QAbstractItemModel::rowsRemoved, this, updateEmpty);
    connect(m_eventModel, &QAbstractItemModel::modelReset, this, updateEmpty);
    updateEmpty();
    return column;
}

void OperationDetailPanel::setCurrentUser(const QString &userId, const QStringList &roles)
{
    if (userId == m_userId && roles == m_roles)
        return;
    m_userId = userId;
    m_roles = roles;
    updateActions();
}

void OperationDetailPanel::setOperation(const Operation &operation)
{
    const bool other = !m_operation || m_operation->operationId != operation.operationId;
    if (!other && *m_operation == operation)
        return;
    if (other) {
        m_eventModel->clear();
        m_voteSentFor.clear();
    }
    m_operation = operation;
    m_stack->setCurrentIndex(contentPage);
    updateContent();
    updateActions();
}

void OperationDetailPanel::clearOperation()
{
    m_operation.reset();
    m_voteSentFor.clear();
    m_eventModel->clear();
    m_approval->clear();
    m_stack->setCurrentIndex(emptyPage);
    updateActions();
}

QString OperationDetailPanel::operationId() const
{
    return m_operation ? m_operation->operationId : QString();
}

void OperationDetailPanel::setEvents(const QString &operationId,
                                     const QList<OperationEvent> &events)
{
    if (!m_operation || operationId != m_operation->operationId)
        return;
    m_eventModel->setEvents(events);
}

QString OperationDetailPanel::errorText() const
{
    return m_errorBox->isVisibleTo(this) ? m_errorLabel->text() : QString();
}

QString OperationDetailPanel::approvalSummaryText() const
{
    return m_approvalScroll->isVisibleTo(this) ? m_approval->tallyText() : QString();
}

VoteListModel *OperationDetailPanel::voteModel() const
{
    return m_approval->model();
}

QPushButton *OperationDetailPanel::approveButton() const
{
    return m_approval->approveButton();
}

QPushButton *OperationDetailPanel::denyButton() const
{
    return m_approval->denyButton();
}

bool OperationDetailPanel::isVoteSent() const
{
    return m_operation && !m_voteSentFor.isEmpty() && m_voteSentFor == m_operation->operationId;
}

void OperationDetailPanel::rearmVoting()
{
    if (m_voteSentFor.isEmpty())
        return;
    m_voteSentFor.clear();
    updateActions();
}

void OperationDetailPanel::noteVotesSent(const QStringList &operationIds)
{
    if (!m_operation || !operationIds.contains(m_operation->operationId))
        return;
    m_voteSentFor = m_operation->operationId;
    updateActions();
}

QString OperationDetailPanel::timeText() const
{
    return m_timeLabel->text();
}

void OperationDetailPanel::updateContent()
{
    const Operation &operation = *m_operation;
    const QString name
            = operation.displayName.isEmpty() ? operation.entityId : operation.displayName;
    m_nameLabel->setText(name);
    m_nameLabel->setToolTip(name);
    m_badge->setStatus(operation.status);

    QStringList facts{operation.operationType};
    if (!operation.entityId.isEmpty())
        facts.append(operation.entityId);
    if (!operation.owner().isEmpty())
        facts.append(tr("started by %1").arg(operation.owner()));
    if (operation.createdAt.isValid())
        facts.append(shortTime(operation.createdAt));
    facts.append(operation.operationId);
    m_metaLabel->setText(facts.join(u"  ·  "_s));

    const bool running = operation.status == OperationStatus::InProgress;
    if (running && operation.progressPercentage <= 0) {
        m_progressBar->setRange(0, 0);
    } else {
        m_progressBar->setRange(0, progressMaximum);
        m_progressBar->setValue(int(std::lround(operation.progressPercentage)));
    }
    QPalette barPalette = palette();
    barPalette.setColor(QPalette::Highlight, StatusPalette::fill(operation.status, palette()));
    barPalette.setColor(QPalette::HighlightedText, Qt::white);
    m_progressBar->setPalette(barPalette);

    QString step;
    if (operation.totalSteps > 0) {
        step = operation.stepDescription.isEmpty()
                ? tr("Step %1 of %2").arg(operation.currentStep).arg(operation.totalSteps)
                : tr("Step %1 of %2: %3")
                          .arg(operation.currentStep)
                          .arg(operation.totalSteps)
                          .arg(operation.stepDescription);
    } else {
        step = operation.stepDescription;
    }
    m_stepLabel->setText(step);
    m_stepLabel->setVisible(!step.isEmpty());
    m_timeLabel->setText(describeTime(operation));
    m_stepList->setOperation(operation);
    m_stepList->setVisible(m_stepList->stepCount() > 1);

    const QString error = operation.errorMessage.value_or(QString());
    m_errorLabel->setText(error);
    m_errorBox->setVisible(!error.isEmpty());
    m_approvalScroll->setVisible(operation.approval.has_value());
    m_approval->setOperation(operation);
}

QString OperationDetailPanel::describeTime(const Operation &operation) const
{
    if (operation.isTerminal()) {
        const QDateTime end = operation.completedAt.value_or(operation.updatedAt);
        QString text = tr("Ended %1").arg(shortTime(end));
        if (operation.createdAt.isValid() && end.isValid() && end >= operation.createdAt) {
            text += u"  ·  "_s
                    + tr("took %1").arg(EtaEstimator::describe(operation.createdAt.secsTo(end))
                                                .remove(QCoreApplication::translate(
                                                        "optrack::EtaEstimator", "about ")));
        }
        return text;
    }
    if (operation.status == OperationStatus::WaitingForApproval)
        return tr("Waiting for a decision");
    const QString left = EtaEstimator::describeLeft(operation.etaSeconds, operation.timeRemaining);
    if (left.isEmpty())
        return tr("Time remaining not known yet");
    // An estimate counts down with the clock: one from the past is not shown as current.
    if (m_staleAsOf.isValid())
        return tr("As of %1: %2").arg(Freshness::timeOf(m_staleAsOf), left);
    return left;
}

void OperationDetailPanel::setStaleAsOf(const QDateTime &asOf)
{
    if (m_staleAsOf == asOf)
        return;
    m_staleAsOf = asOf;
    if (m_operation)
        m_timeLabel->setText(describeTime(*m_operation));
}

void OperationDetailPanel::updateActions()
{
    OperationActions actions = m_operation
            ? OperationActions::forOperation(*m_operation, m_userId, m_roles)
            : OperationActions{};
    const bool sent = isVoteSent();
    m_approval->setVoteState(sent                   ? ApprovalPanel::VoteState::Sent
                                     : actions.vote ? ApprovalPanel::VoteState::Needed
                                                    : ApprovalPanel::VoteState::None);
    const QString sentTip = tr("Your vote was sent. Select the operation again to vote on it.");
    approveButton()->setToolTip(sent ? sentTip : tr("Vote to approve this operation"));
    denyButton()->setToolTip(sent ? sentTip : tr("Vote to deny this operation, with a reason"));
    actions.vote = actions.vote && !sent;
    m_openButton->setVisible(actions.openProgress);
    m_cancelButton->setVisible(actions.cancel);
    m_retryButton->setVisible(actions.retry);
    m_downloadButton->setVisible(actions.download);
    if (actions == m_actions)
        return;
    m_actions = actions;
    emit actionsChanged();
}

void OperationDetailPanel::requestCancel()
{
    if (!m_operation || !m_actions.cancel)
        return;
    const QString id = m_operation->operationId;
    auto *question = new CancelQuestion(m_nameLabel->text(), this);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &CancelQuestion::confirmed, this, [this, id] { emit cancelRequested(id); });
    question->open();
}

void OperationDetailPanel::requestApprove()
{
    if (!m_operation || !m_actions.vote)
        return;
    const QString id = m_operation->operationId;
    // Locked before the request leaves: a second click or key lands on nothing.
    m_voteSentFor = id;
    updateActions();
    emit voteRequested(id, VoteDecision::Approve, QString());
}

void OperationDetailPanel::requestDeny()
{
    if (!m_operation || !m_actions.vote)
        return;
    const QString id = m_operation->operationId;
    auto *dialog = new DenyReasonDialog(m_nameLabel->text(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, id, dialog] {
        // Only for the operation the user chose to deny, and only once.
        if (!m_operation || m_operation->operationId != id || !m_actions.vote)
            return;
        m_voteSentFor = id;
        updateActions();
        emit voteRequested(id, VoteDecision::Deny, dialog->reason());
    });
    dialog->open();
}

void OperationDetailPanel::requestRetry()
{
    if (m_operation && m_actions.retry)
        emit retryRequested(m_operation->operationId);
}

void OperationDetailPanel::requestOpenProgress()
{
    if (m_operation && m_actions.openProgress)
        emit openProgressRequested(m_operation->operationId);
}

void OperationDetailPanel::requestDownload()
{
    if (m_operation && m_actions.download)
        emit downloadRequested(m_operation->operationId);
}

} // namespace optrack
