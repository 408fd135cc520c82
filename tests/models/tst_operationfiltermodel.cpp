#include "operationfiltermodel.h"
#include "operationtablemodel.h"
#include "testoperations.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

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

private:
    QStringList visibleIds() const;
    Operation held(const QString &id) const;

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

QTEST_GUILESS_MAIN(tst_OperationFilterModel)
#include "tst_operationfiltermodel.moc"
