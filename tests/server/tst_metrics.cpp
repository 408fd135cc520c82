// Metrics against the real optrackd: GET /api/metrics/summary for a known set of operations
// (custom types moved through their statuses by the service role, votes by an approver), and
// GET /metrics in the Prometheus text format on the metrics address of its own.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - The summary is {windowHours, types: [{operationType, total, counts: {status: n},
//   finished, successRate, durationSeconds: {p50, p95, count}, approvalWaitSeconds: {p50,
//   count}}], recentFailures: [{operationId, errorMessage, failedAt, ...}]}; successRate is
//   completed / finished (terminal) and null when nothing finished.
// - Durations are of completed operations; approval waits of operations whose approval was
//   decided.
// - windowHours is a whole number from 1 to 8784 (366 days).

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include <cmath>
#include <map>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString bob = u"bob"_s;
const QString sam = u"sam"_s;
const QString ada = u"ada"_s;
const QString svc = u"svc"_s;

const QStringList allStatuses{u"pending"_s,  u"in_progress"_s, u"waiting_for_approval"_s,
                              u"approved"_s, u"denied"_s,      u"completed"_s,
                              u"failed"_s,   u"cancelled"_s};

/// What one type's operations are driven to: status -> how many.
using StatusCounts = std::map<QString, int>;

struct KnownType
{
    QString type;
    StatusCounts counts;
    bool needsApproval = false;
};

QList<KnownType> knownTypes()
{
    return {
            {u"m.alpha"_s,
             {{u"completed"_s, 3},
              {u"failed"_s, 1},
              {u"cancelled"_s, 1},
              {u"in_progress"_s, 1},
              {u"pending"_s, 1}},
             false},
            {u"m.beta"_s, {{u"failed"_s, 2}, {u"completed"_s, 1}}, false},
            {u"m.vote"_s,
             {{u"completed"_s, 1}, {u"denied"_s, 1}, {u"waiting_for_approval"_s, 1}},
             true},
            {u"m.idle"_s, {{u"pending"_s, 1}}, false},
    };
}

/// The value of one Prometheus sample (name and labels exactly as written); -1 when absent.
double sample(const QByteArray &text, const QString &series)
{
    for (const QByteArray &line : text.split('\n')) {
        const QString current = QString::fromUtf8(line);
        if (current.startsWith(series + u' '))
            return current.mid(series.size() + 1).trimmed().toDouble();
    }
    return -1;
}

QJsonObject typeEntry(const QJsonObject &summary, const QString &type)
{
    for (const QJsonValue &value : summary.value(u"types"_s).toArray()) {
        if (value.toObject().value(u"operationType"_s).toString() == type)
            return value.toObject();
    }
    return {};
}

} // namespace

class tst_Metrics final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void summaryCountsByStatus_data();
    void summaryCountsByStatus();
    void summaryListsRecentFailures();
    void summaryRights_data();
    void summaryRights();
    void windowHoursValidated_data();
    void windowHoursValidated();
    void prometheusOperationsMatch();
    void prometheusCountsRequests();
    void prometheusTimesRequests();
    void prometheusStreamClientsAndStore();
    void metricsNotOnTheApiPort();
    void metricsAddressAnswersNothingElse_data();
    void metricsAddressAnswersNothingElse();
    void prometheusDescribesTheProcess();

private:
    /// One operation of type driven to status through the API (the service role moves it,
    /// bob votes); its id.
    QString makeOperation(const KnownType &type, const QString &status, int index);
    QJsonObject summary(const QString &query = {});
    QByteArray metricsText();

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    QHash<QString, QString> m_failureMessages; // operationId -> errorMessage
};

void tst_Metrics::initTestCase()
{
    m_server.setExtraConfig({{u"metricsListen"_s, u"127.0.0.1:0"_s}});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY(m_server.metricsUrl().isValid());
    QVERIFY(m_server.metricsUrl().port() != m_server.port());
    for (const KnownType &type : knownTypes()) {
        for (const auto &[status, count] : type.counts) {
            for (int i = 0; i < count; ++i) {
                QVERIFY(!makeOperation(type, status, i).isEmpty());
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }
}

void tst_Metrics::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

QString tst_Metrics::makeOperation(const KnownType &type, const QString &status, int index)
{
    QJsonObject body{{u"operationType"_s, type.type},
                     {u"entityId"_s, u"%1-%2-%3"_s.arg(type.type, status).arg(index)},
                     {u"userId"_s, alice}};
    if (type.needsApproval)
        body.insert(u"approval"_s, QJsonObject{{u"required"_s, 1}});
    const ApiResponse created = m_client.post(u"/api/operations"_s, svc, body);
    if (created.status != 201) {
        QTest::qFail(qPrintable(created.describe()), __FILE__, __LINE__);
        return {};
    }
    const QString id = idOf(created.json);
    const auto move = [&](const QJsonObject &patch) {
        const ApiResponse answer = m_client.patch(operationPath(id), svc, patch);
        if (answer.status != 200)
            QTest::qFail(qPrintable(answer.describe()), __FILE__, __LINE__);
    };
    const auto vote = [&](const QString &decision) {
        const ApiResponse answer
                = m_client.post(operationPath(id, u"/votes"_s), bob, {{u"decision"_s, decision}});
        if (answer.status != 200)
            QTest::qFail(qPrintable(answer.describe()), __FILE__, __LINE__);
    };
    if (status == u"pending"_s)
        return id;
    if (type.needsApproval) {
        move({{u"status"_s, u"waiting_for_approval"_s}});
        if (status == u"denied"_s)
            vote(u"deny"_s);
        if (status == u"completed"_s) {
            vote(u"approve"_s);
            move({{u"status"_s, u"in_progress"_s}});
            move({{u"status"_s, u"completed"_s}});
        }
        return id;
    }
    move({{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 50}});
    if (status == u"failed"_s) {
        const QString message = u"%1 broke (%2)"_s.arg(type.type).arg(index);
        move({{u"status"_s, u"failed"_s}, {u"errorMessage"_s, message}});
        m_failureMessages.insert(id, message);
    } else if (status == u"completed"_s || status == u"cancelled"_s) {
        move({{u"status"_s, status}});
    }
    return id;
}

QJsonObject tst_Metrics::summary(const QString &query)
{
    const ApiResponse response = m_client.get(u"/api/metrics/summary"_s + query, sam);
    if (response.status != 200) {
        QTest::qFail(qPrintable(response.describe()), __FILE__, __LINE__);
        return {};
    }
    return response.json;
}

QByteArray tst_Metrics::metricsText()
{
    const ApiResponse response = m_client.get(m_server.metricsUrl().toString(), QString());
    if (response.status != 200) {
        QTest::qFail(qPrintable(response.describe()), __FILE__, __LINE__);
        return {};
    }
    if (!response.header("Content-Type"_ba).startsWith("text/plain")) {
        QTest::qFail("/metrics is not text/plain", __FILE__, __LINE__);
        return {};
    }
    return response.body;
}

void tst_Metrics::summaryCountsByStatus_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("completed");
    QTest::addColumn<int>("finished");
    QTest::addColumn<int>("approvalWaits");
    for (const KnownType &type : knownTypes()) {
        int finished = 0;
        for (const auto &[status, count] : type.counts) {
            if (status == u"completed"_s || status == u"failed"_s || status == u"cancelled"_s
                || status == u"denied"_s) {
                finished += count;
            }
        }
        const int completed
                = type.counts.count(u"completed"_s) ? type.counts.at(u"completed"_s) : 0;
        // Decided approvals: the denied one and the approved (then completed) one.
        const int waits = type.needsApproval ? 2 : 0;
        QTest::newRow(qPrintable(type.type)) << type.type << completed << finished << waits;
    }
}

void tst_Metrics::summaryCountsByStatus()
{
    QFETCH(QString, type);
    QFETCH(int, completed);
    QFETCH(int, finished);
    QFETCH(int, approvalWaits);
    const QJsonObject all = summary();
    QCOMPARE(all.value(u"windowHours"_s).toInt(), 24);
    const QJsonObject entry = typeEntry(all, type);
    QVERIFY2(!entry.isEmpty(), qPrintable(u"no entry for "_s + type));

    StatusCounts expected;
    for (const KnownType &known : knownTypes()) {
        if (known.type == type)
            expected = known.counts;
    }
    const QJsonObject counts = entry.value(u"counts"_s).toObject();
    int total = 0;
    for (const QString &status : allStatuses) {
        const int want = expected.count(status) ? expected.at(status) : 0;
        QVERIFY2(counts.value(status).toInt(-1) == want,
                 qPrintable(u"%1 %2: %3, expected %4"_s.arg(type, status)
                                    .arg(counts.value(status).toInt(-1))
                                    .arg(want)));
        total += want;
    }
    QCOMPARE(entry.value(u"total"_s).toInt(), total);
    QCOMPARE(entry.value(u"finished"_s).toInt(), finished);
    if (finished == 0) {
        QVERIFY(entry.value(u"successRate"_s).isNull());
    } else {
        QVERIFY(qFuzzyCompare(entry.value(u"successRate"_s).toDouble(),
                              double(completed) / double(finished)));
    }

    const QJsonObject durations = entry.value(u"durationSeconds"_s).toObject();
    QCOMPARE(durations.value(u"count"_s).toInt(), completed);
    if (completed == 0) {
        QVERIFY(durations.value(u"p50"_s).isNull());
        QVERIFY(durations.value(u"p95"_s).isNull());
    } else {
        QVERIFY(durations.value(u"p50"_s).isDouble());
        QVERIFY(durations.value(u"p95"_s).isDouble());
        QVERIFY(durations.value(u"p50"_s).toDouble() >= 0);
        QVERIFY(durations.value(u"p50"_s).toDouble() <= durations.value(u"p95"_s).toDouble());
    }
    const QJsonObject waits = entry.value(u"approvalWaitSeconds"_s).toObject();
    QCOMPARE(waits.value(u"count"_s).toInt(), approvalWaits);
    QCOMPARE(waits.value(u"p50"_s).isDouble(), approvalWaits > 0);
}

void tst_Metrics::summaryListsRecentFailures()
{
    const QJsonArray failures = summary().value(u"recentFailures"_s).toArray();
    QCOMPARE(failures.size(), m_failureMessages.size());
    QString previous;
    for (const QJsonValue &value : failures) {
        const QJsonObject failure = value.toObject();
        const QString id = failure.value(u"operationId"_s).toString();
        QVERIFY2(m_failureMessages.contains(id), qPrintable(id));
        QCOMPARE(failure.value(u"errorMessage"_s).toString(), m_failureMessages.value(id));
        QVERIFY(isWireTime(failure.value(u"failedAt"_s)));
        // Newest first.
        const QString at = failure.value(u"failedAt"_s).toString();
        QVERIFY(previous.isEmpty() || at <= previous);
        previous = at;
    }
}

void tst_Metrics::summaryRights_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("status");
    QTest::newRow("staff") << sam << 200;
    QTest::newRow("admin") << ada << 200;
    QTest::newRow("user") << alice << 403;
    QTest::newRow("approver") << bob << 403;
    QTest::newRow("unknown token") << OptrackdProcess::unknownUser << 401;
}

void tst_Metrics::summaryRights()
{
    QFETCH(QString, user);
    QFETCH(int, status);
    const ApiResponse response = m_client.get(u"/api/metrics/summary"_s, user);
    EXPECT_STATUS(response, status);
    if (status == 200)
        QCOMPARE(response.json.value(u"types"_s).toArray().size(), knownTypes().size());
    else
        ApiScenario::expectErrorBody(response, status == 403 ? u"forbidden"_s : u"unauthorized"_s);
}

void tst_Metrics::windowHoursValidated_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("1") << u"1"_s << true;
    QTest::newRow("a year and a day") << u"8784"_s << true;
    QTest::newRow("0") << u"0"_s << false;
    QTest::newRow("9000") << u"9000"_s << false;
    QTest::newRow("abc") << u"abc"_s << false;
    QTest::newRow("negative") << u"-1"_s << false;
    QTest::newRow("fraction") << u"1.5"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_Metrics::windowHoursValidated()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    const ApiResponse response = m_client.get(u"/api/metrics/summary?windowHours="_s + value, sam);
    if (!valid) {
        ApiScenario::expectBadRequestNaming(response, u"windowHours"_s);
        return;
    }
    EXPECT_STATUS(response, 200);
    QCOMPARE(response.json.value(u"windowHours"_s).toInt(), value.toInt());
    // Everything here was made just now: every window holds all of it.
    QCOMPARE(typeEntry(response.json, u"m.alpha"_s).value(u"total"_s).toInt(), 7);
}

void tst_Metrics::prometheusOperationsMatch()
{
    const QByteArray text = metricsText();
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(text.contains("# TYPE optrack_operations gauge"));
    for (const KnownType &type : knownTypes()) {
        for (const QString &status : allStatuses) {
            const int want = type.counts.count(status) ? type.counts.at(status) : 0;
            const double got = sample(
                    text,
                    u"optrack_operations{type=\"%1\",status=\"%2\"}"_s.arg(type.type, status));
            // A status with no operation may be left out.
            QVERIFY2(
                    got == want || (want == 0 && got < 0),
                    qPrintable(
                            u"%1 %2: %3, expected %4"_s.arg(type.type, status).arg(got).arg(want)));
        }
        const int completed
                = type.counts.count(u"completed"_s) ? type.counts.at(u"completed"_s) : 0;
        if (completed > 0) {
            QCOMPARE(sample(text,
                            u"optrack_operation_duration_seconds_count{type=\"%1\"}"_s.arg(
                                    type.type)),
                     double(completed));
            QCOMPARE(sample(text,
                            u"optrack_operation_duration_seconds_bucket{type=\"%1\",le=\"+Inf\"}"_s
                                    .arg(type.type)),
                     double(completed));
        }
    }
}

// Requests are counted by route and code: the difference across requests made here.
void tst_Metrics::prometheusCountsRequests()
{
    const QString badSummary
            = u"optrack_http_requests_total{route=\"GET /api/metrics/summary\",code=\"400\"}"_s;
    const QString operationRead
            = u"optrack_http_requests_total{route=\"GET /api/operations/{id}\",code=\"404\"}"_s;
    const QString created
            = u"optrack_http_requests_total{route=\"POST /api/operations\",code=\"201\"}"_s;
    const QByteArray before = metricsText();
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(before.contains("# TYPE optrack_http_requests_total counter"));
    const auto count = [](const QByteArray &text, const QString &series) {
        return std::max(0.0, sample(text, series));
    };
    QVERIFY(count(before, created) > 0);

    constexpr int badSummaries = 3;
    constexpr int missingReads = 2;
    for (int i = 0; i < badSummaries; ++i)
        EXPECT_STATUS(m_client.get(u"/api/metrics/summary?windowHours=0"_s, sam), 400);
    for (int i = 0; i < missingReads; ++i)
        EXPECT_STATUS(m_client.get(operationPath(u"op_0000000000000000"_s), sam), 404);
    EXPECT_STATUS(m_client.post(u"/api/operations"_s, alice,
                                {{u"operationType"_s, u"m.late"_s}, {u"entityId"_s, u"e"_s}}),
                  201);

    const QByteArray after = metricsText();
    QCOMPARE(count(after, badSummary) - count(before, badSummary), double(badSummaries));
    QCOMPARE(count(after, operationRead) - count(before, operationRead), double(missingReads));
    QCOMPARE(count(after, created) - count(before, created), 1.0);
    QCOMPARE(sample(after, u"optrack_operations{type=\"m.late\",status=\"pending\"}"_s), 1.0);
}

// Each route's answers in a histogram of their durations: cumulative buckets up to +Inf,
// which equals the count; the requests made here are counted under their route.
void tst_Metrics::prometheusTimesRequests()
{
    const QString route = u"route=\"GET /api/operations\""_s;
    const auto series = [&](const QString &suffix, const QString &extra = {}) {
        return u"optrack_http_request_duration_seconds_%1{%2%3}"_s.arg(suffix, route, extra);
    };
    const QByteArray before = metricsText();
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(before.contains("# TYPE optrack_http_request_duration_seconds histogram"));
    constexpr int lists = 4;
    for (int i = 0; i < lists; ++i)
        EXPECT_STATUS(m_client.get(u"/api/operations"_s, sam), 200);

    const QByteArray after = metricsText();
    const double count = sample(after, series(u"count"_s));
    QCOMPARE(count - std::max(0.0, sample(before, series(u"count"_s))), double(lists));
    QCOMPARE(sample(after, series(u"bucket"_s, u",le=\"+Inf\""_s)), count);
    const double sum = sample(after, series(u"sum"_s));
    // Listing a few dozen operations: more than nothing, far less than a second each.
    QVERIFY2(sum > 0 && sum < count, qPrintable(QString::number(sum)));
    double previous = 0;
    for (const char *bound :
         {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"}) {
        const double below
                = sample(after, series(u"bucket"_s, u",le=\"%1\""_s.arg(QLatin1String(bound))));
        QVERIFY2(below >= previous && below <= count, bound);
        previous = below;
    }
    QCOMPARE(
            sample(after, u"optrack_http_request_duration_seconds_count{route=\"GET /nowhere\"}"_s),
            -1.0);
}

void tst_Metrics::prometheusStreamClientsAndStore()
{
    const QString clients = u"optrack_stream_clients"_s;
    QCOMPARE(sample(metricsText(), clients), 0.0);
    StreamRecorder first(&m_server);
    StreamRecorder second(&m_server);
    first.open(alice);
    second.open(sam);
    QTRY_VERIFY(first.isConnected() && second.isConnected());
    QTRY_COMPARE(sample(metricsText(), clients), 2.0);
    second.close();
    QTRY_COMPARE(sample(metricsText(), clients), 1.0);

    const QByteArray text = metricsText();
    QVERIFY(sample(text, u"optrack_store_commit_seconds_count"_s) > 0);
    QVERIFY(sample(text, u"optrack_store_commit_seconds_sum"_s) >= 0);
}

// The metrics never sit on the API port, and the metrics port serves nothing else.
void tst_Metrics::metricsNotOnTheApiPort()
{
    const ApiResponse anonymous = m_client.get(u"/metrics"_s, QString());
    QVERIFY2(anonymous.status == 401 || anonymous.status == 404, qPrintable(anonymous.describe()));
    QVERIFY(!anonymous.body.contains("optrack_operations"));
    for (const QString &user : {sam, ada, svc}) {
        const ApiResponse withToken = m_client.get(u"/metrics"_s, user);
        EXPECT_STATUS(withToken, 404);
        QVERIFY(!withToken.body.contains("optrack_operations"));
    }
    QUrl other = m_server.metricsUrl();
    other.setPath(u"/api/operations"_s);
    const ApiResponse api = m_client.get(other.toString(), sam);
    EXPECT_STATUS(api, 404);
}

// What docs/api.md says the metrics address answers besides GET /metrics.
void tst_Metrics::metricsAddressAnswersNothingElse_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    const QString onlyMetrics = u"Only GET /metrics is served on this address."_s;
    QTest::newRow("another path") << QByteArray("GET") << u"/api/operations"_s << QJsonObject()
                                  << 404 << u"not_found"_s << onlyMetrics;
    QTest::newRow("another method") << QByteArray("DELETE") << u"/metrics"_s << QJsonObject() << 404
                                    << u"not_found"_s << onlyMetrics;
    QTest::newRow("a body") << QByteArray("POST") << u"/metrics"_s
                            << QJsonObject{{u"operationType"_s, u"x"_s}} << 413
                            << u"payload_too_large"_s << u"This address takes no request bodies."_s;
}

void tst_Metrics::metricsAddressAnswersNothingElse()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QUrl url = m_server.metricsUrl();
    url.setPath(path);
    const ApiResponse answer = m_client.request(method, url.toString(), QString(), body);
    EXPECT_STATUS(answer, status);
    QCOMPARE(answer.errorCode(), code);
    QCOMPARE(answer.errorMessage(), message);
}

void tst_Metrics::prometheusDescribesTheProcess()
{
    const QByteArray text = metricsText();
    QVERIFY(!QTest::currentTestFailed());
    constexpr double megabyte = 1024.0 * 1024.0;
    constexpr double dayMsecs = 24.0 * 3600 * 1000;
    // Figures of a live Qt service: tens of megabytes, its sockets and databases open.
    QVERIFY(sample(text, u"process_resident_memory_bytes"_s) > megabyte);
    QVERIFY(sample(text, u"process_virtual_memory_bytes"_s)
            >= sample(text, u"process_resident_memory_bytes"_s));
    const double open = sample(text, u"process_open_fds"_s);
    QVERIFY2(open > 3 && open < sample(text, u"process_max_fds"_s), text.constData());
    QVERIFY(sample(text, u"process_cpu_seconds_total"_s) > 0);
    const double started = sample(text, u"process_start_time_seconds"_s) * 1000;
    QVERIFY2(std::abs(started - double(QDateTime::currentMSecsSinceEpoch())) < dayMsecs,
             text.constData());
    for (const char *name : {"process_cpu_seconds_total counter", "process_open_fds gauge"})
        QVERIFY2(text.contains(QByteArray(QByteArray("# TYPE ") + name)), name);
}

QTEST_GUILESS_MAIN(tst_Metrics)
#include "tst_metrics.moc"
