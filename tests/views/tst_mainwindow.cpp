#include "connectionindicator.h"
#include "dashboardfixtures.h"
#include "denyreasondialog.h"
#include "mainwindow.h"
#include "metricsview.h"
#include "offlinebanner.h"
#include "operationdetailpanel.h"
#include "operationfiltermodel.h"
#include "operationssidebar.h"
#include "operationsview.h"
#include "operationtablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace optrack;

namespace {

const QString reason = u"Cannot connect to the service at http://127.0.0.1:8080: connection "
                       u"refused."_s;

/// The window over the fixture operations, shown and active, signed in as an approver
/// on staff: testers on both models from the start.
struct Window
{
    OperationTableModel table;
    OperationFilterModel filter;
    QAbstractItemModelTester tableTester{&table};
    QAbstractItemModelTester filterTester{&filter};
    MainWindow window;

    explicit Window(const QString &user = u"carol"_s,
                    const QStringList &roles = {u"user"_s, u"approver"_s, u"staff"_s})
    {
        filter.setSourceModel(&table);
        window.setModels(&table, &filter);
        window.setCurrentUser(user, roles);
        window.setAccounts({u"carol"_s, u"alice"_s, u"bob"_s}, user);
        window.setMetricsVisible(roles.contains(u"staff"_s));
        window.setConnection({ConnectionState::Live, -1, {}, QDateTime::currentDateTime()});
        table.applyChanges(dashboardfixtures::dashboardOperations());
        table.flushPendingChanges();
        window.resize(1280, 800);
    }

    bool showActive()
    {
        window.show();
        QApplication::setActiveWindow(&window);
        return QTest::qWaitForWindowActive(&window);
    }

    QTreeView *tableView() const { return window.operationsView()->tableView(); }

    void focusRow(const QString &id)
    {
        QVERIFY(window.operationsView()->selectOperation(id));
        tableView()->setFocus();
        QTRY_VERIFY(tableView()->hasFocus());
    }
};

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void actionsFollowTheSelection_data();
    void actionsFollowTheSelection();
    void findFocusesTheSearch();
    void refreshKey();
    void returnOpensTheProgressWindow();
    void operationMenuOpensTheCompactWindow();
    void deleteCancelsAfterAsking();
    void voteShortcuts();
    void accountSwitcher();
    void metricsOnlyForStaff();
    void failureInMetricsLeadsToTheOperation();
    void offlineBannerKeepsTheData();
    void notRespondingMarksTheFiguresAsNotCurrent();
    void indicatorStaysWhileAStatusTipShows();
    void uiStateRoundTrip();
    void everyControlHasAnAccessibleName();
    void screenshots();
    void darkPaletteScreenshot();
};

void tst_MainWindow::actionsFollowTheSelection_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("cancel");
    QTest::addColumn<bool>("vote");
    QTest::addColumn<bool>("retry");
    QTest::addColumn<bool>("download");
    QTest::newRow("waiting, someone else's") << u"op_d204"_s << false << true << false << false;
    QTest::newRow("running, mine") << u"op_e311"_s << true << false << false << false;
    QTest::newRow("completed export, mine") << u"op_e309"_s << false << false << false << true;
    QTest::newRow("failed, someone else's") << u"op_u1039"_s << false << false << false << false;
}

void tst_MainWindow::actionsFollowTheSelection()
{
    QFETCH(QString, id);
    QFETCH(bool, cancel);
    QFETCH(bool, vote);
    QFETCH(bool, retry);
    QFETCH(bool, download);
    Window fixture;
    MainWindow &window = fixture.window;
    QVERIFY(!window.action(MainWindow::OpenProgress)->isEnabled());
    QVERIFY(window.operationsView()->selectOperation(id));
    QCOMPARE(window.action(MainWindow::Cancel)->isEnabled(), cancel);
    QCOMPARE(window.action(MainWindow::Approve)->isEnabled(), vote);
    QCOMPARE(window.action(MainWindow::Deny)->isEnabled(), vote);
    QCOMPARE(window.action(MainWindow::Retry)->isEnabled(), retry);
    QCOMPARE(window.action(MainWindow::Download)->isEnabled(), download);
    QVERIFY(window.action(MainWindow::OpenProgress)->isEnabled());
}

void tst_MainWindow::findFocusesTheSearch()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    fixture.window.tabs()->setCurrentWidget(fixture.window.metricsView());
    fixture.tableView()->setFocus();
    QTest::keyClick(&fixture.window, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(fixture.window.tabs()->currentWidget(), fixture.window.operationsView());
    QTRY_VERIFY(fixture.window.operationsView()->searchField()->hasFocus());
    QTest::keyClicks(QApplication::focusWidget(), u"payroll"_s);
    QCOMPARE(fixture.filter.rowCount(), 3);
}

void tst_MainWindow::refreshKey()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QSignalSpy refresh(&fixture.window, &MainWindow::refreshRequested);
    QTest::keyClick(&fixture.window, Qt::Key_F5);
    QCOMPARE(refresh.size(), 1);
}

void tst_MainWindow::returnOpensTheProgressWindow()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QSignalSpy open(&fixture.window, &MainWindow::openProgressRequested);
    fixture.focusRow(u"op_r88"_s);
    QTest::keyClick(fixture.tableView(), Qt::Key_Return);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"op_r88"_s);

    // In the search field Return stays the field's key.
    fixture.window.operationsView()->focusSearch();
    QTRY_VERIFY(fixture.window.operationsView()->searchField()->hasFocus());
    QTest::keyClick(fixture.window.operationsView()->searchField(), Qt::Key_Return);
    QCOMPARE(open.size(), 1);
    // Nor in the toolbar's account switcher.
    fixture.window.accountSwitcher()->setFocus();
    QTRY_VERIFY(fixture.window.accountSwitcher()->hasFocus());
    QTest::keyClick(fixture.window.accountSwitcher(), Qt::Key_Return);
    QCOMPARE(open.size(), 1);
}

void tst_MainWindow::operationMenuOpensTheCompactWindow()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QAction *compact = fixture.window.action(MainWindow::OpenProgressCompact);
    QVERIFY(!compact->isEnabled()); // nothing selected
    fixture.focusRow(u"op_r88"_s);
    QVERIFY(compact->isEnabled());
    // In the Operation menu, right after the full window.
    QMenu *menu = nullptr;
    for (QAction *entry : fixture.window.menuBar()->actions()) {
        if (entry->text() == u"&Operation"_s)
            menu = entry->menu();
    }
    QVERIFY(menu);
    const QList<QAction *> entries = menu->actions();
    const qsizetype at = entries.indexOf(compact);
    QVERIFY(at > 0);
    QCOMPARE(entries.at(at - 1), fixture.window.action(MainWindow::OpenProgress));
    QCOMPARE(compact->text(), u"Open progress (co&mpact)"_s);

    // Chosen from the menu with the keyboard, as a person does.
    QSignalSpy open(&fixture.window, &MainWindow::openCompactProgressRequested);
    QTest::keyClick(&fixture.window, Qt::Key_O, Qt::AltModifier);
    QTRY_VERIFY(menu->isVisible());
    QTest::keyClick(menu, Qt::Key_M);
    QTRY_COMPARE(open.size(), 1);
    QCOMPARE(open.constFirst().constFirst().toString(), u"op_r88"_s);
}

void tst_MainWindow::deleteCancelsAfterAsking()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QSignalSpy cancel(&fixture.window, &MainWindow::cancelRequested);
    fixture.focusRow(u"op_e311"_s); // carol's running export
    QTest::keyClick(fixture.tableView(), Qt::Key_Delete);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = fixture.window.findChild<QMessageBox *>()) && box->isVisible());
    QVERIFY(cancel.isEmpty());
    for (QAbstractButton *button : box->buttons()) {
        if (box->buttonRole(button) == QMessageBox::AcceptRole)
            QTest::mouseClick(button, Qt::LeftButton);
    }
    QCOMPARE(cancel.size(), 1);
    QCOMPARE(cancel.at(0).at(0).toString(), u"op_e311"_s);
}

void tst_MainWindow::voteShortcuts()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QSignalSpy votes(&fixture.window, &MainWindow::voteRequested);
    fixture.focusRow(u"op_d205"_s);
    QTest::keyClick(&fixture.window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(votes.size(), 1);
    QCOMPARE(votes.at(0).at(0).toString(), u"op_d205"_s);
    QCOMPARE(votes.at(0).at(1).value<VoteDecision>(), VoteDecision::Approve);

    QTest::keyClick(&fixture.window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
    DenyReasonDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = fixture.window.findChild<DenyReasonDialog *>()) && dialog->isVisible());
    QCOMPARE(votes.size(), 1);
    dialog->setReason(u"Vendor list is still referenced by open invoices"_s);
    QTest::mouseClick(dialog->denyButton(), Qt::LeftButton);
    QCOMPARE(votes.size(), 2);
    QCOMPARE(votes.at(1).at(1).value<VoteDecision>(), VoteDecision::Deny);
    QCOMPARE(votes.at(1).at(2).toString(), u"Vendor list is still referenced by open invoices"_s);

    // No vote on an operation that needs none.
    fixture.focusRow(u"op_r88"_s);
    QTest::keyClick(&fixture.window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(votes.size(), 2);
}

void tst_MainWindow::accountSwitcher()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QSignalSpy switched(&fixture.window, &MainWindow::accountSwitchRequested);
    QComboBox *box = fixture.window.accountSwitcher();
    QCOMPARE(box->currentText(), u"carol"_s);
    fixture.window.setAccounts({u"carol"_s, u"alice"_s, u"bob"_s}, u"alice"_s);
    QCOMPARE(box->currentText(), u"alice"_s);
    QVERIFY(switched.isEmpty()); // the app said so: nothing to ask for
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Down);
    QCOMPARE(switched.size(), 1);
    QCOMPARE(switched.at(0).at(0).toString(), u"bob"_s);

    fixture.window.setAccounts({u"carol"_s}, u"carol"_s);
    QVERIFY(!box->isEnabled());
}

void tst_MainWindow::metricsOnlyForStaff()
{
    Window user(u"alice"_s, {u"user"_s});
    QVERIFY(!user.window.isMetricsVisible());
    Window staff;
    QVERIFY(staff.window.isMetricsVisible());
    staff.window.tabs()->setCurrentWidget(staff.window.metricsView());
    staff.window.setMetricsVisible(false);
    QCOMPARE(staff.window.tabs()->currentWidget(), staff.window.operationsView());
}

void tst_MainWindow::failureInMetricsLeadsToTheOperation()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QSignalSpy open(&fixture.window, &MainWindow::openProgressRequested);
    QSignalSpy current(&fixture.window, &MainWindow::currentOperationChanged);
    QSignalSpy window(&fixture.window, &MainWindow::metricsWindowChanged);
    MetricsView *metrics = fixture.window.metricsView();
    metrics->setSummary(dashboardfixtures::metricsSummary());
    fixture.window.tabs()->setCurrentWidget(metrics);
    fixture.window.operationsView()->sidebar()->setCurrentFilter(OperationsSidebar::Completed);

    QTreeWidget *failures = metrics->failuresView();
    QTest::mouseClick(failures->viewport(), Qt::LeftButton, {},
                      failures->visualItemRect(failures->topLevelItem(2)).center());
    QCOMPARE(fixture.window.tabs()->currentWidget(), fixture.window.operationsView());
    QCOMPARE(fixture.window.operationsView()->currentOperationId(), u"op_r85"_s);
    QCOMPARE(current.last().at(0).toString(), u"op_r85"_s);
    QVERIFY(open.isEmpty());

    // Not in the table (an older failure): its progress window instead.
    QJsonObject summary = dashboardfixtures::metricsSummary();
    QJsonArray failed = summary.value(u"recentFailures"_s).toArray();
    QJsonObject old = failed.first().toObject();
    old.insert(u"operationId"_s, u"op_old"_s);
    failed.replace(0, old);
    summary.insert(u"recentFailures"_s, failed);
    metrics->setSummary(summary);
    fixture.window.tabs()->setCurrentWidget(metrics);
    failures->setCurrentItem(failures->topLevelItem(0));
    failures->setFocus();
    QTest::keyClick(failures, Qt::Key_Return);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"op_old"_s);

    metrics->windowSelector()->setFocus();
    QTest::keyClick(metrics->windowSelector(), Qt::Key_Down);
    QCOMPARE(window.size(), 1);
    QCOMPARE(window.at(0).at(0).toInt(), MetricsView::weekHours);
}

void tst_MainWindow::offlineBannerKeepsTheData()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    OfflineBanner *banner = fixture.window.operationsView()->offlineBanner();
    QSignalSpy retry(&fixture.window, &MainWindow::retryNowRequested);
    QVERIFY(fixture.window.operationsView()->selectOperation(u"op_u1039"_s));
    QVERIFY(!banner->isVisible());

    const QDateTime confirmed = QDateTime::currentDateTime().addSecs(-40);
    fixture.window.setConnection({ConnectionState::Offline, 12, reason, confirmed});
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(), u"Offline — retrying in 12 s: "_s + reason);
    QVERIFY(banner->ageText().contains(confirmed.time().toString(u"HH:mm:ss"_s)));
    QCOMPARE(fixture.window.connectionIndicator()->text(), u"Offline — retrying in 12 s"_s);
    ConnectionIndicator *indicator = fixture.window.connectionIndicator();
    QTRY_VERIFY(indicator->width() >= indicator->sizeHint().width()); // not clipped
    dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard-offline"_s);
    QCOMPARE(fixture.filter.rowCount(), 29);
    QCOMPARE(fixture.window.operationsView()->currentOperationId(), u"op_u1039"_s);

    QTest::mouseClick(banner->retryButton(), Qt::LeftButton);
    QCOMPARE(retry.size(), 1);

    fixture.window.setConnection({ConnectionState::Polling, 5, {}, QDateTime::currentDateTime()});
    QVERIFY(!banner->isVisible());
    QCOMPARE(fixture.window.connectionIndicator()->text(), u"Polling"_s);
    fixture.window.setConnection({ConnectionState::Live, -1, {}, QDateTime::currentDateTime()});
    QCOMPARE(fixture.window.connectionIndicator()->text(), u"Live"_s);
}

void tst_MainWindow::notRespondingMarksTheFiguresAsNotCurrent()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    OperationTableModel &table = fixture.table;
    // A running operation with an estimate: shown while current.
    const int row = table.rowOf(u"op_e311"_s);
    QVERIFY(row >= 0);
    const QModelIndex time = table.index(row, OperationTableModel::TimeRemaining);
    const QString estimate = time.data().toString();
    QVERIFY2(!estimate.isEmpty() && estimate != u"\u2014"_s, qPrintable(estimate));
    QSignalSpy resets(&table, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);

    const QDateTime confirmed = QDateTime::currentDateTime().addSecs(-40);
    fixture.window.setConnection(
            {ConnectionState::NotResponding, -1, u"The service does not answer."_s, confirmed});
    QCOMPARE(fixture.window.connectionIndicator()->text(), u"Not responding"_s);
    OfflineBanner *banner = fixture.window.operationsView()->offlineBanner();
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().startsWith(u"Not responding"_s));
    QVERIFY2(banner->ageText().contains(u"updated 40 s ago"_s), qPrintable(banner->ageText()));
    // The estimate is not shown as current; its tooltip keeps it, with its time.
    QCOMPARE(time.data().toString(), u"\u2014"_s);
    const QString tip = time.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(estimate) && tip.contains(confirmed.time().toString(u"HH:mm:ss"_s)),
             qPrintable(tip));
    // One signal for the column, no reset; a finished operation keeps its (empty) cell.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().at(0).toModelIndex().column(),
             int(OperationTableModel::TimeRemaining));
    QCOMPARE(changed.constFirst().at(1).toModelIndex().column(),
             int(OperationTableModel::TimeRemaining));
    // The table's text is muted while it shows the past.
    const QColor muted = fixture.tableView()->palette().color(QPalette::Text);
    QVERIFY(muted != fixture.window.palette().color(QPalette::Text));
    dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard-not-responding"_s);

    fixture.window.setConnection({ConnectionState::Live, -1, {}, QDateTime::currentDateTime()});
    QCOMPARE(time.data().toString(), estimate);
    QVERIFY(!banner->isVisible());
    QCOMPARE(fixture.tableView()->palette().color(QPalette::Text),
             fixture.window.palette().color(QPalette::Text));
    QCOMPARE(resets.size(), 0);
}

void tst_MainWindow::indicatorStaysWhileAStatusTipShows()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    fixture.window.setConnection(
            {ConnectionState::NotResponding, -1, {}, QDateTime::currentDateTime()});
    ConnectionIndicator *indicator = fixture.window.connectionIndicator();
    QVERIFY(indicator->isVisible());
    // The mouse over a toolbar button: its status tip shows in the status bar...
    QToolBar *toolBar = fixture.window.findChild<QToolBar *>(u"mainToolBar"_s);
    QVERIFY(toolBar);
    QWidget *upload = toolBar->widgetForAction(fixture.window.action(MainWindow::Upload));
    QVERIFY(upload);
    QTest::mouseMove(upload, upload->rect().center());
    QTRY_COMPARE(fixture.window.statusBar()->currentMessage(),
                 fixture.window.action(MainWindow::Upload)->statusTip());
    // ...and the connection state stays in sight beside it.
    QVERIFY(indicator->isVisible());
    QCOMPARE(indicator->text(), u"Not responding"_s);
    const QRect shown = indicator->geometry();
    QVERIFY(fixture.window.statusBar()->rect().contains(shown));
    QTRY_VERIFY(indicator->width() >= indicator->sizeHint().width()); // not clipped
}

void tst_MainWindow::uiStateRoundTrip()
{
    QByteArray state;
    {
        Window fixture;
        QVERIFY(fixture.showActive());
        fixture.window.resize(1100, 700);
        fixture.tableView()->header()->setSectionHidden(OperationTableModel::Type, true);
        fixture.window.operationsView()->sidebar()->setCurrentFilter(OperationsSidebar::Failed);
        fixture.window.metricsView()->setWindowHours(MetricsView::weekHours);
        state = fixture.window.saveUiState();
    }
    Window restored;
    QVERIFY(!restored.window.restoreUiState(QByteArray("garbage")));
    QVERIFY(restored.window.restoreUiState(state));
    QVERIFY(restored.showActive());
    QCOMPARE(restored.window.size(), QSize(1100, 700));
    QVERIFY(restored.tableView()->header()->isSectionHidden(OperationTableModel::Type));
    QCOMPARE(restored.window.operationsView()->sidebar()->currentFilter(),
             OperationsSidebar::Failed);
    QCOMPARE(restored.filter.rowCount(), 4);
    QCOMPARE(restored.window.metricsView()->windowHours(), MetricsView::weekHours);
}

void tst_MainWindow::everyControlHasAnAccessibleName()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QVERIFY(fixture.window.operationsView()->selectOperation(u"op_d204"_s));
    QStringList unnamed = dashboardfixtures::unnamedControls(&fixture.window);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    fixture.window.metricsView()->setSummary(dashboardfixtures::metricsSummary());
    fixture.window.tabs()->setCurrentWidget(fixture.window.metricsView());
    unnamed = dashboardfixtures::unnamedControls(&fixture.window);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

void tst_MainWindow::screenshots()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QVERIFY(fixture.window.operationsView()->selectOperation(u"op_d204"_s));
    fixture.window.operationsView()->detailPanel()->setEvents(u"op_d204"_s,
                                                              dashboardfixtures::waitingEvents());
    dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard"_s);

    fixture.window.operationsView()->sidebar()->setCurrentFilter(OperationsSidebar::Failed);
    QVERIFY(fixture.window.operationsView()->selectOperation(u"op_r85"_s));
    dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard-failed"_s);

    fixture.window.metricsView()->setSummary(dashboardfixtures::metricsSummary());
    fixture.window.tabs()->setCurrentWidget(fixture.window.metricsView());
    dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard-metrics"_s);
}

void tst_MainWindow::darkPaletteScreenshot()
{
    // Colours come from the palette: a dark theme gets light text on dim tints.
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Link, QColor(0x7a, 0xa7, 0xff));
    dark.setColor(QPalette::Mid, QColor(0x55, 0x57, 0x5b));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    QApplication::setPalette(dark);
    {
        Window fixture;
        QVERIFY(fixture.showActive());
        QVERIFY(fixture.window.operationsView()->selectOperation(u"op_d204"_s));
        fixture.window.operationsView()->detailPanel()->setEvents(
                u"op_d204"_s, dashboardfixtures::waitingEvents());
        fixture.window.setConnection(
                {ConnectionState::Offline, 8, reason, QDateTime::currentDateTime().addSecs(-25)});
        dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard-dark"_s);
        fixture.window.metricsView()->setSummary(dashboardfixtures::metricsSummary());
        fixture.window.tabs()->setCurrentWidget(fixture.window.metricsView());
        dashboardfixtures::saveScreenshot(&fixture.window, u"metrics-dark"_s);
    }
    QApplication::setPalette(light);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
