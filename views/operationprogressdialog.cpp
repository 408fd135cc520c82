#include "operationprogressdialog.h"

#include "accessrules.h"
#include "approvalpanel.h"
#include "cancelquestion.h"
#include "connectionindicator.h"
#include "denyreasondialog.h"
#include "etaestimator.h"
#include "freshness.h"
#include "operationactions.h"
#include "progressring.h"
#include "statuspalette.h"
#include "stepindicator.h"

#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtMath>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int fullMinimumWidth = 520;
constexpr int percentMinimumWidth = 320;
constexpr int headerIconSize = 32;
constexpr int outerMarginH = 20;
constexpr int outerMarginTop = 18;
constexpr int outerMarginBottom = 10;
constexpr int footerMarginBottom = 10;
constexpr std::chrono::milliseconds ageTickInterval{1'000};
constexpr int sectionSpacing = 12;
constexpr int tightSpacing = 4;
constexpr double titleScale = 1.25;
constexpr double percentTitleScale = 1.15;
constexpr double errorTintAmount = 0.09;

void setTextColor(QWidget *widget, const QColor &color)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, color);
    widget->setPalette(palette);
}

QFont scaledBold(QFont font, double scale)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * scale);
    else
        font.setPixelSize(qRound(font.pixelSize() * scale));
    font.setBold(true);
    return font;
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

} // namespace

OperationProgressDialog::OperationProgressDialog(const QString &operationId, const QString &title,
                                                 Mode mode, QWidget *parent)
    : QDialog(parent)
    , m_operationId(operationId)
    , m_title(title)
    , m_mode(mode)
{
    setModal(false);
    setObjectName(u"operationProgressDialog"_s);
    setAccessibleName(tr("Progress of %1").arg(title));

    m_stallTimer.setSingleShot(true);
    connect(&m_stallTimer, &QTimer::timeout, this, [this] {
        refreshTimeRemaining();
        fitToContents();
    });
    m_autoCloseTimer.setSingleShot(true);
    m_autoCloseTimer.setInterval(autoCloseDelay);
    connect(&m_autoCloseTimer, &QTimer::timeout, this, &QDialog::accept);
    connect(this, &QDialog::finished, this, [this] {
        m_autoCloseTimer.stop();
        emit closed(m_operationId);
    });

    m_ageTimer.setInterval(ageTickInterval);
    connect(&m_ageTimer, &QTimer::timeout, this, &OperationProgressDialog::refreshConnection);

    buildFooter();
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    outer->addWidget(m_footer);
    buildBody();
    refresh();
    // Enter and Space land on Close until the user moves: nothing is cancelled by accident.
    m_closeButton->setFocus();
}

void OperationProgressDialog::setUpButton(QPushButton *button, const QString &accessibleName)
{
    button->setAccessibleName(accessibleName);
    button->setAutoDefault(false);
}

QLayout *OperationProgressDialog::buildButtonRow()
{
    m_cancelButton = new QPushButton(tr("&Cancel"), this);
    m_cancelButton->setObjectName(u"cancelButton"_s);
    setUpButton(m_cancelButton, tr("Cancel operation"));
    m_cancelButton->setToolTip(tr("Ask the service to stop this operation"));
    m_closeButton = new QPushButton(tr("C&lose"), this);
    m_closeButton->setObjectName(u"closeButton"_s);
    setUpButton(m_closeButton, tr("Close window"));
    m_closeButton->setDefault(true);
    connect(m_cancelButton, &QPushButton::clicked, this, &OperationProgressDialog::cancelClicked);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);
    m_downloadButton = new QPushButton(tr("&Download…"), this);
    m_downloadButton->setObjectName(u"downloadButton"_s);
    setUpButton(m_downloadButton, tr("Download the export"));
    m_downloadButton->setToolTip(tr("Save the exported file on this computer"));
    connect(m_downloadButton, &QPushButton::clicked, this,
            [this] { emit downloadRequested(m_operationId); });
    m_openFolderButton = new QPushButton(tr("Open &folder"), this);
    m_openFolderButton->setObjectName(u"openFolderButton"_s);
    setUpButton(m_openFolderButton, tr("Open the folder of the saved file"));
    connect(m_openFolderButton, &QPushButton::clicked, this,
            &OperationProgressDialog::openFolderClicked);

    auto *row = new QHBoxLayout;
    row->setSpacing(sectionSpacing / 2);
    if (m_mode == Mode::Full) {
        // Approve and Deny sit in the approval part, beside what is being decided.
        m_approveButton = m_approval->approveButton();
        m_denyButton = m_approval->denyButton();
        connect(m_approval, &ApprovalPanel::approveClicked, this,
                &OperationProgressDialog::approveClicked);
        connect(m_approval, &ApprovalPanel::denyClicked, this,
                &OperationProgressDialog::denyClicked);
        setTabOrder(m_approveButton, m_denyButton);
        setTabOrder(m_denyButton, m_cancelButton);
    }
    row->addWidget(m_downloadButton);
    row->addWidget(m_openFolderButton);
    row->addStretch(1);
    row->addWidget(m_cancelButton);
    row->addWidget(m_closeButton);
    setTabOrder(m_cancelButton, m_closeButton);
    return row;
}

QWidget *OperationProgressDialog::buildErrorBox()
{
    m_errorBox = new QFrame(this);
    m_errorBox->setObjectName(u"errorBox"_s);
    m_errorBox->setFrameShape(QFrame::StyledPanel);
    m_errorBox->setAutoFillBackground(true);
    auto *heading = new QLabel(tr("Error"), m_errorBox);
    heading->setObjectName(u"errorHeading"_s);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    heading->setFont(headingFont);
    m_errorLabel = new QLabel(m_errorBox);
    m_errorLabel->setObjectName(u"errorMessage"_s);
    m_errorLabel->setAccessibleName(tr("Error message"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto *layout = new QVBoxLayout(m_errorBox);
    layout->setContentsMargins(sectionSpacing, sectionSpacing * 2 / 3, sectionSpacing,
                               sectionSpacing * 2 / 3);
    layout->setSpacing(tightSpacing);
    layout->addWidget(heading);
    layout->addWidget(m_errorLabel);

    m_errorHeading = heading;
    return m_errorBox;
}

void OperationProgressDialog::buildFooter()
{
    m_footer = new QFrame(this);
    m_footer->setObjectName(u"footer"_s);
    m_connectionLabel = new QLabel(m_footer);
    m_connectionLabel->setObjectName(u"connection"_s);
    m_connectionLabel->setAccessibleName(tr("Connection"));
    m_connectionLabel->setWordWrap(true);
    m_modeButton = new QToolButton(m_footer);
    m_modeButton->setObjectName(u"modeButton"_s);
    m_modeButton->setAutoRaise(true);
    m_modeButton->setFocusPolicy(Qt::StrongFocus);
    connect(m_modeButton, &QToolButton::clicked, this, &OperationProgressDialog::modeClicked);
    auto *row = new QHBoxLayout(m_footer);
    row->setContentsMargins(outerMarginH, 0, outerMarginH - tightSpacing, footerMarginBottom);
    row->setSpacing(sectionSpacing / 2);
    row->addWidget(m_connectionLabel, 1);
    row->addWidget(m_modeButton, 0, Qt::AlignVCenter);
    refreshModeButton();
}

void OperationProgressDialog::buildBody()
{
    // Every widget of a mode lives in the body, so another mode replaces it whole.
    m_body = new QWidget(this);
    m_body->setObjectName(u"body"_s);
    m_icon = nullptr;
    m_steps = nullptr;
    m_bar = nullptr;
    m_ring = nullptr;
    m_stepLabel = nullptr;
    m_approval = nullptr;
    m_approveButton = nullptr;
    m_denyButton = nullptr;
    if (m_mode == Mode::Full)
        buildFullMode();
    else
        buildPercentMode();
    static_cast<QBoxLayout *>(layout())->insertWidget(0, m_body, 1);
    setTabOrder(m_closeButton, m_modeButton);
}

void OperationProgressDialog::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    // What the last action said stays on screen in the other mode.
    const QString result = m_resultLabel->text();
    const QPalette resultPalette = m_resultLabel->palette();
    const bool resultShown = m_resultLabel->isVisibleTo(this);
    m_mode = mode;
    QWidget *old = m_body;
    layout()->removeWidget(old);
    delete old;
    buildBody();
    m_resultLabel->setText(result);
    m_resultLabel->setPalette(resultPalette);
    m_resultLabel->setVisible(resultShown && !result.isEmpty());
    refresh();
    refreshModeButton();
    m_sectionsShown.clear();
    if (isVisible()) {
        m_body->show();
        setMinimumWidth(m_mode == Mode::Full ? fullMinimumWidth : percentMinimumWidth);
        layout()->activate();
        resize(minimumSizeHint().width(), 1);
        adjustSize();
        fitToContents();
    }
}

void OperationProgressDialog::modeClicked()
{
    setMode(m_mode == Mode::Full ? Mode::Percent : Mode::Full);
    emit modeChosen(m_operationId, m_mode);
}

void OperationProgressDialog::refreshModeButton()
{
    const bool full = m_mode == Mode::Full;
    m_modeButton->setText(full ? tr("Co&mpact view") : tr("F&ull view"));
    m_modeButton->setToolTip(full ? tr("Show only the percentage (remembered for this kind of "
                                       "operation)")
                                  : tr("Show the steps, the votes and the details (remembered "
                                       "for this kind of operation)"));
    m_modeButton->setAccessibleName(full ? tr("Switch to the compact view")
                                         : tr("Switch to the full view"));
}

void OperationProgressDialog::showSaved(const QString &path)
{
    m_savedFolder = QFileInfo(path).absolutePath();
    showActionResult(true, tr("Saved to %1").arg(QDir::toNativeSeparators(path)));
    refreshButtons();
    m_openFolderButton->setFocus();
}

void OperationProgressDialog::openFolderClicked()
{
    if (!m_savedFolder.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_savedFolder));
}

void OperationProgressDialog::buildFullMode()
{
    setMinimumWidth(fullMinimumWidth);

    m_icon = new QLabel(this);
    m_icon->setObjectName(u"statusIcon"_s);
    m_icon->setFixedSize(headerIconSize, headerIconSize);
    m_titleLabel = new QLabel(m_title, this);
    m_titleLabel->setObjectName(u"title"_s);
    m_titleLabel->setFont(scaledBold(font(), titleScale));
    m_titleLabel->setWordWrap(true);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(u"status"_s);
    m_statusLabel->setAccessibleName(tr("Status"));
    QFont statusFont = m_statusLabel->font();
    statusFont.setBold(true);
    m_statusLabel->setFont(statusFont);

    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_titleLabel);
    titles->addWidget(m_statusLabel);
    auto *header = new QHBoxLayout;
    header->setSpacing(sectionSpacing);
    header->addWidget(m_icon, 0, Qt::AlignTop);
    header->addLayout(titles, 1);

    m_steps = new StepIndicator(StepIndicator::Mode::Row, this);
    m_steps->setObjectName(u"stepIndicator"_s);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(u"progressBar"_s);
    m_bar->setAccessibleName(tr("Progress"));
    m_bar->setTextVisible(true);
    m_bar->setFormat(tr("%p%"));
    m_stepLabel = new QLabel(this);
    m_stepLabel->setObjectName(u"stepDescription"_s);
    m_stepLabel->setAccessibleName(tr("Current step"));
    m_stepLabel->setWordWrap(true);
    m_timeLabel = new QLabel(this);
    m_timeLabel->setObjectName(u"timeRemaining"_s);
    m_timeLabel->setAccessibleName(tr("Time remaining"));

    auto *progress = new QVBoxLayout;
    progress->setSpacing(tightSpacing + 2);
    progress->addWidget(m_bar);
    progress->addWidget(m_stepLabel);
    progress->addWidget(m_timeLabel);

    m_approval = new ApprovalPanel(ApprovalPanel::Mode::Window, this);
    m_approval->setObjectName(u"approvalPanel"_s);
    m_resultLabel = new QLabel(this);
    m_resultLabel->setObjectName(u"actionResult"_s);
    m_resultLabel->setAccessibleName(tr("Result of the last action"));
    m_resultLabel->setWordWrap(true);
    m_resultLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(outerMarginH, outerMarginTop, outerMarginH, outerMarginBottom);
    layout->setSpacing(sectionSpacing + 4);
    layout->addLayout(header);
    layout->addWidget(m_steps);
    layout->addLayout(progress);
    layout->addWidget(m_approval);
    layout->addWidget(buildErrorBox());
    layout->addWidget(m_resultLabel);
    layout->addStretch(1);
    layout->addLayout(buildButtonRow());
}

void OperationProgressDialog::buildPercentMode()
{
    setMinimumWidth(percentMinimumWidth);

    m_titleLabel = new QLabel(m_title, this);
    m_titleLabel->setObjectName(u"title"_s);
    m_titleLabel->setFont(scaledBold(font(), percentTitleScale));
    m_titleLabel->setAlignment(Qt::AlignCenter);
    m_titleLabel->setWordWrap(true);
    m_ring = new ProgressRing(this);
    m_ring->setObjectName(u"progressRing"_s);
    m_ring->setFixedSize(ProgressRing::defaultDiameter, ProgressRing::defaultDiameter);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(u"status"_s);
    m_statusLabel->setAccessibleName(tr("Status"));
    m_statusLabel->setAlignment(Qt::AlignCenter);
    m_statusLabel->setWordWrap(true);
    QFont statusFont = m_statusLabel->font();
    statusFont.setBold(true);
    m_statusLabel->setFont(statusFont);
    m_timeLabel = new QLabel(this);
    m_timeLabel->setObjectName(u"timeRemaining"_s);
    m_timeLabel->setAccessibleName(tr("Time remaining"));
    m_timeLabel->setAlignment(Qt::AlignCenter);
    m_resultLabel = new QLabel(this);
    m_resultLabel->setObjectName(u"actionResult"_s);
    m_resultLabel->setAccessibleName(tr("Result of the last action"));
    m_resultLabel->setAlignment(Qt::AlignCenter);
    m_resultLabel->setWordWrap(true);

    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(outerMarginH, outerMarginTop, outerMarginH, outerMarginBottom);
    layout->setSpacing(sectionSpacing);
    layout->addWidget(m_titleLabel);
    layout->addSpacing(tightSpacing);
    layout->addWidget(m_ring, 0, Qt::AlignHCenter);
    layout->addSpacing(tightSpacing);
    auto *below = new QVBoxLayout;
    below->setSpacing(tightSpacing);
    below->addWidget(m_statusLabel);
    below->addWidget(m_timeLabel);
    layout->addLayout(below);
    layout->addWidget(buildErrorBox());
    layout->addWidget(m_resultLabel);
    layout->addStretch(1);
    layout->addSpacing(tightSpacing);
    layout->addLayout(buildButtonRow());
}

bool OperationProgressDialog::canVote() const
{
    return m_operation && access::mayVoteOn(m_userId, m_roles, *m_operation);
}

bool OperationProgressDialog::isStalled() const
{
    // Without news from the service nothing can be said about the progress's pace.
    return m_connection.isCurrent() && m_operation
            && m_operation->status == OperationStatus::InProgress && m_sinceProgress.isValid()
            && std::chrono::milliseconds(m_sinceProgress.elapsed()) >= m_stalledAfter;
}

bool OperationProgressDialog::isIndeterminate() const
{
    if (!m_operation)
        return true;
    switch (m_operation->status) {
    case OperationStatus::Pending:
    case OperationStatus::InProgress:
    case OperationStatus::Approved:
        return !m_sawProgress;
    default:
        return false;
    }
}

QString OperationProgressDialog::displayName() const
{
    if (m_operation && !m_operation->displayName.isEmpty())
        return m_operation->displayName;
    return m_title;
}

QString OperationProgressDialog::timeRemainingText() const
{
    // No estimate before the first percent: the window is indeterminate until then.
    if (!m_operation || m_operation->isTerminal() || isIndeterminate())
        return {};
    if (isStalled())
        return tr("Stalled");
    const QString left
            = EtaEstimator::describeLeft(m_operation->etaSeconds, m_operation->timeRemaining);
    if (left.isEmpty())
        return {};
    if (!m_connection.isCurrent() && m_connection.confirmedAt.isValid()) {
        // An estimate counts down with the clock: one from the past is not current.
        return tr("As of %1: %2").arg(Freshness::timeOf(m_connection.confirmedAt), left);
    }
    return capitalised(left);
}

QString OperationProgressDialog::connectionText() const
{
    const QString state
            = ConnectionIndicator::describe(m_connection.state, m_connection.secondsToNextTry);
    if (m_connection.isCurrent() || m_connection.state == ConnectionState::Connecting)
        return state;
    return tr("%1 · %2").arg(
            state,
            Freshness::updatedAgo(m_connection.confirmedAt, QDateTime::currentDateTimeUtc()));
}

void OperationProgressDialog::setConnection(const ConnectionInfo &info)
{
    // Time without news is not time without progress: the stall clock starts again.
    if (info.isCurrent() && !m_connection.isCurrent() && m_sinceProgress.isValid())
        m_sinceProgress.start();
    m_connection = info;
    refreshConnection();
    fitToContents();
}

void OperationProgressDialog::refreshConnection()
{
    const bool current = m_connection.isCurrent();
    const QColor dot = ConnectionIndicator::colorOf(m_connection.state, palette());
    const QColor text
            = current ? StatusPalette::mutedText(palette()) : palette().color(QPalette::WindowText);
    m_connectionLabel->setText(u"<span style=\"color:%1\">\u25cf</span> "
                               u"<span style=\"color:%2\">%3</span>"_s.arg(
                                       dot.name(), text.name(), connectionText().toHtmlEscaped()));
    m_connectionLabel->setToolTip(m_connection.reason);
    m_connectionLabel->setAccessibleDescription(connectionText());
    if (current || m_connection.state == ConnectionState::Connecting)
        m_ageTimer.stop();
    else if (!m_ageTimer.isActive())
        m_ageTimer.start();
    refreshTimeRemaining();
}

void OperationProgressDialog::setStalledAfter(std::chrono::milliseconds after)
{
    m_stalledAfter = after;
    refreshTimeRemaining();
}

void OperationProgressDialog::setOperation(const Operation &operation)
{
    if (operation.operationId != m_operationId)
        return;
    if (m_operation && operation.version != 0 && operation.version < m_operation->version)
        return; // an older answer that arrived late
    noteProgress(operation);
    m_operation = operation;
    refresh();
    if (operation.isTerminal())
        handleTerminal();
}

void OperationProgressDialog::noteProgress(const Operation &operation)
{
    if (operation.progressPercentage > 0)
        m_sawProgress = true;
    const bool moved = !m_operation || m_operation->status != operation.status
            || !qFuzzyCompare(m_operation->progressPercentage + 1.0,
                              operation.progressPercentage + 1.0)
            || m_operation->currentStep != operation.currentStep;
    if (moved)
        m_sinceProgress.start();
}

void OperationProgressDialog::setCurrentUser(const QString &userId, const QStringList &roles)
{
    m_userId = userId;
    m_roles = roles;
    refreshButtons();
}

void OperationProgressDialog::setAutoCloseOnSuccess(bool autoClose)
{
    m_autoCloseOnSuccess = autoClose;
    if (!autoClose)
        m_autoCloseTimer.stop();
    else if (m_operation && m_operation->status == OperationStatus::Completed)
        m_autoCloseTimer.start();
}

void OperationProgressDialog::showActionResult(bool ok, const QString &message)
{
    // A refused or lost vote decided nothing: the buttons apply again.
    if (!ok && m_voteSent) {
        m_voteSent = false;
        refreshButtons();
    }
    m_resultLabel->setText((ok ? u"\u2713 "_s : u"\u26a0 "_s) + message);
    m_sendingShown = false;
    setTextColor(m_resultLabel,
                 StatusPalette::color(ok ? OperationStatus::Completed : OperationStatus::Failed,
                                      palette()));
    m_resultLabel->setVisible(true);
    fitToContents();
}

void OperationProgressDialog::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    if (busy) {
        m_resultLabel->setText(tr("Sending your request to the service…"));
        setTextColor(m_resultLabel, StatusPalette::mutedText(palette()));
        m_resultLabel->setVisible(true);
        m_sendingShown = true;
    } else if (m_sendingShown) {
        // The request ended without an answer to show: take the "Sending" line away.
        m_resultLabel->clear();
        m_resultLabel->setVisible(false);
        m_sendingShown = false;
    }
    refreshButtons();
    fitToContents();
}

void OperationProgressDialog::refresh()
{
    refreshHeader();
    refreshSteps();
    refreshProgress();
    refreshConnection();
    if (m_approval) {
        m_approval->setVisible(m_operation && m_operation->approval.has_value());
        if (m_operation)
            m_approval->setOperation(*m_operation);
        else
            m_approval->clear();
    }
    const bool hasError
            = m_operation && m_operation->errorMessage && !m_operation->errorMessage->isEmpty();
    m_errorBox->setVisible(hasError);
    const QColor failure = StatusPalette::color(OperationStatus::Failed, palette());
    QPalette tint = palette();
    tint.setColor(QPalette::Window,
                  StatusPalette::blend(failure, tint.color(QPalette::Base), errorTintAmount));
    m_errorBox->setPalette(tint);
    setTextColor(m_errorHeading, failure);
    if (hasError)
        m_errorLabel->setText(*m_operation->errorMessage);
    else
        m_errorLabel->clear();
    if (m_resultLabel->text().isEmpty())
        m_resultLabel->setVisible(false);
    refreshButtons();
    fitToContents();
}

QList<bool> OperationProgressDialog::sectionsShown() const
{
    QList<bool> shown;
    for (const QWidget *section :
         {static_cast<QWidget *>(m_steps), static_cast<QWidget *>(m_stepLabel),
          static_cast<QWidget *>(m_timeLabel), static_cast<QWidget *>(m_approval),
          static_cast<QWidget *>(m_errorBox), static_cast<QWidget *>(m_resultLabel)})
        shown.append(section && section->isVisibleTo(this));
    return shown;
}

void OperationProgressDialog::fitToContents()
{
    if (!isVisible())
        return; // show() sizes the window from its layout
    // Word-wrapped text (the error, the step) needs a height for the window's width, which
    // the layout alone does not give a top-level window: grow to fit whenever the content
    // needs more, and shrink back when a section went away.
    const QList<bool> shown = sectionsShown();
    const bool sectionsChanged = shown != m_sectionsShown;
    m_sectionsShown = shown;
    // The body and the footer each as tall as their text needs at this width (asked of
    // their own layouts: the window's layout would answer from a stale cache).
    const auto heightOf = [this](QWidget *part) {
        QLayout *layout = part->layout();
        layout->activate();
        return layout->hasHeightForWidth() ? layout->totalHeightForWidth(width())
                                           : layout->totalSizeHint().height();
    };
    const int needed = qMax(minimumSizeHint().height(), heightOf(m_body) + heightOf(m_footer));
    if (needed > height() || (sectionsChanged && needed < height()))
        resize(width(), needed);
}

void OperationProgressDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    // Colours come from the palette: a theme switch recolours status, bar and badges.
    if (event->type() == QEvent::PaletteChange)
        refresh();
}

void OperationProgressDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    m_sectionsShown = sectionsShown();
    fitToContents();
}

void OperationProgressDialog::refreshHeader()
{
    // The operation's own name once known: a retried one is not "Retry".
    m_titleLabel->setText(displayName());
    setAccessibleName(tr("Progress of %1").arg(displayName()));
    if (!m_operation) {
        m_statusLabel->setText(tr("Waiting for the first update…"));
        setTextColor(m_statusLabel, StatusPalette::mutedText(palette()));
        setWindowTitle(displayName());
        return;
    }
    const Operation &op = *m_operation;
    QString status = statusLabel(op.status);
    if (m_mode == Mode::Percent && op.status == OperationStatus::WaitingForApproval && op.approval)
        status += u" \u00b7 "_s + ApprovalPanel::tally(*op.approval);
    m_statusLabel->setText(status);
    setTextColor(m_statusLabel, StatusPalette::color(op.status, palette()));

    if (m_icon)
        m_icon->setPixmap(
                StatusPalette::pixmap(op.status, palette(), headerIconSize, devicePixelRatioF()));
    setWindowIcon(StatusPalette::icon(op.status, palette()));
    const QString state = op.isTerminal() || isIndeterminate()
            ? statusLabel(op.status)
            : tr("%1%").arg(qFloor(op.progressPercentage));
    setWindowTitle(tr("%1 \u2014 %2").arg(displayName(), state));
}

void OperationProgressDialog::refreshSteps()
{
    if (!m_steps)
        return;
    if (!m_operation) {
        m_steps->setVisible(false);
        return;
    }
    const Operation &op = *m_operation;
    m_steps->setOperation(op);
    m_steps->setVisible(m_steps->stepCount() > 0);
    if (m_stepLabel) {
        m_stepLabel->setText(op.stepDescription);
        m_stepLabel->setVisible(!op.stepDescription.isEmpty());
    }
}

void OperationProgressDialog::refreshProgress()
{
    const bool indeterminate = isIndeterminate();
    const double percent = !m_operation ? 0.0
            : m_operation->status == OperationStatus::Completed
            ? 100.0
            : qBound(0.0, m_operation->progressPercentage, 100.0);
    // Before the first answer the window shows work starting.
    const OperationStatus status = m_operation ? m_operation->status : OperationStatus::InProgress;
    if (m_bar) {
        if (indeterminate) {
            m_bar->setRange(0, 0);
            m_bar->setAccessibleDescription(tr("Working, progress not known yet"));
        } else {
            m_bar->setRange(0, 100);
            m_bar->setValue(qFloor(percent));
            m_bar->setAccessibleDescription(tr("%1% complete").arg(qFloor(percent)));
        }
        QPalette barPalette = palette();
        barPalette.setColor(QPalette::Highlight, StatusPalette::fill(status, palette()));
        // The fill is saturated: white text stays readable on it, as in the table.
        barPalette.setColor(QPalette::HighlightedText, Qt::white);
        m_bar->setPalette(barPalette);
    }
    if (m_ring) {
        m_ring->setIndeterminate(indeterminate);
        m_ring->setValue(percent);
        m_ring->setStatus(status);
    }
}

void OperationProgressDialog::refreshTimeRemaining()
{
    const QString text = timeRemainingText();
    m_timeLabel->setText(text);
    setTextColor(m_timeLabel,
                 isStalled() ? StatusPalette::color(OperationStatus::WaitingForApproval, palette())
                             : StatusPalette::mutedText(palette()));
    m_timeLabel->setVisible(!text.isEmpty());

    // Wake up when the progress would count as stalled, unless it moves first.
    if (m_operation && m_operation->status == OperationStatus::InProgress && !isStalled()
        && m_sinceProgress.isValid()) {
        const auto left = m_stalledAfter - std::chrono::milliseconds(m_sinceProgress.elapsed());
        m_stallTimer.start(std::max(left, std::chrono::milliseconds(0)));
    } else {
        m_stallTimer.stop();
    }
}

void OperationProgressDialog::refreshButtons()
{
    // The same actions as the dashboard's for this account: no Cancel for who may not.
    const OperationActions actions = m_operation
            ? OperationActions::forOperation(*m_operation, m_userId, m_roles)
            : OperationActions{};
    const bool cancellable = actions.cancel;
    const bool hadFocus = m_cancelButton->hasFocus();
    m_cancelButton->setVisible(cancellable);
    m_cancelButton->setEnabled(!m_busy);
    if (hadFocus && !cancellable)
        m_closeButton->setFocus();
    const bool download = actions.download;
    m_downloadButton->setVisible(download);
    m_downloadButton->setEnabled(!m_busy);
    m_openFolderButton->setVisible(download && !m_savedFolder.isEmpty());
    if (m_approval) {
        const bool vote = canVote();
        m_approval->setVoteState(m_voteSent     ? ApprovalPanel::VoteState::Sent
                                         : vote ? ApprovalPanel::VoteState::Needed
                                                : ApprovalPanel::VoteState::None);
        const bool enabled = vote && !m_voteSent && !m_busy;
        m_approveButton->setEnabled(enabled);
        m_denyButton->setEnabled(enabled);
    }
}

void OperationProgressDialog::handleTerminal()
{
    if (m_completedEmitted)
        return;
    m_completedEmitted = true;
    // A question about cancelling has no object any more.
    if (auto *question = findChild<CancelQuestion *>())
        question->reject();
    m_closeButton->setFocus();
    if (m_operation->status == OperationStatus::Completed && m_autoCloseOnSuccess)
        m_autoCloseTimer.start();
    emit completed(m_operationId, m_operation->status);
}

void OperationProgressDialog::cancelClicked()
{
    auto *question = new CancelQuestion(displayName(), this);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &CancelQuestion::confirmed, this, [this] {
        if (!(m_operation && m_operation->isTerminal()))
            emit cancelRequested(m_operationId);
    });
    question->open();
}

void OperationProgressDialog::approveClicked()
{
    if (m_voteSent || m_busy || !canVote())
        return;
    // Locked before the request leaves: a second click lands on a disabled button.
    m_voteSent = true;
    refreshButtons();
    emit voteRequested(m_operationId, VoteDecision::Approve, QString());
}

void OperationProgressDialog::denyClicked()
{
    // The same question as the detail panel's: the owner reads the reason.
    auto *question = new DenyReasonDialog(displayName(), this);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QDialog::accepted, this, [this, question] {
        if (m_voteSent || !canVote())
            return;
        m_voteSent = true;
        refreshButtons();
        emit voteRequested(m_operationId, VoteDecision::Deny, question->reason());
    });
    question->open();
}

} // namespace optrack
