#include "fakeblocksource.h"
#include "operationwindowmodel.h"
#include "placeholderdelegate.h"
#include "progressdelegate.h"
#include "statusbadgedelegate.h"
#include "testoperations.h"
#include "visiblerowsfollower.h"
#include "widgettesting.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHeaderView>
#include <QScrollBar>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int operationCount = 5000;

} // namespace

// The operations table as the dashboard shows it, on a window of the service's rows: what
// a fast scroll shows before the rows arrive, and after.
class tst_WindowedTable final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void firstScreenThenPlaceholdersMidScrollThenRows();

private:
    std::unique_ptr<FakeBlockSource> m_source;
    std::unique_ptr<OperationWindowModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QTreeView> m_view;
};

void tst_WindowedTable::init()
{
    m_source = std::make_unique<FakeBlockSource>();
    const QStringList types{u"file_upload"_s, u"file_export"_s, u"file_delete"_s};
    const QList<OperationStatus> statuses{OperationStatus::Completed, OperationStatus::InProgress,
                                          OperationStatus::Failed, OperationStatus::Completed,
                                          OperationStatus::WaitingForApproval};
    for (int n = 0; n < operationCount; ++n) {
        Operation operation = testoperations::make(u"op%1"_s.arg(n), n + 1,
                                                   statuses[n % statuses.size()], (n * 37) % 101);
        operation.operationType = types[n % types.size()];
        operation.displayName = u"Ledger %1 for account %2"_s.arg(n).arg(1000 + n % 97);
        operation.createdAt = testoperations::baseTime().addSecs(-60 * n);
        operation.updatedAt = operation.createdAt;
        m_source->put(std::make_shared<const Operation>(std::move(operation)));
    }
    m_model = std::make_unique<OperationWindowModel>(m_source.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_view = std::make_unique<QTreeView>();
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setItemDelegate(new PlaceholderDelegate(m_view.get()));
    m_view->setItemDelegateForColumn(OperationTableModel::Status,
                                     new StatusBadgeDelegate(m_view.get()));
    m_view->setItemDelegateForColumn(OperationTableModel::Progress,
                                     new ProgressDelegate(m_view.get()));
    m_view->setModel(m_model.get());
    m_view->resize(1000, 520);
    m_view->header()->resizeSection(OperationTableModel::Name, 260);
    new VisibleRowsFollower(m_view.get(), m_model.get());
}

void tst_WindowedTable::cleanup()
{
    m_view.reset();
    m_tester.reset();
    m_model.reset();
    m_source.reset();
}

void tst_WindowedTable::firstScreenThenPlaceholdersMidScrollThenRows()
{
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_model->setQuery({});
    QTRY_COMPARE(m_model->rowCount(), operationCount);
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
    const QModelIndex top = m_view->indexAt(QPoint(5, 5));
    QCOMPARE(top.row(), 0);
    QCOMPARE(top.data().toString(), u"Ledger 0 for account 1000"_s);
    saveScreenshot(m_view.get(), u"windowedtable-first-screen"_s);

    // A jump to the middle: placeholders until the service answers.
    m_source->setHoldAnswers(true);
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    const QModelIndex middle = m_view->indexAt(QPoint(5, 5));
    QVERIFY(middle.row() > 2000);
    QVERIFY(middle.data(OperationWindowModel::PlaceholderRole).toBool());
    QTRY_VERIFY(!m_source->waiting().isEmpty());
    const QImage waiting = picture(m_view.get());
    saveScreenshot(m_view.get(), u"windowedtable-placeholders"_s);
    // The placeholder bar is drawn in the Name cell, not left blank.
    const QRect nameCell = m_view->visualRect(middle);
    bool barPainted = false;
    const QColor base = waiting.pixelColor(nameCell.right() - 2, nameCell.center().y());
    for (int x = nameCell.left() + 8; x < nameCell.left() + 40 && !barPainted; ++x)
        barPainted = waiting.pixelColor(x, nameCell.center().y()) != base;
    QVERIFY(barPainted);

    m_source->answerWaiting();
    QVERIFY(!middle.data(OperationWindowModel::PlaceholderRole).toBool());
    QCOMPARE(middle.data().toString(),
             u"Ledger %1 for account %2"_s.arg(middle.row()).arg(1000 + middle.row() % 97));
    saveScreenshot(m_view.get(), u"windowedtable-filled"_s);
}

QTEST_MAIN(tst_WindowedTable)
#include "tst_windowedtable.moc"
