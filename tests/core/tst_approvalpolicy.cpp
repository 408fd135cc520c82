#include "approvalpolicy.h"

#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int unknownVoters = -1;

Approval approvalWith(int required, int approvals, int denials)
{
    Approval approval;
    approval.required = required;
    approval.approvals = approvals;
    approval.denials = denials;
    return approval;
}

} // namespace

class tst_ApprovalPolicy final : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void decideApproval_data();
    void decideApproval();
    void denialMessage_data();
    void denialMessage();
};

void tst_ApprovalPolicy::defaults()
{
    // The contract: one denial decides unless the policy says otherwise.
    const ApprovalPolicy policy;
    QVERIFY(policy.denyDecides);
    QCOMPARE(policy.requiredApprovals, 1);
    QCOMPARE(policy.voterRole, u"approver"_s);
    QCOMPARE(policy.timeoutSeconds, 86400);
}

void tst_ApprovalPolicy::decideApproval_data()
{
    QTest::addColumn<int>("required");
    QTest::addColumn<int>("approvals");
    QTest::addColumn<int>("denials");
    QTest::addColumn<bool>("denyDecides");
    QTest::addColumn<int>("eligibleVoters");
    QTest::addColumn<ApprovalDecision>("expected");

    using D = ApprovalDecision;
    QTest::newRow("no votes yet") << 1 << 0 << 0 << true << unknownVoters << D::Pending;
    QTest::newRow("one of two approvals") << 2 << 1 << 0 << true << unknownVoters << D::Pending;
    QTest::newRow("quorum of one reached") << 1 << 1 << 0 << true << unknownVoters << D::Approved;
    QTest::newRow("quorum of two reached") << 2 << 2 << 0 << true << unknownVoters << D::Approved;
    QTest::newRow("quorum reached, eligible known") << 2 << 2 << 0 << false << 5 << D::Approved;
    QTest::newRow("one denial, denyDecides") << 2 << 1 << 1 << true << unknownVoters << D::Denied;
    QTest::newRow("first vote a denial, denyDecides")
            << 1 << 0 << 1 << true << unknownVoters << D::Denied;
    QTest::newRow("one denial, denyDecides, eligible known")
            << 1 << 0 << 1 << true << 10 << D::Denied;
    QTest::newRow("denial without denyDecides, voters unknown")
            << 1 << 0 << 1 << false << unknownVoters << D::Pending;
    QTest::newRow("many denials without denyDecides, voters unknown")
            << 2 << 0 << 5 << false << unknownVoters << D::Pending;
    QTest::newRow("denial without denyDecides, quorum still reachable")
            << 2 << 0 << 1 << false << 3 << D::Pending;
    QTest::newRow("denial without denyDecides, quorum just reachable")
            << 2 << 1 << 1 << false << 3 << D::Pending;
    QTest::newRow("denials without denyDecides, quorum out of reach")
            << 2 << 0 << 2 << false << 3 << D::Denied;
    QTest::newRow("denial without denyDecides, last voter denied")
            << 2 << 1 << 1 << false << 2 << D::Denied;
    QTest::newRow("every eligible voter denied") << 1 << 0 << 1 << false << 1 << D::Denied;
    QTest::newRow("quorum wins over a later denial")
            << 1 << 1 << 1 << true << unknownVoters << D::Approved;
}

void tst_ApprovalPolicy::decideApproval()
{
    QFETCH(int, required);
    QFETCH(int, approvals);
    QFETCH(int, denials);
    QFETCH(bool, denyDecides);
    QFETCH(int, eligibleVoters);
    QFETCH(ApprovalDecision, expected);

    ApprovalPolicy policy;
    policy.requiredApprovals = required;
    policy.denyDecides = denyDecides;
    const ApprovalDecision decision = optrack::decideApproval(
            approvalWith(required, approvals, denials), policy, eligibleVoters);
    QCOMPARE(approvalDecisionToWire(decision), approvalDecisionToWire(expected));
}

void tst_ApprovalPolicy::denialMessage_data()
{
    QTest::addColumn<QString>("voter");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message");
    QTest::newRow("with reason") << u"bob"_s << u"not today"_s << u"Denied by bob: not today"_s;
    QTest::newRow("without reason") << u"bob"_s << QString() << u"Denied by bob"_s;
    QTest::newRow("blank reason") << u"bob"_s << u"   "_s << u"Denied by bob"_s;
    QTest::newRow("reason with spaces around")
            << u"carol"_s << u"  too risky \n"_s << u"Denied by carol: too risky"_s;
    QTest::newRow("reason with a percent sign")
            << u"bob"_s << u"only 50% done %1"_s << u"Denied by bob: only 50% done %1"_s;
}

void tst_ApprovalPolicy::denialMessage()
{
    QFETCH(QString, voter);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    QCOMPARE(optrack::denialMessage(voter, reason), message);
}

QTEST_GUILESS_MAIN(tst_ApprovalPolicy)
#include "tst_approvalpolicy.moc"
