#include "accessrules.h"
#include "approvalpolicy.h"

#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

const QString owner = u"alice"_s;
const QString someoneElse = u"bob"_s;

Operation operationOf(const QString &type, OperationStatus status, bool needsApproval = false)
{
    Operation op;
    op.operationId = u"op_1"_s;
    op.operationType = type;
    op.status = status;
    op.cancellable = !isTerminal(status);
    op.builtIn = access::isBuiltInType(type);
    op.context.insert(u"userId"_s, owner);
    if (needsApproval)
        op.approval = Approval{};
    return op;
}

Operation waitingForVotes(const QString &voterRole = {}, const QStringList &votedAlready = {})
{
    Operation op = operationOf(u"file_deletion"_s, OperationStatus::WaitingForApproval, true);
    op.approval->voterRole = voterRole;
    for (const QString &voter : votedAlready)
        op.approval->votes.append({voter, VoteDecision::Approve, {}, {}});
    return op;
}

} // namespace

/// The rules of who may do what, as the service enforces them and the app shows them.
class tst_AccessRules final : public QObject
{
    Q_OBJECT

private slots:
    void roleNames();
    void builtInTypes_data();
    void builtInTypes();
    void seesEveryOperation_data();
    void seesEveryOperation();
    void workloads_data();
    void workloads();
    void startAndUpdate_data();
    void startAndUpdate();
    void mayVoteOn_data();
    void mayVoteOn();
    void cancel_data();
    void cancel();
    void retry_data();
    void retry();
    void exportFile_data();
    void exportFile();
};

void tst_AccessRules::roleNames()
{
    // The wire names of the contract: configurations and /api/me carry them.
    QCOMPARE(access::knownRoles(),
             (QStringList{u"user"_s, u"approver"_s, u"staff"_s, u"admin"_s, u"service"_s}));
    QCOMPARE(access::defaultVoterRole, u"approver"_s);
    QCOMPARE(ApprovalPolicy().voterRole, access::defaultVoterRole);
    QCOMPARE(access::voterRoleOf(Approval{}), u"approver"_s);
    Approval staffVotes;
    staffVotes.voterRole = u"staff"_s;
    QCOMPARE(access::voterRoleOf(staffVotes), u"staff"_s);
}

void tst_AccessRules::builtInTypes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("builtIn");

    QTest::newRow("upload") << u"file_upload"_s << true;
    QTest::newRow("deletion") << u"file_deletion"_s << true;
    QTest::newRow("export") << u"data_export"_s << true;
    QTest::newRow("a producer's type") << u"backup.nightly"_s << false;
    QTest::newRow("a near miss") << u"file_uploads"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_AccessRules::builtInTypes()
{
    QFETCH(QString, type);
    QFETCH(bool, builtIn);
    QCOMPARE(access::isBuiltInType(type), builtIn);
}

void tst_AccessRules::seesEveryOperation_data()
{
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("seesEvery");
    QTest::addColumn<bool>("listsAll");

    QTest::newRow("user") << QStringList{u"user"_s} << false << false;
    QTest::newRow("approver") << QStringList{u"approver"_s} << false << false;
    QTest::newRow("staff") << QStringList{u"staff"_s} << true << true;
    QTest::newRow("admin") << QStringList{u"admin"_s} << true << true;
    QTest::newRow("user and staff") << QStringList{u"user"_s, u"staff"_s} << true << true;
    // A backend reads every operation it may report on, but it is not a person at a dashboard.
    QTest::newRow("service") << QStringList{u"service"_s} << false << true;
    QTest::newRow("no role") << QStringList{} << false << false;
}

void tst_AccessRules::seesEveryOperation()
{
    QFETCH(QStringList, roles);
    QFETCH(bool, seesEvery);
    QFETCH(bool, listsAll);
    QCOMPARE(access::seesEveryOperation(roles), seesEvery);
    QCOMPARE(access::mayListAll(roles), listsAll);
}

void tst_AccessRules::workloads_data()
{
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("upload");
    QTest::addColumn<bool>("exports");
    QTest::addColumn<bool>("deleteFiles");

    QTest::newRow("user") << QStringList{u"user"_s} << true << true << true;
    // An approver-only account decides; it has no files and no transactions of its own.
    QTest::newRow("approver") << QStringList{u"approver"_s} << false << false << false;
    QTest::newRow("staff") << QStringList{u"staff"_s} << false << true << false;
    QTest::newRow("approver and staff")
            << QStringList{u"approver"_s, u"staff"_s} << false << true << false;
    QTest::newRow("admin") << QStringList{u"admin"_s} << false << true << true;
    QTest::newRow("user and approver")
            << QStringList{u"user"_s, u"approver"_s} << true << true << true;
    QTest::newRow("service") << QStringList{u"service"_s} << false << false << false;
    QTest::newRow("no role") << QStringList{} << false << false << false;
}

void tst_AccessRules::workloads()
{
    QFETCH(QStringList, roles);
    QFETCH(bool, upload);
    QFETCH(bool, exports);
    QFETCH(bool, deleteFiles);
    QCOMPARE(access::mayUpload(roles), upload);
    QCOMPARE(access::mayExport(roles), exports);
    QCOMPARE(access::mayAskToDeleteFiles(roles), deleteFiles);
}

void tst_AccessRules::startAndUpdate_data()
{
    QTest::addColumn<QString>("userId");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("mayStartForOwner");
    QTest::addColumn<bool>("mayUpdate");

    QTest::newRow("the owner") << owner << QStringList{u"user"_s} << true << true;
    QTest::newRow("another user") << someoneElse << QStringList{u"user"_s} << false << false;
    QTest::newRow("an admin") << someoneElse << QStringList{u"admin"_s} << false << false;
    QTest::newRow("a service") << u"backend"_s << QStringList{u"service"_s} << true << true;
    QTest::newRow("no user id") << QString() << QStringList{u"user"_s} << false << false;
}

void tst_AccessRules::startAndUpdate()
{
    QFETCH(QString, userId);
    QFETCH(QStringList, roles);
    QFETCH(bool, mayStartForOwner);
    QFETCH(bool, mayUpdate);
    QCOMPARE(access::mayStartFor(userId, roles, owner), mayStartForOwner);
    const Operation op = operationOf(u"backup"_s, OperationStatus::InProgress);
    QCOMPARE(access::mayUpdate(userId, roles, op), mayUpdate);
}

void tst_AccessRules::mayVoteOn_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<QString>("userId");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("approverOf");
    QTest::addColumn<bool>("mayVote");

    const QStringList approver{u"approver"_s};
    QTest::newRow("an approver, default role")
            << waitingForVotes() << someoneElse << approver << true << true;
    QTest::newRow("the policy's role") << waitingForVotes(u"admin"_s) << someoneElse
                                       << QStringList{u"admin"_s} << true << true;
    QTest::newRow("approver, but the policy names another role")
            << waitingForVotes(u"admin"_s) << someoneElse << approver << false << false;
    QTest::newRow("the owner never votes")
            << waitingForVotes() << owner << approver << true << false;
    QTest::newRow("voted already")
            << waitingForVotes({}, {someoneElse}) << someoneElse << approver << true << false;
    QTest::newRow("another voted")
            << waitingForVotes({}, {u"carol"_s}) << someoneElse << approver << true << true;
    QTest::newRow("not an approver") << waitingForVotes() << someoneElse
                                     << QStringList{u"user"_s, u"staff"_s} << false << false;
    QTest::newRow("no user id") << waitingForVotes() << QString() << approver << true << false;
    Operation approved = waitingForVotes();
    approved.status = OperationStatus::Approved;
    QTest::newRow("decided already") << approved << someoneElse << approver << true << false;
    QTest::newRow("needs no approval")
            << operationOf(u"backup"_s, OperationStatus::WaitingForApproval) << someoneElse
            << approver << false << false;
}

void tst_AccessRules::mayVoteOn()
{
    QFETCH(Operation, operation);
    QFETCH(QString, userId);
    QFETCH(QStringList, roles);
    QFETCH(bool, approverOf);
    QFETCH(bool, mayVote);
    QCOMPARE(access::isApproverOf(roles, operation), approverOf);
    QCOMPARE(access::mayVoteOn(userId, roles, operation), mayVote);
}

void tst_AccessRules::cancel_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<QString>("userId");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("mayCancel");
    QTest::addColumn<bool>("cancellable");

    const Operation running = operationOf(u"backup"_s, OperationStatus::InProgress);
    QTest::newRow("owner, running") << running << owner << QStringList{u"user"_s} << true << true;
    QTest::newRow("admin, running")
            << running << someoneElse << QStringList{u"admin"_s} << true << true;
    QTest::newRow("staff may not")
            << running << someoneElse << QStringList{u"staff"_s} << false << true;
    QTest::newRow("the service uses PATCH")
            << running << u"backend"_s << QStringList{u"service"_s} << false << true;
    Operation finishing = running;
    finishing.cancellable = false;
    QTest::newRow("owner, finishing")
            << finishing << owner << QStringList{u"user"_s} << true << false;
    QTest::newRow("owner, completed") << operationOf(u"backup"_s, OperationStatus::Completed)
                                      << owner << QStringList{u"user"_s} << true << false;
}

void tst_AccessRules::cancel()
{
    QFETCH(Operation, operation);
    QFETCH(QString, userId);
    QFETCH(QStringList, roles);
    QFETCH(bool, mayCancel);
    QFETCH(bool, cancellable);
    QCOMPARE(access::mayCancel(userId, roles, operation), mayCancel);
    QCOMPARE(access::isCancellable(operation), cancellable);
}

void tst_AccessRules::retry_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<QString>("userId");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<bool>("mayRetry");
    QTest::addColumn<bool>("retryable");

    const QStringList user{u"user"_s};
    const QStringList admin{u"admin"_s};
    QTest::newRow("failed upload, owner") << operationOf(u"file_upload"_s, OperationStatus::Failed)
                                          << owner << user << true << true;
    QTest::newRow("denied deletion, admin")
            << operationOf(u"file_deletion"_s, OperationStatus::Denied) << someoneElse << admin
            << true << true;
    QTest::newRow("cancelled export, another user")
            << operationOf(u"data_export"_s, OperationStatus::Cancelled) << someoneElse << user
            << false << true;
    QTest::newRow("completed export") << operationOf(u"data_export"_s, OperationStatus::Completed)
                                      << owner << user << true << false;
    QTest::newRow("running upload") << operationOf(u"file_upload"_s, OperationStatus::InProgress)
                                    << owner << user << true << false;
    QTest::newRow("failed producer operation")
            << operationOf(u"backup"_s, OperationStatus::Failed) << owner << user << true << false;
    Operation producersUpload = operationOf(u"file_upload"_s, OperationStatus::Failed);
    producersUpload.builtIn = false;
    QTest::newRow("a producer's upload, failed")
            << producersUpload << owner << user << true << false;
}

void tst_AccessRules::retry()
{
    QFETCH(Operation, operation);
    QFETCH(QString, userId);
    QFETCH(QStringList, roles);
    QFETCH(bool, mayRetry);
    QFETCH(bool, retryable);
    QCOMPARE(access::mayRetry(userId, roles, operation), mayRetry);
    QCOMPARE(access::isRetryable(operation), retryable);
}

void tst_AccessRules::exportFile_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<bool>("hasFile");

    QTest::newRow("completed export")
            << operationOf(u"data_export"_s, OperationStatus::Completed) << true;
    QTest::newRow("running export")
            << operationOf(u"data_export"_s, OperationStatus::InProgress) << false;
    QTest::newRow("completed upload")
            << operationOf(u"file_upload"_s, OperationStatus::Completed) << false;
    Operation producers = operationOf(u"data_export"_s, OperationStatus::Completed);
    producers.builtIn = false;
    QTest::newRow("a producer's export") << producers << false;
}

void tst_AccessRules::exportFile()
{
    QFETCH(Operation, operation);
    QFETCH(bool, hasFile);
    QCOMPARE(access::hasExportFile(operation), hasFile);
}

QTEST_GUILESS_MAIN(tst_AccessRules)
#include "tst_accessrules.moc"
