// Data export (POST /api/data/export, GET /api/exports/{id}/download) against the real
// optrackd: the exact rows of a date range in CSV and JSON (both ends included, staff and
// admin everyone's), the result, who may download and when, bad requests, cancel midway
// (no file left) and retry.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - Rows come in date order, then by file id, then by their line in the file.
// - The JSON export is an array of objects with the CSV's column names, values as strings.
// - CSV fields are quoted only when they need it (',', '"', a line end, or edge spaces).
// - A download by someone who may not see the export is 403; of an export that is not
//   completed, 409.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"
#include "workloadscenario.h"

#include <QDate>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <tuple>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString bob = u"bob"_s;
const QString sam = u"sam"_s;
const QString ada = u"ada"_s;
const QString svc = u"svc"_s;

const QStringList exportSteps{u"Query"_s, u"Write"_s, u"Finish"_s};

// Enough rows that an export of them runs far longer than a cancel needs to arrive. The
// sanitizers run the workloads about ten times slower: a tenth of the rows lasts as long.
#ifdef __SANITIZE_ADDRESS__
constexpr int largeRows = 30'000;
#else
constexpr int largeRows = 300'000;
#endif
const QByteArray largeDate = "2034-06-15";
const QString largeRange = u"2034"_s;
constexpr int largeTimeoutMs = WorkloadScenario::settleTimeoutMs;
constexpr int cancelStopsWithinMs = 3'000;
constexpr int concurrentReplays = 6;

/// One row of the known uploads.
struct Transaction
{
    int file = 0; // index into the uploaded files
    int line = 0;
    QString date, account, amount, currency, description;
};

struct KnownFile
{
    QString owner;
    QList<Transaction> rows;
    QString fileId; // once stored
};

QList<KnownFile> knownFiles()
{
    const auto rows = [](int file, QList<QStringList> fields) {
        QList<Transaction> list;
        int line = 2;
        for (const QStringList &f : fields)
            list.append({file, line++, f.at(0), f.at(1), f.at(2), f.at(3), f.at(4)});
        return list;
    };
    return {
            {alice,
             rows(0,
                  {{u"2025-12-31"_s, u"A1-1"_s, u"1.00"_s, u"EUR"_s, u"before"_s},
                   {u"2026-01-01"_s, u"A1-2"_s, u"2.00"_s, u"EUR"_s, u"first day"_s},
                   {u"2026-01-15"_s, u"A1-3"_s, u"3.00"_s, u"USD"_s, u"x, y"_s},
                   {u"2026-01-31"_s, u"A1-4"_s, u"-4.50"_s, u"EUR"_s, QString()},
                   {u"2026-02-01"_s, u"A1-5"_s, u"5"_s, u"GBP"_s, u"feb start"_s},
                   {u"2026-02-28"_s, u"A1-6"_s, u"6.25"_s, u"EUR"_s, u"say \"hi\""_s},
                   {u"2026-03-01"_s, u"A1-7"_s, u"7"_s, u"EUR"_s, u"march"_s},
                   {u"2027-01-01"_s, u"A1-8"_s, u"8"_s, u"EUR"_s, u"next year"_s}}),
             {}},
            {alice,
             rows(1,
                  {{u"2026-01-15"_s, u"A2-1"_s, u"10"_s, u"EUR"_s, u"same day"_s},
                   {u"2026-01-15"_s, u"A2-2"_s, u"10.5"_s, u"EUR"_s, u"same day, later"_s},
                   // What a text format would have to escape (COPY's among them) comes back
                   // as it went in.
                   {u"2026-01-16"_s, u"A2-3"_s, u"1"_s, u"EUR"_s,
                    u"tab\there, back\\slash \\N, ünïcødé 東京"_s}}),
             {}},
            {dave,
             rows(2,
                  {{u"2026-01-10"_s, u"D1-1"_s, u"11"_s, u"EUR"_s, u"dave's"_s},
                   {u"2026-02-01"_s, u"D1-2"_s, u"12"_s, u"CHF"_s, u"dave feb"_s}}),
             {}},
    };
}

/// The test's own writing of a CSV field, quoted only when it needs it.
QByteArray csvField(const QString &value)
{
    QByteArray bytes = value.toUtf8();
    const bool quote = bytes.contains(',') || bytes.contains('"') || bytes.contains('\n')
            || bytes.contains('\r') || bytes.startsWith(' ') || bytes.endsWith(' ');
    if (!quote)
        return bytes;
    bytes.replace("\"", "\"\"");
    return '"' + bytes + '"';
}

QString downloadPath(const QString &operationId)
{
    return u"/api/exports/%1/download"_s.arg(operationId);
}

} // namespace

class tst_WorkloadsExport final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void exportHoldsExactRows_data();
    void exportHoldsExactRows();
    void downloadRights_data();
    void downloadRights();
    void badRequest_data();
    void badRequest();
    void rolesWithoutExport_data();
    void rolesWithoutExport();
    void idempotencyKeyReplays();
    void cancelMidwayLeavesNoFile();

private:
    /// The known rows user may export in from..to, in the export's order.
    QList<Transaction> expectedRows(const QString &user, QDate from, QDate to) const;
    QString fileIdOf(const Transaction &row) const { return m_files.at(row.file).fileId; }
    /// Runs an export to completion and downloads it as user; the download.
    ApiResponse exportAndDownload(const QString &user, const QString &format,
                                  const QString &dateRange, QJsonObject *operation);
    QStringList exportFiles(const QString &operationId) const;

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client, sam};
    WorkloadScenario m_workloads{m_client};
    QList<KnownFile> m_files = knownFiles();
    QString m_aliceExportId;
};

void tst_WorkloadsExport::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    for (qsizetype i = 0; i < m_files.size(); ++i) {
        KnownFile &file = m_files[i];
        QByteArray content = WorkloadScenario::header;
        for (const Transaction &row : file.rows) {
            content += csvField(row.date) + ',' + csvField(row.account) + ',' + csvField(row.amount)
                    + ',' + csvField(row.currency) + ',' + csvField(row.description) + '\n';
        }
        file.fileId = m_workloads.uploadStored(file.owner, content, u"known-%1.csv"_s.arg(i));
        QVERIFY(!file.fileId.isEmpty());
    }
}

void tst_WorkloadsExport::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

QList<Transaction> tst_WorkloadsExport::expectedRows(const QString &user, QDate from,
                                                     QDate to) const
{
    const bool everyone = user == sam || user == ada;
    QList<Transaction> rows;
    for (const KnownFile &file : m_files) {
        if (!everyone && file.owner != user)
            continue;
        for (const Transaction &row : file.rows) {
            const QDate date = QDate::fromString(row.date, Qt::ISODate);
            if (date >= from && date <= to)
                rows.append(row);
        }
    }
    // The service's order: by date, then as stored (files in upload order, rows in line order).
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Transaction &a, const Transaction &b) { return a.date < b.date; });
    return rows;
}

QStringList tst_WorkloadsExport::exportFiles(const QString &operationId) const
{
    return QDir(QDir(m_server.dataDir()).filePath(u"exports"_s))
            .entryList({operationId + u".*"_s}, QDir::Files | QDir::Hidden);
}

ApiResponse tst_WorkloadsExport::exportAndDownload(const QString &user, const QString &format,
                                                   const QString &dateRange, QJsonObject *operation)
{
    const QString id = m_workloads.startExport(user, format, dateRange);
    if (id.isEmpty())
        return {};
    *operation = m_workloads.waitUntilTerminal(id);
    return m_client.get(downloadPath(id), user);
}

void tst_WorkloadsExport::exportHoldsExactRows_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("dateRange");
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::newRow("a year") << alice << u"2026"_s << QDate(2026, 1, 1) << QDate(2026, 12, 31);
    QTest::newRow("a month of 31 days")
            << alice << u"2026-01"_s << QDate(2026, 1, 1) << QDate(2026, 1, 31);
    QTest::newRow("February") << alice << u"2026-02"_s << QDate(2026, 2, 1) << QDate(2026, 2, 28);
    QTest::newRow("a range, both ends included")
            << alice << u"2026-01-01..2026-02-01"_s << QDate(2026, 1, 1) << QDate(2026, 2, 1);
    QTest::newRow("one day") << alice << u"2026-01-15..2026-01-15"_s << QDate(2026, 1, 15)
                             << QDate(2026, 1, 15);
    QTest::newRow("across the year end")
            << alice << u"2025-12-31..2026-01-01"_s << QDate(2025, 12, 31) << QDate(2026, 1, 1);
    QTest::newRow("nothing in range")
            << alice << u"2030"_s << QDate(2030, 1, 1) << QDate(2030, 12, 31);
    QTest::newRow("another user, his own only")
            << dave << u"2026"_s << QDate(2026, 1, 1) << QDate(2026, 12, 31);
    QTest::newRow("staff, everyone's")
            << sam << u"2026-01"_s << QDate(2026, 1, 1) << QDate(2026, 1, 31);
    QTest::newRow("admin, everyone's")
            << ada << u"2026-02"_s << QDate(2026, 2, 1) << QDate(2026, 2, 28);
}

void tst_WorkloadsExport::exportHoldsExactRows()
{
    QFETCH(QString, user);
    QFETCH(QString, dateRange);
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    const QList<Transaction> rows = expectedRows(user, from, to);
    QByteArray expectedCsv = WorkloadScenario::exportHeader;
    QJsonArray expectedJson;
    for (const Transaction &row : rows) {
        expectedCsv += csvField(row.date) + ',' + csvField(row.account) + ',' + csvField(row.amount)
                + ',' + csvField(row.currency) + ',' + csvField(row.description) + ','
                + csvField(fileIdOf(row)) + '\n';
        expectedJson.append(QJsonObject{{u"date"_s, row.date},
                                        {u"account"_s, row.account},
                                        {u"amount"_s, row.amount},
                                        {u"currency"_s, row.currency},
                                        {u"description"_s, row.description},
                                        {u"fileId"_s, fileIdOf(row)}});
    }

    for (const QString &format : {u"csv"_s, u"json"_s}) {
        QJsonObject op;
        const ApiResponse download = exportAndDownload(user, format, dateRange, &op);
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(statusOf(op), u"completed"_s);
        QCOMPARE(op.value(u"operationType"_s).toString(), u"data_export"_s);
        QCOMPARE(ownerOf(op), user);
        QCOMPARE(op.value(u"progressPercentage"_s).toDouble(), 100.0);
        QCOMPARE(op.value(u"steps"_s).toArray(), QJsonArray::fromStringList(exportSteps));
        const QJsonObject result = op.value(u"result"_s).toObject();
        QCOMPARE(result.value(u"rows"_s).toInteger(), rows.size());
        QCOMPARE(result.value(u"downloadPath"_s).toString(), downloadPath(idOf(op)));

        EXPECT_STATUS(download, 200);
        QCOMPARE(result.value(u"bytes"_s).toInteger(), download.body.size());
        const QByteArray disposition = download.header("Content-Disposition"_ba);
        QVERIFY2(disposition.startsWith("attachment") && disposition.contains("filename=")
                         && disposition.contains(QByteArray('.' + format.toLatin1())),
                 disposition.constData());
        if (format == u"csv"_s) {
            QVERIFY(download.header("Content-Type"_ba).startsWith("text/csv"));
            QCOMPARE(download.body, expectedCsv);
        } else {
            QVERIFY(download.header("Content-Type"_ba).startsWith("application/json"));
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(download.body, &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            QVERIFY(document.isArray());
            QCOMPARE(document.array(), expectedJson);
        }
        QCOMPARE(exportFiles(idOf(op)), QStringList{idOf(op) + u'.' + format});
        if (user == alice && format == u"csv"_s)
            m_aliceExportId = idOf(op);
    }
}

void tst_WorkloadsExport::downloadRights_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("which");
    QTest::addColumn<int>("status");
    QTest::newRow("owner") << alice << u"alice's"_s << 200;
    QTest::newRow("staff") << sam << u"alice's"_s << 200;
    QTest::newRow("admin") << ada << u"alice's"_s << 200;
    QTest::newRow("another user") << dave << u"alice's"_s << 403;
    QTest::newRow("approver") << bob << u"alice's"_s << 403;
    QTest::newRow("unknown token") << OptrackdProcess::unknownUser << u"alice's"_s << 401;
    QTest::newRow("unknown export") << alice << u"unknown"_s << 404;
    QTest::newRow("an upload, not an export") << alice << u"upload"_s << 404;
}

void tst_WorkloadsExport::downloadRights()
{
    QFETCH(QString, user);
    QFETCH(QString, which);
    QFETCH(int, status);
    QVERIFY2(!m_aliceExportId.isEmpty(), "exportHoldsExactRows must run first");
    QString id = m_aliceExportId;
    if (which == u"unknown"_s) {
        id = u"op_0000000000000000"_s;
    } else if (which == u"upload"_s) {
        const ApiResponse uploads
                = m_client.get(u"/api/operations?operationType=file_upload"_s, alice);
        EXPECT_STATUS(uploads, 200);
        QVERIFY(!uploads.operations().isEmpty());
        id = idOf(uploads.operations().first().toObject());
    }
    const ApiResponse download = m_client.get(downloadPath(id), user);
    EXPECT_STATUS(download, status);
    if (status == 200) {
        const ApiResponse owners = m_client.get(downloadPath(id), alice);
        QCOMPARE(download.body, owners.body);
    } else {
        ApiScenario::expectErrorBody(download,
                                     status == 401           ? u"unauthorized"_s
                                             : status == 403 ? u"forbidden"_s
                                                             : u"not_found"_s);
    }
}

void tst_WorkloadsExport::badRequest_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    const auto body = [](const QJsonValue &format, const QJsonValue &range) {
        QJsonObject object;
        if (!format.isUndefined())
            object.insert(u"format"_s, format);
        if (!range.isUndefined())
            object.insert(u"dateRange"_s, range);
        return object;
    };
    const QJsonValue none(QJsonValue::Undefined);
    QTest::newRow("unknown format") << body(u"xml"_s, u"2026"_s) << u"format"_s;
    QTest::newRow("format in capitals") << body(u"CSV"_s, u"2026"_s) << u"format"_s;
    QTest::newRow("format not a string") << body(1, u"2026"_s) << u"format"_s;
    QTest::newRow("no format") << body(none, u"2026"_s) << u"format"_s;
    QTest::newRow("no dateRange") << body(u"csv"_s, none) << u"dateRange"_s;
    QTest::newRow("dateRange a number") << body(u"csv"_s, 2026) << u"dateRange"_s;
    QTest::newRow("month 13") << body(u"csv"_s, u"2026-13"_s) << u"dateRange"_s;
    QTest::newRow("month 00") << body(u"json"_s, u"2026-00"_s) << u"dateRange"_s;
    QTest::newRow("garbage") << body(u"csv"_s, u"garbage"_s) << u"dateRange"_s;
    QTest::newRow("end before start")
            << body(u"csv"_s, u"2026-02-01..2026-01-31"_s) << u"dateRange"_s;
    QTest::newRow("day that does not exist")
            << body(u"csv"_s, u"2026-02-30..2026-03-01"_s) << u"dateRange"_s;
    QTest::newRow("one-digit month") << body(u"csv"_s, u"2026-1"_s) << u"dateRange"_s;
    QTest::newRow("open range") << body(u"csv"_s, u"2026-01-01.."_s) << u"dateRange"_s;
    QTest::newRow("empty dateRange") << body(u"csv"_s, u""_s) << u"dateRange"_s;
}

void tst_WorkloadsExport::badRequest()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const qint64 cursor = m_scenario.cursor();
    ApiScenario::expectBadRequestNaming(m_client.post(u"/api/data/export"_s, alice, body), field);
    m_scenario.expectNoChangeSince(cursor);
}

void tst_WorkloadsExport::rolesWithoutExport_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("status");
    QTest::newRow("approver") << bob << 403;
    QTest::newRow("service") << svc << 403;
    QTest::newRow("unknown token") << OptrackdProcess::unknownUser << 401;
}

void tst_WorkloadsExport::rolesWithoutExport()
{
    QFETCH(QString, user);
    QFETCH(int, status);
    const qint64 cursor = m_scenario.cursor();
    const ApiResponse answer = m_client.post(
            u"/api/data/export"_s, user, {{u"format"_s, u"csv"_s}, {u"dateRange"_s, u"2026"_s}});
    EXPECT_STATUS(answer, status);
    m_scenario.expectNoChangeSince(cursor);
}

void tst_WorkloadsExport::idempotencyKeyReplays()
{
    const HeaderList key{
            {"Idempotency-Key"_ba, "export-" + QUuid::createUuid().toByteArray(QUuid::Id128)}};
    const QJsonObject body{{u"format"_s, u"json"_s}, {u"dateRange"_s, u"2026-01"_s}};
    QList<ApiRequest> together;
    for (int i = 0; i < concurrentReplays; ++i)
        together.append(ApiRequest::post(u"/api/data/export"_s, alice, body, key));
    QSet<QString> ids;
    for (const ApiResponse &response : m_client.sendAll(together)) {
        EXPECT_STATUS(response, 202);
        ids.insert(response.json.value(u"operationId"_s).toString());
    }
    QCOMPARE(ids.size(), 1);
    const QString id = *ids.cbegin();
    QCOMPARE(statusOf(m_workloads.waitUntilTerminal(id)), u"completed"_s);
    const ApiResponse late = m_client.post(u"/api/data/export"_s, alice, body, key);
    EXPECT_STATUS(late, 202);
    QCOMPARE(late.json.value(u"operationId"_s).toString(), id);

    // The same key with another range is a conflict and makes nothing.
    const qint64 cursor = m_scenario.cursor();
    const ApiResponse other
            = m_client.post(u"/api/data/export"_s, alice,
                            {{u"format"_s, u"json"_s}, {u"dateRange"_s, u"2026"_s}}, key);
    EXPECT_STATUS(other, 409);
    ApiScenario::expectErrorBody(other, u"conflict"_s);
    m_scenario.expectNoChangeSince(cursor);
}

// A large export: no download before it completes; cancelled midway it leaves no file (nor a
// partial one) and still cannot be downloaded; its retry exports every row.
void tst_WorkloadsExport::cancelMidwayLeavesNoFile()
{
    const QString fileId = m_workloads.uploadStored(
            alice, WorkloadScenario::generatedFile(largeRows, largeDate), u"large.csv"_s);
    QVERIFY(!fileId.isEmpty());

    StreamRecorder stream(&m_server);
    stream.open(alice);
    QTRY_VERIFY(stream.isConnected());
    const QString id = m_workloads.startExport(alice, u"csv"_s, largeRange);
    QVERIFY(!id.isEmpty());
    const ApiResponse early = m_client.get(downloadPath(id), alice);
    EXPECT_STATUS(early, 409);
    ApiScenario::expectErrorBody(early, u"conflict"_s);

    QTRY_VERIFY_WITH_TIMEOUT(statusOf(stream.latest(id)) != u"pending"_s, largeTimeoutMs);
    const ApiResponse cancel = m_client.post(operationPath(id, u"/cancel"_s), alice);
    QVERIFY2(cancel.status == 200,
             qPrintable(u"the export could not be cancelled midway (raise largeRows?): "_s
                        + cancel.describe()));
    QCOMPARE(statusOf(cancel.json.value(u"operation"_s).toObject()), u"cancelled"_s);

    const ApiResponse late = m_client.get(downloadPath(id), alice);
    EXPECT_STATUS(late, 409);
    ApiScenario::expectErrorBody(late, u"conflict"_s);
    // The work stops and removes what it wrote.
    QTRY_VERIFY_WITH_TIMEOUT(exportFiles(id).isEmpty(), cancelStopsWithinMs);
    QCOMPARE(statusOf(m_workloads.operation(id)), u"cancelled"_s);

    // Retry: a new export of the same range and format, completed with every row.
    const ApiResponse retry = m_client.post(operationPath(id, u"/retry"_s), alice);
    EXPECT_STATUS(retry, 202);
    const QString newId = retry.json.value(u"operationId"_s).toString();
    QVERIFY(!newId.isEmpty() && newId != id);
    const QJsonObject done = m_workloads.waitUntilTerminal(newId, largeTimeoutMs);
    QCOMPARE(statusOf(done), u"completed"_s);
    QCOMPARE(done.value(u"context"_s).toObject().value(u"dateRange"_s).toString(), largeRange);
    QCOMPARE(done.value(u"result"_s).toObject().value(u"rows"_s).toInteger(), largeRows);
    QCOMPARE(done.value(u"result"_s).toObject().value(u"format"_s).toString(), u"csv"_s);
    const ApiResponse download = m_client.get(downloadPath(newId), alice);
    EXPECT_STATUS(download, 200);
    QVERIFY(download.body.startsWith(WorkloadScenario::exportHeader));
    QCOMPARE(download.body.count('\n'), largeRows + 1);
    QCOMPARE(download.body.size(),
             done.value(u"result"_s).toObject().value(u"bytes"_s).toInteger());

    // The cancelled one keeps its status and names its retry last.
    QCOMPARE(statusOf(m_workloads.operation(id)), u"cancelled"_s);
    const QJsonObject last = m_workloads.events(id).last().toObject();
    QCOMPARE(last.value(u"kind"_s).toString(), u"retry"_s);
    QVERIFY(last.value(u"message"_s).toString().contains(newId));
    EXPECT_STATUS(m_client.get(downloadPath(id), alice), 409);
}

QTEST_GUILESS_MAIN(tst_WorkloadsExport)
#include "tst_workloads_export.moc"
