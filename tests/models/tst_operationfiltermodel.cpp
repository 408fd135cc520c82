#include "operationfiltermodel.h"
#include "operationtablemodel.h"
#include "testoperations.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QItemSelectionModel>
#include <QPersistentModelIndex>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

Operation sample(const QString &id, const QString &name, const QString &type,
                 OperationStatus status, double progress, const QString &owner, int createdSecs)
{
    Operation operation = testoperations::make(id, 1, status, progress, owner);
    operation.displayName = name;
    operation.operationType = type;
    operation.entityId = u"file_%1"_s.arg(id);
    operation.createdAt = testoperations::baseTime().addSecs(createdSecs);
    return operation;
}

Approval approval(const QString &voterRole, const QStringList &voters = {})
{
    Approval result;
    result.voterRole = voterRole;
    for (const QString &voter : voters)
        result.votes.append({voter, VoteDecision::Approve, {}, testoperations::baseTime()});
    return result;
}

// Seven operations; dave (an approver) owes a vote on "a" only.
QList<Operation> sampleOperations()
{
    using S = OperationStatus;
    Operation a = sample(u"a"_s, u"Deleting report.csv"_s, u"file_deletion"_s,
                         S::WaitingForApproval, 10, u"alice"_s, 1);
    a.approval = approval(u"approver"_s);
    a.etaSeconds = 60;
    Operation b = sample(u"b"_s, u"Uploading March.csv"_s, u"file_upload"_s, S::InProgress, 50,
                         u"bob"_s, 2);
    b.etaSeconds = 300;
    Operation c = sample(u"c"_s, u"Exporting 2026"_s, u"data_export"_s, S::Completed, 100,
                         u"carol"_s, 3);
    Operation d = sample(u"d"_s, u"Deleting archive.csv"_s, u"file_deletion"_s,
                         S::WaitingForApproval, 10, u"bob"_s, 4);
    d.approval = approval(u"approver"_s, {u"dave"_s});
    Operation e = sample(u"e"_s, u"Deleting BIG.csv"_s, u"file_deletion"_s, S::WaitingForApproval,
                         5, u"carol"_s, 5);
    e.approval = approval(u"security"_s);
    Operation f = sample(u"f"_s, u"Uploading April.csv"_s, u"file_upload"_s, S::Failed, 70,
                         u"alice"_s, 6);
    Operation g = sample(u"g"_s, QString(), u"file_upload"_s, S::Pending, 0, u"dave"_s, 7);
    g.entityId = u"FILE_7"_s;
    return {a, b, c, d, e, f, g};
}

constexpr int burstRows = 200;
constexpr int distinctProgress = 10;
constexpr int distinctTimes = 12;

QString burstId(int i)
{
    return u"r%1"_s.arg(i, 3, 10, QLatin1Char('0'));
}

// An operation for the burst tests: few distinct values, so that ties and unknown
// values are common.
Operation burstOperation(const QString &id, qint64 version, QRandomGenerator &random)
{
    static const QStringList names{u"alpha"_s, u"Alpha"_s, u"beta"_s, u"Gamma"_s, QString()};
    static const QList<OperationStatus> statuses{
            OperationStatus::Pending, OperationStatus::InProgress, OperationStatus::InProgress,
            OperationStatus::Completed, OperationStatus::Failed};
    Operation operation = testoperations::make(
            id, version, statuses.at(int(random.bounded(qsizetype(statuses.size())))),
            10.0 * random.bounded(distinctProgress));
    operation.displayName = names.at(int(random.bounded(qsizetype(names.size()))));
    operation.updatedAt = testoperations::baseTime().addSecs(random.bounded(distinctTimes));
    if (random.bounded(3) != 0)
        operation.etaSeconds = random.bounded(distinctTimes);
    return operation;
}

// The order QSortFilterProxyModel gives raw values: unknown last when ascending, text
// ignoring case; written apart from OperationSortOrder on purpose.
bool rawLessThan(const QVariant &left, const QVariant &right)
{
    if (!left.isValid())
        return false;
    if (!right.isValid())
        return true;
    if (left.typeId() == QMetaType::QString)
        return left.toString().compare(right.toString(), Qt::CaseInsensitive) < 0;
    return left.toDouble() < right.toDouble();
}

} // namespace

class tst_OperationFilterModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void filtersRows_data();
    void filtersRows();
    void needsMyVote_data();
    void needsMyVote();
    void sortsOnRawValues_data();
    void sortsOnRawValues();
    void updatesMoveRowsInAndOutWithoutReset();
    void countsFollowTheSourceNotTheFilter();
    void countsFollowTheCurrentUser();
    void burstMovingManyRowsIsOneLayoutChange_data();
    void burstMovingManyRowsIsOneLayoutChange();
    void burstMovesRowsInAndOutOfTheFilter_data();
    void burstMovesRowsInAndOutOfTheFilter();
    void selectionFollowsItsOperationAcrossABurst_data();
    void selectionFollowsItsOperationAcrossABurst();
    void longRunOfBurstsMatchesAReferenceSort_data();
    void longRunOfBurstsMatchesAReferenceSort();
    void otherSourcesAreFollowedSignalBySignal();

private:
    QStringList visibleIds() const;
    /// The shown ids as QSortFilterProxyModel's stable sort of the raw values over the
    /// rows of the given statuses would give them.
    QStringList referenceIds(const QList<OperationStatus> &statuses, int column,
                             Qt::SortOrder order) const;
    /// Fails unless mapToSource and mapFromSource agree for every row.
    void verifyMappings() const;
    Operation held(const QString &id) const;
    void addBurstRows(QRandomGenerator &random, int count = burstRows);

    std::unique_ptr<OperationTableModel> m_source;
    std::unique_ptr<OperationFilterModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_sourceTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

void tst_OperationFilterModel::init()
{
    using Tester = QAbstractItemModelTester;
    m_source = std::make_unique<OperationTableModel>();
    m_proxy = std::make_unique<OperationFilterModel>();
    m_proxy->setSourceModel(m_source.get());
    m_sourceTester = std::make_unique<Tester>(m_source.get(), Tester::FailureReportingMode::QtTest);
    m_proxyTester = std::make_unique<Tester>(m_proxy.get(), Tester::FailureReportingMode::QtTest);
    m_proxy->setCurrentUser(u"dave"_s, {u"user"_s, u"approver"_s});
    m_source->applyChanges(sampleOperations());
    m_source->flushPendingChanges();
}

void tst_OperationFilterModel::cleanup()
{
    m_proxyTester.reset();
    m_sourceTester.reset();
    m_proxy.reset();
    m_source.reset();
}

QStringList tst_OperationFilterModel::visibleIds() const
{
    QStringList ids;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        ids.append(m_proxy->index(row, 0).data(OperationTableModel::OperationIdRole).toString());
    return ids;
}

Operation tst_OperationFilterModel::held(const QString &id) const
{
    return m_source->operationAt(m_source->rowOf(id));
}

QStringList tst_OperationFilterModel::referenceIds(const QList<OperationStatus> &statuses,
                                                   int column, Qt::SortOrder order) const
{
    QList<int> rows;
    for (int row = 0; row < m_source->rowCount(); ++row) {
        if (statuses.isEmpty() || statuses.contains(m_source->operationAt(row).status))
            rows.append(row);
    }
    if (column < 0) {
        if (order == Qt::DescendingOrder)
            std::reverse(rows.begin(), rows.end());
    } else {
        const auto value = [this, column](int row) {
            return m_source->index(row, column).data(OperationTableModel::RawValueRole);
        };
        std::stable_sort(rows.begin(), rows.end(), [&](int left, int right) {
            return order == Qt::AscendingOrder ? rawLessThan(value(left), value(right))
                                               : rawLessThan(value(right), value(left));
        });
    }
    QStringList ids;
    for (int row : std::as_const(rows))
        ids.append(m_source->operationAt(row).operationId);
    return ids;
}

void tst_OperationFilterModel::verifyMappings() const
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex proxyIndex = m_proxy->index(row, OperationTableModel::Progress);
        QCOMPARE(m_proxy->mapFromSource(m_proxy->mapToSource(proxyIndex)), proxyIndex);
    }
    int mapped = 0;
    for (int row = 0; row < m_source->rowCount(); ++row) {
        if (m_proxy->mapFromSource(m_source->index(row, 0)).isValid())
            ++mapped;
    }
    QCOMPARE(mapped, m_proxy->rowCount());
}

void tst_OperationFilterModel::addBurstRows(QRandomGenerator &random, int count)
{
    QList<Operation> operations;
    for (int i = 0; i < count; ++i)
        operations.append(burstOperation(burstId(i), 1, random));
    m_source->applyChanges(operations);
    m_source->flushPendingChanges();
}

void tst_OperationFilterModel::filtersRows_data()
{
    QTest::addColumn<QStringList>("statuses");
    QTest::addColumn<QStringList>("types");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("needsMyVoteOnly");
    QTest::addColumn<QStringList>("expected");

    const QStringList all{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s, u"f"_s, u"g"_s};
    QTest::newRow("no filter") << QStringList() << QStringList() << QString() << false << all;
    QTest::newRow("one status") << QStringList{u"in_progress"_s} << QStringList() << QString()
                                << false << QStringList{u"b"_s};
    QTest::newRow("two statuses") << QStringList{u"waiting_for_approval"_s, u"failed"_s}
                                  << QStringList() << QString() << false
                                  << QStringList{u"a"_s, u"d"_s, u"e"_s, u"f"_s};
    QTest::newRow("one type") << QStringList() << QStringList{u"file_deletion"_s} << QString()
                              << false << QStringList{u"a"_s, u"d"_s, u"e"_s};
    QTest::newRow("two types") << QStringList() << QStringList{u"file_upload"_s, u"data_export"_s}
                               << QString() << false << QStringList{u"b"_s, u"c"_s, u"f"_s, u"g"_s};
    QTest::newRow("text in the name, any case")
            << QStringList() << QStringList() << u"CSV"_s << false
            << QStringList{u"a"_s, u"b"_s, u"d"_s, u"e"_s, u"f"_s};
    QTest::newRow("text in the entityId")
            << QStringList() << QStringList() << u"file_7"_s << false << QStringList{u"g"_s};
    QTest::newRow("text in the owner")
            << QStringList() << QStringList() << u"Carol"_s << false << QStringList{u"c"_s, u"e"_s};
    QTest::newRow("text around spaces is trimmed")
            << QStringList() << QStringList() << u"  march "_s << false << QStringList{u"b"_s};
    QTest::newRow("needs my vote")
            << QStringList() << QStringList() << QString() << true << QStringList{u"a"_s};
    QTest::newRow("status, type and text together")
            << QStringList{u"waiting_for_approval"_s} << QStringList{u"file_deletion"_s}
            << u"archive"_s << false << QStringList{u"d"_s};
}

void tst_OperationFilterModel::filtersRows()
{
    QFETCH(QStringList, statuses);
    QFETCH(QStringList, types);
    QFETCH(QString, text);
    QFETCH(bool, needsMyVoteOnly);
    QFETCH(QStringList, expected);

    QList<OperationStatus> statusFilter;
    for (const QString &wire : std::as_const(statuses))
        statusFilter.append(*statusFromWire(wire));
    m_proxy->setStatusFilter(statusFilter);
    m_proxy->setTypeFilter(types);
    m_proxy->setTextFilter(text);
    m_proxy->setNeedsMyVoteOnly(needsMyVoteOnly);

    QCOMPARE(visibleIds(), expected);
    QCOMPARE(m_proxy->statusFilter(), statusFilter);
}

void tst_OperationFilterModel::needsMyVote_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<QString>("operationId");
    QTest::addColumn<bool>("expected");

    const QStringList approver{u"user"_s, u"approver"_s};
    QTest::newRow("approver, not the owner, not voted") << u"dave"_s << approver << u"a"_s << true;
    QTest::newRow("the owner never votes") << u"alice"_s << approver << u"a"_s << false;
    QTest::newRow("voted already") << u"dave"_s << approver << u"d"_s << false;
    QTest::newRow("another approver has not voted on d")
            << u"alice"_s << approver << u"d"_s << true;
    QTest::newRow("without the voter role")
            << u"dave"_s << QStringList{u"user"_s} << u"a"_s << false;
    QTest::newRow("the policy names another role") << u"dave"_s << approver << u"e"_s << false;
    QTest::newRow("holding the policy's role")
            << u"dave"_s << QStringList{u"security"_s} << u"e"_s << true;
    QTest::newRow("not waiting for approval") << u"dave"_s << approver << u"b"_s << false;
    QTest::newRow("nobody signed in") << QString() << approver << u"a"_s << false;
}

void tst_OperationFilterModel::needsMyVote()
{
    QFETCH(QString, user);
    QFETCH(QStringList, roles);
    QFETCH(QString, operationId);
    QFETCH(bool, expected);

    m_proxy->setCurrentUser(user, roles);
    QCOMPARE(m_proxy->needsMyVote(held(operationId)), expected);
    m_proxy->setNeedsMyVoteOnly(true);
    QCOMPARE(visibleIds().contains(operationId), expected);
}

void tst_OperationFilterModel::sortsOnRawValues_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("progress, ties in source order")
            << int(OperationTableModel::Progress) << Qt::AscendingOrder
            << QStringList{u"g"_s, u"e"_s, u"a"_s, u"d"_s, u"b"_s, u"f"_s, u"c"_s};
    QTest::newRow("name, any case")
            << int(OperationTableModel::Name) << Qt::AscendingOrder
            << QStringList{u"d"_s, u"e"_s, u"a"_s, u"c"_s, u"g"_s, u"f"_s, u"b"_s};
    QTest::newRow("started, newest first")
            << int(OperationTableModel::Started) << Qt::DescendingOrder
            << QStringList{u"g"_s, u"f"_s, u"e"_s, u"d"_s, u"c"_s, u"b"_s, u"a"_s};
    QTest::newRow("status in lifecycle order")
            << int(OperationTableModel::Status) << Qt::AscendingOrder
            << QStringList{u"g"_s, u"b"_s, u"a"_s, u"d"_s, u"e"_s, u"c"_s, u"f"_s};
    QTest::newRow("time remaining, unknown last")
            << int(OperationTableModel::TimeRemaining) << Qt::AscendingOrder
            << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s, u"f"_s, u"g"_s};
}

void tst_OperationFilterModel::sortsOnRawValues()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, expected);

    m_proxy->sort(column, order);
    QCOMPARE(visibleIds(), expected);
}

void tst_OperationFilterModel::updatesMoveRowsInAndOutWithoutReset()
{
    QSignalSpy reset(m_proxy.get(), &QAbstractItemModel::modelReset);
    m_proxy->setStatusFilter({OperationStatus::InProgress, OperationStatus::Pending});
    m_proxy->sort(OperationTableModel::Progress, Qt::AscendingOrder);
    QCOMPARE(visibleIds(), (QStringList{u"g"_s, u"b"_s}));

    Operation b = held(u"b"_s);
    b.version = 2;
    b.status = OperationStatus::Completed;
    Operation g = held(u"g"_s);
    g.version = 2;
    g.status = OperationStatus::InProgress;
    g.progressPercentage = 90;
    m_source->applyChanges({b, g});
    m_source->flushPendingChanges();
    QCOMPARE(visibleIds(), (QStringList{u"g"_s}));

    // A new row that passes the filter lands in its sorted place.
    Operation h = testoperations::make(u"h"_s, 3, OperationStatus::Pending, 95);
    Operation i = testoperations::make(u"i"_s, 3, OperationStatus::InProgress, 5);
    m_source->applyChanges({h, i});
    m_source->flushPendingChanges();
    QCOMPARE(visibleIds(), (QStringList{u"i"_s, u"g"_s, u"h"_s}));

    m_source->removeOperations({u"g"_s, u"c"_s});
    m_source->flushPendingChanges();
    QCOMPARE(visibleIds(), (QStringList{u"i"_s, u"h"_s}));
    QCOMPARE(reset.size(), 0);
}

void tst_OperationFilterModel::countsFollowTheSourceNotTheFilter()
{
    using S = OperationStatus;
    QSignalSpy countsChanged(m_proxy.get(), &OperationFilterModel::countsChanged);
    // A filter hides rows but leaves the sidebar's counts alone.
    m_proxy->setStatusFilter({S::Completed});
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(m_proxy->statusCount(S::Pending), 1);
    QCOMPARE(m_proxy->statusCount(S::InProgress), 1);
    QCOMPARE(m_proxy->statusCount(S::WaitingForApproval), 3);
    QCOMPARE(m_proxy->statusCount(S::Completed), 1);
    QCOMPARE(m_proxy->statusCount(S::Failed), 1);
    QCOMPARE(m_proxy->statusCount(S::Cancelled), 0);
    QCOMPARE(m_proxy->needsMyVoteCount(), 1);
    QCOMPARE(m_proxy->statusCounts().size(), OperationStatusCount);

    // Several status changes in one flush: one countsChanged.
    countsChanged.clear();
    Operation b = held(u"b"_s);
    b.version = 2;
    b.status = S::Completed;
    Operation a = held(u"a"_s);
    a.version = 2;
    a.approval->votes.append({u"dave"_s, VoteDecision::Approve, {}, {}});
    Operation f = held(u"f"_s);
    f.version = 2;
    f.progressPercentage = 80;
    m_source->applyChanges({b, a, f});
    m_source->flushPendingChanges();
    QVERIFY(countsChanged.wait());
    QCoreApplication::processEvents();
    QCOMPARE(countsChanged.size(), 1);
    QCOMPARE(m_proxy->statusCount(S::InProgress), 0);
    QCOMPARE(m_proxy->statusCount(S::Completed), 2);
    QCOMPARE(m_proxy->statusCount(S::Failed), 1);
    QCOMPARE(m_proxy->needsMyVoteCount(), 0);

    countsChanged.clear();
    m_source->removeOperations({u"c"_s, u"e"_s});
    Operation h = testoperations::make(u"h"_s, 3, S::WaitingForApproval, 0, u"erin"_s);
    h.approval = approval(u"approver"_s);
    m_source->applyChanges({h});
    m_source->flushPendingChanges();
    QVERIFY(countsChanged.wait());
    QCOMPARE(m_proxy->statusCount(S::Completed), 1);
    QCOMPARE(m_proxy->statusCount(S::WaitingForApproval), 3);
    QCOMPARE(m_proxy->needsMyVoteCount(), 1);

    m_source->clear();
    QVERIFY(countsChanged.wait());
    for (int count : m_proxy->statusCounts())
        QCOMPARE(count, 0);
    QCOMPARE(m_proxy->needsMyVoteCount(), 0);
}

void tst_OperationFilterModel::countsFollowTheCurrentUser()
{
    QCOMPARE(m_proxy->needsMyVoteCount(), 1);
    // alice owns "a" but owes a vote on "d".
    m_proxy->setCurrentUser(u"alice"_s, {u"approver"_s});
    QCOMPARE(m_proxy->needsMyVoteCount(), 1);
    m_proxy->setNeedsMyVoteOnly(true);
    QCOMPARE(visibleIds(), (QStringList{u"d"_s}));
    m_proxy->setCurrentUser(u"frank"_s, {u"approver"_s, u"security"_s});
    QCOMPARE(m_proxy->needsMyVoteCount(), 3);
    QCOMPARE(visibleIds(), (QStringList{u"a"_s, u"d"_s, u"e"_s}));
}

void tst_OperationFilterModel::burstMovingManyRowsIsOneLayoutChange_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");

    using M = OperationTableModel;
    QTest::newRow("progress") << int(M::Progress) << Qt::AscendingOrder;
    QTest::newRow("updated, newest first") << int(M::Updated) << Qt::DescendingOrder;
    QTest::newRow("name, any case") << int(M::Name) << Qt::AscendingOrder;
    QTest::newRow("time remaining, unknown last") << int(M::TimeRemaining) << Qt::AscendingOrder;
    QTest::newRow("time remaining descending, unknown first")
            << int(M::TimeRemaining) << Qt::DescendingOrder;
}

void tst_OperationFilterModel::burstMovingManyRowsIsOneLayoutChange()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);

    const QList<OperationStatus> active{OperationStatus::Pending, OperationStatus::InProgress};
    QRandomGenerator random(31);
    addBurstRows(random);
    m_proxy->setStatusFilter(active);
    m_proxy->sort(column, order);
    QCOMPARE(visibleIds(), referenceIds(active, column, order));
    const QStringList before = visibleIds();

    QSignalSpy reset(m_proxy.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layoutChanged(m_proxy.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(m_proxy.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_proxy.get(), &QAbstractItemModel::dataChanged);
    // Every other operation gets new values in every sortable column, its status kept.
    QList<Operation> changes;
    for (int i = 0; i < burstRows; i += 2) {
        Operation operation = burstOperation(burstId(i), 2, random);
        operation.status = held(burstId(i)).status;
        changes.append(operation);
    }
    m_source->applyChanges(changes);
    m_source->flushPendingChanges();

    QCOMPARE(visibleIds(), referenceIds(active, column, order));
    QVERIFY(visibleIds() != before);
    QCOMPARE(layoutChanged.size(), 1);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(reset.size(), 0);
    // The rows still shown are told that they changed, in their new places.
    QVERIFY(!changed.isEmpty());
    for (const QList<QVariant> &arguments : std::as_const(changed)) {
        const auto topLeft = arguments.at(0).value<QModelIndex>();
        const auto bottomRight = arguments.at(1).value<QModelIndex>();
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            const QString id
                    = m_proxy->index(row, 0).data(OperationTableModel::OperationIdRole).toString();
            QCOMPARE(id.mid(1).toInt() % 2, 0);
        }
    }
    verifyMappings();
}

void tst_OperationFilterModel::burstMovesRowsInAndOutOfTheFilter_data()
{
    QTest::addColumn<QStringList>("flipped");
    QTest::addColumn<QStringList>("toTheEnd");
    QTest::addColumn<int>("layoutChanges");
    QTest::addColumn<int>("removals");
    QTest::addColumn<int>("insertions");

    // The rows: r000..r039 with progress 0..39; the even ones in progress (shown), the
    // odd ones completed (hidden). "flipped" swaps the two; "toTheEnd" sets progress 100.
    QTest::newRow("one run leaves: one rowsRemoved")
            << QStringList{u"r000"_s, u"r002"_s, u"r004"_s} << QStringList() << 0 << 1 << 0;
    QTest::newRow("two rows enter apart: two rowsInserted")
            << QStringList{u"r001"_s, u"r021"_s} << QStringList() << 0 << 0 << 2;
    QTest::newRow("one leaves and one enters: rows signals")
            << QStringList{u"r000"_s, u"r039"_s} << QStringList() << 0 << 1 << 1;
    QStringList scattered;
    for (int i = 0; i < 40; i += 4)
        scattered << burstId(i) << burstId(i + 1);
    QTest::newRow("scattered rows leave and enter: one layout change")
            << scattered << QStringList() << 1 << 0 << 0;
    QTest::newRow("one leaves while another moves: one layout change")
            << QStringList{u"r000"_s} << QStringList{u"r002"_s} << 1 << 0 << 0;
}

void tst_OperationFilterModel::burstMovesRowsInAndOutOfTheFilter()
{
    QFETCH(QStringList, flipped);
    QFETCH(QStringList, toTheEnd);
    QFETCH(int, layoutChanges);
    QFETCH(int, removals);
    QFETCH(int, insertions);

    QList<Operation> operations;
    for (int i = 0; i < 40; ++i) {
        operations.append(testoperations::make(
                burstId(i), 1, i % 2 ? OperationStatus::Completed : OperationStatus::InProgress,
                i));
    }
    m_source->applyChanges(operations);
    m_source->flushPendingChanges();
    const QList<OperationStatus> running{OperationStatus::InProgress};
    m_proxy->setStatusFilter(running);
    m_proxy->sort(OperationTableModel::Progress, Qt::AscendingOrder);
    // The even rows and the sample "b".
    QCOMPARE(m_proxy->rowCount(), 21);

    QSignalSpy reset(m_proxy.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layoutChanged(m_proxy.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(m_proxy.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);
    QList<Operation> changes;
    for (const QString &id : std::as_const(flipped)) {
        Operation operation = held(id);
        operation.version = 2;
        operation.status = operation.status == OperationStatus::InProgress
                ? OperationStatus::Completed
                : OperationStatus::InProgress;
        changes.append(operation);
    }
    for (const QString &id : std::as_const(toTheEnd)) {
        Operation operation = held(id);
        operation.version = 2;
        operation.progressPercentage = 100;
        changes.append(operation);
    }
    m_source->applyChanges(changes);
    m_source->flushPendingChanges();

    QCOMPARE(visibleIds(),
             referenceIds(running, OperationTableModel::Progress, Qt::AscendingOrder));
    QCOMPARE(layoutChanged.size(), layoutChanges);
    QCOMPARE(removed.size(), removals);
    QCOMPARE(inserted.size(), insertions);
    QCOMPARE(reset.size(), 0);
    verifyMappings();
}

void tst_OperationFilterModel::selectionFollowsItsOperationAcrossABurst_data()
{
    QTest::addColumn<QStringList>("flipped");
    QTest::addColumn<QStringList>("toTheEnd");
    QTest::addColumn<QStringList>("removed");
    QTest::addColumn<bool>("staysShown");

    // The same rows as burstMovesRowsInAndOutOfTheFilter; r010 is selected.
    QStringList scattered;
    for (int i = 1; i < 40; i += 4)
        scattered << burstId(i);
    QTest::newRow("it moves to the end (layout change)")
            << QStringList() << QStringList{u"r010"_s, u"r004"_s} << QStringList() << true;
    QTest::newRow("rows above it leave (rowsRemoved)")
            << QStringList{u"r000"_s, u"r002"_s} << QStringList() << QStringList() << true;
    QTest::newRow("scattered rows enter around it (layout change)")
            << scattered << QStringList() << QStringList() << true;
    QTest::newRow("rows above it go and others move")
            << QStringList() << QStringList{u"r012"_s} << QStringList{u"r000"_s, u"r004"_s} << true;
    QTest::newRow("it leaves the filter") << QStringList{u"r010"_s, u"r013"_s}
                                          << QStringList{u"r002"_s} << QStringList() << false;
    QTest::newRow("it leaves the source")
            << QStringList() << QStringList{u"r002"_s} << QStringList{u"r010"_s} << false;
}

void tst_OperationFilterModel::selectionFollowsItsOperationAcrossABurst()
{
    QFETCH(QStringList, flipped);
    QFETCH(QStringList, toTheEnd);
    QFETCH(QStringList, removed);
    QFETCH(bool, staysShown);

    QList<Operation> operations;
    for (int i = 0; i < 40; ++i) {
        operations.append(testoperations::make(
                burstId(i), 1, i % 2 ? OperationStatus::Completed : OperationStatus::InProgress,
                i));
    }
    m_source->applyChanges(operations);
    m_source->flushPendingChanges();
    const QList<OperationStatus> running{OperationStatus::InProgress};
    m_proxy->setStatusFilter(running);
    m_proxy->sort(OperationTableModel::Progress, Qt::AscendingOrder);

    const QString selectedId = u"r010"_s;
    QItemSelectionModel selection(m_proxy.get());
    selection.select(m_proxy->index(int(visibleIds().indexOf(selectedId)), 0),
                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QPersistentModelIndex current
            = m_proxy->index(int(visibleIds().indexOf(selectedId)), OperationTableModel::Progress);

    QSignalSpy reset(m_proxy.get(), &QAbstractItemModel::modelReset);
    QList<Operation> changes;
    for (const QString &id : std::as_const(flipped)) {
        Operation operation = held(id);
        operation.version = 2;
        operation.status = operation.status == OperationStatus::InProgress
                ? OperationStatus::Completed
                : OperationStatus::InProgress;
        changes.append(operation);
    }
    for (const QString &id : std::as_const(toTheEnd)) {
        Operation operation = held(id);
        operation.version = 2;
        operation.progressPercentage = 100;
        changes.append(operation);
    }
    m_source->applyChanges(changes);
    m_source->removeOperations(removed);
    m_source->flushPendingChanges();

    const QStringList expected
            = referenceIds(running, OperationTableModel::Progress, Qt::AscendingOrder);
    QCOMPARE(visibleIds(), expected);
    QCOMPARE(reset.size(), 0);
    const QModelIndexList selectedRows = selection.selectedRows();
    if (staysShown) {
        QCOMPARE(selectedRows.size(), 1);
        QCOMPARE(selectedRows.first().row(), int(expected.indexOf(selectedId)));
        QCOMPARE(selectedRows.first().data(OperationTableModel::OperationIdRole).toString(),
                 selectedId);
        QCOMPARE(current.row(), int(expected.indexOf(selectedId)));
        QCOMPARE(current.column(), int(OperationTableModel::Progress));
    } else {
        QVERIFY(selectedRows.isEmpty());
        QVERIFY(!current.isValid());
    }
}

void tst_OperationFilterModel::longRunOfBurstsMatchesAReferenceSort_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QList<OperationStatus>>("statuses");

    using M = OperationTableModel;
    using S = OperationStatus;
    const QList<S> active{S::Pending, S::InProgress};
    QTest::newRow("progress, active") << int(M::Progress) << Qt::AscendingOrder << active;
    QTest::newRow("updated newest first, active")
            << int(M::Updated) << Qt::DescendingOrder << active;
    QTest::newRow("name, every status") << int(M::Name) << Qt::AscendingOrder << QList<S>();
    QTest::newRow("time remaining descending, in progress")
            << int(M::TimeRemaining) << Qt::DescendingOrder << QList<S>{S::InProgress};
    QTest::newRow("source order reversed, active") << -1 << Qt::DescendingOrder << active;
}

void tst_OperationFilterModel::longRunOfBurstsMatchesAReferenceSort()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QList<OperationStatus>, statuses);

    // Kept small: both item model testers check every row at every signal.
    constexpr int steps = 60;
    constexpr int initialRows = 100;
    constexpr int idSpace = 140;
    constexpr int maxBatch = 40;
    QRandomGenerator random(777);
    addBurstRows(random, initialRows);
    m_proxy->setStatusFilter(statuses);
    m_proxy->sort(column, order);

    QSignalSpy reset(m_proxy.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layoutChanged(m_proxy.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(m_proxy.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);
    QString trackedId;
    QPersistentModelIndex tracked;
    qint64 version = 1;
    for (int step = 0; step < steps; ++step) {
        if (!tracked.isValid() && m_proxy->rowCount() > 0) {
            tracked = m_proxy->index(int(random.bounded(m_proxy->rowCount())), 0);
            trackedId = tracked.data(OperationTableModel::OperationIdRole).toString();
        }
        const bool trackedWasShown = tracked.isValid();

        // Small bursts give row signals, large ones a layout change.
        const int batch = 1 + int(random.bounded(step % 3 == 0 ? maxBatch : 4));
        QList<Operation> changes;
        QStringList removals;
        ++version;
        for (int i = 0; i < batch; ++i) {
            const QString id = burstId(int(random.bounded(idSpace)));
            if (random.bounded(5) == 0)
                removals.append(id);
            else
                changes.append(burstOperation(id, version, random));
        }
        m_source->removeOperations(removals);
        m_source->applyChanges(changes);
        m_source->flushPendingChanges();

        QCOMPARE(visibleIds(), referenceIds(statuses, column, order));
        verifyMappings();
        const int trackedRow = int(visibleIds().indexOf(trackedId));
        if (trackedWasShown && trackedRow >= 0)
            QVERIFY(tracked.isValid());
        if (tracked.isValid()) {
            QCOMPARE(tracked.row(), trackedRow);
            QCOMPARE(tracked.data(OperationTableModel::OperationIdRole).toString(), trackedId);
        }
    }
    QCOMPARE(reset.size(), 0);
    // Both ways of telling a burst were taken.
    QVERIFY(!layoutChanged.isEmpty());
    QVERIFY(!removed.isEmpty() || !inserted.isEmpty());
}

void tst_OperationFilterModel::otherSourcesAreFollowedSignalBySignal()
{
    constexpr int maxRank = 10;
    QStandardItemModel source(0, 2);
    OperationFilterModel proxy;
    proxy.setSourceModel(&source);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    const auto addRow = [&source](int row, const QString &name, int rank) {
        auto *item = new QStandardItem(name);
        item->setData(rank, OperationTableModel::RawValueRole);
        source.insertRow(row, {item, new QStandardItem(QString::number(maxRank - rank))});
    };
    const auto names = [&proxy] {
        QStringList shown;
        for (int row = 0; row < proxy.rowCount(); ++row)
            shown.append(proxy.index(row, 0).data().toString());
        return shown;
    };

    addRow(0, u"b"_s, 2);
    addRow(1, u"d"_s, 4);
    QCOMPARE(names(), (QStringList{u"b"_s, u"d"_s}));
    proxy.sort(0, Qt::DescendingOrder);
    QCOMPARE(names(), (QStringList{u"d"_s, u"b"_s}));
    // Rows inserted before the end, and first.
    addRow(1, u"c"_s, 3);
    addRow(0, u"a"_s, 1);
    QCOMPARE(names(), (QStringList{u"d"_s, u"c"_s, u"b"_s, u"a"_s}));
    const QPersistentModelIndex b = proxy.index(2, 0);
    // A changed value moves its row.
    source.setData(source.index(0, 0), 5, OperationTableModel::RawValueRole);
    QCOMPARE(names(), (QStringList{u"a"_s, u"d"_s, u"c"_s, u"b"_s}));
    QCOMPARE(b.data().toString(), u"b"_s);
    // The source sorts itself (d, c, b, a: a layout change); the proxy's order stays.
    source.sort(1);
    QCOMPARE(source.index(0, 0).data().toString(), u"d"_s);
    QCOMPARE(names(), (QStringList{u"a"_s, u"d"_s, u"c"_s, u"b"_s}));
    QCOMPARE(b.row(), 3);
    QCOMPARE(proxy.mapToSource(b).row(), 2);
    source.removeRows(1, 2);
    QCOMPARE(names(), (QStringList{u"a"_s, u"d"_s}));
    QVERIFY(!b.isValid());
    QCOMPARE(reset.size(), 0);
    // Not an OperationTableModel: nothing is counted.
    QCOMPARE(proxy.statusCount(OperationStatus::Pending), 0);
}

QTEST_GUILESS_MAIN(tst_OperationFilterModel)
#include "tst_operationfiltermodel.moc"
