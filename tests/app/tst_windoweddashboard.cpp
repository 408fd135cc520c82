#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "appcontroller.h"
#include "apptesthelpers.h"
#include "mainwindow.h"
#include "operationfeed.h"
#include "operationfiltermodel.h"
#include "operationssidebar.h"
#include "operationsview.h"
#include "operationtablemodel.h"
#include "operationwindowmodel.h"
#include "optrackdprocess.h"

#include <QApplication>
#include <QLineEdit>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <algorithm>
#include <memory>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int startTimeoutMs = 60'000;
/// Retained operations in the seeded data directory, the newest `seededLive` not finished.
constexpr int seededOperations = 5'000;
constexpr int seededLive = 300;
/// Finished operations the app's feed loads beside the live set, here: fewer than the live
/// ones, so that operations waiting for a vote lie older than the recent history.
constexpr int recentHistory = 100;
const QString stella = u"stella"_s;
const QString alice = u"alice"_s;

} // namespace

/// The dashboard against a real optrackd holding more history than the app loads: the
/// first screen comes from the service's window before any history is loaded, scrolling
/// and searching reach the oldest operations through the service, the sidebar's counts
/// are the service's (exact after a new and a finished operation), "needs my vote"
/// shows every operation waiting, however old, and through a long day the app lets go of
/// finished operations older than the recent history while the table still shows them.
class tst_WindowedDashboard final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void firstScreenBeforeHistoryLoads();
    void scrollingIntoHistoryFetchesIt();
    void searchFindsAnOldOperation();
    void countsStayExactAfterHistoryChanges();
    void voteInboxHoldsOldWaitingOperations();
    void finishedHistoryBeyondTheRecentIsDropped();

private:
    OperationsView *view() const { return m_app->window()->operationsView(); }
    int serviceCount(const QString &status);

    QTemporaryDir m_home;
    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client, u"sam"_s, stella};
    std::unique_ptr<AppController> m_app;
    std::unique_ptr<apptest::ModelTesters> m_testers;
};

void tst_WindowedDashboard::initTestCase()
{
    QVERIFY(m_home.isValid());
    apptest::isolateHome(m_home.path());
    m_server.addUser(stella, {u"staff"_s, u"approver"_s});

    // The history written straight into the service's store, as optrack-seed does for the
    // benchmarks: thousands of operations without thousands of requests.
    QProcess seed;
    seed.start(QString::fromLocal8Bit(OPTRACK_SEED_PATH),
               {u"--data-dir"_s, m_server.dataDir(), u"--operations"_s,
                QString::number(seededOperations), u"--live"_s, QString::number(seededLive)});
    QVERIFY(seed.waitForFinished(startTimeoutMs));
    QVERIFY2(seed.exitCode() == 0, seed.readAllStandardError().constData());
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));

    QString error;
    const std::optional<AppOptions> options = apptest::remoteOptions(
            m_server.baseUrl(), stella, m_server.token(stella), m_home.path(), &error);
    QVERIFY2(options, qPrintable(error));
    m_app = std::make_unique<AppController>(*options, apptest::fileTokens());
    m_app->setQuitsApplication(false);
    m_app->feed()->setRecentHistory(recentHistory);
    m_testers = std::make_unique<apptest::ModelTesters>(m_app.get());
    m_app->window()->resize(1280, 860);
    QVERIFY(apptest::startSignedIn(m_app.get(), startTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(m_app->windowModel()->isAnswered(), startTimeoutMs);
}

void tst_WindowedDashboard::cleanupTestCase()
{
    if (m_app)
        QVERIFY(apptest::quitAndWait(m_app.get(), startTimeoutMs));
    m_testers.reset();
    m_app.reset();
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_WindowedDashboard::init()
{
    view()->searchField()->clear();
    view()->sidebar()->setCurrentFilter(OperationsSidebar::All);
    view()->tableView()->scrollToTop();
    QTRY_VERIFY_WITH_TIMEOUT(view()->isShowingWindow() && m_app->windowModel()->isAnswered()
                                     && m_app->windowModel()->query().text.isEmpty(),
                             startTimeoutMs);
}

int tst_WindowedDashboard::serviceCount(const QString &status)
{
    const ApiResponse counts = m_client.get(u"/api/operations/counts?scope=all"_s, stella);
    if (status.isEmpty())
        return counts.json.value(u"total"_s).toInt();
    return counts.json.value(u"byStatus"_s).toObject().value(status).toInt();
}

void tst_WindowedDashboard::firstScreenBeforeHistoryLoads()
{
    OperationWindowModel *window = m_app->windowModel();
    // The table counts every retained operation and shows the newest first...
    QTRY_COMPARE_WITH_TIMEOUT(window->rowCount(), seededOperations, startTimeoutMs);
    QTRY_VERIFY(window->operationAt(0) != nullptr);
    const QString newest = window->operationAt(0)->operationId;
    QVERIFY(window->operationAt(0)->createdAt >= window->operationAt(1)->createdAt);
    // ...while the app holds only the live set and the recent history, and the window no
    // more than the blocks around the first screen.
    QVERIFY2(m_app->feed()->operations().size() <= seededLive + recentHistory,
             qPrintable(QString::number(m_app->feed()->operations().size())));
    QVERIFY(window->loadedRowCount() < seededOperations / 2);
    QVERIFY(window->operationAt(seededOperations - 1) == nullptr);
    QVERIFY(window->data(window->index(seededOperations - 1, 0),
                         OperationWindowModel::PlaceholderRole)
                    .toBool());
    QCOMPARE(view()->tableView()->model(), window);
    // The sidebar counts what the service holds, not what was loaded.
    QTRY_COMPARE(view()->sidebar()->count(OperationsSidebar::All), seededOperations);
    QVERIFY(view()->rowCountText().contains(QLocale().toString(seededOperations)));
    QVERIFY(!newest.isEmpty());
}

void tst_WindowedDashboard::scrollingIntoHistoryFetchesIt()
{
    OperationWindowModel *window = m_app->windowModel();
    QTreeView *table = view()->tableView();
    m_app->window()->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_app->window()));
    const int last = window->rowCount() - 1;
    QVERIFY(window->operationAt(last) == nullptr);
    table->scrollToBottom();
    // Mid-scroll, before the block has come: placeholders where the rows will be.
    QVERIFY(window->operationAt(last) == nullptr);
    apptest::saveScreenshot(m_app->window(), u"windowed-dashboard-placeholders"_s);
    QTRY_VERIFY_WITH_TIMEOUT(window->operationAt(last) != nullptr, startTimeoutMs);
    // The oldest retained operation: the seed's first, created about 20 days ago.
    QCOMPARE(window->operationAt(last)->entityId, u"ent-0"_s);
    QVERIFY(!m_app->feed()->contains(window->operationAt(last)->operationId));
    apptest::saveScreenshot(m_app->window(), u"windowed-dashboard-history"_s);
}

void tst_WindowedDashboard::searchFindsAnOldOperation()
{
    OperationWindowModel *window = m_app->windowModel();
    // Entity ids are ent-<index>; ent-1 is the second oldest and nowhere in the feed.
    QTest::keyClicks(view()->searchField(), u"ent-1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(window->query().text, u"ent-1"_s, startTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(window->isAnswered(), startTimeoutMs);
    // ent-1, ent-10..19, ent-100..199, ent-1000..1999: 1 + 10 + 100 + 1000.
    QCOMPARE(window->rowCount(), 1111);
    view()->searchField()->setText(u"ent-1999"_s);
    QTRY_COMPARE_WITH_TIMEOUT(window->rowCount(), 1, startTimeoutMs);
    QTRY_VERIFY(window->operationAt(0) != nullptr);
    QCOMPARE(window->operationAt(0)->entityId, u"ent-1999"_s);
    QVERIFY(!m_app->feed()->contains(window->operationAt(0)->operationId));
}

void tst_WindowedDashboard::countsStayExactAfterHistoryChanges()
{
    OperationsSidebar *sidebar = view()->sidebar();
    const int total = serviceCount({});
    const int completed = serviceCount(u"completed"_s);
    QTRY_COMPARE(sidebar->count(OperationsSidebar::All), total);
    QTRY_COMPARE(sidebar->count(OperationsSidebar::Completed), completed);

    // A new operation: one more in all, at the top of the newest-first window.
    const QString id = idOf(m_scenario.create(alice,
                                              {{u"operationType"_s, u"report_publish"_s},
                                               {u"displayName"_s, u"Quarter-end report"_s}}));
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(sidebar->count(OperationsSidebar::All), total + 1, startTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_app->windowModel()->rowOf(id), 0, startTimeoutMs);
    QCOMPARE(m_app->windowModel()->rowCount(), total + 1);

    // Finished: one more completed, the total unchanged.
    const ApiResponse started
            = m_client.patch(operationPath(id), alice, {{u"status"_s, u"in_progress"_s}});
    QVERIFY2(started.status == 200, qPrintable(started.describe()));
    const ApiResponse done
            = m_client.patch(operationPath(id), alice, {{u"status"_s, u"completed"_s}});
    QVERIFY2(done.status == 200, qPrintable(done.describe()));
    QTRY_COMPARE_WITH_TIMEOUT(sidebar->count(OperationsSidebar::Completed), completed + 1,
                              startTimeoutMs);
    QCOMPARE(sidebar->count(OperationsSidebar::All), total + 1);
    QCOMPARE(serviceCount(u"completed"_s), completed + 1);
    QTRY_COMPARE(m_app->windowModel()
                         ->data(m_app->windowModel()->index(0, 0), OperationTableModel::StatusRole)
                         .toInt(),
                 int(OperationStatus::Completed));
}

void tst_WindowedDashboard::voteInboxHoldsOldWaitingOperations()
{
    const int waiting = serviceCount(u"waiting_for_approval"_s);
    QVERIFY(waiting > 0);
    view()->sidebar()->setCurrentFilter(OperationsSidebar::NeedsMyVote);
    QCOMPARE(view()->tableView()->model(), m_app->filterModel());
    QTRY_COMPARE(m_app->filterModel()->rowCount(), waiting);
    QCOMPARE(view()->sidebar()->count(OperationsSidebar::NeedsMyVote), waiting);
    // Some of them are older than anything of the recent history: the live set holds them.
    QDateTime oldestWaiting = QDateTime::currentDateTimeUtc();
    for (int row = 0; row < m_app->filterModel()->rowCount(); ++row) {
        const auto operation = m_app->filterModel()
                                       ->index(row, 0)
                                       .data(OperationTableModel::OperationRole)
                                       .value<Operation>();
        oldestWaiting = std::min(oldestWaiting, operation.createdAt);
    }
    // The recent history the feed loaded: the newest operations of any status.
    const ApiResponse recent
            = m_client.get(u"/api/operations?scope=all&limit=%1"_s.arg(recentHistory), stella);
    const QJsonArray newest = recent.json.value(u"operations"_s).toArray();
    QCOMPARE(newest.size(), recentHistory);
    const QDateTime oldestRecent = QDateTime::fromString(
            newest.last().toObject().value(u"createdAt"_s).toString(), Qt::ISODateWithMs);
    apptest::saveScreenshot(m_app->window(), u"windowed-dashboard-inbox"_s);
    QVERIFY2(oldestWaiting < oldestRecent,
             qPrintable(oldestWaiting.toString(Qt::ISODate) + u" / "_s
                        + oldestRecent.toString(Qt::ISODate)));
}

void tst_WindowedDashboard::finishedHistoryBeyondTheRecentIsDropped()
{
    OperationFeed *feed = m_app->feed();
    OperationTableModel *table = m_app->tableModel();
    OperationWindowModel *window = m_app->windowModel();
    const auto heldWhere = [feed](bool finished) {
        return std::count_if(feed->operations().cbegin(), feed->operations().cend(),
                             [finished](const SharedOperation &operation) {
                                 return isTerminal(operation->status) == finished;
                             });
    };
    const qsizetype liveHeld = heldWhere(false);
    const int waiting = m_app->filterModel()->needsMyVoteCount();
    QSignalSpy tableRemoved(table, &QAbstractItemModel::rowsRemoved);
    QSignalSpy tableReset(table, &QAbstractItemModel::modelReset);
    QSignalSpy filterReset(m_app->filterModel(), &QAbstractItemModel::modelReset);
    QSignalSpy windowReset(window, &QAbstractItemModel::modelReset);

    // A long day: half as many again as the recent history start and finish.
    QStringList finishedToday;
    for (int i = 0; i < recentHistory * 3 / 2; ++i) {
        const QString id
                = idOf(m_scenario.create(alice,
                                         {{u"operationType"_s, u"report_publish"_s},
                                          {u"displayName"_s, u"Daily report %1"_s.arg(i)}}));
        QVERIFY(!id.isEmpty());
        for (const QString &status : {u"in_progress"_s, u"completed"_s}) {
            const ApiResponse moved
                    = m_client.patch(operationPath(id), alice, {{u"status"_s, status}});
            QVERIFY2(moved.status == 200, qPrintable(moved.describe()));
        }
        finishedToday.append(id);
    }
    QTRY_VERIFY_WITH_TIMEOUT(feed->contains(finishedToday.last())
                                     && feed->operation(finishedToday.last())->status
                                             == OperationStatus::Completed,
                             startTimeoutMs);

    // The app holds the newest finished ones and the whole live set, no more...
    const qsizetype finishedHeld = heldWhere(true);
    QVERIFY2(finishedHeld <= recentHistory + recentHistory / OperationFeed::historySlackDivisor,
             qPrintable(QString::number(finishedHeld)));
    QCOMPARE(heldWhere(false), liveHeld);
    QVERIFY(!feed->contains(finishedToday.first()));
    QTRY_COMPARE(table->rowOf(finishedToday.first()), -1);
    QVERIFY(table->rowOf(finishedToday.last()) >= 0);
    QTRY_COMPARE(qsizetype(table->rowCount()), feed->operations().size());
    QVERIFY(!tableRemoved.isEmpty());
    QCOMPARE(m_app->filterModel()->needsMyVoteCount(), waiting);
    // ...while the table on screen shows every one of them, from the service.
    QTRY_COMPARE_WITH_TIMEOUT(window->rowCount(), serviceCount({}), startTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(window->rowOf(finishedToday.first()) >= 0, startTimeoutMs);
    const int row = window->rowOf(finishedToday.first());
    QCOMPARE(window->operationAt(row)->status, OperationStatus::Completed);
    QVERIFY(window->rowOf(finishedToday.last()) >= 0 && window->rowOf(finishedToday.last()) < row);
    QCOMPARE(tableReset.size(), 0);
    QCOMPARE(filterReset.size(), 0);
    QCOMPARE(windowReset.size(), 0);
}

QTEST_MAIN(tst_WindowedDashboard)
#include "tst_windoweddashboard.moc"
