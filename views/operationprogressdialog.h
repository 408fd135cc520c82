#pragma once

#include "connectionstate.h"
#include "operation.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QList>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <optional>

class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace optrack {

class ApprovalPanel;
class ProgressRing;
class StepIndicator;

/// The progress window of one operation (the OperationProgressModal of the original
/// design). Not modal, so the rest of the app stays usable. The controller feeds it every
/// change of the operation and carries its requests (cancel, vote) to the service; the
/// dialog holds no network code and shows what the service answered.
///
/// Full mode shows steps, a progress bar, the step, time remaining, the votes and the
/// error; Percent mode is a compact ring with the status below. The user switches between
/// them with the footer's button (modeChosen() lets the app remember it per type). The
/// footer also shows the connection: while the service does not answer, the window says
/// how old what it shows is and its time remaining is given as of then. A finished
/// export offers Download, and a saved file says where it went with Open folder. On the
/// first terminal state Cancel becomes Close; success may close the window after a moment,
/// a failure stays until the user closes it.
class OperationProgressDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Mode { Full, Percent };
    Q_ENUM(Mode)

    static constexpr std::chrono::milliseconds autoCloseDelay{1500};
    /// A running operation whose progress has not moved for this long reads "Stalled".
    static constexpr std::chrono::milliseconds defaultStalledAfter{60'000};

    OperationProgressDialog(const QString &operationId, const QString &title, Mode mode,
                            QWidget *parent = nullptr);

    QString operationId() const { return m_operationId; }
    QString title() const { return m_title; }
    Mode mode() const { return m_mode; }
    /// Shows the other mode's content in place; the operation, the connection and the
    /// last action's result stay.
    void setMode(Mode mode);
    const std::optional<Operation> &operation() const { return m_operation; }
    /// Whether the current user may vote on the operation now (Approve and Deny show).
    bool canVote() const;
    /// True from a vote sent from this window until the service refuses it.
    bool isVoteSent() const { return m_voteSent; }
    bool isBusy() const { return m_busy; }
    bool autoCloseOnSuccess() const { return m_autoCloseOnSuccess; }
    /// True while a success is on screen and the window is about to close itself.
    bool isAutoClosePending() const { return m_autoCloseTimer.isActive(); }
    bool isStalled() const;
    /// The time-remaining line as shown ("About 2 minutes remaining", "Stalled", or empty).
    QString timeRemainingText() const;
    /// The footer's connection line ("Live", "Not responding · updated 40 s ago").
    QString connectionText() const;
    const ConnectionInfo &connection() const { return m_connection; }
    void setStalledAfter(std::chrono::milliseconds after);

public slots:
    /// Idempotent: call it with every change; changes of other operations are ignored.
    void setOperation(const optrack::Operation &operation);
    void setCurrentUser(const QString &userId, const QStringList &roles);
    /// The state of the link to the service and how old what is shown is.
    void setConnection(const optrack::ConnectionInfo &info);
    void setAutoCloseOnSuccess(bool autoClose);
    /// What the service answered to a cancel or a vote, shown inline.
    void showActionResult(bool ok, const QString &message);
    /// The export was saved to `path`: said here, with a button that opens its folder.
    void showSaved(const QString &path);
    /// While a request is in flight the action buttons are disabled.
    void setBusy(bool busy);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

signals:
    void cancelRequested(const QString &operationId);
    void voteRequested(const QString &operationId, optrack::VoteDecision decision,
                       const QString &reason);
    /// Once, on the first terminal state seen.
    void completed(const QString &operationId, optrack::OperationStatus status);
    /// The window was closed (Close, Esc, the window manager or the auto close).
    void closed(const QString &operationId);
    /// The user switched the mode with the window's button.
    void modeChosen(const QString &operationId, optrack::OperationProgressDialog::Mode mode);
    /// Download… on a finished export.
    void downloadRequested(const QString &operationId);

private:
    void buildFooter();
    void buildBody();
    void buildFullMode();
    void buildPercentMode();
    QLayout *buildButtonRow();
    QWidget *buildErrorBox();
    void setUpButton(QPushButton *button, const QString &accessibleName);

    void refresh();
    void fitToContents();
    QList<bool> sectionsShown() const;
    void refreshHeader();
    void refreshProgress();
    void refreshSteps();
    void refreshTimeRemaining();
    void refreshButtons();
    void refreshConnection();
    void refreshModeButton();
    void modeClicked();
    void openFolderClicked();
    void noteProgress(const Operation &operation);
    void handleTerminal();

    void cancelClicked();
    void approveClicked();
    void denyClicked();

    QString displayName() const;
    bool isIndeterminate() const;

    QString m_operationId;
    QString m_title;
    Mode m_mode;
    std::optional<Operation> m_operation;
    QString m_userId;
    QStringList m_roles;
    bool m_busy = false;
    bool m_autoCloseOnSuccess = false;
    bool m_sawProgress = false;
    bool m_completedEmitted = false;
    bool m_sendingShown = false;
    /// A vote left this window: Approve and Deny stay disabled until it is refused.
    bool m_voteSent = false;
    std::chrono::milliseconds m_stalledAfter = defaultStalledAfter;
    QElapsedTimer m_sinceProgress;
    QList<bool> m_sectionsShown;
    QTimer m_stallTimer;
    QTimer m_autoCloseTimer;
    /// Ages the footer's "updated N s ago" while what is shown is not current.
    QTimer m_ageTimer;
    ConnectionInfo m_connection{ConnectionState::Live, -1, {}, {}};

    /// What the mode builds; the footer below it stays.
    QWidget *m_body = nullptr;
    QWidget *m_footer = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QToolButton *m_modeButton = nullptr;
    /// The folder of the last saved download, for Open folder.
    QString m_savedFolder;
    QLabel *m_icon = nullptr;
    QLabel *m_titleLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    StepIndicator *m_steps = nullptr;
    QProgressBar *m_bar = nullptr;
    ProgressRing *m_ring = nullptr;
    QLabel *m_stepLabel = nullptr;
    QLabel *m_timeLabel = nullptr;
    ApprovalPanel *m_approval = nullptr;
    QFrame *m_errorBox = nullptr;
    QLabel *m_errorHeading = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_resultLabel = nullptr;
    QPushButton *m_approveButton = nullptr;
    QPushButton *m_denyButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_closeButton = nullptr;
    QPushButton *m_downloadButton = nullptr;
    QPushButton *m_openFolderButton = nullptr;
};

} // namespace optrack
