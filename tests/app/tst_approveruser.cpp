// Someone who starts work and also approves, and is not staff: their own scope ("mine")
// does not list what waits for their vote, so the app runs a second feed of those
// (scope=approvals) into the same table. Against the real optrackd.
#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "appcontroller.h"
#include "appoptions.h"
#include "apptesthelpers.h"
#include "operationfeed.h"
#include "operationfeedunion.h"
#include "operationfiltermodel.h"
#include "operationnotifier.h"
#include "operationprogressdialog.h"
#include "operationtablemodel.h"
#include "optrackdprocess.h"
#include "progresswindows.h"
#include "tokenstore.h"
#include "votesclient.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int startTimeoutMs = 30'000;
constexpr int changeTimeoutMs = 15'000;
const QString ann = u"ann"_s; // user and approver
const QString bob = u"bob"_s; // user
const QString sam = u"sam"_s; // staff: reads anything for the scenario helper

} // namespace

class tst_ApproverUser final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void votesOfOthersShowBesideOwnWork();

private:
    QTemporaryDir m_home;
    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client, sam, ann};
};

void tst_ApproverUser::initTestCase()
{
    QVERIFY(m_home.isValid());
    apptest::isolateHome(m_home.path());
    m_server.addUser(ann, {u"user"_s, u"approver"_s});
    m_server.addUser(bob, {u"user"_s});
    m_server.addUser(sam, {u"staff"_s});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_ApproverUser::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_ApproverUser::votesOfOthersShowBesideOwnWork()
{
    // Ann's own operation, and Bob's waiting for an approver's vote.
    const QJsonObject own = m_scenario.create(
            ann, {{u"operationType"_s, u"ledger.batch"_s}, {u"displayName"_s, u"Ann's batch"_s}});
    QVERIFY(!own.isEmpty());
    QJsonObject waiting;
    m_scenario.makeInStatus(bob, u"waiting_for_approval"_s, true, &waiting);
    QVERIFY(!waiting.isEmpty());
    const QString waitingId = idOf(waiting);

    QString error;
    const std::optional<AppOptions> options = apptest::remoteOptions(
            m_server.baseUrl(), ann, m_server.token(ann), m_home.path(), &error);
    QVERIFY2(options, qPrintable(error));
    AppController app(*options, apptest::fileTokens());
    QAbstractItemModelTester tableTester(app.tableModel());
    QAbstractItemModelTester filterTester(app.filterModel());
    app.setQuitsApplication(false);
    QSignalSpy signedIn(&app, &AppController::signedIn);
    app.start();
    QVERIFY(signedIn.wait(startTimeoutMs));
    // From here on (the empty table was reset once, when signing in) only row signals.
    QSignalSpy resets(app.tableModel(), &QAbstractItemModel::modelReset);

    QVERIFY(app.voteFeed()->isRunning());
    QCOMPARE(app.feed()->query().scope, OperationScope::Mine);
    QCOMPARE(app.voteFeed()->query().scope, OperationScope::Approvals);
    OperationTableModel *table = app.tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(idOf(own)) >= 0 && table->rowOf(waitingId) >= 0,
                             changeTimeoutMs);
    QTRY_COMPARE(app.filterModel()->needsMyVoteCount(), 1);

    // Its progress window opens on the vote feed's copy at once, without a poll first.
    OperationProgressDialog *dialog = app.progressWindows()->open(waitingId, u"Waiting"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->operation().has_value());
    QCOMPARE(dialog->operation()->status, OperationStatus::WaitingForApproval);
    app.progressWindows()->closeAll();

    // A new request for Ann's vote arrives live, and is announced.
    QSignalSpy notices(app.notifier(), &OperationNotifier::noticePosted);
    QJsonObject second;
    m_scenario.makeInStatus(bob, u"waiting_for_approval"_s, true, &second);
    QVERIFY(!second.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(table->rowOf(idOf(second)) >= 0, changeTimeoutMs);
    QTRY_COMPARE(app.filterModel()->needsMyVoteCount(), 2);
    QTRY_VERIFY(std::any_of(notices.cbegin(), notices.cend(), [&](const QList<QVariant> &args) {
        const auto notice = args.constFirst().value<OperationNotifier::Notice>();
        return notice.kind == OperationNotifier::Kind::NeedsVote
                && notice.operationId == idOf(second);
    }));

    // Once voted on it no longer waits for Ann: it leaves, her own work stays.
    const ApiResponse voted = m_client.post(operationPath(waitingId, u"/votes"_s), ann,
                                            {{u"decision"_s, u"approve"_s}});
    QCOMPARE(voted.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(table->rowOf(waitingId), -1, changeTimeoutMs);
    QTRY_COMPARE(app.filterModel()->needsMyVoteCount(), 1);
    QVERIFY(table->rowOf(idOf(own)) >= 0);
    QCOMPARE(app.feeds()->size(), qsizetype(table->rowCount()));
    QCOMPARE(resets.size(), 0);
}

QTEST_MAIN(tst_ApproverUser)
#include "tst_approveruser.moc"
