// Who sees what, over every route that shows an operation, a file or an export, for every
// role: one table (route × account) against a fixture of operations, files and exports of
// several owners, with and without approval blocks. The expectations come from the roles
// table of docs/api.md, written here once (the oracle below), not from the service's code:
// single reads, /status, the audit trail, their 304s, lists (pages and deltas, every scope)
// and the list 304, the stream (replay and live pushes), GET /api/files, DELETE of a file
// one may not see, export downloads, the metrics summary and the Prometheus text.
#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"
#include "workloadscenario.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUrlQuery>

#include <memory>

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
const QString mallory = OptrackdProcess::unknownUser;
constexpr int waitMs = 20'000;

struct Item
{
    QString id;
    QString owner;
    bool hasApproval = false;
    bool waiting = false;
    bool terminal = false;
};

} // namespace

class tst_Visibility final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void route_data();
    void route();

private:
    // The oracle: docs/api.md, "Roles".
    bool known(const QString &user) const { return user != mallory; }
    bool hasRole(const QString &user, const QString &role) const;
    bool seesEveryOperation(const QString &user) const;
    bool seesEveryFile(const QString &user) const;
    bool sees(const QString &user, const Item &op) const;

    QSet<QString> ids(const QList<Item> &items,
                      const std::function<bool(const Item &)> &keep) const;
    QSet<QString> listed(const QString &user, const QString &query, int *status);
    void checkSingle(const QString &user, const QString &suffix);
    void checkNotModified(const QString &user, const QString &suffix, bool versionTag);
    void checkLists(const QString &user, bool delta);
    void checkListNotModified(const QString &user);
    void checkStream(const QString &user);
    void checkFiles(const QString &user);
    void checkFileDelete(const QString &user);
    void checkDownloads(const QString &user);
    void checkSummary(const QString &user);
    void checkPrometheus();

    std::unique_ptr<OptrackdProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
    QList<Item> m_operations;
    QList<Item> m_files; // id: the fileId
    QList<Item> m_exports; // id: the export's operation id
    QStringList m_secrets; // file names and display names that must not leak to /metrics
};

bool tst_Visibility::hasRole(const QString &user, const QString &role) const
{
    return m_server->roles(user).contains(role);
}

bool tst_Visibility::seesEveryOperation(const QString &user) const
{
    return hasRole(user, u"staff"_s) || hasRole(user, u"admin"_s) || hasRole(user, u"service"_s);
}

bool tst_Visibility::seesEveryFile(const QString &user) const
{
    return hasRole(user, u"staff"_s) || hasRole(user, u"admin"_s);
}

bool tst_Visibility::sees(const QString &user, const Item &op) const
{
    return op.owner == user || seesEveryOperation(user)
            || (op.hasApproval && hasRole(user, u"approver"_s) && op.owner != user);
}

QSet<QString> tst_Visibility::ids(const QList<Item> &items,
                                  const std::function<bool(const Item &)> &keep) const
{
    QSet<QString> result;
    for (const Item &item : items) {
        if (keep(item))
            result.insert(item.id);
    }
    return result;
}

void tst_Visibility::initTestCase()
{
    m_server = std::make_unique<OptrackdProcess>();
    m_server->setExtraConfig({{u"metricsListen"_s, u"127.0.0.1:0"_s}});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_api = std::make_unique<ApiClient>(m_server.get());
    ApiScenario scenario(*m_api);
    WorkloadScenario workloads(*m_api);

    // Operations: plain and with approval, of two users, an approver's own, one a service
    // started for a user, a failed one (the summary's recentFailures).
    QJsonObject op;
    const auto plain = [&](const QString &creator, const QString &owner, const QString &name) {
        QJsonObject body{{u"operationType"_s, u"t.visibility"_s}, {u"displayName"_s, name}};
        if (creator != owner)
            body.insert(u"context"_s, QJsonObject{{u"userId"_s, owner}});
        m_secrets.append(name);
        return idOf(scenario.create(creator, body));
    };
    plain(alice, alice, u"secret-plain-alice"_s);
    plain(bob, bob, u"secret-plain-bob"_s);
    plain(svc, dave, u"secret-service-dave"_s);
    const QString failed = plain(dave, dave, u"secret-failed-dave"_s);
    EXPECT_STATUS(m_api->patch(operationPath(failed), dave, {{u"status"_s, u"failed"_s}}), 200);
    scenario.makeInStatus(alice, u"waiting_for_approval"_s, true, &op);
    scenario.makeInStatus(dave, u"waiting_for_approval"_s, true, &op);
    scenario.makeInStatus(dave, u"approved"_s, true, &op);
    QVERIFY(!QTest::currentTestFailed());

    // Files and exports of two users (their operations join the list below).
    for (const QString &user : {alice, dave}) {
        const QString fileName = u"secret-%1.csv"_s.arg(user);
        m_secrets.append(fileName);
        const QString fileId
                = workloads.uploadStored(user, WorkloadScenario::generatedFile(3), fileName);
        QVERIFY(!fileId.isEmpty());
        m_files.append({fileId, user});
        const QString exportId = workloads.startExport(user, u"csv"_s, u"2026"_s);
        QVERIFY(!exportId.isEmpty());
        QCOMPARE(statusOf(workloads.waitUntilTerminal(exportId)), u"completed"_s);
        m_exports.append({exportId, user});
    }

    // Every operation as staff sees it: owner, approval block, status.
    const ApiResponse all = m_api->get(u"/api/operations?scope=all&limit=1000"_s, sam);
    EXPECT_STATUS(all, 200);
    for (const QJsonValue &value : all.operations()) {
        const QJsonObject operation = value.toObject();
        const QString status = statusOf(operation);
        m_operations.append({idOf(operation), ownerOf(operation),
                             operation.value(u"approval"_s).isObject(),
                             status == u"waiting_for_approval"_s,
                             WorkloadScenario::terminalStatuses().contains(status)});
    }
    QCOMPARE(m_operations.size(), 11); // 7 made here, 2 uploads, 2 exports
    const auto approvals = ids(m_operations, [](const Item &item) { return item.hasApproval; });
    QCOMPARE(approvals.size(), 3);
}

void tst_Visibility::cleanupTestCase()
{
    m_api.reset();
    if (m_server)
        QVERIFY(m_server->stop());
}

void tst_Visibility::route_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("user");
    const QStringList routes{u"single"_s,         u"status"_s, u"events"_s,      u"single 304"_s,
                             u"events 304"_s,     u"lists"_s,  u"deltas"_s,      u"lists 304"_s,
                             u"stream"_s,         u"files"_s,  u"file delete"_s, u"downloads"_s,
                             u"metrics summary"_s};
    for (const QString &route : routes) {
        for (const QString &user : {alice, dave, bob, sam, ada, svc, mallory})
            QTest::newRow(qPrintable(route + u" / "_s + user)) << route << user;
    }
    QTest::newRow("prometheus") << u"prometheus"_s << QString();
}

void tst_Visibility::route()
{
    QFETCH(QString, route);
    QFETCH(QString, user);
    if (route == u"single"_s)
        checkSingle(user, {});
    else if (route == u"status"_s)
        checkSingle(user, u"/status"_s);
    else if (route == u"events"_s)
        checkSingle(user, u"/events"_s);
    else if (route == u"single 304"_s)
        checkNotModified(user, {}, true);
    else if (route == u"events 304"_s)
        checkNotModified(user, u"/events"_s, false);
    else if (route == u"lists"_s)
        checkLists(user, false);
    else if (route == u"deltas"_s)
        checkLists(user, true);
    else if (route == u"lists 304"_s)
        checkListNotModified(user);
    else if (route == u"stream"_s)
        checkStream(user);
    else if (route == u"files"_s)
        checkFiles(user);
    else if (route == u"file delete"_s)
        checkFileDelete(user);
    else if (route == u"downloads"_s)
        checkDownloads(user);
    else if (route == u"metrics summary"_s)
        checkSummary(user);
    else if (route == u"prometheus"_s)
        checkPrometheus();
    else
        QFAIL("unknown route");
}

void tst_Visibility::checkSingle(const QString &user, const QString &suffix)
{
    for (const Item &op : std::as_const(m_operations)) {
        const ApiResponse response = m_api->get(operationPath(op.id, suffix), user);
        const int expected = !known(user) ? 401 : sees(user, op) ? 200 : 403;
        EXPECT_STATUS(response, expected);
        if (expected != 200)
            QVERIFY2(!response.body.contains(op.id.toUtf8()) || response.status == 403,
                     qPrintable(response.describe()));
        if (expected == 403)
            QVERIFY2(!response.body.contains(op.owner.toUtf8()), qPrintable(response.describe()));
    }
}

void tst_Visibility::checkNotModified(const QString &user, const QString &suffix, bool versionTag)
{
    for (const Item &op : std::as_const(m_operations)) {
        QList<QByteArray> tags{"*"};
        if (versionTag) {
            const ApiResponse current = m_api->get(operationPath(op.id), sam);
            tags.append(current.header("ETag"));
        }
        for (const QByteArray &tag : tags) {
            const ApiResponse response
                    = m_api->get(operationPath(op.id, suffix), user, {{"If-None-Match", tag}});
            // A 304 to someone who may not see it would confirm the version it holds.
            const int expected = !known(user) ? 401 : sees(user, op) ? 304 : 403;
            EXPECT_STATUS(response, expected);
            if (expected != 304)
                QVERIFY2(response.header("ETag").isEmpty(), qPrintable(response.describe()));
        }
    }
}

QSet<QString> tst_Visibility::listed(const QString &user, const QString &query, int *status)
{
    // Page by page, two at a time, following nextPageToken (a delta has no pages).
    QSet<QString> found;
    QString pageToken;
    do {
        QString path = u"/api/operations?"_s + query;
        if (!pageToken.isEmpty())
            path += u"&pageToken="_s + QString::fromLatin1(QUrl::toPercentEncoding(pageToken));
        const ApiResponse response = m_api->get(path, user);
        *status = response.status;
        if (response.status != 200)
            return found;
        for (const QJsonValue &value : response.operations())
            found.insert(idOf(value.toObject()));
        pageToken = response.json.value(u"nextPageToken"_s).toString();
    } while (!pageToken.isEmpty());
    return found;
}

void tst_Visibility::checkLists(const QString &user, bool delta)
{
    const QString tail = delta ? u"&since=0&limit=1000"_s : u"&limit=2"_s;
    const auto mine = ids(m_operations, [&](const Item &op) { return op.owner == user; });
    const auto every = ids(m_operations, [](const Item &) { return true; });
    const bool votes = hasRole(user, u"approver"_s);
    // Without since: waiting and not yet voted on (nothing is, here); with since: any status.
    const auto approvals = ids(m_operations, [&](const Item &op) {
        return votes && op.hasApproval && op.owner != user && (delta || op.waiting);
    });
    int status = 0;
    const QSet<QString> listedMine = listed(user, u"scope=mine"_s + tail, &status);
    QCOMPARE(status, known(user) ? 200 : 401);
    QCOMPARE(listedMine, known(user) ? mine : QSet<QString>());
    const QSet<QString> listedAll = listed(user, u"scope=all"_s + tail, &status);
    QCOMPARE(status, !known(user) ? 401 : seesEveryOperation(user) ? 200 : 403);
    QCOMPARE(listedAll, status == 200 ? every : QSet<QString>());
    const QSet<QString> listedApprovals = listed(user, u"scope=approvals"_s + tail, &status);
    QCOMPARE(status, known(user) ? 200 : 401);
    QCOMPARE(listedApprovals, known(user) ? approvals : QSet<QString>());
    for (const QString &id : listedMine + listedAll + listedApprovals) {
        const auto it = std::find_if(m_operations.cbegin(), m_operations.cend(),
                                     [&](const Item &op) { return op.id == id; });
        QVERIFY(it != m_operations.cend() && sees(user, *it));
    }
}

void tst_Visibility::checkListNotModified(const QString &user)
{
    for (const QString &scope : {u"mine"_s, u"all"_s, u"approvals"_s}) {
        const ApiResponse response
                = m_api->get(u"/api/operations?scope="_s + scope, user, {{"If-None-Match", "*"}});
        const bool allowed = scope != u"all"_s || seesEveryOperation(user);
        EXPECT_STATUS(response, !known(user) ? 401 : allowed ? 304 : 403);
    }
}

void tst_Visibility::checkStream(const QString &user)
{
    const auto visible = ids(m_operations, [&](const Item &op) { return sees(user, op); });
    StreamRecorder replay(m_server.get());
    replay.open(user, 0);
    if (!known(user)) {
        QTRY_VERIFY_WITH_TIMEOUT(replay.hadError() || replay.wasDisconnected(), waitMs);
        QVERIFY(!replay.wasEverConnected());
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(!replay.otherMessages().isEmpty(), waitMs); // "ready"
    QSet<QString> pushed;
    for (const QJsonObject &op : replay.operations())
        pushed.insert(idOf(op));
    QCOMPARE(pushed, visible);

    // Live: every running operation changes, one the user sees last; pushes come in version
    // order, so once that one is in, any other that was due has come too.
    StreamRecorder live(m_server.get());
    live.open(user);
    QTRY_VERIFY_WITH_TIMEOUT(!live.otherMessages().isEmpty(), waitMs);
    QList<Item> running;
    for (const Item &op : std::as_const(m_operations)) {
        if (!op.terminal)
            running.append(op);
    }
    std::stable_partition(running.begin(), running.end(),
                          [&](const Item &op) { return !sees(user, op); });
    QVERIFY(!running.isEmpty() && sees(user, running.last()));
    qint64 lastVersion = 0;
    for (const Item &op : std::as_const(running)) {
        const ApiResponse patched
                = m_api->patch(operationPath(op.id), svc,
                               {{u"stepDescription"_s, QString(u"probe for "_s + user)}});
        EXPECT_STATUS(patched, 200);
        lastVersion = versionOf(patched.json);
    }
    QTRY_VERIFY_WITH_TIMEOUT(live.sawVersionAtLeast(running.last().id, lastVersion), waitMs);
    QSet<QString> livePushed;
    for (const QJsonObject &op : live.operations())
        livePushed.insert(idOf(op));
    QCOMPARE(livePushed, ids(running, [&](const Item &op) { return sees(user, op); }));
}

void tst_Visibility::checkFiles(const QString &user)
{
    const ApiResponse response = m_api->get(u"/api/files"_s, user);
    EXPECT_STATUS(response, known(user) ? 200 : 401);
    QSet<QString> listedFiles;
    for (const QJsonValue &value : response.json.value(u"files"_s).toArray())
        listedFiles.insert(value.toObject().value(u"fileId"_s).toString());
    QCOMPARE(listedFiles, ids(m_files, [&](const Item &file) {
                 return known(user) && (file.owner == user || seesEveryFile(user));
             }));
}

void tst_Visibility::checkFileDelete(const QString &user)
{
    // Only files the user may not delete: a file one may not see is 404, as if it did not
    // exist; staff, who sees it, gets 403. (Deleting one's own is the workload suites'.)
    for (const Item &file : std::as_const(m_files)) {
        if (known(user) && (file.owner == user || hasRole(user, u"admin"_s)))
            continue;
        const ApiResponse response
                = m_api->send(ApiRequest::raw("DELETE", u"/api/files/"_s + file.id, user, {}));
        const int expected = !known(user) ? 401 : seesEveryFile(user) ? 403 : 404;
        EXPECT_STATUS(response, expected);
        if (expected != 403) // the answer must not name what the caller may not see
            QVERIFY2(!response.body.contains(QByteArray(file.owner.toUtf8() + ".csv")),
                     qPrintable(response.describe()));
    }
}

void tst_Visibility::checkDownloads(const QString &user)
{
    for (const Item &exported : std::as_const(m_exports)) {
        const ApiResponse response
                = m_api->get(u"/api/exports/%1/download"_s.arg(exported.id), user);
        const bool allowed = exported.owner == user || seesEveryFile(user);
        EXPECT_STATUS(response, !known(user) ? 401 : allowed ? 200 : 403);
        if (response.status == 200)
            QVERIFY(response.body.startsWith(WorkloadScenario::exportHeader));
        else
            QVERIFY2(!response.body.contains("acc-"), qPrintable(response.describe()));
    }
}

void tst_Visibility::checkSummary(const QString &user)
{
    const ApiResponse response = m_api->get(u"/api/metrics/summary"_s, user);
    EXPECT_STATUS(response, !known(user) ? 401 : seesEveryFile(user) ? 200 : 403);
    if (response.status != 200)
        QVERIFY2(!response.body.contains("op_"), qPrintable(response.describe()));
}

void tst_Visibility::checkPrometheus()
{
    // No token is asked there, so nothing in it may name an operation, a user or a file.
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(m_server->metricsUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), waitMs);
    const QByteArray text = reply->readAll();
    reply->deleteLater();
    QVERIFY(text.contains("optrack_"));
    // Operation types (file_upload) are labels; ids are op_ or file_ and 16 hex digits.
    const QRegularExpression id(u"(op|file)_[0-9a-f]{16}"_s);
    QVERIFY2(!id.match(QString::fromUtf8(text)).hasMatch(),
             qPrintable(id.match(QString::fromUtf8(text)).captured()));
    for (const QString &user : m_server->defaultUsers())
        QVERIFY2(!text.contains(QString(u'"' + user + u'"').toUtf8()), qPrintable(user));
    for (const QString &secret : std::as_const(m_secrets))
        QVERIFY2(!text.contains(secret.toUtf8()), qPrintable(secret));
}

QTEST_GUILESS_MAIN(tst_Visibility)
#include "tst_visibility.moc"
