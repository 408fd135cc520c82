#include "mainwindow.h"

#include "accessrules.h"
#include "bulkapprovedialog.h"
#include "connectionindicator.h"
#include "metricsview.h"
#include "noticebar.h"
#include "operationdetailpanel.h"
#include "operationsview.h"
#include "operationtablemodel.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QDataStream>
#include <QIODevice>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr quint32 stateMagic = 0x4f50574e; // "OPWN"
constexpr quint32 stateVersion = 1;
constexpr int defaultWidth = 1280;
constexpr int defaultHeight = 800;
constexpr int operationsTab = 0;
constexpr int accountBoxMinimumWidth = 140;
constexpr int aboutIconSize = 64;

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_operationsView(new OperationsView(this))
    , m_metricsView(new MetricsView(this))
    , m_tabs(new QTabWidget(this))
    , m_accountBox(new QComboBox(this))
    , m_indicator(new ConnectionIndicator(this))
    , m_userLabel(new QLabel(this))
{
    setWindowTitle(tr("Optrack"));
    setAccessibleName(tr("Optrack"));
    resize(defaultWidth, defaultHeight);

    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(tr("Views"));
    m_tabs->addTab(m_operationsView, tr("Operations"));
    m_tabs->addTab(m_metricsView, tr("Metrics"));
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_notice = new NoticeBar(central);
    m_notice->setVisible(false);
    centralLayout->addWidget(m_notice);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    createActions();
    setToolBarTexts();
    createMenus();
    createToolBar();

    m_userLabel->setAccessibleName(tr("Signed in as"));
    // Permanent: a status tip (a toolbar button or menu item under the mouse) replaces
    // the temporary widgets, and the connection state must stay in sight.
    statusBar()->addPermanentWidget(m_indicator);
    statusBar()->addPermanentWidget(m_userLabel);
    statusBar()->setAccessibleName(tr("Status bar"));

    OperationDetailPanel *panel = m_operationsView->detailPanel();
    connect(panel, &OperationDetailPanel::cancelRequested, this, &MainWindow::cancelRequested);
    connect(panel, &OperationDetailPanel::voteRequested, this, &MainWindow::voteRequested);
    connect(panel, &OperationDetailPanel::retryRequested, this, &MainWindow::retryRequested);
    connect(panel, &OperationDetailPanel::openProgressRequested, this,
            &MainWindow::openProgressRequested);
    connect(panel, &OperationDetailPanel::downloadRequested, this, &MainWindow::downloadRequested);
    connect(panel, &OperationDetailPanel::actionsChanged, this,
            &MainWindow::updateOperationActions);
    connect(m_operationsView, &OperationsView::currentOperationChanged, this,
            &MainWindow::currentOperationChanged);
    connect(m_operationsView, &OperationsView::currentOperationChanged, this,
            [this](const QString &operationId) {
                // A pick: what was approved in bulk may be voted on again (after a failure).
                if (!operationId.isEmpty())
                    m_bulkSent.clear();
            });
    connect(m_operationsView, &OperationsView::selectionChanged, this,
            &MainWindow::updateOperationActions);
    connect(m_operationsView, &OperationsView::currentOperationUpdated, this,
            &MainWindow::currentOperationUpdated);
    connect(m_operationsView, &OperationsView::operationActivated, this,
            &MainWindow::openProgressRequested);
    connect(m_operationsView, &OperationsView::retryNowRequested, this,
            &MainWindow::retryNowRequested);
    connect(m_metricsView, &MetricsView::windowChanged, this, &MainWindow::metricsWindowChanged);
    connect(m_metricsView, &MetricsView::refreshRequested, this,
            [this] { emit metricsWindowChanged(m_metricsView->windowHours()); });
    connect(m_metricsView, &MetricsView::operationActivated, this, &MainWindow::showOperation);
    connect(m_accountBox, &QComboBox::activated, this, [this](int index) {
        const QString account = m_accountBox->itemText(index);
        if (!account.isEmpty())
            emit accountSwitchRequested(account);
    });

    setMetricsVisible(false);
    updateOperationActions();
    updateUserLabel();
}

void MainWindow::createActions()
{
    QStyle *s = style();
    const auto make = [this](Action id, const QString &text, const QIcon &icon,
                             const QKeySequence &shortcut, const QString &tip) {
        auto *action = new QAction(icon, text, this);
        action->setShortcut(shortcut);
        action->setToolTip(
                shortcut.isEmpty()
                        ? tip
                        : tr("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
        action->setStatusTip(tip);
        m_actions[id] = action;
        return action;
    };
    make(Upload, tr("&Upload file…"), s->standardIcon(QStyle::SP_ArrowUp),
         QKeySequence(Qt::CTRL | Qt::Key_U), tr("Upload a transaction file"));
    make(Export, tr("&Export data…"), s->standardIcon(QStyle::SP_DialogSaveButton),
         QKeySequence(Qt::CTRL | Qt::Key_E), tr("Export stored transactions as CSV or JSON"));
    make(DeleteFile, tr("&Delete file…"), s->standardIcon(QStyle::SP_TrashIcon),
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete),
         tr("Ask to delete a stored file (needs approval)"));
    make(Refresh, tr("&Refresh"), s->standardIcon(QStyle::SP_BrowserReload),
         QKeySequence(Qt::Key_F5), tr("Ask the service for changes now"));
    make(Cancel, tr("&Cancel operation…"), s->standardIcon(QStyle::SP_DialogCancelButton),
         QKeySequence(Qt::Key_Delete), tr("Cancel the selected operation"));
    make(Approve, tr("&Approve"), s->standardIcon(QStyle::SP_DialogApplyButton),
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), tr("Approve the selected operation"));
    make(Deny, tr("De&ny…"), s->standardIcon(QStyle::SP_DialogNoButton),
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D),
         tr("Deny the selected operation, with a reason"));
    make(ApproveSelected, tr("Approve &selected…"), s->standardIcon(QStyle::SP_DialogApplyButton),
         {},
         tr("Approve every selected operation waiting for your vote, after a look at the list"));
    make(Retry, tr("Re&try"), s->standardIcon(QStyle::SP_BrowserReload),
         QKeySequence(Qt::CTRL | Qt::Key_R), tr("Start the selected operation again"));
    make(OpenProgress, tr("&Open progress window"), s->standardIcon(QStyle::SP_FileDialogInfoView),
         QKeySequence(Qt::Key_Return), tr("Follow the selected operation in its own window"));
    make(OpenProgressCompact, tr("Open progress (co&mpact)"),
         s->standardIcon(QStyle::SP_FileDialogInfoView), {},
         tr("Follow the selected operation in a small window showing its percentage"));
    make(Download, tr("Do&wnload result"), s->standardIcon(QStyle::SP_DialogSaveButton),
         QKeySequence::Save, tr("Save the selected export's file"));
    make(Find, tr("&Find"), s->standardIcon(QStyle::SP_FileDialogContentsView), QKeySequence::Find,
         tr("Search the operations"));
    make(Quit, tr("&Quit"), s->standardIcon(QStyle::SP_DialogCloseButton), QKeySequence::Quit,
         tr("Close Optrack"));
    make(ShowSidebar, tr("&Filters sidebar"), {}, QKeySequence(Qt::Key_F9),
         tr("Show or fold away the status and type filters"));
    m_actions[ShowSidebar]->setCheckable(true);
    m_actions[ShowSidebar]->setChecked(true);
    make(GettingStarted, tr("&Getting started"), s->standardIcon(QStyle::SP_DialogHelpButton),
         QKeySequence::HelpContents,
         tr("What an operation is, the accounts, and the transaction file format"));
    make(About, tr("&About Optrack"), s->standardIcon(QStyle::SP_MessageBoxInformation), {},
         tr("The version of Optrack and what it is for"));

    // Return and Delete act on the table's row only: elsewhere (the search field, the
    // account switcher in the toolbar, the dialogs) they stay those widgets' keys.
    QTreeView *table = m_operationsView->tableView();
    for (Action id : {OpenProgress, Cancel}) {
        m_actions[id]->setShortcutContext(Qt::WidgetShortcut);
        table->addAction(m_actions[id]);
    }
    m_actions[OpenProgress]->setShortcuts(
            {QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    // A held key votes once: no repeats for the actions that decide.
    for (Action id : {Approve, Deny, ApproveSelected, Cancel})
        m_actions[id]->setAutoRepeat(false);

    OperationDetailPanel *panel = m_operationsView->detailPanel();
    connect(m_actions[Upload], &QAction::triggered, this, &MainWindow::uploadRequested);
    connect(m_actions[Export], &QAction::triggered, this, &MainWindow::exportRequested);
    connect(m_actions[DeleteFile], &QAction::triggered, this, &MainWindow::deleteFileRequested);
    connect(m_actions[Refresh], &QAction::triggered, this, &MainWindow::refreshRequested);
    connect(m_actions[Cancel], &QAction::triggered, panel, &OperationDetailPanel::requestCancel);
    connect(m_actions[Approve], &QAction::triggered, panel, &OperationDetailPanel::requestApprove);
    connect(m_actions[Deny], &QAction::triggered, panel, &OperationDetailPanel::requestDeny);
    connect(m_actions[ApproveSelected], &QAction::triggered, this, &MainWindow::approveSelected);
    connect(m_actions[Retry], &QAction::triggered, panel, &OperationDetailPanel::requestRetry);
    connect(m_actions[OpenProgress], &QAction::triggered, panel,
            &OperationDetailPanel::requestOpenProgress);
    connect(m_actions[Download], &QAction::triggered, panel,
            &OperationDetailPanel::requestDownload);
    connect(m_actions[OpenProgressCompact], &QAction::triggered, this, [this] {
        const QString id = m_operationsView->currentOperationId();
        if (!id.isEmpty())
            emit openCompactProgressRequested(id);
    });
    connect(m_actions[Find], &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(operationsTab);
        m_operationsView->focusSearch();
    });
    connect(m_actions[Quit], &QAction::triggered, this, &QWidget::close);
    connect(m_actions[ShowSidebar], &QAction::toggled, m_operationsView,
            &OperationsView::setSidebarShown);
    connect(m_operationsView, &OperationsView::sidebarShownChanged, m_actions[ShowSidebar],
            &QAction::setChecked);
    connect(m_actions[GettingStarted], &QAction::triggered, this, &MainWindow::showGettingStarted);
    connect(m_actions[About], &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::setToolBarTexts()
{
    // Short words on the toolbar; the menus keep the full names.
    m_actions[Upload]->setIconText(tr("Upload"));
    m_actions[Export]->setIconText(tr("Export"));
    m_actions[DeleteFile]->setIconText(tr("Delete file"));
    m_actions[OpenProgress]->setIconText(tr("Open progress"));
    m_actions[Cancel]->setIconText(tr("Cancel"));
    m_actions[Deny]->setIconText(tr("Deny"));
    m_actions[Download]->setIconText(tr("Download"));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions[Upload]);
    file->addAction(m_actions[Export]);
    file->addAction(m_actions[DeleteFile]);
    file->addSeparator();
    file->addAction(m_actions[Quit]);

    QMenu *operation = menuBar()->addMenu(tr("&Operation"));
    operation->addAction(m_actions[OpenProgress]);
    operation->addAction(m_actions[OpenProgressCompact]);
    operation->addSeparator();
    operation->addAction(m_actions[Approve]);
    operation->addAction(m_actions[Deny]);
    operation->addAction(m_actions[ApproveSelected]);
    operation->addSeparator();
    operation->addAction(m_actions[Cancel]);
    operation->addAction(m_actions[Retry]);
    operation->addAction(m_actions[Download]);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_actions[Find]);
    view->addAction(m_actions[Refresh]);
    view->addSeparator();
    view->addAction(m_actions[ShowSidebar]);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_actions[GettingStarted]);
    help->addSeparator();
    help->addAction(m_actions[About]);
}

void MainWindow::createToolBar()
{
    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(u"mainToolBar"_s);
    toolBar->setAccessibleName(tr("Main toolbar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_actions[Upload]);
    toolBar->addAction(m_actions[Export]);
    toolBar->addAction(m_actions[DeleteFile]);
    toolBar->addSeparator();
    toolBar->addAction(m_actions[Refresh]);
    toolBar->addSeparator();
    toolBar->addAction(m_actions[OpenProgress]);
    toolBar->addAction(m_actions[Approve]);
    toolBar->addAction(m_actions[Deny]);
    toolBar->addAction(m_actions[Cancel]);
    toolBar->addAction(m_actions[Retry]);
    toolBar->addAction(m_actions[Download]);

    auto *spacer = new QWidget(toolBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(spacer);
    auto *accountLabel = new QLabel(tr("&Account:"), toolBar);
    accountLabel->setBuddy(m_accountBox);
    accountLabel->setContentsMargins(0, 0, 6, 0);
    toolBar->addWidget(accountLabel);
    m_accountBox->setAccessibleName(tr("Account"));
    m_accountBox->setToolTip(tr("Switch to another account"));
    m_accountBox->setMinimumWidth(accountBoxMinimumWidth);
    m_accountBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    toolBar->addWidget(m_accountBox);
}

void MainWindow::setModels(OperationTableModel *tableModel, OperationFilterModel *filterModel)
{
    m_operationsView->setModels(tableModel, filterModel);
    // The figures follow the operations: new ones, changed ones, ones that went.
    connect(tableModel, &QAbstractItemModel::rowsInserted, m_metricsView,
            &MetricsView::noteOperationsChanged);
    connect(tableModel, &QAbstractItemModel::rowsRemoved, m_metricsView,
            &MetricsView::noteOperationsChanged);
    connect(tableModel, &QAbstractItemModel::dataChanged, m_metricsView,
            &MetricsView::noteOperationsChanged);
}

void MainWindow::setCurrentUser(const QString &userId, const QStringList &roles)
{
    m_userId = userId;
    m_roles = roles;
    m_operationsView->setCurrentUser(userId, roles);
    updateUserLabel();
    updateWorkActions();
}

void MainWindow::updateWorkActions()
{
    // Before sign-in nothing is known: the service answers for itself.
    const bool known = !m_userId.isEmpty();
    const QString who = tr("You are signed in as %1 (%2).").arg(m_userId, m_roles.join(u", "_s));
    const auto follow = [this, known, &who](Action id, bool allowed, const QString &why) {
        QAction *action = m_actions[id];
        const bool enabled = !known || allowed;
        action->setEnabled(enabled);
        const QString tip = action->statusTip();
        const QString shortcut = action->shortcut().toString(QKeySequence::NativeText);
        action->setToolTip(enabled ? (shortcut.isEmpty() ? tip : tr("%1 (%2)").arg(tip, shortcut))
                                   : tr("%1. %2").arg(why, who));
    };
    follow(Upload, access::mayUpload(m_roles), tr("Uploading needs the user role"));
    follow(Export, access::mayExport(m_roles), tr("Exporting needs the user, staff or admin role"));
    follow(DeleteFile, access::mayAskToDeleteFiles(m_roles),
           tr("Deleting a file needs the user role (your own files) or admin"));
}

void MainWindow::setAccounts(const QStringList &accountIds, const QString &current)
{
    const QSignalBlocker blocker(m_accountBox);
    m_accountBox->clear();
    m_accountBox->addItems(accountIds);
    m_accountBox->setCurrentIndex(int(accountIds.indexOf(current)));
    m_accountBox->setEnabled(accountIds.size() > 1);
}

void MainWindow::setAccountGuide(const QList<GettingStartedDialog::Account> &accounts)
{
    m_accountGuide = accounts;
}

void MainWindow::showGettingStarted()
{
    // One page, brought forward when asked again.
    if (auto *open = findChild<GettingStartedDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new GettingStartedDialog(m_accountGuide, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(u"aboutBox"_s);
    box->setWindowTitle(tr("About Optrack"));
    box->setIconPixmap(windowIcon().pixmap(aboutIconSize));
    box->setTextFormat(Qt::RichText);
    box->setText(tr("<h3>Optrack %1</h3>"
                    "<p>Tracks long-running operations (uploads, exports, deletions that wait "
                    "for approval, and whatever a backend reports) with their progress, steps, "
                    "time left, votes and history.</p>"
                    "<p>Built with Qt %2. Help ▸ Getting started explains the basics.</p>")
                         .arg(QCoreApplication::applicationVersion().toHtmlEscaped(),
                              QString::fromLatin1(qVersion())));
    box->setStandardButtons(QMessageBox::Close);
    box->open();
}

void MainWindow::setMetricsVisible(bool visible)
{
    const int index = m_tabs->indexOf(m_metricsView);
    m_tabs->setTabVisible(index, visible);
    if (!visible && m_tabs->currentIndex() == index)
        m_tabs->setCurrentIndex(operationsTab);
    m_tabs->tabBar()->setVisible(visible);
}

bool MainWindow::isMetricsVisible() const
{
    return m_tabs->isTabVisible(m_tabs->indexOf(m_metricsView));
}

void MainWindow::setConnection(const ConnectionInfo &info)
{
    m_indicator->setConnection(info);
    m_operationsView->setConnection(info);
}

void MainWindow::showOperation(const QString &operationId)
{
    m_tabs->setCurrentIndex(operationsTab);
    if (m_operationsView->selectOperation(operationId))
        m_operationsView->tableView()->setFocus(Qt::OtherFocusReason);
    else
        emit openProgressRequested(operationId);
}

void MainWindow::updateOperationActions()
{
    const OperationActions actions = m_operationsView->detailPanel()->actions();
    m_actions[Cancel]->setEnabled(actions.cancel);
    m_actions[Approve]->setEnabled(actions.vote);
    m_actions[Deny]->setEnabled(actions.vote);
    m_actions[ApproveSelected]->setEnabled(!votableSelection().isEmpty());
    m_actions[Retry]->setEnabled(actions.retry);
    m_actions[OpenProgress]->setEnabled(actions.openProgress);
    m_actions[OpenProgressCompact]->setEnabled(actions.openProgress);
    m_actions[Download]->setEnabled(actions.download);
}

QList<Operation> MainWindow::votableSelection() const
{
    QList<Operation> votable;
    const OperationDetailPanel *panel = m_operationsView->detailPanel();
    const QList<Operation> selected = m_operationsView->selectedOperations();
    for (const Operation &operation : selected) {
        const bool sent = m_bulkSent.contains(operation.operationId)
                || (operation.operationId == panel->operationId() && panel->isVoteSent());
        if (!sent && OperationActions::forOperation(operation, m_userId, m_roles).vote)
            votable.append(operation);
    }
    return votable;
}

void MainWindow::approveSelected()
{
    const QList<Operation> votable = votableSelection();
    if (votable.isEmpty())
        return;
    auto *dialog = new BulkApproveDialog(votable, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // Only what was listed, and only once: each is marked sent before its vote leaves.
        QStringList ids;
        for (const QString &id : dialog->operationIds()) {
            if (!m_bulkSent.contains(id))
                ids.append(id);
        }
        m_bulkSent += ids;
        m_operationsView->detailPanel()->noteVotesSent(ids);
        updateOperationActions();
        for (const QString &id : std::as_const(ids))
            emit voteRequested(id, VoteDecision::Approve, QString());
    });
    dialog->open();
}

void MainWindow::updateUserLabel()
{
    m_userLabel->setText(m_userId.isEmpty()
                                 ? tr("Not signed in")
                                 : tr("Signed in as %1 (%2)").arg(m_userId, m_roles.join(u", "_s)));
}

QByteArray MainWindow::saveUiState() const
{
    QByteArray state;
    QDataStream stream(&state, QIODevice::WriteOnly);
    stream << stateMagic << stateVersion << saveGeometry() << saveState()
           << m_operationsView->saveState() << qint32(m_tabs->currentIndex())
           << qint32(m_metricsView->windowHours());
    return state;
}

bool MainWindow::restoreUiState(const QByteArray &state)
{
    QDataStream stream(state);
    quint32 magic = 0;
    quint32 version = 0;
    QByteArray geometry;
    QByteArray windowState;
    QByteArray viewState;
    qint32 tab = 0;
    qint32 hours = 0;
    stream >> magic >> version >> geometry >> windowState >> viewState >> tab >> hours;
    if (stream.status() != QDataStream::Ok || magic != stateMagic || version != stateVersion)
        return false;
    restoreGeometry(geometry);
    restoreState(windowState);
    m_operationsView->restoreState(viewState);
    if (m_tabs->isTabVisible(tab))
        m_tabs->setCurrentIndex(tab);
    m_metricsView->setWindowHours(hours);
    return true;
}

} // namespace optrack
