#include "apiconnection.h"
#include "fakenetworkaccessmanager.h"
#include "operationcodec.h"
#include "operationhistoryclient.h"
#include "operationsclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

Operation operationNamed(const QString &id, qint64 version)
{
    Operation operation;
    operation.operationId = id;
    operation.operationType = u"file_export"_s;
    operation.entityId = u"entity_"_s + id;
    operation.displayName = u"Export "_s + id;
    operation.status = OperationStatus::Completed;
    operation.progressPercentage = 100;
    operation.createdAt = QDateTime(QDate(2026, 12, 1), QTime(8, 0), Qt::UTC);
    operation.updatedAt = operation.createdAt;
    operation.version = version;
    return operation;
}

QByteArray windowPage(const QList<Operation> &operations, std::optional<qint64> total,
                      qint64 version)
{
    QJsonArray array;
    for (const Operation &operation : operations)
        array.append(codec::toJson(operation));
    QJsonObject object{{u"operations"_s, array}, {u"cursor"_s, version}};
    if (total) {
        object.insert(u"total"_s, *total);
        object.insert(u"version"_s, version);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_OperationHistoryClient final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void blockAsksTheQueryByOffset();
    void blockCarriesTotalVersionAndRows();
    void serviceWithoutTotalFails();
    void cancelledBlocksAreNotAnswered();
    void countsAreRead();
    void malformedCountsFail();

private:
    std::unique_ptr<FakeNetworkAccessManager> m_network;
    std::unique_ptr<ApiConnection> m_connection;
    std::unique_ptr<OperationHistoryClient> m_history;
};

void tst_OperationHistoryClient::init()
{
    m_network = std::make_unique<FakeNetworkAccessManager>();
    m_connection = std::make_unique<ApiConnection>(m_network.get());
    m_connection->setEndpoint(QUrl(u"http://127.0.0.1:9"_s), u"token"_s);
    m_history = std::make_unique<OperationHistoryClient>(m_connection.get());
}

void tst_OperationHistoryClient::cleanup()
{
    m_history.reset();
    m_connection.reset();
    m_network.reset();
}

void tst_OperationHistoryClient::blockAsksTheQueryByOffset()
{
    m_network->setScript([](const RecordedRequest &) {
        return CannedResponse::json(200, windowPage({}, 0, 1));
    });
    OperationWindowQuery query;
    query.statuses = {OperationStatus::Failed, OperationStatus::Completed};
    query.operationTypes = {u"file_export"_s};
    query.text = u"Q3 ledger"_s;
    query.sortKey = OperationSortKey::DisplayName;
    query.descending = false;
    QSignalSpy ready(m_history.get(), &OperationBlockSource::blockReady);
    m_history->setScope(OperationScope::Approvals);
    m_history->requestBlock(query, 512, 256);
    QVERIFY(ready.wait());
    const RecordedRequest request = m_network->requests().constLast();
    QCOMPARE(request.path(), u"/api/operations"_s);
    QCOMPARE(request.queryItem(u"scope"_s), u"approvals"_s);
    QCOMPARE(request.queryItem(u"status"_s), u"failed,completed"_s);
    QCOMPARE(request.queryItem(u"operationType"_s), u"file_export"_s);
    QCOMPARE(request.queryItem(u"q"_s), u"Q3 ledger"_s);
    QCOMPARE(request.queryItem(u"sort"_s), u"displayName"_s);
    QCOMPARE(request.queryItem(u"order"_s), u"asc"_s);
    QCOMPARE(request.queryItem(u"offset"_s), u"512"_s);
    QCOMPARE(request.queryItem(u"limit"_s), u"256"_s);
    QVERIFY(!request.hasQueryItem(u"since"_s));
    QVERIFY(!request.hasQueryItem(u"pageToken"_s));
}

void tst_OperationHistoryClient::blockCarriesTotalVersionAndRows()
{
    const QList<Operation> rows{operationNamed(u"a"_s, 7), operationNamed(u"b"_s, 9)};
    m_network->setScript([&rows](const RecordedRequest &) {
        return CannedResponse::json(200, windowPage(rows, 1'000'000, 42));
    });
    QSignalSpy ready(m_history.get(), &OperationBlockSource::blockReady);
    const quint64 ticket = m_history->requestBlock({}, 256, 2);
    QVERIFY(ready.wait());
    QCOMPARE(ready.first().at(0).value<quint64>(), ticket);
    const auto block = ready.first().at(1).value<OperationBlock>();
    QCOMPARE(block.offset, 256);
    QCOMPARE(block.total, 1'000'000);
    QCOMPARE(block.version, 42);
    QCOMPARE(block.operations.size(), 2);
    QCOMPARE(*block.operations.at(1), rows.at(1));
}

void tst_OperationHistoryClient::serviceWithoutTotalFails()
{
    m_network->setScript([](const RecordedRequest &) {
        return CannedResponse::json(200, windowPage({operationNamed(u"a"_s, 1)}, {}, 3));
    });
    QSignalSpy ready(m_history.get(), &OperationBlockSource::blockReady);
    QSignalSpy failed(m_history.get(), &OperationBlockSource::blockFailed);
    m_history->requestBlock({}, 0, 256);
    QVERIFY(failed.wait());
    QVERIFY(!failed.first().at(1).toString().isEmpty());
    QCOMPARE(ready.size(), 0);

    m_network->setScript([](const RecordedRequest &) {
        return CannedResponse::json(400,
                                    R"({"error":{"code":"invalid_argument","message":"sort"}})");
    });
    m_history->requestBlock({}, 0, 256);
    QVERIFY(failed.wait());
    QCOMPARE(ready.size(), 0);
}

void tst_OperationHistoryClient::cancelledBlocksAreNotAnswered()
{
    m_network->setScript([](const RecordedRequest &) {
        CannedResponse response = CannedResponse::json(200, windowPage({}, 0, 1));
        response.hold = true;
        return response;
    });
    QSignalSpy ready(m_history.get(), &OperationBlockSource::blockReady);
    QSignalSpy failed(m_history.get(), &OperationBlockSource::blockFailed);
    m_history->requestBlock({}, 0, 256);
    m_history->requestBlock({}, 256, 256);
    QTRY_COMPARE(m_network->requests().size(), 2);
    m_history->cancelAll();
    m_network->releaseHeld();
    QTRY_COMPARE(m_network->repliesInFlight(), 0);
    QCoreApplication::processEvents();
    QCOMPARE(ready.size(), 0);
    QCOMPARE(failed.size(), 0);
}

void tst_OperationHistoryClient::countsAreRead()
{
    m_network->setScript([](const RecordedRequest &) {
        return CannedResponse::json(200, R"({"version": 77, "total": 1000003,
            "byStatus": {"completed": 999000, "in_progress": 3, "someday": 1000},
            "byType": {"file_export": {"completed": 10, "in_progress": 3}},
            "needsMyVote": 2})");
    });
    OperationsClient client(m_connection.get());
    bool answered = false;
    ServiceCounts counts;
    client.counts(OperationScope::All, {}, this,
                  [&](const ApiStatus &status, const ServiceCounts &result) {
                      QVERIFY(status.ok());
                      counts = result;
                      answered = true;
                  });
    QTRY_VERIFY(answered);
    QCOMPARE(m_network->requests().constLast().path(), u"/api/operations/counts"_s);
    QCOMPARE(m_network->requests().constLast().queryItem(u"scope"_s), u"all"_s);
    QCOMPARE(counts.version, 77);
    QCOMPARE(counts.total, 1000003);
    QCOMPARE(counts.statusCount(OperationStatus::Completed), 999000);
    QCOMPARE(counts.statusCount(OperationStatus::InProgress), 3);
    QCOMPARE(counts.statusCount(OperationStatus::Failed), 0);
    QCOMPARE(counts.byType.value(u"file_export"_s).value(OperationStatus::InProgress), 3);
    QCOMPARE(counts.needsMyVote, 2);
}

void tst_OperationHistoryClient::malformedCountsFail()
{
    m_network->setScript([](const RecordedRequest &) {
        return CannedResponse::json(
                200, R"({"version": 1, "total": 3, "byStatus": {"completed": "x"}})");
    });
    OperationsClient client(m_connection.get());
    bool answered = false;
    client.counts(OperationScope::Mine, {}, this,
                  [&](const ApiStatus &status, const ServiceCounts &) {
                      QVERIFY(!status.ok());
                      QVERIFY(status.message.contains(u"completed"_s));
                      answered = true;
                  });
    QTRY_VERIFY(answered);
}

QTEST_MAIN(tst_OperationHistoryClient)
#include "tst_operationhistoryclient.moc"
