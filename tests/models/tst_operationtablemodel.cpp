#include "operationtablemodel.h"
#include "testoperations.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QMap>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;
using testoperations::make;

namespace {

// One expected dataChanged: rows top..bottom, columns left..right, roles.
struct ExpectedRange
{
    int top;
    int bottom;
    int left;
    int right;
    QList<int> roles;
};

constexpr int initialRows = 6;

QString idOf(int row)
{
    return u"op%1"_s.arg(row);
}

} // namespace

Q_DECLARE_METATYPE(ExpectedRange)

class tst_OperationTableModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void headers_data();
    void headers();
    void burstIsAppliedOnceOnTheNextTurn();
    void burstIsAnnouncedAroundItsSignals();
    void displayAndRawValues_data();
    void displayAndRawValues();
    void rowRoles();
    void updateSignalsChangedRowsColumnsAndRoles_data();
    void updateSignalsChangedRowsColumnsAndRoles();
    void staleVersionsAreIgnored();
    void removalsKeepRowsAndIdsRight_data();
    void removalsKeepRowsAndIdsRight();
    void scatteredRemovalsReadRightAfterEachRange();
    void removalThenNewerStateInOneBurstIsAnUpdate();
    void sharedStatesAreHeldNotCopied();
    void clearIsTheOnlyReset();
    void longRunNeverResets();

private:
    /// Fills the model with initialRows operations op0..op5, applied synchronously.
    void fill();

    std::unique_ptr<OperationTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_OperationTableModel::init()
{
    m_model = std::make_unique<OperationTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_OperationTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void tst_OperationTableModel::fill()
{
    QList<Operation> operations;
    for (int row = 0; row < initialRows; ++row)
        operations.append(make(idOf(row), 1, OperationStatus::InProgress, 10));
    m_model->applyChanges(operations);
    m_model->flushPendingChanges();
    QCOMPARE(m_model->rowCount(), initialRows);
}

void tst_OperationTableModel::headers_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("title");
    QTest::newRow("name") << int(OperationTableModel::Name) << u"Name"_s;
    QTest::newRow("type") << int(OperationTableModel::Type) << u"Type"_s;
    QTest::newRow("status") << int(OperationTableModel::Status) << u"Status"_s;
    QTest::newRow("progress") << int(OperationTableModel::Progress) << u"Progress"_s;
    QTest::newRow("step") << int(OperationTableModel::Step) << u"Step"_s;
    QTest::newRow("time remaining")
            << int(OperationTableModel::TimeRemaining) << u"Time remaining"_s;
    QTest::newRow("owner") << int(OperationTableModel::Owner) << u"Owner"_s;
    QTest::newRow("started") << int(OperationTableModel::Started) << u"Started"_s;
    QTest::newRow("updated") << int(OperationTableModel::Updated) << u"Updated"_s;
}

void tst_OperationTableModel::headers()
{
    QFETCH(int, column);
    QFETCH(QString, title);
    QCOMPARE(m_model->columnCount(), int(OperationTableModel::ColumnCount));
    QCOMPARE(m_model->headerData(column, Qt::Horizontal).toString(), title);
}

void tst_OperationTableModel::burstIsAppliedOnceOnTheNextTurn()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->applyChanges({make(u"a"_s), make(u"b"_s)});
    m_model->applyChanges({make(u"c"_s)});
    m_model->applyChanges({make(u"a"_s, 2, OperationStatus::InProgress, 50)});

    // Nothing touches the model before the event loop turns.
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->hasPendingChanges());
    QVERIFY(inserted.wait());

    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QVERIFY(!m_model->hasPendingChanges());
    QCOMPARE(m_model->rowOf(u"a"_s), 0);
    QCOMPARE(m_model->rowOf(u"b"_s), 1);
    QCOMPARE(m_model->rowOf(u"c"_s), 2);
    // The newest state queued for "a" is the one inserted.
    QCOMPARE(m_model->operationAt(0).version, 2);
    QCOMPARE(m_model->operationAt(0).progressPercentage, 50.0);
}

void tst_OperationTableModel::burstIsAnnouncedAroundItsSignals()
{
    fill();
    QStringList events;
    using M = OperationTableModel;
    connect(m_model.get(), &M::changesAboutToBeApplied, this, [&] { events << u"about"_s; });
    connect(m_model.get(), &M::rowsRemoved, this, [&] { events << u"removed"_s; });
    connect(m_model.get(), &M::dataChanged, this, [&] { events << u"changed"_s; });
    connect(m_model.get(), &M::rowsInserted, this, [&] { events << u"inserted"_s; });
    connect(m_model.get(), &M::changesApplied, this, [&] { events << u"applied"_s; });

    m_model->removeOperations({idOf(1), idOf(4)});
    m_model->applyChanges({make(idOf(2), 2, OperationStatus::InProgress, 50), make(u"new"_s)});
    m_model->flushPendingChanges();
    QCOMPARE(events,
             (QStringList{u"about"_s, u"removed"_s, u"removed"_s, u"changed"_s, u"inserted"_s,
                          u"applied"_s}));

    // Nothing queued: nothing announced.
    events.clear();
    m_model->flushPendingChanges();
    QVERIFY(events.isEmpty());
    // Only a stale update: announced, though no row changes.
    m_model->applyChanges({make(idOf(0), 1)});
    m_model->flushPendingChanges();
    QCOMPARE(events, (QStringList{u"about"_s, u"applied"_s}));
}

void tst_OperationTableModel::displayAndRawValues_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QVariant>("raw");

    const qint64 created = testoperations::baseTime().toMSecsSinceEpoch();
    const qint64 updated = testoperations::baseTime().addSecs(90).toMSecsSinceEpoch();
    QTest::newRow("name") << int(OperationTableModel::Name) << u"Uploading x"_s
                          << QVariant(u"Uploading x"_s);
    QTest::newRow("type") << int(OperationTableModel::Type) << u"file_upload"_s
                          << QVariant(u"file_upload"_s);
    QTest::newRow("status") << int(OperationTableModel::Status) << u"In progress"_s
                            << QVariant(int(OperationStatus::InProgress));
    QTest::newRow("progress") << int(OperationTableModel::Progress) << u"42%"_s << QVariant(42.0);
    QTest::newRow("step") << int(OperationTableModel::Step) << u"Step 1 of 3: Reading rows"_s
                          << QVariant(1);
    QTest::newRow("time remaining") << int(OperationTableModel::TimeRemaining)
                                    << u"about 2 minutes left"_s << QVariant(qint64(120));
    QTest::newRow("owner") << int(OperationTableModel::Owner) << u"alice"_s << QVariant(u"alice"_s);
    QTest::newRow("started") << int(OperationTableModel::Started)
                             << QLocale().toString(testoperations::baseTime().toLocalTime(),
                                                   QLocale::ShortFormat)
                             << QVariant(created);
    QTest::newRow("updated") << int(OperationTableModel::Updated)
                             << QLocale().toString(
                                        testoperations::baseTime().addSecs(90).toLocalTime(),
                                        QLocale::ShortFormat)
                             << QVariant(updated);
}

void tst_OperationTableModel::displayAndRawValues()
{
    QFETCH(int, column);
    QFETCH(QString, display);
    QFETCH(QVariant, raw);

    Operation operation = make(u"x"_s, 1, OperationStatus::InProgress, 42);
    operation.timeRemaining = u"about 2 minutes"_s;
    operation.etaSeconds = 120;
    operation.updatedAt = testoperations::baseTime().addSecs(90);
    m_model->applyChanges({operation});
    m_model->flushPendingChanges();

    const QModelIndex index = m_model->index(0, column);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), display);
    QCOMPARE(index.data(OperationTableModel::RawValueRole), raw);
}

void tst_OperationTableModel::rowRoles()
{
    Operation operation = make(u"x"_s, 3, OperationStatus::Failed, 70);
    operation.errorMessage = u"Line 4: amount is not a number"_s;
    operation.etaSeconds.reset();
    m_model->applyChanges({operation});
    m_model->flushPendingChanges();

    const QModelIndex name = m_model->index(0, OperationTableModel::Name);
    const QModelIndex progress = m_model->index(0, OperationTableModel::Progress);
    QCOMPARE(name.data(OperationTableModel::OperationIdRole).toString(), u"x"_s);
    QCOMPARE(name.data(OperationTableModel::StatusRole).toInt(), int(OperationStatus::Failed));
    QCOMPARE(name.data(Qt::ToolTipRole).toString(), u"Line 4: amount is not a number"_s);
    QCOMPARE(progress.data(OperationTableModel::ProgressRole).toDouble(), 70.0);
    QCOMPARE(name.data(OperationTableModel::OperationRole).value<Operation>(), operation);
    // Unknown time remaining has no raw value, so it sorts last.
    QVERIFY(!m_model->index(0, OperationTableModel::TimeRemaining)
                     .data(OperationTableModel::RawValueRole)
                     .isValid());
}

void tst_OperationTableModel::updateSignalsChangedRowsColumnsAndRoles_data()
{
    QTest::addColumn<QList<int>>("rows");
    QTest::addColumn<QString>("change");
    QTest::addColumn<QList<ExpectedRange>>("expected");

    const int display = Qt::DisplayRole;
    const int raw = OperationTableModel::RawValueRole;
    const int operation = OperationTableModel::OperationRole;
    const int last = OperationTableModel::ColumnCount - 1;

    QTest::newRow("progress and eta of rows 3 and 4: one range")
            << QList<int>{3, 4} << u"progress"_s
            << QList<ExpectedRange>{{3,
                                     4,
                                     OperationTableModel::Progress,
                                     OperationTableModel::TimeRemaining,
                                     {display, raw, OperationTableModel::ProgressRole, operation}}};
    QTest::newRow("rows 1 and 4 apart: two ranges")
            << QList<int>{1, 4} << u"progress"_s
            << QList<ExpectedRange>{{1,
                                     1,
                                     OperationTableModel::Progress,
                                     OperationTableModel::TimeRemaining,
                                     {display, raw, OperationTableModel::ProgressRole, operation}},
                                    {4,
                                     4,
                                     OperationTableModel::Progress,
                                     OperationTableModel::TimeRemaining,
                                     {display, raw, OperationTableModel::ProgressRole, operation}}};
    QTest::newRow("step text only") << QList<int>{2} << u"step"_s
                                    << QList<ExpectedRange>{{2,
                                                             2,
                                                             OperationTableModel::Step,
                                                             OperationTableModel::Step,
                                                             {display, raw, operation}}};
    QTest::newRow("step of 0 and updated of 1: merged columns")
            << QList<int>{0, 1} << u"step-then-updated"_s
            << QList<ExpectedRange>{{0,
                                     1,
                                     OperationTableModel::Step,
                                     OperationTableModel::Updated,
                                     {display, raw, operation}}};
    QTest::newRow("status: whole row")
            << QList<int>{5} << u"status"_s
            << QList<ExpectedRange>{
                       {5, 5, 0, last, {display, raw, OperationTableModel::StatusRole, operation}}};
    QTest::newRow("error message: whole row, tooltip")
            << QList<int>{0} << u"error"_s
            << QList<ExpectedRange>{{0, 0, 0, last, {Qt::ToolTipRole, operation}}};
    QTest::newRow("a vote only: the operation on the name column")
            << QList<int>{3} << u"vote"_s << QList<ExpectedRange>{{3, 3, 0, 0, {operation}}};
}

void tst_OperationTableModel::updateSignalsChangedRowsColumnsAndRoles()
{
    QFETCH(QList<int>, rows);
    QFETCH(QString, change);
    QFETCH(QList<ExpectedRange>, expected);

    fill();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QList<Operation> updates;
    for (int i = 0; i < rows.size(); ++i) {
        Operation operation = m_model->operationAt(rows.at(i));
        operation.version = 2;
        if (change == u"progress") {
            operation.progressPercentage = 60;
            operation.etaSeconds = 30;
        } else if (change == u"step" || (change == u"step-then-updated" && i == 0)) {
            operation.stepDescription = u"Writing rows"_s;
        } else if (change == u"step-then-updated") {
            operation.updatedAt = operation.updatedAt.addSecs(5);
        } else if (change == u"status") {
            operation.status = OperationStatus::Completed;
        } else if (change == u"error") {
            operation.errorMessage = u"Disk full"_s;
        } else if (change == u"vote") {
            operation.approval = Approval{};
            operation.approval->votes.append({u"bob"_s, VoteDecision::Approve, {}, {}});
        }
        updates.append(operation);
    }
    m_model->applyChanges(updates);
    m_model->flushPendingChanges();

    QCOMPARE(changed.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        const QModelIndex topLeft = changed.at(i).at(0).value<QModelIndex>();
        const QModelIndex bottomRight = changed.at(i).at(1).value<QModelIndex>();
        const ExpectedRange &range = expected.at(i);
        QCOMPARE(topLeft.row(), range.top);
        QCOMPARE(bottomRight.row(), range.bottom);
        QCOMPARE(topLeft.column(), range.left);
        QCOMPARE(bottomRight.column(), range.right);
        QCOMPARE(changed.at(i).at(2).value<QList<int>>(), range.roles);
    }
    for (int row : std::as_const(rows))
        QCOMPARE(m_model->operationAt(row).version, 2);
}

void tst_OperationTableModel::staleVersionsAreIgnored()
{
    fill();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    // The same version again, and an older one: both ignored.
    m_model->applyChanges({make(idOf(2), 1, OperationStatus::InProgress, 90)});
    m_model->flushPendingChanges();
    m_model->applyChanges({make(idOf(2), 0, OperationStatus::Completed, 100)});
    m_model->flushPendingChanges();
    QCOMPARE(changed.size(), 0);
    QCOMPARE(m_model->operationAt(2).progressPercentage, 10.0);

    // Within one burst the newest queued state wins, whatever the order of arrival.
    m_model->applyChanges({make(idOf(2), 5, OperationStatus::InProgress, 50)});
    m_model->applyChanges({make(idOf(2), 4, OperationStatus::InProgress, 40)});
    m_model->flushPendingChanges();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_model->operationAt(2).version, 5);
    QCOMPARE(m_model->operationAt(2).progressPercentage, 50.0);
}

void tst_OperationTableModel::removalsKeepRowsAndIdsRight_data()
{
    QTest::addColumn<QStringList>("removed");
    QTest::addColumn<QList<int>>("expectedFirsts");
    QTest::addColumn<QList<int>>("expectedLasts");

    QTest::newRow("one in the middle") << QStringList{idOf(2)} << QList<int>{2} << QList<int>{2};
    QTest::newRow("neighbours in one range, another apart, bottom up")
            << QStringList{idOf(1), idOf(4), idOf(2)} << QList<int>{4, 1} << QList<int>{4, 2};
    QTest::newRow("the first and the last")
            << QStringList{idOf(0), idOf(5)} << QList<int>{5, 0} << QList<int>{5, 0};
    QTest::newRow("all") << QStringList{idOf(0), idOf(1), idOf(2), idOf(3), idOf(4), idOf(5)}
                         << QList<int>{0} << QList<int>{5};
    QTest::newRow("unknown ids are ignored")
            << QStringList{u"nope"_s} << QList<int>{} << QList<int>{};
}

void tst_OperationTableModel::removalsKeepRowsAndIdsRight()
{
    QFETCH(QStringList, removed);
    QFETCH(QList<int>, expectedFirsts);
    QFETCH(QList<int>, expectedLasts);

    fill();
    QSignalSpy removedSpy(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_model->removeOperations(removed);
    m_model->flushPendingChanges();

    QCOMPARE(removedSpy.size(), expectedFirsts.size());
    for (int i = 0; i < expectedFirsts.size(); ++i) {
        QCOMPARE(removedSpy.at(i).at(1).toInt(), expectedFirsts.at(i));
        QCOMPARE(removedSpy.at(i).at(2).toInt(), expectedLasts.at(i));
    }
    int expectedRow = 0;
    for (int original = 0; original < initialRows; ++original) {
        if (removed.contains(idOf(original))) {
            QCOMPARE(m_model->rowOf(idOf(original)), -1);
            continue;
        }
        QCOMPARE(m_model->rowOf(idOf(original)), expectedRow);
        QCOMPARE(m_model->operationAt(expectedRow).operationId, idOf(original));
        ++expectedRow;
    }
    QCOMPARE(m_model->rowCount(), expectedRow);
}

void tst_OperationTableModel::scatteredRemovalsReadRightAfterEachRange()
{
    // Ranges are told one by one but erased in one pass at the end: after each
    // rowsRemoved, every row must already read as the operation a view expects there.
    constexpr int rows = 60;
    QList<Operation> operations;
    QStringList mirror;
    for (int row = 0; row < rows; ++row) {
        operations.append(make(idOf(row), 1, OperationStatus::InProgress, row));
        mirror.append(idOf(row));
    }
    m_model->applyChanges(operations);
    m_model->flushPendingChanges();

    // Single rows, runs of two and three, the first and the last row.
    QStringList removed;
    for (int row : {0, 3, 4, 9, 10, 11, 17, 25, 26, 40, 41, 42, 43, 50, 58, 59})
        removed.append(idOf(row));
    int checks = 0;
    connect(m_model.get(), &QAbstractItemModel::rowsRemoved, this,
            [&](const QModelIndex &, int first, int last) {
                mirror.remove(first, last - first + 1);
                QCOMPARE(m_model->rowCount(), int(mirror.size()));
                for (int row = 0; row < int(mirror.size()); ++row) {
                    QCOMPARE(m_model->index(row, OperationTableModel::Name)
                                     .data(OperationTableModel::OperationIdRole)
                                     .toString(),
                             mirror.at(row));
                    QCOMPARE(m_model->operationAt(row).operationId, mirror.at(row));
                }
                ++checks;
            });
    m_model->removeOperations(removed);
    m_model->flushPendingChanges();

    QCOMPARE(checks, 8); // the ranges
    QCOMPARE(m_model->rowCount(), rows - int(removed.size()));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QCOMPARE(m_model->operationAt(row).operationId, mirror.at(row));
        QCOMPARE(m_model->rowOf(mirror.at(row)), row);
    }
    for (const QString &id : std::as_const(removed))
        QCOMPARE(m_model->rowOf(id), -1);
}

void tst_OperationTableModel::removalThenNewerStateInOneBurstIsAnUpdate()
{
    fill();
    QSignalSpy removedSpy(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy insertedSpy(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->removeOperations({idOf(3)});
    m_model->applyChanges({make(idOf(3), 2, OperationStatus::InProgress, 80)});
    // And the other way round: a state followed by a removal removes.
    m_model->applyChanges({make(idOf(1), 2, OperationStatus::InProgress, 80)});
    m_model->removeOperations({idOf(1)});
    m_model->flushPendingChanges();

    QCOMPARE(insertedSpy.size(), 0);
    QCOMPARE(removedSpy.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_model->rowOf(idOf(1)), -1);
    QCOMPARE(m_model->operationAt(m_model->rowOf(idOf(3))).progressPercentage, 80.0);
}

void tst_OperationTableModel::sharedStatesAreHeldNotCopied()
{
    // The feed's blocks: the row must be that block, not a copy of it.
    const SharedOperation first = std::make_shared<const Operation>(make(u"a"_s, 1));
    m_model->applySharedChanges({first});
    m_model->flushPendingChanges();
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(&m_model->operationAt(0), first.get());

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const SharedOperation newer
            = std::make_shared<const Operation>(make(u"a"_s, 2, OperationStatus::InProgress, 50));
    const SharedOperation stale
            = std::make_shared<const Operation>(make(u"a"_s, 1, OperationStatus::InProgress, 90));
    m_model->applySharedChanges({newer});
    m_model->flushPendingChanges();
    m_model->applySharedChanges({stale});
    m_model->flushPendingChanges();

    QCOMPARE(&m_model->operationAt(0), newer.get());
    // The model let go of the state it replaced and never took the stale one.
    QCOMPARE(first.use_count(), 1);
    QCOMPARE(stale.use_count(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(),
             m_model->index(0, OperationTableModel::Progress));
    QVERIFY(changed.first().at(2).value<QList<int>>().contains(OperationTableModel::ProgressRole));
}

void tst_OperationTableModel::clearIsTheOnlyReset()
{
    fill();
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->applyChanges({make(u"queued"_s)});
    m_model->clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->rowOf(idOf(0)), -1);
    // What was queued for the old server is dropped with it.
    QVERIFY(!m_model->hasPendingChanges());
    QCoreApplication::processEvents();
    QCOMPARE(m_model->rowCount(), 0);
}

void tst_OperationTableModel::longRunNeverResets()
{
    constexpr int steps = 400;
    constexpr int idSpace = 60;
    constexpr int maxBatch = 8;
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QRandomGenerator random(4242);
    QMap<QString, Operation> expected;
    qint64 version = 0;

    for (int step = 0; step < steps; ++step) {
        const int batch = 1 + int(random.bounded(maxBatch));
        if (random.bounded(4) == 0) {
            QStringList ids;
            for (int i = 0; i < batch; ++i)
                ids.append(idOf(int(random.bounded(idSpace))));
            m_model->removeOperations(ids);
            for (const QString &id : std::as_const(ids))
                expected.remove(id);
        } else {
            QList<Operation> changes;
            for (int i = 0; i < batch; ++i) {
                const QString id = idOf(int(random.bounded(idSpace)));
                const auto status = OperationStatus(random.bounded(OperationStatusCount));
                Operation operation = make(id, ++version, status, random.bounded(101));
                changes.append(operation);
                expected.insert(id, operation);
            }
            m_model->applyChanges(changes);
        }
        // Sometimes several bursts pile up before a flush, sometimes the timer flushes.
        if (random.bounded(3) == 0)
            m_model->flushPendingChanges();
        else if (random.bounded(5) == 0)
            QTRY_VERIFY(!m_model->hasPendingChanges());
    }
    m_model->flushPendingChanges();

    QCOMPARE(reset.size(), 0);
    QCOMPARE(m_model->rowCount(), expected.size());
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Operation &held = m_model->operationAt(row);
        QCOMPARE(m_model->rowOf(held.operationId), row);
        QCOMPARE(held, expected.value(held.operationId));
    }
}

QTEST_GUILESS_MAIN(tst_OperationTableModel)
#include "tst_operationtablemodel.moc"
