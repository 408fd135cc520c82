#include "fakeblocksource.h"
#include "operationwindowmodel.h"
#include "testoperations.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int operationCount = 1000;

QString idOf(int n)
{
    return u"op%1"_s.arg(n, 5, 10, QChar(u'0'));
}

} // namespace

class tst_OperationWindowModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void firstAnswerGivesTotalAndFirstScreen();
    void placeholdersUntilTheirBlockArrives();
    void scrollingFetchesBlocksOnce();
    void rowsAreAskedForWhileTheViewScrollsOn();
    void liveChangesKeepLoadedRowsInOrder_data();
    void liveChangesKeepLoadedRowsInOrder();
    void moveAcrossBlocksKeepsSelection();
    void moveIntoPlaceholdersAndBack();
    void changesWhileBlockIsInFlight();
    void olderAnswerTakesTheFeedsNewerState();
    void newQueryResetsAndAsksTheService();
    void failedBlockIsAskedAgain();
    void farRowsAreUnloaded();
    void refreshReplacesRowsWithoutReset();

private:
    void seed(int count);
    SharedOperation change(const QString &id, const std::function<void(Operation &)> &mutate);
    SharedOperation create(int n);
    void verifyRows(const OperationWindowQuery &query);
    void loadRows(int first, int last);

    std::unique_ptr<FakeBlockSource> m_source;
    std::unique_ptr<OperationWindowModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    qint64 m_version = 0;
};

void tst_OperationWindowModel::init()
{
    m_version = 0;
    m_source = std::make_unique<FakeBlockSource>();
    m_model = std::make_unique<OperationWindowModel>(m_source.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    seed(operationCount);
}

void tst_OperationWindowModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_source.reset();
}

SharedOperation tst_OperationWindowModel::create(int n)
{
    Operation operation = testoperations::make(
            idOf(n), ++m_version,
            n % 3 == 0 ? OperationStatus::Completed : OperationStatus::InProgress, double(n % 100));
    operation.createdAt = testoperations::baseTime().addSecs(n);
    operation.updatedAt = operation.createdAt;
    operation.displayName = u"Job %1"_s.arg(n * 7919 % operationCount, 4, 10, QChar(u'0'));
    auto shared = std::make_shared<const Operation>(std::move(operation));
    m_source->put(shared);
    return shared;
}

void tst_OperationWindowModel::seed(int count)
{
    // The feed holds the live set before the window asks: the model knows their states.
    QList<SharedOperation> live;
    for (int n = 0; n < count; ++n) {
        const SharedOperation operation = create(n);
        if (!operation->isTerminal())
            live.append(operation);
    }
    m_model->applySharedChanges(live);
}

SharedOperation tst_OperationWindowModel::change(const QString &id,
                                                 const std::function<void(Operation &)> &mutate)
{
    const std::vector<SharedOperation> all = m_source->ordered({});
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&id](const SharedOperation &o) { return o->operationId == id; });
    Operation next = **it;
    mutate(next);
    next.version = ++m_version;
    auto shared = std::make_shared<const Operation>(std::move(next));
    m_source->put(shared);
    return shared;
}

void tst_OperationWindowModel::verifyRows(const OperationWindowQuery &query)
{
    const std::vector<SharedOperation> expected = m_source->ordered(query);
    QCOMPARE(m_model->rowCount(), int(expected.size()));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const SharedOperation shown = m_model->operationAt(row);
        if (!shown)
            continue;
        if (shown->operationId != expected[std::size_t(row)]->operationId)
            QFAIL(qPrintable(u"row %1 shows %2, the service has %3"_s.arg(row).arg(
                    shown->operationId, expected[std::size_t(row)]->operationId)));
        QCOMPARE(shown->version, expected[std::size_t(row)]->version);
    }
}

void tst_OperationWindowModel::loadRows(int first, int last)
{
    m_model->setVisibleRows(first, last);
    m_model->fetchVisibleNow();
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
}

void tst_OperationWindowModel::firstAnswerGivesTotalAndFirstScreen()
{
    QSignalSpy answered(m_model.get(), &OperationWindowModel::answered);
    m_model->setVisibleRows(0, 30);
    m_model->setQuery({});
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(answered.wait());
    QCOMPARE(m_model->rowCount(), operationCount);
    // Newest first (createdAt desc), and only about one block asked for the first screen.
    QCOMPARE(m_model->operationAt(0)->operationId, idOf(operationCount - 1));
    QVERIFY(m_model->loadedRowCount() <= 2 * OperationWindowModel::blockSize);
    QCOMPARE(m_source->asked().first().offset, 0);
    verifyRows({});
}

void tst_OperationWindowModel::placeholdersUntilTheirBlockArrives()
{
    m_model->setVisibleRows(0, 30);
    m_model->setQuery({});
    QTRY_VERIFY(m_model->isAnswered());
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
    const QModelIndex far = m_model->index(700, OperationTableModel::Name);
    QCOMPARE(far.data(OperationWindowModel::PlaceholderRole).toBool(), true);
    QVERIFY(!far.data(Qt::DisplayRole).isValid());
    QVERIFY(!far.data(OperationTableModel::OperationRole).isValid());

    m_source->setHoldAnswers(true);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setVisibleRows(690, 720);
    m_model->fetchVisibleNow();
    QCOMPARE(far.data(OperationWindowModel::PlaceholderRole).toBool(), true);
    m_source->answerWaiting();
    QCOMPARE(far.data(OperationWindowModel::PlaceholderRole).toBool(), false);
    QVERIFY(!changed.isEmpty());
    QVERIFY(changed.first().at(0).value<QModelIndex>().row() <= 700);
    QCOMPARE(far.data(Qt::DisplayRole).toString(), m_source->ordered({})[700]->displayName);
    verifyRows({});
}

void tst_OperationWindowModel::rowsAreAskedForWhileTheViewScrollsOn()
{
    m_model->setQuery({});
    QTRY_VERIFY(m_model->isAnswered());
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
    m_source->setHoldAnswers(true);
    const qsizetype before = m_source->asked().size();
    // A drag: the view moves every few milliseconds, never resting for fetchDelay.
    int first = 0;
    QTimer scroller;
    scroller.setInterval(OperationWindowModel::fetchDelay / 4);
    connect(&scroller, &QTimer::timeout, this, [&] {
        first = (first + 2) % (operationCount - 40);
        m_model->setVisibleRows(first, first + 30);
    });
    scroller.start();
    // Its rows are asked for while it moves, not only once it stops.
    QTRY_VERIFY_WITH_TIMEOUT(m_source->asked().size() > before, 2000);
    QVERIFY(scroller.isActive());
    scroller.stop();
    m_source->answerWaiting();
}

void tst_OperationWindowModel::scrollingFetchesBlocksOnce()
{
    m_model->setQuery({});
    QTRY_VERIFY(m_model->isAnswered());
    m_source->setHoldAnswers(true);
    const int before = int(m_source->asked().size());
    // A scroll in small steps: only the settled range is asked for.
    for (int first = 0; first < 500; first += 10)
        m_model->setVisibleRows(first, first + 30);
    QTRY_VERIFY(m_source->asked().size() > before);
    const int afterScroll = int(m_source->asked().size());
    m_model->fetchVisibleNow();
    QCOMPARE(int(m_source->asked().size()), afterScroll); // in flight: not asked twice
    for (const FakeBlockSource::Asked &asked : m_source->waiting())
        QCOMPARE(asked.offset % OperationWindowModel::blockSize, 0);
    m_source->answerWaiting();
    for (int row = 470; row <= 530; ++row)
        QVERIFY(m_model->operationAt(row));
    verifyRows({});
}

void tst_OperationWindowModel::liveChangesKeepLoadedRowsInOrder_data()
{
    QTest::addColumn<int>("sortKey");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("text");
    QTest::newRow("createdAt desc") << int(OperationSortKey::CreatedAt) << true << QString();
    QTest::newRow("progress desc") << int(OperationSortKey::Progress) << true << QString();
    QTest::newRow("progress asc") << int(OperationSortKey::Progress) << false << QString();
    QTest::newRow("name asc") << int(OperationSortKey::DisplayName) << false << QString();
    QTest::newRow("status desc, search") << int(OperationSortKey::Status) << true << u"JOB 0"_s;
}

void tst_OperationWindowModel::liveChangesKeepLoadedRowsInOrder()
{
    QFETCH(int, sortKey);
    QFETCH(bool, descending);
    QFETCH(QString, text);
    OperationWindowQuery query;
    query.sortKey = OperationSortKey(sortKey);
    query.descending = descending;
    query.text = text;
    m_model->setVisibleRows(0, 30);
    m_model->setQuery(query);
    QTRY_VERIFY(m_model->isAnswered());
    // Loaded runs with placeholders between them: 0-255 and 512-1023.
    loadRows(800, 820);
    QVERIFY(m_model->operationAt(0));
    QVERIFY(!m_model->operationAt(400));

    QRandomGenerator random(16);
    int next = operationCount;
    for (int step = 0; step < 150; ++step) {
        const int what = random.bounded(10);
        if (what == 0) {
            m_model->applySharedChanges({create(next++)});
        } else if (what == 1) {
            // A live operation ends or is deleted.
            const std::vector<SharedOperation> all = m_source->ordered({});
            const SharedOperation victim = all[random.bounded(int(all.size()))];
            if (victim->isTerminal())
                continue;
            m_source->drop(victim->operationId);
            m_model->removeOperations({victim->operationId});
        } else {
            const int n = random.bounded(next);
            const std::vector<SharedOperation> all = m_source->ordered({});
            const bool live = std::any_of(all.begin(), all.end(), [&](const auto &o) {
                return o->operationId == idOf(n) && !o->isTerminal();
            });
            if (!live)
                continue; // terminal operations never change
            const SharedOperation changed = change(idOf(n), [&](Operation &operation) {
                operation.progressPercentage = random.bounded(100);
                operation.updatedAt = operation.updatedAt.addSecs(step + 1);
                if (random.bounded(8) == 0)
                    operation.status = OperationStatus::Completed;
                if (random.bounded(8) == 0)
                    operation.displayName
                            = u"Job %1"_s.arg(random.bounded(2000), 4, 10, QChar(u'0'));
            });
            m_model->applySharedChanges({changed});
        }
        verifyRows(query);
    }
    // Scrolling through the rest still agrees with the service.
    loadRows(250, 500);
    verifyRows(query);
}

void tst_OperationWindowModel::moveAcrossBlocksKeepsSelection()
{
    OperationWindowQuery query;
    query.sortKey = OperationSortKey::Progress;
    m_model->setVisibleRows(0, 30);
    m_model->setQuery(query);
    QTRY_VERIFY(m_model->isAnswered());
    loadRows(256, 300); // rows 0-511 loaded as two adjacent blocks: one run
    const SharedOperation top = m_model->operationAt(10);
    QVERIFY(!top->isTerminal());
    const QPersistentModelIndex selected = m_model->index(10, 0);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    // Its progress drops to sort well inside the second block.
    const double target = m_model->operationAt(400)->progressPercentage;
    m_model->applySharedChanges(
            {change(top->operationId, [&](Operation &o) { o.progressPercentage = target; })});
    QCOMPARE(moved.size(), 1);
    QCOMPARE(reset.size(), 0);
    QVERIFY(selected.isValid());
    QVERIFY(selected.row() > 256);
    QCOMPARE(selected.data(OperationTableModel::OperationIdRole).toString(), top->operationId);
    QCOMPARE(m_model->rowOf(top->operationId), selected.row());
    verifyRows(query);
}

void tst_OperationWindowModel::moveIntoPlaceholdersAndBack()
{
    OperationWindowQuery query;
    query.sortKey = OperationSortKey::Progress;
    m_model->setVisibleRows(0, 30);
    m_model->setQuery(query);
    QTRY_VERIFY(m_model->isAnswered());
    loadRows(900, 950);
    // A loaded row that sorts into the placeholders: it leaves the loaded rows, and the
    // placeholders count one more.
    SharedOperation op;
    for (int row = 20; !op; ++row)
        if (!m_model->operationAt(row)->isTerminal())
            op = m_model->operationAt(row);
    const double middle = m_source->ordered(query)[500]->progressPercentage;
    m_model->applySharedChanges(
            {change(op->operationId, [&](Operation &o) { o.progressPercentage = middle; })});
    QCOMPARE(m_model->rowOf(op->operationId), -1);
    verifyRows(query);
    // And back to the top, from the placeholders into the loaded rows.
    m_model->applySharedChanges(
            {change(op->operationId, [&](Operation &o) { o.progressPercentage = 100; })});
    QCOMPARE(m_model->rowOf(op->operationId), 0);
    verifyRows(query);
    loadRows(400, 600);
    verifyRows(query);
}

void tst_OperationWindowModel::changesWhileBlockIsInFlight()
{
    OperationWindowQuery query;
    query.sortKey = OperationSortKey::Progress;
    m_model->setVisibleRows(0, 30);
    m_model->setQuery(query);
    QTRY_VERIFY(m_model->isAnswered());
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
    m_source->setHoldAnswers(true);
    m_model->setVisibleRows(600, 630);
    m_model->fetchVisibleNow();
    QVERIFY(!m_source->waiting().isEmpty());
    // Meanwhile loaded rows move into the range being loaded, and new operations arrive.
    for (int row = 5; row < 15; ++row) {
        const SharedOperation op = m_model->operationAt(row);
        if (op->isTerminal())
            continue;
        const double middle = m_source->ordered(query)[610]->progressPercentage;
        m_model->applySharedChanges(
                {change(op->operationId, [&](Operation &o) { o.progressPercentage = middle; })});
    }
    m_model->applySharedChanges({create(operationCount + 1), create(operationCount + 2)});
    verifyRows(query);
    m_source->answerWaiting();
    verifyRows(query);
    QVERIFY(m_model->operationAt(610));
}

void tst_OperationWindowModel::olderAnswerTakesTheFeedsNewerState()
{
    m_model->setVisibleRows(0, 30);
    m_model->setQuery({});
    QTRY_VERIFY(m_model->isAnswered());
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
    m_source->setHoldAnswers(true);
    m_model->setVisibleRows(300, 330);
    m_model->fetchVisibleNow();
    // The service answers from a state before a change the feed already delivered.
    const std::vector<SharedOperation> before = m_source->ordered({});
    SharedOperation live;
    for (std::size_t row = 300; !live; ++row)
        if (!before[row]->isTerminal())
            live = before[row];
    const FakeBlockSource::Asked asked = m_source->waiting().first();
    OperationBlock stale;
    stale.offset = asked.offset;
    stale.total = int(before.size());
    stale.version = m_source->version();
    for (int row = asked.offset; row < asked.offset + asked.limit; ++row)
        stale.operations.append(before[std::size_t(row)]);
    const SharedOperation newer
            = change(live->operationId, [](Operation &o) { o.progressPercentage = 99; });
    m_model->applySharedChanges({newer});
    m_source->cancelAll();
    emit m_source->blockReady(asked.ticket, stale);
    const int row = m_model->rowOf(live->operationId);
    if (row >= 0)
        QCOMPARE(m_model->operationAt(row)->version, newer->version);
    verifyRows({});
}

void tst_OperationWindowModel::newQueryResetsAndAsksTheService()
{
    m_model->setVisibleRows(0, 30);
    m_model->setQuery({});
    QTRY_VERIFY(m_model->isAnswered());
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    OperationWindowQuery query;
    query.sortKey = OperationSortKey::DisplayName;
    query.descending = false;
    query.statuses = {OperationStatus::InProgress};
    m_model->setQuery(query);
    QCOMPARE(reset.size(), 1);
    QTRY_VERIFY(m_model->isAnswered());
    QCOMPARE(m_source->asked().last().query, query);
    QCOMPARE(m_model->rowCount(), int(m_source->ordered(query).size()));
    QVERIFY(m_model->rowCount() < operationCount);
    verifyRows(query);
}

void tst_OperationWindowModel::failedBlockIsAskedAgain()
{
    m_model->setVisibleRows(0, 30);
    m_model->setQuery({});
    QTRY_VERIFY(m_model->isAnswered());
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
    m_source->setHoldAnswers(true);
    QSignalSpy failed(m_model.get(), &OperationWindowModel::loadFailed);
    m_model->setVisibleRows(500, 530);
    m_model->fetchVisibleNow();
    const int asked = int(m_source->asked().size());
    const QList<FakeBlockSource::Asked> waiting = m_source->waiting();
    for (const FakeBlockSource::Asked &request : waiting)
        m_source->fail(request);
    QCOMPARE(failed.size(), waiting.size());
    QVERIFY(!m_model->operationAt(510));
    QTRY_VERIFY_WITH_TIMEOUT(int(m_source->asked().size()) > asked, 3000);
    m_source->answerWaiting();
    QVERIFY(m_model->operationAt(510));
}

void tst_OperationWindowModel::farRowsAreUnloaded()
{
    m_source.reset();
    m_tester.reset();
    m_model.reset();
    m_source = std::make_unique<FakeBlockSource>();
    m_model = std::make_unique<OperationWindowModel>(m_source.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setMaxLoadedRows(4 * OperationWindowModel::blockSize);
    const int count = 10 * OperationWindowModel::blockSize;
    for (int n = 0; n < count; ++n)
        create(n);
    m_model->setVisibleRows(0, 30);
    m_model->setQuery({});
    QTRY_VERIFY(m_model->isAnswered());
    for (int first = 0; first < count; first += OperationWindowModel::blockSize)
        loadRows(first, first + 40);
    QVERIFY(m_model->loadedRowCount() <= m_model->maxLoadedRows());
    QVERIFY(m_model->operationAt(count - 10));
    QVERIFY(!m_model->operationAt(10));
    verifyRows({});
}

void tst_OperationWindowModel::refreshReplacesRowsWithoutReset()
{
    m_model->setVisibleRows(0, 30);
    m_model->setQuery({});
    QTRY_VERIFY(m_model->isAnswered());
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
    // The service lost history the feed never heard of (retention): a refresh
    // reconciles the loaded rows and the count.
    const std::vector<SharedOperation> all = m_source->ordered({});
    for (std::size_t row = 3; row < 20; row += 3)
        m_source->drop(all[row]->operationId);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->refresh();
    QTRY_COMPARE(m_model->pendingBlocks(), 0);
    QCOMPARE(reset.size(), 0);
    verifyRows({});
}

QTEST_MAIN(tst_OperationWindowModel)
#include "tst_operationwindowmodel.moc"
