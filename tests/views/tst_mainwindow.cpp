#include "cancelquestion.h"
#include "columnfitter.h"
#include "connectionindicator.h"
#include "dashboardfixtures.h"
#include "denyreasondialog.h"
#include "gettingstarteddialog.h"
#include "mainwindow.h"
#include "metricsview.h"
#include "offlinebanner.h"
#include "operationdetailpanel.h"
#include "operationfiltermodel.h"
#include "operationprogressdialog.h"
#include "operationssidebar.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "statuspalette.h"

#include <QAbstractBarSeries>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>

#include <algorithm>

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

/// Just right of a status badge's dot: the badge's tint.
constexpr int badgeTintOffset = 22;
/// A few pixels into a progress bar's filled part, past its frame.
constexpr int progressFillOffset = 8;
/// The style's shading of a bar moves its colour this far (summed over red, green, blue).
constexpr int shadedBarTolerance = 60;

/// The colour of the window's picture in a cell of the table, offset from the left end of
/// the cell's middle.
QColor cellColour(const QImage &image, const Window &fixture, const QString &id, int column,
                  int offset)
{
    const QModelIndex index
            = fixture.filter.mapFromSource(fixture.table.index(fixture.table.rowOf(id), column));
    const QRect rect = fixture.tableView()->visualRect(index);
    if (!fixture.tableView()->viewport()->rect().contains(rect.center()))
        qWarning("%s is not on screen", qPrintable(id));
    return optrack::testing::colourAt(image, &fixture.window, fixture.tableView()->viewport(),
                                      QPoint(rect.left() + offset, rect.center().y()));
}

/// The named label of a window.
QLabel *namedLabel(const QWidget &root, const QString &accessibleName)
{
    for (QLabel *label : root.findChildren<QLabel *>()) {
        if (label->accessibleName() == accessibleName && label->isVisible())
            return label;
    }
    return nullptr;
}

/// Whether some pixel of the label's area in the picture is at least this light.
bool hasLightText(const QImage &image, const QWidget &root, const QLabel *label, int lightness)
{
    const QRect area(label->mapTo(&root, QPoint()), label->size());
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            if (image.pixelColor(x, y).lightness() >= lightness)
                return true;
        }
    }
    return false;
}

void verifyBadge(const QImage &image, const Window &fixture, const QString &id,
                 OperationStatus status)
{
    const QColor seen
            = cellColour(image, fixture, id, OperationTableModel::Status, badgeTintOffset);
    const QColor want = StatusPalette::badgeFill(status, fixture.tableView()->palette());
    QVERIFY2(optrack::testing::near(seen, want),
             qPrintable(id + u": "_s + optrack::testing::describe(seen, want)));
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void actionsFollowTheSelection_data();
    void actionsFollowTheSelection();
    void workActionsFollowTheRoles_data();
    void workActionsFollowTheRoles();
    void helpMenu();
    void usableWhenNarrow();
    void deleteFileAndDownloadKeys();
    void statusListShowsWhereTheKeyboardIs();
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
    void oneColourPerStatusEverywhere_data();
    void oneColourPerStatusEverywhere();
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

void tst_MainWindow::workActionsFollowTheRoles_data()
{
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("upload");
    QTest::addColumn<bool>("exports");
    QTest::addColumn<bool>("deleteFile");
    QTest::newRow("approver only") << QStringList{u"approver"_s} << false << false << false;
    QTest::newRow("approver on staff")
            << QStringList{u"approver"_s, u"staff"_s} << false << true << false;
    QTest::newRow("user") << QStringList{u"user"_s} << true << true << true;
    QTest::newRow("admin") << QStringList{u"admin"_s} << false << true << true;
}

void tst_MainWindow::workActionsFollowTheRoles()
{
    QFETCH(QStringList, roles);
    QFETCH(bool, upload);
    QFETCH(bool, exports);
    QFETCH(bool, deleteFile);
    Window fixture(u"vic"_s, roles);
    QVERIFY(fixture.showActive());
    MainWindow &window = fixture.window;
    QSignalSpy uploads(&window, &MainWindow::uploadRequested);
    QSignalSpy exportsAsked(&window, &MainWindow::exportRequested);
    const auto verify = [&window](MainWindow::Action id, bool allowed, const QString &needs) {
        const QAction *action = window.action(id);
        QCOMPARE(action->isEnabled(), allowed);
        // A disabled action says why, and who is signed in; an enabled one what it does.
        QCOMPARE(action->toolTip().contains(needs), !allowed);
        QCOMPARE(action->toolTip().contains(u"signed in as vic"_s), !allowed);
        if (allowed)
            QVERIFY(action->toolTip().startsWith(action->statusTip()));
        // The toolbar's button follows the action.
        const QList<QObject *> shown = action->associatedObjects();
        QVERIFY(std::any_of(shown.cbegin(), shown.cend(), [allowed](QObject *object) {
            auto *button = qobject_cast<QWidget *>(object);
            return button && !qobject_cast<QMenu *>(object) && button->isEnabled() == allowed;
        }));
    };
    verify(MainWindow::Upload, upload, u"needs the user role"_s);
    verify(MainWindow::Export, exports, u"needs the user, staff or admin role"_s);
    verify(MainWindow::DeleteFile, deleteFile, u"needs the user role"_s);
    // The keys do nothing the roles do not allow.
    QTest::keyClick(&window, Qt::Key_U, Qt::ControlModifier);
    QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
    QCOMPARE(uploads.size(), upload ? 1 : 0);
    QCOMPARE(exportsAsked.size(), exports ? 1 : 0);
}

void tst_MainWindow::statusListShowsWhereTheKeyboardIs()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QListWidget *list = fixture.window.operationsView()->sidebar()->statusList();
    // "Failed" is the filter; the keyboard is elsewhere, then in the list.
    const int row = 4;
    list->setCurrentRow(row);
    const QRect rect = list->visualRect(list->model()->index(row, 0));
    const QPoint edge(rect.left() + 2, rect.center().y());
    fixture.tableView()->setFocus();
    QTRY_VERIFY(fixture.tableView()->hasFocus());
    const QColor without = testing::colourAt(testing::picture(&fixture.window), &fixture.window,
                                             list->viewport(), edge);
    list->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(list->hasFocus());
    QCOMPARE(list->currentRow(), row);
    const QColor with = testing::colourAt(testing::picture(&fixture.window), &fixture.window,
                                          list->viewport(), edge);
    // An outline in the selection's text colour around the selected row, only with focus.
    const QColor cue = list->palette().color(QPalette::HighlightedText);
    QVERIFY2(testing::near(with, cue, 90), qPrintable(testing::describe(with, cue)));
    QVERIFY2(!testing::near(without, cue, 90), qPrintable(testing::describe(without, cue)));
}

void tst_MainWindow::deleteFileAndDownloadKeys()
{
    Window fixture;
    QVERIFY(fixture.showActive());
    QSignalSpy deleteFile(&fixture.window, &MainWindow::deleteFileRequested);
    QSignalSpy download(&fixture.window, &MainWindow::downloadRequested);
    fixture.focusRow(u"op_e309"_s); // carol's completed export
    QTest::keyClick(&fixture.window, Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(download.size(), 1);
    QCOMPARE(download.at(0).at(0).toString(), u"op_e309"_s);
    QTest::keyClick(&fixture.window, Qt::Key_Delete, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(deleteFile.size(), 1);
    // Each key is told beside its action.
    QVERIFY(fixture.window.action(MainWindow::Download)->toolTip().contains(u"Ctrl+S"_s));
    QVERIFY(fixture.window.action(MainWindow::DeleteFile)->toolTip().contains(u"Ctrl+Shift+Del"_s));
}

void tst_MainWindow::usableWhenNarrow()
{
    Window fixture;
    MainWindow &window = fixture.window;
    QVERIFY(fixture.showActive());
    OperationsView *view = window.operationsView();
    QVERIFY(view->isSidebarShown());
    QVERIFY(view->columnFitter()->droppedColumns().isEmpty());

    window.resize(800, 500);
    QTRY_COMPARE(window.size(), QSize(800, 500));
    QVERIFY2(window.minimumSizeHint().width() <= 800 && window.minimumSizeHint().height() <= 500,
             qPrintable(u"minimum %1x%2"_s.arg(window.minimumSizeHint().width())
                                .arg(window.minimumSizeHint().height())));
    // The filters fold away; the table keeps the name, status and progress whole.
    QTRY_VERIFY(!view->isSidebarShown());
    QVERIFY(!window.action(MainWindow::ShowSidebar)->isChecked());
    QHeaderView *header = fixture.tableView()->header();
    const int viewportWidth = fixture.tableView()->viewport()->width();
    for (int column :
         {OperationTableModel::Name, OperationTableModel::Status, OperationTableModel::Progress}) {
        QVERIFY2(!header->isSectionHidden(column), qPrintable(QString::number(column)));
        const int right = header->sectionViewportPosition(column) + header->sectionSize(column);
        QVERIFY2(header->sectionViewportPosition(column) >= 0 && right <= viewportWidth,
                 qPrintable(u"column %1 ends at %2 of %3"_s.arg(column).arg(right).arg(
                         viewportWidth)));
    }
    QVERIFY(!view->columnFitter()->droppedColumns().isEmpty());
    // Status and progress are the last to go: the lesser columns went first.
    QVERIFY(!view->columnFitter()->droppedColumns().contains(OperationTableModel::Status));
    QVERIFY(!view->columnFitter()->droppedColumns().contains(OperationTableModel::Progress));
    QVERIFY(header->sectionSize(OperationTableModel::Name) >= 150);
    // The decision stays within reach: Approve on a waiting operation is on screen.
    fixture.focusRow(u"op_d205"_s);
    QPushButton *approve = view->detailPanel()->approveButton();
    QTRY_VERIFY(approve->isVisible());
    dashboardfixtures::saveScreenshot(&window, u"main-window-800x500"_s);

    // F9 brings the filters back at any width.
    QTest::keyClick(&window, Qt::Key_F9);
    QTRY_VERIFY(view->isSidebarShown());
    QTest::keyClick(&window, Qt::Key_F9);
    QTRY_VERIFY(!view->isSidebarShown());

    // Wide again: everything returns.
    window.resize(1280, 800);
    QTRY_VERIFY(view->isSidebarShown());
    QTRY_VERIFY(view->columnFitter()->droppedColumns().isEmpty());
    for (int column : {OperationTableModel::Type, OperationTableModel::TimeRemaining,
                       OperationTableModel::Owner, OperationTableModel::Started})
        QVERIFY(!header->isSectionHidden(column));
}

void tst_MainWindow::helpMenu()
{
    Window fixture;
    MainWindow &window = fixture.window;
    window.setAccountGuide(
            {{u"me"_s, u"yours: upload and export"_s}, {u"approver1"_s, u"votes on deletions"_s}});
    QVERIFY(fixture.showActive());
    QMenu *help = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->text() == u"&Help"_s)
            help = menu->menu();
    }
    QVERIFY(help);
    QVERIFY(help->actions().contains(window.action(MainWindow::GettingStarted)));
    QVERIFY(help->actions().contains(window.action(MainWindow::About)));

    // F1: what an operation is, the accounts, the file format.
    QTest::keyClick(&window, Qt::Key_F1);
    GettingStartedDialog *page = nullptr;
    QTRY_VERIFY((page = window.findChild<GettingStartedDialog *>()) && page->isVisible());
    const QString text = page->text();
    QVERIFY(text.contains(u"An operation is"_s));
    QVERIFY(text.contains(u"approver1: votes on deletions"_s));
    QVERIFY(text.contains(u"date,account,amount,currency,description"_s));
    dashboardfixtures::saveScreenshot(page, u"getting-started"_s);
    // Asked again: the same page, not a second one.
    window.action(MainWindow::GettingStarted)->trigger();
    QCOMPARE(window.findChildren<GettingStartedDialog *>().size(), 1);
    page->close();

    window.action(MainWindow::About)->trigger();
    QMessageBox *about = nullptr;
    QTRY_VERIFY((about = window.findChild<QMessageBox *>(u"aboutBox"_s)) && about->isVisible());
    QVERIFY(about->text().contains(u"Optrack"_s));
    QVERIFY(about->text().contains(QString::fromLatin1(qVersion())));
    about->close();
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
    CancelQuestion *box = nullptr;
    QTRY_VERIFY((box = fixture.window.findChild<CancelQuestion *>()) && box->isVisible());
    QVERIFY(cancel.isEmpty());
    // Enter, once the question has the keyboard, keeps it running: the destructive choice
    // is never the default.
    QTRY_VERIFY(box->isActiveWindow());
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_VERIFY(!fixture.window.findChild<CancelQuestion *>());
    QVERIFY(cancel.isEmpty());
    // Back in the main window (no window manager here hands the focus back).
    QVERIFY(fixture.showActive());
    fixture.focusRow(u"op_e311"_s);
    QTest::keyClick(fixture.tableView(), Qt::Key_Delete);
    QTRY_VERIFY((box = fixture.window.findChild<CancelQuestion *>()) && box->isVisible());
    QTest::mouseClick(box->cancelButton(), Qt::LeftButton);
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
    // Pressed again, or Deny after it: the decision was made; nothing more leaves.
    QTest::keyClick(&fixture.window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(&fixture.window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(votes.size(), 1);
    QVERIFY(!fixture.window.findChild<DenyReasonDialog *>());
    QVERIFY(!fixture.window.action(MainWindow::Approve)->isEnabled());
    QVERIFY(!fixture.window.action(MainWindow::Approve)->autoRepeat());

    // Another operation, picked by the user: its own decision.
    fixture.focusRow(u"op_d206"_s);
    QVERIFY(fixture.window.action(MainWindow::Approve)->isEnabled());
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
    OperationDetailPanel *panel = fixture.window.operationsView()->detailPanel();
    panel->setEvents(u"op_d204"_s, dashboardfixtures::waitingEvents());
    QImage image = optrack::testing::picture(&fixture.window);
    // Each status in its badge colour, the selected row's too; the selection does not
    // hide what it is.
    verifyBadge(image, fixture, u"op_d204"_s, OperationStatus::WaitingForApproval);
    verifyBadge(image, fixture, u"op_u1042"_s, OperationStatus::InProgress);
    verifyBadge(image, fixture, u"op_u1039"_s, OperationStatus::Failed);
    // The operation's name, the connection state and the vote buttons are shown whole.
    QVERIFY(optrack::testing::showsWholeText(namedLabel(fixture.window, u"Operation name"_s)));
    ConnectionIndicator *indicator = fixture.window.connectionIndicator();
    QVERIFY(indicator->isVisible() && indicator->width() >= indicator->sizeHint().width());
    for (QPushButton *button : {panel->approveButton(), panel->denyButton()}) {
        QVERIFY(button->isVisible());
        QVERIFY(button->width() >= button->sizeHint().width());
    }
    dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard"_s);

    fixture.window.operationsView()->sidebar()->setCurrentFilter(OperationsSidebar::Failed);
    QVERIFY(fixture.window.operationsView()->selectOperation(u"op_r85"_s));
    image = optrack::testing::picture(&fixture.window);
    for (const QString &id : {u"op_r85"_s, u"op_u1039"_s, u"op_u1031"_s, u"op_e305"_s})
        verifyBadge(image, fixture, id, OperationStatus::Failed);
    // The error is the first thing to read, in full.
    QCOMPARE(panel->errorText(), panel->operation()->errorMessage.value());
    QVERIFY(optrack::testing::showsWholeText(namedLabel(fixture.window, u"Error message"_s)));
    dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard-failed"_s);

    fixture.window.metricsView()->setSummary(dashboardfixtures::metricsSummary());
    fixture.window.tabs()->setCurrentWidget(fixture.window.metricsView());
    image = optrack::testing::picture(&fixture.window);
    const QList<QChartView *> charts = fixture.window.metricsView()->findChildren<QChartView *>();
    QCOMPARE(charts.size(), 4);
    for (const QChartView *chart : charts)
        QVERIFY2(chart->isVisible() && chart->height() >= 150, qPrintable(chart->chart()->title()));
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
        OperationDetailPanel *panel = fixture.window.operationsView()->detailPanel();
        panel->setEvents(u"op_d204"_s, dashboardfixtures::waitingEvents());
        fixture.window.setConnection(
                {ConnectionState::Offline, 8, reason, QDateTime::currentDateTime().addSecs(-25)});
        QImage image = optrack::testing::picture(&fixture.window);
        // Dim tints and dark grounds, light text: nothing glares.
        const QColor ground = optrack::testing::colourAt(image, &fixture.window, panel, {1, 1});
        QVERIFY2(optrack::testing::near(ground, dark.color(QPalette::Window), 8),
                 qPrintable(ground.name()));
        verifyBadge(image, fixture, u"op_d204"_s, OperationStatus::WaitingForApproval);
        verifyBadge(image, fixture, u"op_u1039"_s, OperationStatus::Failed);
        const QColor badge = cellColour(image, fixture, u"op_u1039"_s, OperationTableModel::Status,
                                        badgeTintOffset);
        QVERIFY2(badge.lightness() < 100, qPrintable(badge.name()));
        QVERIFY(hasLightText(image, fixture.window, namedLabel(fixture.window, u"Operation name"_s),
                             200));
        OfflineBanner *banner = fixture.window.operationsView()->offlineBanner();
        QVERIFY(banner->isVisible());
        const QColor tint = optrack::testing::colourAt(image, &fixture.window, banner,
                                                       {3, banner->height() / 2});
        QVERIFY2(tint.lightness() < 110, qPrintable(tint.name()));
        dashboardfixtures::saveScreenshot(&fixture.window, u"dashboard-dark"_s);

        fixture.window.metricsView()->setSummary(dashboardfixtures::metricsSummary());
        fixture.window.tabs()->setCurrentWidget(fixture.window.metricsView());
        image = optrack::testing::picture(&fixture.window);
        // The charts sit on the dark base, not on a white card.
        QChartView *counts = fixture.window.metricsView()->countsChart();
        const QPointF empty = counts->chart()->plotArea().topRight() + QPointF(-4, 4);
        const QColor chartGround = optrack::testing::colourAt(
                image, &fixture.window, counts,
                counts->mapFromScene(counts->chart()->mapToScene(empty)));
        QVERIFY2(chartGround.lightness() < 80, qPrintable(chartGround.name()));
        dashboardfixtures::saveScreenshot(&fixture.window, u"metrics-dark"_s);
    }
    QApplication::setPalette(light);
}

void tst_MainWindow::oneColourPerStatusEverywhere_data()
{
    QTest::addColumn<QString>("operationId");
    QTest::addColumn<OperationStatus>("status");
    QTest::newRow("running") << u"op_e311"_s << OperationStatus::InProgress;
    QTest::newRow("waiting") << u"op_d204"_s << OperationStatus::WaitingForApproval;
    QTest::newRow("failed") << u"op_u1039"_s << OperationStatus::Failed;
    QTest::newRow("completed") << u"op_e309"_s << OperationStatus::Completed;
}

void tst_MainWindow::oneColourPerStatusEverywhere()
{
    QFETCH(QString, operationId);
    QFETCH(OperationStatus, status);
    Window fixture;
    QVERIFY(fixture.showActive());
    QVERIFY(fixture.window.operationsView()->selectOperation(operationId));
    fixture.tableView()->clearSelection(); // the selection's highlight is not the status's
    const Operation operation = fixture.table.operationAt(fixture.table.rowOf(operationId));
    QCOMPARE(operation.status, status);

    // The start of the table's bar (a few pixels into its filled part)...
    const QImage dashboard = optrack::testing::picture(&fixture.window);
    const QColor inTable = cellColour(dashboard, fixture, operationId,
                                      OperationTableModel::Progress, progressFillOffset);
    // ...and of the progress window's bar for the same operation: the same colour.
    OperationProgressDialog dialog(operationId, operation.displayName,
                                   OperationProgressDialog::Mode::Full);
    dialog.setOperation(operation);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QImage window = optrack::testing::picture(&dialog);
    const auto *bar = dialog.findChild<QProgressBar *>(u"progressBar"_s);
    QVERIFY(bar);
    const QColor inWindow = optrack::testing::colourAt(
            window, &dialog, bar, QPoint(progressFillOffset, bar->height() / 2));
    // The style shades a bar from top to bottom, and the two bars differ in height: each is
    // near its status's fill, and nearer to it than to any other status's (statuses that
    // share a colour count as one).
    const QPalette palette = fixture.window.palette();
    const auto distance = [](const QColor &a, const QColor &b) {
        return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue());
    };
    const auto nearestStatus = [&](const QColor &seen) {
        OperationStatus nearest = OperationStatus::Pending;
        for (OperationStatus other : allStatuses()) {
            if (distance(seen, StatusPalette::fill(other, palette))
                < distance(seen, StatusPalette::fill(nearest, palette)))
                nearest = other;
        }
        return nearest;
    };
    const QColor want = StatusPalette::fill(status, palette);
    for (const QColor &seen : {inTable, inWindow}) {
        QVERIFY2(optrack::testing::near(seen, want, shadedBarTolerance),
                 qPrintable(optrack::testing::describe(seen, want)));
        QCOMPARE(StatusPalette::fill(nearestStatus(seen), palette), want);
    }
    QVERIFY2(optrack::testing::near(inTable, inWindow, shadedBarTolerance),
             qPrintable(optrack::testing::describe(inTable, inWindow)));
    // The status's words take its text colour in the window, as in the table's badge.
    const auto *label = dialog.findChild<QLabel *>(u"status"_s);
    QCOMPARE(label->palette().color(QPalette::WindowText),
             StatusPalette::color(status, dialog.palette()));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
