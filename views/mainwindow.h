#pragma once

#include "connectionstate.h"
#include "gettingstarteddialog.h"
#include "operation.h"

#include <QByteArray>
#include <QMainWindow>
#include <QString>
#include <QStringList>

#include <array>

class QAction;
class QComboBox;
class QLabel;
class QTabWidget;

namespace optrack {

class ConnectionIndicator;
class MetricsView;
class NoticeBar;
class OperationFilterModel;
class OperationTableModel;
class OperationsView;

/// The app's window: menus and a toolbar with the actions, an account switcher, the
/// operations view and (for staff) the metrics view in tabs, and the connection state
/// in the status bar. It holds no network code: every action leaves as a signal, with
/// the operation id where it concerns one, and the app's controller feeds results back
/// through the setters and the views' models.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    enum Action {
        Upload,
        Export,
        DeleteFile,
        Refresh,
        Cancel,
        Approve,
        Deny,
        ApproveSelected,
        Retry,
        OpenProgress,
        OpenProgressCompact,
        Download,
        Find,
        Quit,
        ShowSidebar,
        GettingStarted,
        About,
        ActionCount
    };
    Q_ENUM(Action)

    explicit MainWindow(QWidget *parent = nullptr);

    void setModels(OperationTableModel *tableModel, OperationFilterModel *filterModel);
    void setCurrentUser(const QString &userId, const QStringList &roles);
    /// The accounts to switch between and the one signed in.
    void setAccounts(const QStringList &accountIds, const QString &current);
    /// The local service's accounts and what each is for, told in Help ▸ Getting started.
    void setAccountGuide(const QList<GettingStartedDialog::Account> &accounts);
    /// Shows or hides the Metrics tab (staff and admin only).
    void setMetricsVisible(bool visible);
    bool isMetricsVisible() const;
    /// The connection state, its countdown and reason, and how old the operations shown are.
    void setConnection(const optrack::ConnectionInfo &info);
    /// Switches to the operations and selects one; when the table does not hold it,
    /// asks for its progress window instead.
    void showOperation(const QString &operationId);

    /// Geometry, toolbars, columns, splitters and filters, for QSettings.
    QByteArray saveUiState() const;
    bool restoreUiState(const QByteArray &state);

    QAction *action(Action action) const { return m_actions.at(action); }
    OperationsView *operationsView() const { return m_operationsView; }
    MetricsView *metricsView() const { return m_metricsView; }
    /// A calm notice above the views (hidden until given text and shown).
    NoticeBar *noticeBar() const { return m_notice; }
    ConnectionIndicator *connectionIndicator() const { return m_indicator; }
    QComboBox *accountSwitcher() const { return m_accountBox; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    void uploadRequested();
    void exportRequested();
    void deleteFileRequested();
    void refreshRequested();
    void accountSwitchRequested(const QString &accountId);
    void retryNowRequested();
    void cancelRequested(const QString &operationId);
    void voteRequested(const QString &operationId, optrack::VoteDecision decision,
                       const QString &reason);
    void retryRequested(const QString &operationId);
    void openProgressRequested(const QString &operationId);
    /// "Open progress (compact)": the window in percent mode.
    void openCompactProgressRequested(const QString &operationId);
    void downloadRequested(const QString &operationId);
    /// Load this operation's audit trail into the detail panel (empty: none selected).
    void currentOperationChanged(const QString &operationId);
    /// The selected operation changed: its audit trail may have grown.
    void currentOperationUpdated(const QString &operationId);
    /// The metrics view asks for the summary over this many hours.
    void metricsWindowChanged(int hours);

private:
    void createActions();
    void setToolBarTexts();
    void createMenus();
    void createToolBar();
    void updateOperationActions();
    /// Upload, Export and Delete file follow the account's roles; a disabled one says why.
    void updateWorkActions();
    /// The selected operations the user may vote on now.
    QList<Operation> votableSelection() const;
    void approveSelected();
    void updateUserLabel();
    void showGettingStarted();
    void showAbout();

    std::array<QAction *, ActionCount> m_actions{};
    OperationsView *m_operationsView = nullptr;
    MetricsView *m_metricsView = nullptr;
    QTabWidget *m_tabs = nullptr;
    NoticeBar *m_notice = nullptr;
    QComboBox *m_accountBox = nullptr;
    ConnectionIndicator *m_indicator = nullptr;
    QLabel *m_userLabel = nullptr;
    QString m_userId;
    QStringList m_roles;
    QList<GettingStartedDialog::Account> m_accountGuide;
    /// Approved with "Approve selected…" and not picked again since.
    QStringList m_bulkSent;
};

} // namespace optrack
