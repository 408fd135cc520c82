#include "testoperations.h"
#include "votelistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

Vote vote(const QString &voter, VoteDecision decision = VoteDecision::Approve,
          const QString &reason = {})
{
    return {voter, decision, reason, testoperations::baseTime()};
}

Approval approvalWith(const QList<Vote> &votes, int required = 2)
{
    Approval approval;
    approval.required = required;
    approval.voterRole = u"approver"_s;
    approval.votes = votes;
    for (const Vote &cast : votes)
        (cast.decision == VoteDecision::Approve ? approval.approvals : approval.denials) += 1;
    return approval;
}

} // namespace

class tst_VoteListModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void cells_data();
    void cells();
    void newVotesAreAppended();
    void aChangedVoteSignalsItsCells();
    void votesThatWentAwayAreRemoved();
    void summarySignalsOnlyWhenItChanges();

private:
    std::unique_ptr<VoteListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_VoteListModel::init()
{
    m_model = std::make_unique<VoteListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_VoteListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void tst_VoteListModel::cells_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QVariant>("raw");

    QTest::newRow("voter") << int(VoteListModel::Voter) << u"Voter"_s << u"bob"_s
                           << QVariant(u"bob"_s);
    QTest::newRow("decision") << int(VoteListModel::Decision) << u"Decision"_s << u"Deny"_s
                              << QVariant(int(VoteDecision::Deny));
    QTest::newRow("reason") << int(VoteListModel::Reason) << u"Reason"_s << u"not today"_s
                            << QVariant(u"not today"_s);
    QTest::newRow("time") << int(VoteListModel::Time) << u"Time"_s
                          << QLocale().toString(testoperations::baseTime().toLocalTime(),
                                                QLocale::ShortFormat)
                          << QVariant(testoperations::baseTime().toMSecsSinceEpoch());
}

void tst_VoteListModel::cells()
{
    QFETCH(int, column);
    QFETCH(QString, title);
    QFETCH(QString, display);
    QFETCH(QVariant, raw);

    m_model->setApproval(approvalWith({vote(u"bob"_s, VoteDecision::Deny, u"not today"_s)}));
    QCOMPARE(m_model->headerData(column, Qt::Horizontal).toString(), title);
    QCOMPARE(m_model->index(0, column).data().toString(), display);
    QCOMPARE(m_model->index(0, column).data(VoteListModel::RawValueRole), raw);
}

void tst_VoteListModel::newVotesAreAppended()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    m_model->setApproval(approvalWith({}));
    QCOMPARE(inserted.size(), 0);
    m_model->setApproval(approvalWith({vote(u"bob"_s)}));
    m_model->setApproval(approvalWith({vote(u"bob"_s), vote(u"carol"_s), vote(u"erin"_s)}));

    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 1);
    QCOMPARE(inserted.at(1).at(2).toInt(), 2);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->index(2, VoteListModel::Voter).data().toString(), u"erin"_s);
}

void tst_VoteListModel::aChangedVoteSignalsItsCells()
{
    m_model->setApproval(approvalWith({vote(u"bob"_s), vote(u"carol"_s)}));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setApproval(approvalWith({vote(u"bob"_s), vote(u"carol"_s, {}, u"ok"_s)}));

    QCOMPARE(changed.size(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).value<QModelIndex>();
    const QModelIndex bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 1);
    QCOMPARE(bottomRight.row(), 1);
    QCOMPARE(topLeft.column(), int(VoteListModel::Reason));
    QCOMPARE(bottomRight.column(), int(VoteListModel::Reason));
    QCOMPARE(m_model->index(1, VoteListModel::Reason).data().toString(), u"ok"_s);
}

void tst_VoteListModel::votesThatWentAwayAreRemoved()
{
    m_model->setApproval(approvalWith({vote(u"bob"_s), vote(u"carol"_s), vote(u"erin"_s)}));
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    m_model->setApproval(approvalWith({vote(u"bob"_s), vote(u"erin"_s)}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 1);

    // The operation no longer needs approval: every row goes.
    m_model->setApproval(std::nullopt);
    QCOMPARE(removed.size(), 2);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->approval());
    QCOMPARE(reset.size(), 0);
}

void tst_VoteListModel::summarySignalsOnlyWhenItChanges()
{
    QSignalSpy summary(m_model.get(), &VoteListModel::approvalSummaryChanged);
    m_model->setApproval(approvalWith({}));
    QCOMPARE(summary.size(), 1);
    m_model->setApproval(approvalWith({}));
    QCOMPARE(summary.size(), 1);
    m_model->setApproval(approvalWith({vote(u"bob"_s)}));
    QCOMPARE(summary.size(), 2);
    QCOMPARE(m_model->approval()->approvals, 1);
    // A new reason alone leaves the tally as it was.
    m_model->setApproval(approvalWith({vote(u"bob"_s, {}, u"fine"_s)}));
    QCOMPARE(summary.size(), 2);
    m_model->setApproval(std::nullopt);
    QCOMPARE(summary.size(), 3);
}

QTEST_GUILESS_MAIN(tst_VoteListModel)
#include "tst_votelistmodel.moc"
