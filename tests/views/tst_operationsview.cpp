#include "dashboardfixtures.h"
#include "emptyoverlay.h"
#include "offlinebanner.h"
#include "operationdetailpanel.h"
#include "operationfiltermodel.h"
#include "operationssidebar.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "progressdelegate.h"
#include "statusbadgedelegate.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace Qt::StringLiterals;
using namespace optrack;

namespace {

const QString approver = u"carol"_s;
const QStringList approverRoles{u"user"_s, u"approver"_s, u"staff"_s};

/// A view over the fixture operations, with testers on both models from the start.
struct Dashboard
{
    OperationTableModel table;
    OperationFilterModel filter;
    QAbstractItemModelTester tableTester{&table};
    QAbstractItemModelTester filterTester{&filter};
    OperationsView view;

    Dashboard()
    {
        filter.setSourceModel(&table);
        view.setModels(&table, &filter);
        view.setCurrentUser(approver, approverRoles);
        table.applyChanges(dashboardfixtures::dashboardOperations());
        table.flushPendingChanges();
        view.resize(1100, 700);
    }

    QStringList shownIds() const
    {
        QStringList ids;
        for (int row = 0; row < filter.rowCount(); ++row)
            ids.append(filter.index(row, 0).data(OperationTableModel::OperationIdRole).toString());
        return ids;
    }
};

} // namespace

class tst_OperationsView : public QObject
{
    Q_OBJECT

private slots:
    void sidebarFilterChangesRows_data();
    void sidebarFilterChangesRows();
    void searchChangesRows_data();
    void searchChangesRows();
    void typeFilterChangesRows();
    void countsFollowModelChanges();
    void newTypesJoinTheSidebar();
    void defaultSortIsNewestFirst();
    void selectionDrivesDetailPanel();
    void leavingTheFilterSelectsNothing_data();
    void leavingTheFilterSelectsNothing();
    void aVotedOperationStaysSelected();
    void severalRowsSelected();
    void selectOperationClearsHidingFilters();
    void activationAsksForProgress();
    void emptyFilterSaysSo();
    void stateRoundTrip();
    void progressOption_data();
    void progressOption();
    void statusBadgeWidthFollowsLabel();
};

void tst_OperationsView::sidebarFilterChangesRows_data()
{
    QTest::addColumn<int>("filter");
    QTest::addColumn<int>("rows");
    QTest::newRow("all") << int(OperationsSidebar::All) << 29;
    QTest::newRow("active") << int(OperationsSidebar::Active) << 12;
    QTest::newRow("waiting for approval") << int(OperationsSidebar::WaitingForApproval) << 3;
    QTest::newRow("needs my vote") << int(OperationsSidebar::NeedsMyVote) << 3;
    QTest::newRow("failed") << int(OperationsSidebar::Failed) << 4;
    QTest::newRow("completed") << int(OperationsSidebar::Completed) << 9;
    QTest::newRow("cancelled") << int(OperationsSidebar::Cancelled) << 2;
    QTest::newRow("denied") << int(OperationsSidebar::Denied) << 2;
}

void tst_OperationsView::sidebarFilterChangesRows()
{
    QFETCH(int, filter);
    QFETCH(int, rows);
    Dashboard dashboard;
    QListWidget *list = dashboard.view.sidebar()->statusList();
    list->setCurrentRow(filter);
    QCOMPARE(dashboard.filter.rowCount(), rows);
    QTRY_COMPARE(dashboard.view.sidebar()->count(OperationsSidebar::Filter(filter)), rows);
    if (filter == OperationsSidebar::NeedsMyVote) {
        QCOMPARE(dashboard.shownIds(), (QStringList{u"op_d204"_s, u"op_d205"_s, u"op_d206"_s}));
    }
    if (rows != 29)
        QCOMPARE(dashboard.view.rowCountText(), u"%1 of 29 operations"_s.arg(rows));
}

void tst_OperationsView::searchChangesRows_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rows");
    QTest::newRow("name part") << u"payroll"_s << 3;
    QTest::newRow("owner") << u"ingest-bot"_s << 7;
    QTest::newRow("case-insensitive") << u"LEDGER"_s << 6;
    QTest::newRow("nothing") << u"no such thing"_s << 0;
    QTest::newRow("cleared") << QString() << 29;
}

void tst_OperationsView::searchChangesRows()
{
    QFETCH(QString, text);
    QFETCH(int, rows);
    Dashboard dashboard;
    dashboard.view.searchField()->setText(u"something first"_s);
    dashboard.view.searchField()->clear();
    QTest::keyClicks(dashboard.view.searchField(), text);
    QCOMPARE(dashboard.filter.rowCount(), rows);
}

void tst_OperationsView::typeFilterChangesRows()
{
    Dashboard dashboard;
    QListWidget *types = dashboard.view.sidebar()->typeList();
    const QList<QListWidgetItem *> found
            = types->findItems(u"ledger.reconcile"_s, Qt::MatchExactly);
    QCOMPARE(found.size(), 1);
    found.first()->setCheckState(Qt::Checked);
    QCOMPARE(dashboard.filter.rowCount(), 4);
    QCOMPARE(dashboard.filter.typeFilter(), QStringList{u"ledger.reconcile"_s});

    dashboard.view.sidebar()->setCurrentFilter(OperationsSidebar::Failed);
    QCOMPARE(dashboard.shownIds(), QStringList{u"op_r85"_s});

    found.first()->setCheckState(Qt::Unchecked);
    QCOMPARE(dashboard.filter.rowCount(), 4); // every failed operation again
}

void tst_OperationsView::countsFollowModelChanges()
{
    Dashboard dashboard;
    OperationsSidebar *sidebar = dashboard.view.sidebar();
    QTRY_COMPARE(sidebar->count(OperationsSidebar::All), 29);
    QCOMPARE(sidebar->count(OperationsSidebar::Failed), 4);
    QCOMPARE(sidebar->count(OperationsSidebar::Active), 12);
    QCOMPARE(sidebar->count(OperationsSidebar::NeedsMyVote), 3);

    Operation failed = dashboard.table.operationAt(dashboard.table.rowOf(u"op_u1042"_s));
    failed.status = OperationStatus::Failed;
    failed.errorMessage = u"Line 9: currency \"eur\" is not three capital letters"_s;
    failed.version += 1000;
    Operation voted = dashboard.table.operationAt(dashboard.table.rowOf(u"op_d205"_s));
    voted.approval->votes.append(dashboardfixtures::vote(approver, VoteDecision::Approve, {}, 0));
    voted.approval->approvals = 1;
    voted.version += 1000;
    dashboard.table.applyChanges({failed, voted});
    dashboard.table.removeOperations({u"op_i6"_s});

    QTRY_COMPARE(sidebar->count(OperationsSidebar::Failed), 5);
    QCOMPARE(sidebar->count(OperationsSidebar::Active), 11);
    QCOMPARE(sidebar->count(OperationsSidebar::All), 28);
    QCOMPARE(sidebar->count(OperationsSidebar::Completed), 8);
    QCOMPARE(sidebar->count(OperationsSidebar::NeedsMyVote), 2);
    const QListWidgetItem *failedItem = sidebar->statusList()->item(OperationsSidebar::Failed);
    QCOMPARE(failedItem->data(Qt::AccessibleTextRole).toString(), u"Failed: 5 operations"_s);
}

void tst_OperationsView::newTypesJoinTheSidebar()
{
    Dashboard dashboard;
    QVERIFY(!dashboard.view.sidebar()->operationTypes().contains(u"cache.warm"_s));
    dashboard.table.applyChanges(
            {dashboardfixtures::make(u"op_c1"_s, u"cache.warm"_s, u"Warming caches"_s,
                                     OperationStatus::InProgress, u"ingest-bot"_s, 0, 5)});
    QTRY_VERIFY(dashboard.view.sidebar()->operationTypes().contains(u"cache.warm"_s));
    QStringList sorted = dashboard.view.sidebar()->operationTypes();
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(dashboard.view.sidebar()->operationTypes(), sorted);
}

void tst_OperationsView::defaultSortIsNewestFirst()
{
    Dashboard dashboard;
    QHeaderView *header = dashboard.view.tableView()->header();
    QCOMPARE(header->sortIndicatorSection(), int(OperationTableModel::Started));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int row = 0; row < dashboard.filter.rowCount(); ++row) {
        const qint64 started = dashboard.filter.index(row, OperationTableModel::Started)
                                       .data(OperationTableModel::RawValueRole)
                                       .toLongLong();
        QVERIFY2(started <= previous, qPrintable(u"row %1"_s.arg(row)));
        previous = started;
    }
}

void tst_OperationsView::selectionDrivesDetailPanel()
{
    Dashboard dashboard;
    QSignalSpy changed(&dashboard.view, &OperationsView::currentOperationChanged);
    QSignalSpy updated(&dashboard.view, &OperationsView::currentOperationUpdated);
    QVERIFY(!dashboard.view.detailPanel()->hasOperation());

    QVERIFY(dashboard.view.selectOperation(u"op_u1042"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), u"op_u1042"_s);
    QCOMPARE(dashboard.view.detailPanel()->operationId(), u"op_u1042"_s);

    Operation later = dashboard.table.operationAt(dashboard.table.rowOf(u"op_u1042"_s));
    later.progressPercentage = 55;
    later.version += 1000;
    dashboard.table.applyChanges({later});
    QTRY_COMPARE(updated.size(), 1);
    QCOMPARE(dashboard.view.detailPanel()->operation()->progressPercentage, 55.0);
    QCOMPARE(changed.size(), 1);

    dashboard.table.removeOperations({u"op_u1042"_s});
    QTRY_VERIFY(dashboard.view.detailPanel()->operationId() != u"op_u1042"_s);
}

void tst_OperationsView::leavingTheFilterSelectsNothing_data()
{
    QTest::addColumn<int>("others");
    // One row leaving is a row removal; a burst with many is one layout change.
    QTest::newRow("alone") << 0;
    QTest::newRow("in a burst") << 2;
}

void tst_OperationsView::leavingTheFilterSelectsNothing()
{
    QFETCH(int, others);
    Dashboard dashboard;
    dashboard.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard.view));
    dashboard.view.sidebar()->setCurrentFilter(OperationsSidebar::NeedsMyVote);
    const QStringList waiting = dashboard.shownIds();
    QCOMPARE(waiting.size(), 3);
    QSignalSpy changed(&dashboard.view, &OperationsView::currentOperationChanged);
    // The user picks the middle one, so that rows lie on both sides of it.
    QTreeView *table = dashboard.view.tableView();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(dashboard.filter.index(1, 0)).center());
    const QString picked = waiting.at(1);
    QCOMPARE(dashboard.view.currentOperationId(), picked);
    QVERIFY(dashboard.view.detailPanel()->actions().vote);

    // Carol's vote arrives (with other changes in a burst): the row leaves "needs my vote".
    QList<Operation> burst;
    Operation voted = dashboard.table.operationAt(dashboard.table.rowOf(picked));
    voted.approval->votes.append({approver, VoteDecision::Approve, {}, voted.updatedAt});
    voted.approval->approvals += 1;
    voted.version += 1000;
    burst.append(voted);
    for (int i = 0; i < others; ++i) {
        Operation other = dashboard.table.operationAt(i);
        other.version += 1000;
        other.progressPercentage += 1;
        burst.append(other);
    }
    dashboard.table.applyChanges(burst);
    dashboard.table.flushPendingChanges();
    QVERIFY(!dashboard.shownIds().contains(picked));
    // Nothing is selected: not the row that slid into its place, whose vote is not asked.
    QVERIFY(dashboard.view.currentOperationId().isEmpty());
    QVERIFY(!dashboard.view.detailPanel()->hasOperation());
    QVERIFY(!dashboard.view.detailPanel()->actions().vote);
    QCOMPARE(changed.last().at(0).toString(), QString());
    QTRY_VERIFY(table->selectionModel()->selectedRows().isEmpty()
                && !table->currentIndex().isValid());
    for (const QList<QVariant> &args : std::as_const(changed))
        QVERIFY(args.at(0).toString() == picked || args.at(0).toString().isEmpty());

    // The user picks again: that one is shown.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(dashboard.filter.index(0, 0)).center());
    QCOMPARE(dashboard.view.currentOperationId(), dashboard.shownIds().at(0));
    QVERIFY(dashboard.view.detailPanel()->actions().vote);
}

void tst_OperationsView::aVotedOperationStaysSelected()
{
    Dashboard dashboard;
    dashboard.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard.view));
    QVERIFY(dashboard.view.selectOperation(u"op_d205"_s));
    OperationDetailPanel *panel = dashboard.view.detailPanel();
    QSignalSpy votes(panel, &OperationDetailPanel::voteRequested);
    panel->requestApprove();
    QCOMPARE(votes.size(), 1);

    // Its new state (the vote decided it) keeps it selected, and still no vote applies.
    Operation decided = dashboard.table.operationAt(dashboard.table.rowOf(u"op_d205"_s));
    decided.status = OperationStatus::Approved;
    decided.approval->decision = ApprovalDecision::Approved;
    decided.approval->approvals = 1;
    decided.approval->votes.append({approver, VoteDecision::Approve, {}, decided.updatedAt});
    decided.version += 1000;
    dashboard.table.applyChanges({decided});
    dashboard.table.flushPendingChanges();
    QCOMPARE(dashboard.view.currentOperationId(), u"op_d205"_s);
    QCOMPARE(panel->operation()->status, OperationStatus::Approved);
    QVERIFY(!panel->actions().vote);

    // Clicking its row again is picking it again.
    QTreeView *table = dashboard.view.tableView();
    QVERIFY(panel->isVoteSent());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(table->currentIndex()).center());
    QVERIFY(!panel->isVoteSent());
}

void tst_OperationsView::severalRowsSelected()
{
    Dashboard dashboard;
    dashboard.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard.view));
    QSignalSpy selection(&dashboard.view, &OperationsView::selectionChanged);
    dashboard.view.sidebar()->setCurrentFilter(OperationsSidebar::WaitingForApproval);
    QTreeView *table = dashboard.view.tableView();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(dashboard.filter.index(0, 0)).center());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier,
                      table->visualRect(dashboard.filter.index(2, 0)).center());
    QVERIFY(selection.size() >= 2);
    const QList<Operation> selected = dashboard.view.selectedOperations();
    QCOMPARE(selected.size(), 2);
    QCOMPARE(selected.at(0).operationId, dashboard.shownIds().at(0));
    QCOMPARE(selected.at(1).operationId, dashboard.shownIds().at(2));
    // The details show the one clicked last.
    QCOMPARE(dashboard.view.currentOperationId(), dashboard.shownIds().at(2));
}

void tst_OperationsView::selectOperationClearsHidingFilters()
{
    Dashboard dashboard;
    dashboard.view.sidebar()->setCurrentFilter(OperationsSidebar::Completed);
    QTest::keyClicks(dashboard.view.searchField(), u"export"_s);
    QVERIFY(dashboard.view.selectOperation(u"op_u1039"_s));
    QCOMPARE(dashboard.view.sidebar()->currentFilter(), OperationsSidebar::All);
    QVERIFY(dashboard.view.searchField()->text().isEmpty());
    QCOMPARE(dashboard.view.currentOperationId(), u"op_u1039"_s);
    QVERIFY(!dashboard.view.selectOperation(u"op_missing"_s));
}

void tst_OperationsView::activationAsksForProgress()
{
    Dashboard dashboard;
    dashboard.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard.view));
    QSignalSpy activated(&dashboard.view, &OperationsView::operationActivated);
    QVERIFY(dashboard.view.selectOperation(u"op_e311"_s));
    QTreeView *table = dashboard.view.tableView();
    const QRect rect = table->visualRect(table->currentIndex());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), u"op_e311"_s);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(activated.size(), 2);
}

void tst_OperationsView::emptyFilterSaysSo()
{
    Dashboard dashboard;
    dashboard.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard.view));
    auto *empty = dashboard.view.tableView()->viewport()->findChild<EmptyOverlay *>();
    QVERIFY(empty);
    QVERIFY(!empty->isVisible());
    QTest::keyClicks(dashboard.view.searchField(), u"zzz"_s);
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), u"No operations match these filters."_s);
    dashboard.view.searchField()->clear();
    QVERIFY(!empty->isVisible());
}

void tst_OperationsView::stateRoundTrip()
{
    QByteArray state;
    {
        Dashboard dashboard;
        QTreeView *table = dashboard.view.tableView();
        table->header()->setSectionHidden(OperationTableModel::Owner, true);
        table->header()->setSectionHidden(OperationTableModel::Step, false);
        table->sortByColumn(OperationTableModel::Name, Qt::AscendingOrder);
        dashboard.view.sidebar()->setCurrentFilter(OperationsSidebar::Failed);
        dashboard.view.sidebar()->setCheckedTypes({u"file_upload"_s});
        state = dashboard.view.saveState();
    }
    Dashboard restored;
    QVERIFY(!restored.view.restoreState(QByteArray("not a state")));
    QVERIFY(restored.view.restoreState(state));
    QHeaderView *header = restored.view.tableView()->header();
    QVERIFY(header->isSectionHidden(OperationTableModel::Owner));
    QVERIFY(!header->isSectionHidden(OperationTableModel::Step));
    QCOMPARE(header->sortIndicatorSection(), int(OperationTableModel::Name));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(restored.filter.sortColumn(), int(OperationTableModel::Name));
    QCOMPARE(restored.filter.sortOrder(), Qt::AscendingOrder);
    QCOMPARE(restored.view.sidebar()->currentFilter(), OperationsSidebar::Failed);
    QCOMPARE(restored.view.sidebar()->checkedTypes(), QStringList{u"file_upload"_s});
    QCOMPARE(restored.filter.rowCount(), 2);

    // Restored before the models arrive, the columns wait for them.
    OperationTableModel table;
    OperationFilterModel filter;
    OperationsView early;
    QVERIFY(early.restoreState(state));
    early.setModels(&table, &filter);
    QVERIFY(early.tableView()->header()->isSectionHidden(OperationTableModel::Owner));
}

void tst_OperationsView::progressOption_data()
{
    QTest::addColumn<double>("progress");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maximum");
    QTest::addColumn<int>("value");
    QTest::newRow("running 40") << 40.0 << int(OperationStatus::InProgress) << u"40%"_s << 100
                                << 40;
    QTest::newRow("running rounds")
            << 66.6 << int(OperationStatus::InProgress) << u"67%"_s << 100 << 67;
    QTest::newRow("running 0 is busy")
            << 0.0 << int(OperationStatus::InProgress) << QString() << 0 << 0;
    QTest::newRow("pending 0 is 0%") << 0.0 << int(OperationStatus::Pending) << u"0%"_s << 100 << 0;
    QTest::newRow("failed keeps its point")
            << 63.0 << int(OperationStatus::Failed) << u"63%"_s << 100 << 63;
    QTest::newRow("completed") << 100.0 << int(OperationStatus::Completed) << u"100%"_s << 100
                               << 100;
}

void tst_OperationsView::progressOption()
{
    QFETCH(double, progress);
    QFETCH(int, status);
    QFETCH(QString, text);
    QFETCH(int, maximum);
    QFETCH(int, value);
    QLocale::setDefault(QLocale::c());
    QStyleOptionViewItem item;
    item.rect = QRect(0, 0, 120, 24);
    const QStyleOptionProgressBar bar
            = ProgressDelegate::progressOption(item, progress, OperationStatus(status));
    QCOMPARE(bar.text, text);
    QCOMPARE(bar.textVisible, !text.isEmpty());
    QCOMPARE(bar.maximum, maximum);
    QCOMPARE(bar.progress, value);
    QVERIFY(bar.rect.width() < item.rect.width());
    if (status == int(OperationStatus::Failed)) {
        QCOMPARE_NE(bar.palette.color(QPalette::Highlight),
                    item.palette.color(QPalette::Highlight));
    }
}

void tst_OperationsView::statusBadgeWidthFollowsLabel()
{
    Dashboard dashboard;
    StatusBadgeDelegate delegate;
    QStyleOptionViewItem option;
    option.font = dashboard.view.font();
    auto widthOf = [&](const QString &id) {
        const int row = dashboard.filter
                                .mapFromSource(dashboard.table.index(dashboard.table.rowOf(id), 0))
                                .row();
        return delegate.sizeHint(option, dashboard.filter.index(row, OperationTableModel::Status))
                .width();
    };
    // "Waiting for approval" needs more room than "Failed": the label is drawn, not only
    // a colour.
    QVERIFY(widthOf(u"op_d204"_s) > widthOf(u"op_u1039"_s) + 40);
}

QTEST_MAIN(tst_OperationsView)
#include "tst_operationsview.moc"
