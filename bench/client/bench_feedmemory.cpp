// Resident memory of 100,000 realistic operations in the OperationFeed alone, and in the
// feed with the OperationTableModel and the sorted OperationFilterModel on top. The model
// takes the feed's shared blocks (sharedOperationsChanged -> applySharedChanges);
// feedModelCopies wires values instead (operationsChanged -> applyChanges), for
// comparison. The bar: under 150 MB for feed + model.
//
// The pages come from a scripted QNetworkAccessManager (the tests' canned replies): 100
// pages of 1,000 operations from bench/models/realisticoperations, written by the codec as
// the service writes them, each made when the feed asks for it. So the feed parses real
// HTTP bodies through ApiCall, and nothing but the feed and the models holds them.
// VmRSS is per process: run one function per process (see docs/performance.md).
#include "apiconnection.h"
#include "fakenetworkaccessmanager.h"
#include "operationfeed.h"
#include "operationfiltermodel.h"
#include "operationtablemodel.h"
#include "processmemory.h"
#include "realisticoperations.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <malloc.h>
#include <utility>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int operationCount = 100'000;
constexpr int pageSize = 1'000;
constexpr int pageCount = operationCount / pageSize;
constexpr double barMib = 150;
constexpr quint32 dataSeed = 20261129;
constexpr double kibPerMib = 1024.0;
constexpr int loadTimeoutMs = 600'000;
constexpr int httpOk = 200;

// GET /api/me and the pages of GET /api/operations (pageToken "p<N>"); a delta poll
// finds nothing new.
CannedResponse serve(const RecordedRequest &request)
{
    if (request.path() == u"/api/me")
        return CannedResponse::json(httpOk, R"({"userId": "alice", "roles": ["user", "staff"]})");
    if (request.hasQueryItem(u"since"_s)) {
        const QJsonObject empty{{u"operations"_s, QJsonArray()},
                                {u"cursor"_s, request.queryItem(u"since"_s).toLongLong()},
                                {u"nextPageToken"_s, QString()}};
        return CannedResponse::json(httpOk, QJsonDocument(empty).toJson(QJsonDocument::Compact));
    }
    const int page = request.queryItem(u"pageToken"_s).mid(1).toInt();
    const QJsonObject body{
            {u"operations"_s,
             benchdata::realisticOperationsJson(pageSize, dataSeed + quint32(page),
                                                page * pageSize)},
            {u"cursor"_s, operationCount},
            {u"nextPageToken"_s, page + 1 < pageCount ? u"p%1"_s.arg(page + 1) : QString()}};
    return CannedResponse::json(httpOk, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace

using benchdata::trimmedResidentMib;

class bench_FeedMemory final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void feedOnly();
    void feedModelProxy();
    void feedModelCopies();

private:
    /// RSS is per process: a second measurement would count what the first left behind.
    bool claimFreshProcess();
    void startFeed(OperationFeed &feed);

    FakeNetworkAccessManager *m_manager = nullptr;
    ApiConnection *m_connection = nullptr;
    bool m_measured = false;
};

void bench_FeedMemory::initTestCase()
{
    m_manager = new FakeNetworkAccessManager(this);
    m_manager->setScript(&serve);
    m_connection = new ApiConnection(m_manager, this);
    m_connection->setEndpoint(QUrl(u"http://optrack.test"_s), u"token"_s);
}

bool bench_FeedMemory::claimFreshProcess()
{
    return !std::exchange(m_measured, true);
}

void bench_FeedMemory::startFeed(OperationFeed &feed)
{
    // Every user's operations, as on the operations dashboard.
    feed.setScope(OperationScope::All);
    feed.setStreamEnabled(false);
    feed.setPageSize(pageSize);
    feed.start();
    QVERIFY(QTest::qWaitFor([&feed] { return feed.isFirstLoadDone(); }, loadTimeoutMs));
    QCOMPARE(feed.operations().size(), operationCount);
}

void bench_FeedMemory::feedOnly()
{
    if (!claimFreshProcess())
        QSKIP("Run alone: bench_feedmemory feedOnly");
    const double base = trimmedResidentMib();
    QVERIFY(base > 0);

    OperationFeed feed(m_connection);
    startFeed(feed);
    QVERIFY(!QTest::currentTestFailed());
    const benchdata::WholeProcess whole = benchdata::wholeProcess();
    const double withFeed = trimmedResidentMib();

    benchdata::printWholeProcess(whole);
    qInfo("baseline                        %7.1f MiB", base);
    qInfo("feed, 100k operations           %7.1f MiB", withFeed - base);
    qInfo("sizeof(Operation) = %d bytes", int(sizeof(Operation)));
    qInfo("heap in use %7.1f MiB", double(mallinfo2().uordblks) / kibPerMib / kibPerMib);
}

void bench_FeedMemory::feedModelProxy()
{
    if (!claimFreshProcess())
        QSKIP("Run alone: bench_feedmemory feedModelProxy");
    const double base = trimmedResidentMib();
    QVERIFY(base > 0);

    // The rows share the feed's blocks.
    OperationFeed feed(m_connection);
    OperationTableModel model;
    connect(&feed, &OperationFeed::sharedOperationsChanged, &model,
            &OperationTableModel::applySharedChanges);
    connect(&feed, &OperationFeed::operationsRemoved, &model,
            &OperationTableModel::removeOperations);
    startFeed(feed);
    QVERIFY(!QTest::currentTestFailed());
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), operationCount, loadTimeoutMs);
    const double withModel = trimmedResidentMib();

    OperationFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(OperationTableModel::Started, Qt::DescendingOrder);
    QCOMPARE(proxy.rowCount(), operationCount);
    const benchdata::WholeProcess whole = benchdata::wholeProcess();
    const double withProxy = trimmedResidentMib();

    benchdata::printWholeProcess(whole);
    qInfo("baseline                        %7.1f MiB", base);
    qInfo("feed + model, 100k operations   %7.1f MiB", withModel - base);
    qInfo("sorted filter proxy and counts  %7.1f MiB", withProxy - withModel);
    qInfo("all together                    %7.1f MiB", withProxy - base);
    qInfo("heap in use %7.1f MiB", double(mallinfo2().uordblks) / kibPerMib / kibPerMib);
#ifndef __SANITIZE_ADDRESS__ // AddressSanitizer's shadow memory and quarantine: no bar applies
    QVERIFY2(withModel - base < barMib, "feed + model over 150 MiB");
#endif
}

void bench_FeedMemory::feedModelCopies()
{
    if (!claimFreshProcess())
        QSKIP("Run alone: bench_feedmemory feedModelCopies");
    const double base = trimmedResidentMib();
    QVERIFY(base > 0);

    // Values instead: the model makes its own block of every operation.
    OperationFeed feed(m_connection);
    OperationTableModel model;
    connect(&feed, &OperationFeed::operationsChanged, &model, &OperationTableModel::applyChanges);
    connect(&feed, &OperationFeed::operationsRemoved, &model,
            &OperationTableModel::removeOperations);
    startFeed(feed);
    QVERIFY(!QTest::currentTestFailed());
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), operationCount, loadTimeoutMs);
    const benchdata::WholeProcess whole = benchdata::wholeProcess();
    const double withModel = trimmedResidentMib();

    benchdata::printWholeProcess(whole);
    qInfo("baseline                        %7.1f MiB", base);
    qInfo("feed + model copies, 100k       %7.1f MiB", withModel - base);
}

QTEST_GUILESS_MAIN(bench_FeedMemory)
#include "bench_feedmemory.moc"
