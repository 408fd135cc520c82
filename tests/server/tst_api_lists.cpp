// Lists: scopes, filters, limit, page tokens, ETag/304 on lists, the cursor of a plain list,
// and Idempotency-Key on create.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - A well-formed operationType nobody used is an empty answer, not a 400.
// - scope, since and pageToken are validated like limit and status (400 naming them).
// - A page token marks a place in the order, so a walk during creates repeats nothing.
// - Operations with the same createdAt come in the same order on every read.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QTest>

#include <functional>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString alice = u"alice"_s;
const QString dave = u"dave"_s;
const QString bob = u"bob"_s;
const QString carol = u"carol"_s;
const QString sam = u"sam"_s;
const QString ada = u"ada"_s;
const QString svc = u"svc"_s;
// Users of their own, so that each list test sees only what it made.
const QString lee = u"lee"_s;
const QString kim = u"kim"_s;
const QString pat = u"pat"_s;
const QString quinn = u"quinn"_s;
const QString ron = u"ron"_s;

constexpr int maxPages = 1000;

} // namespace

class tst_ApiLists final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void scopes();
    void filters_data();
    void filters();
    void badQuery_data();
    void badQuery();
    void limits();
    void pageWalk_data();
    void pageWalk();
    void pageWalkWhileCreating();
    void etagOnList();
    void cursorOfPlainList();
    void idempotency();
    void idempotencyUnderConcurrency();

private:
    void walk(const QString &user, const QString &query, int limit, QJsonArray *all,
              const std::function<void(int)> &betweenPages);
    static void expectNewestFirst(const QJsonArray &operations);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
    QHash<QString, QString> m_filterOperations;
    QSet<QString> m_walkIds;
};

void tst_ApiLists::initTestCase()
{
    for (const QString &user : {lee, kim, pat, quinn, ron})
        m_server.addUser(user, {u"user"_s});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_ApiLists::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_ApiLists::scopes()
{
    QJsonObject plain = m_scenario.create(alice, {{u"operationType"_s, u"l.scopes"_s}});
    QJsonObject daves = m_scenario.create(dave, {{u"operationType"_s, u"l.scopes"_s}});
    QJsonObject pendingApproval
            = m_scenario.create(alice,
                                {{u"operationType"_s, u"l.scopes"_s},
                                 {u"approval"_s, QJsonObject{{u"required"_s, 2}}}});
    QJsonObject waiting = m_scenario.create(alice,
                                            {{u"operationType"_s, u"l.scopes"_s},
                                             {u"approval"_s, QJsonObject{{u"required"_s, 2}}}});
    QVERIFY(!plain.isEmpty() && !daves.isEmpty() && !pendingApproval.isEmpty()
            && !waiting.isEmpty());
    EXPECT_STATUS(m_client.patch(operationPath(idOf(waiting)), alice,
                                 {{u"status"_s, u"waiting_for_approval"_s}}),
                  200);
    const QSet<QString> alices{idOf(plain), idOf(pendingApproval), idOf(waiting)};

    const auto list = [this](const QString &query, const QString &user) {
        const ApiResponse response = m_client.get(u"/api/operations?limit=1000&"_s + query, user);
        if (response.status != 200)
            QTest::qFail(qPrintable(response.describe()), __FILE__, __LINE__);
        return idSetOf(response.operations());
    };
    QCOMPARE(list(u"operationType=l.scopes"_s, alice), alices);
    QCOMPARE(list(u"scope=mine&operationType=l.scopes"_s, alice), alices);
    QCOMPARE(list(u"scope=mine&operationType=l.scopes"_s, dave), QSet<QString>{idOf(daves)});
    QSet<QString> everything = alices;
    everything.insert(idOf(daves));
    for (const QString &reader : {sam, ada, svc})
        QCOMPARE(list(u"scope=all&operationType=l.scopes"_s, reader), everything);

    // approvals: waiting for the caller's vote, and only those.
    QSet<QString> bobs = list(u"scope=approvals"_s, bob);
    QVERIFY(bobs.contains(idOf(waiting)));
    QVERIFY(!bobs.contains(idOf(pendingApproval)));
    QVERIFY(!bobs.contains(idOf(plain)));
    QVERIFY(!bobs.contains(idOf(daves)));
    // Someone who votes on nothing has an empty list, not an error.
    QCOMPARE(list(u"scope=approvals"_s, alice), QSet<QString>());
    QCOMPARE(list(u"scope=approvals"_s, sam), QSet<QString>());

    // Once bob has voted, the operation waits for others' votes, not his.
    const ApiResponse vote = m_client.post(operationPath(idOf(waiting), u"/votes"_s), bob,
                                           {{u"decision"_s, u"approve"_s}});
    EXPECT_STATUS(vote, 200);
    QCOMPARE(vote.json.value(u"finalDecision"_s).toString(), u"pending"_s);
    QVERIFY(!list(u"scope=approvals"_s, bob).contains(idOf(waiting)));
    QVERIFY(list(u"scope=approvals"_s, carol).contains(idOf(waiting)));

    for (const QString &user : {alice, dave, bob}) {
        const ApiResponse refused = m_client.get(u"/api/operations?scope=all"_s, user);
        EXPECT_STATUS(refused, 403);
        ApiScenario::expectErrorBody(refused, u"forbidden"_s);
    }
}

void tst_ApiLists::filters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("one status") << u"status=pending&operationType=f.a,f.b,f.c"_s
                                << QStringList{u"a_pending"_s, u"b_pending"_s};
    QTest::newRow("two statuses") << u"status=in_progress,cancelled&operationType=f.a,f.b,f.c"_s
                                  << QStringList{u"a_running"_s, u"c_cancelled"_s};
    QTest::newRow("one type") << u"operationType=f.a"_s
                              << QStringList{u"a_pending"_s, u"a_running"_s};
    QTest::newRow("two types") << u"operationType=f.b,f.c"_s
                               << QStringList{u"b_pending"_s, u"c_cancelled"_s};
    QTest::newRow("status and type")
            << u"status=pending&operationType=f.b"_s << QStringList{u"b_pending"_s};
    QTest::newRow("terminal status")
            << u"status=cancelled&operationType=f.a,f.b,f.c"_s << QStringList{u"c_cancelled"_s};
    // Assumption: a well-formed type nobody used yet is an empty answer, not a 400.
    QTest::newRow("unused type") << u"operationType=f.unused"_s << QStringList();
}

void tst_ApiLists::filters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    if (m_filterOperations.isEmpty()) {
        struct Seed
        {
            QString name;
            QString type;
            QString status;
        };
        const QList<Seed> seeds{{u"a_pending"_s, u"f.a"_s, u"pending"_s},
                                {u"a_running"_s, u"f.a"_s, u"in_progress"_s},
                                {u"b_pending"_s, u"f.b"_s, u"pending"_s},
                                {u"c_cancelled"_s, u"f.c"_s, u"cancelled"_s}};
        for (const Seed &seed : seeds) {
            QJsonObject operation;
            m_scenario.makeInStatus(lee, seed.status, false, &operation, seed.type);
            if (QTest::currentTestFailed())
                return;
            m_filterOperations.insert(seed.name, idOf(operation));
        }
    }
    QSet<QString> expectedIds;
    for (const QString &name : expected)
        expectedIds.insert(m_filterOperations.value(name));
    const ApiResponse mine = m_client.get(u"/api/operations?limit=1000&"_s + query, lee);
    EXPECT_STATUS(mine, 200);
    QCOMPARE(idSetOf(mine.operations()), expectedIds);
    const ApiResponse all = m_client.get(u"/api/operations?scope=all&limit=1000&"_s + query, sam);
    EXPECT_STATUS(all, 200);
    QCOMPARE(idSetOf(all.operations()), expectedIds);
}

void tst_ApiLists::badQuery_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::newRow("limit 0") << u"limit=0"_s << u"limit"_s;
    QTest::newRow("limit 1001") << u"limit=1001"_s << u"limit"_s;
    QTest::newRow("limit negative") << u"limit=-1"_s << u"limit"_s;
    QTest::newRow("limit text") << u"limit=ten"_s << u"limit"_s;
    QTest::newRow("unknown status") << u"status=bogus"_s << u"status"_s;
    QTest::newRow("one unknown status") << u"status=pending,bogus"_s << u"status"_s;
    QTest::newRow("malformed type") << u"operationType=Not%20A%20Type"_s << u"operationType"_s;
    // Assumptions: the other parameters are validated the same way.
    QTest::newRow("unknown scope") << u"scope=everything"_s << u"scope"_s;
    QTest::newRow("since text") << u"since=yesterday"_s << u"since"_s;
    QTest::newRow("since negative") << u"since=-5"_s << u"since"_s;
    QTest::newRow("pageToken garbage") << u"pageToken=%25%25garbage"_s << u"pageToken"_s;
}

void tst_ApiLists::badQuery()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    for (const QString &user : {alice, sam}) {
        const ApiResponse response = m_client.get(u"/api/operations?"_s + query, user);
        ApiScenario::expectBadRequestNaming(response, field);
    }
}

void tst_ApiLists::limits()
{
    constexpr int operations = 5;
    for (int i = 0; i < operations; ++i)
        QVERIFY(!m_scenario.create(kim, {{u"operationType"_s, u"l.limit"_s}}).isEmpty());
    const ApiResponse one = m_client.get(u"/api/operations?limit=1"_s, kim);
    EXPECT_STATUS(one, 200);
    QCOMPARE(one.operations().size(), 1);
    QVERIFY(!one.json.value(u"nextPageToken"_s).toString().isEmpty());
    const ApiResponse most = m_client.get(u"/api/operations?limit=1000"_s, kim);
    EXPECT_STATUS(most, 200);
    QCOMPARE(most.operations().size(), operations);
    QVERIFY(most.json.value(u"nextPageToken"_s).toString().isEmpty());
    // The first of a page of one is the newest.
    QCOMPARE(idOf(one.operations().first().toObject()), idOf(most.operations().first().toObject()));
    const ApiResponse exact = m_client.get(u"/api/operations?limit=%1"_s.arg(operations), kim);
    EXPECT_STATUS(exact, 200);
    QCOMPARE(exact.operations().size(), operations);
    // A default limit exists and serves this small list whole.
    const ApiResponse byDefault = m_client.get(u"/api/operations"_s, kim);
    EXPECT_STATUS(byDefault, 200);
    QCOMPARE(byDefault.operations().size(), operations);
}

// Walks every page of the list; each operation must come exactly once, newest createdAt first.
void tst_ApiLists::walk(const QString &user, const QString &query, int limit, QJsonArray *all,
                        const std::function<void(int)> &betweenPages)
{
    QString pageToken;
    QSet<QString> seen;
    for (int page = 0; page < maxPages; ++page) {
        QString path = u"/api/operations?limit=%1&%2"_s.arg(limit).arg(query);
        if (!pageToken.isEmpty())
            path += u"&pageToken="_s + QString::fromLatin1(QUrl::toPercentEncoding(pageToken));
        const ApiResponse response = m_client.get(path, user);
        EXPECT_STATUS(response, 200);
        const QJsonArray operations = response.operations();
        QVERIFY(operations.size() <= limit);
        for (const QJsonValue &value : operations) {
            const QString id = idOf(value.toObject());
            QVERIFY2(!seen.contains(id), qPrintable(u"%1 came twice"_s.arg(id)));
            seen.insert(id);
            all->append(value);
        }
        pageToken = response.json.value(u"nextPageToken"_s).toString();
        if (pageToken.isEmpty())
            return;
        QVERIFY2(!operations.isEmpty(), "a page with a nextPageToken is empty");
        if (betweenPages)
            betweenPages(page);
        if (QTest::currentTestFailed())
            return;
    }
    QFAIL("the walk never ended");
}

void tst_ApiLists::expectNewestFirst(const QJsonArray &operations)
{
    for (qsizetype i = 1; i < operations.size(); ++i) {
        const QString before = operations.at(i - 1).toObject().value(u"createdAt"_s).toString();
        const QString after = operations.at(i).toObject().value(u"createdAt"_s).toString();
        // RFC 3339 UTC with milliseconds sorts as text.
        QVERIFY2(before >= after, qPrintable(before + u" before "_s + after));
    }
}

void tst_ApiLists::pageWalk_data()
{
    QTest::addColumn<int>("limit");
    QTest::newRow("limit 1") << 1;
    QTest::newRow("limit 4") << 4;
    QTest::newRow("limit 7") << 7;
    QTest::newRow("limit 25") << 25;
    QTest::newRow("limit 26") << 26;
}

void tst_ApiLists::pageWalk()
{
    QFETCH(int, limit);
    constexpr int operations = 25;
    if (m_walkIds.isEmpty()) {
        for (int i = 0; i < operations; ++i) {
            const QJsonObject created = m_scenario.create(
                    pat, {{u"operationType"_s, i % 2 ? u"w.odd"_s : u"w.even"_s}});
            QVERIFY(!created.isEmpty());
            m_walkIds.insert(idOf(created));
        }
    }
    QJsonArray mine;
    walk(pat, u"scope=mine"_s, limit, &mine, {});
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(idSetOf(mine), m_walkIds);
    QCOMPARE(mine.size(), operations);
    expectNewestFirst(mine);
    const ApiResponse whole = m_client.get(u"/api/operations?limit=1000"_s, pat);
    EXPECT_STATUS(whole, 200);
    QCOMPARE(idsOf(mine), idsOf(whole.operations()));

    // The filters hold across pages too.
    QJsonArray odd;
    walk(pat, u"operationType=w.odd"_s, limit, &odd, {});
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(odd.size(), operations / 2);
    for (const QJsonValue &value : std::as_const(odd))
        QCOMPARE(value.toObject().value(u"operationType"_s).toString(), u"w.odd"_s);

    // Staff walk everything and find all of pat's among it.
    QJsonArray everything;
    walk(sam, u"scope=all"_s, std::max(limit, 10), &everything, {});
    if (QTest::currentTestFailed())
        return;
    QVERIFY(idSetOf(everything).contains(m_walkIds));
    expectNewestFirst(everything);
}

// Assumption: a page token marks a place in the order (not an offset), so operations made
// during a walk neither push the older ones into a second appearance nor hide any.
void tst_ApiLists::pageWalkWhileCreating()
{
    constexpr int operations = 12;
    constexpr int limit = 5;
    QSet<QString> originals;
    for (int i = 0; i < operations; ++i) {
        const QJsonObject created = m_scenario.create(quinn, {{u"operationType"_s, u"w.live"_s}});
        QVERIFY(!created.isEmpty());
        originals.insert(idOf(created));
    }
    QJsonArray walked;
    walk(quinn, u"scope=mine"_s, limit, &walked, [this](int) {
        QVERIFY(!m_scenario.create(quinn, {{u"operationType"_s, u"w.live"_s}}).isEmpty());
    });
    if (QTest::currentTestFailed())
        return;
    QVERIFY(idSetOf(walked).contains(originals));
    expectNewestFirst(walked);
}

void tst_ApiLists::etagOnList()
{
    const QJsonObject operation = m_scenario.create(ron, {{u"operationType"_s, u"l.etag"_s}});
    QVERIFY(!operation.isEmpty());
    for (const QString &query : {u"scope=mine"_s, u"scope=mine&status=pending"_s, u"since=0"_s}) {
        const QString path = u"/api/operations?"_s + query;
        const ApiResponse first = m_client.get(path, ron);
        EXPECT_STATUS(first, 200);
        const QByteArray etag = first.header("ETag"_ba);
        QVERIFY2(!etag.isEmpty(), qPrintable(first.describe()));
        EXPECT_STATUS(m_client.get(path, ron, {{"If-None-Match"_ba, etag}}), 304);

        // Someone else's change outside ron's view: still nothing new for ron.
        QVERIFY(!m_scenario.create(dave, {{u"operationType"_s, u"l.etag"_s}}).isEmpty());
        const ApiResponse unrelated = m_client.get(path, ron, {{"If-None-Match"_ba, etag}});
        QVERIFY2(unrelated.status == 304
                         || (unrelated.status == 200
                             && idsOf(unrelated.operations()) == idsOf(first.operations())),
                 qPrintable(unrelated.describe()));

        const ApiResponse patched = m_client.patch(operationPath(idOf(operation)), ron,
                                                   {{u"progressPercentage"_s, query.size()}});
        EXPECT_STATUS(patched, 200);
        const ApiResponse changed = m_client.get(path, ron, {{"If-None-Match"_ba, etag}});
        EXPECT_STATUS(changed, 200);
        QVERIFY(changed.header("ETag"_ba) != etag);
    }
}

// A list without since gives a cursor from which polling misses nothing.
void tst_ApiLists::cursorOfPlainList()
{
    const QJsonObject first = m_scenario.create(ron, {{u"operationType"_s, u"l.cursor"_s}});
    QVERIFY(!first.isEmpty());
    const ApiResponse list = m_client.get(u"/api/operations?operationType=l.cursor"_s, ron);
    EXPECT_STATUS(list, 200);
    const qint64 cursor = list.json.value(u"cursor"_s).toInteger(-1);
    for (const QJsonValue &value : list.operations())
        QVERIFY(cursor >= versionOf(value.toObject()));

    const ApiResponse quiet = m_client.get(u"/api/operations?since=%1"_s.arg(cursor), ron);
    QVERIFY2(quiet.status == 304 || (quiet.status == 200 && quiet.operations().isEmpty()),
             qPrintable(quiet.describe()));

    const ApiResponse patched
            = m_client.patch(operationPath(idOf(first)), ron, {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(patched, 200);
    const ApiResponse delta = m_client.get(u"/api/operations?since=%1"_s.arg(cursor), ron);
    EXPECT_STATUS(delta, 200);
    QCOMPARE(idsOf(delta.operations()), QStringList{idOf(first)});
    QCOMPARE(withoutEstimate(delta.operations().first().toObject()), withoutEstimate(patched.json));
    QCOMPARE(delta.json.value(u"cursor"_s).toInteger(), versionOf(patched.json));
}

void tst_ApiLists::idempotency()
{
    const QJsonObject body{{u"operationType"_s, u"t.idem"_s}, {u"entityId"_s, u"e1"_s}};
    const HeaderList key{{"Idempotency-Key"_ba, "key-one"_ba}};
    const auto countMine = [this](const QString &user) {
        const ApiResponse list = m_client.get(
                u"/api/operations?scope=mine&operationType=t.idem&limit=1000"_s, user);
        return list.status == 200 ? list.operations().size() : -1;
    };

    const ApiResponse first = m_client.post(u"/api/operations"_s, alice, body, key);
    EXPECT_STATUS(first, 201);
    const ApiResponse replay = m_client.post(u"/api/operations"_s, alice, body, key);
    EXPECT_STATUS(replay, 201);
    QCOMPARE(replay.json, first.json);
    QCOMPARE(countMine(alice), 1);

    QJsonObject otherBody = body;
    otherBody.insert(u"entityId"_s, u"e2"_s);
    const ApiResponse conflict = m_client.post(u"/api/operations"_s, alice, otherBody, key);
    EXPECT_STATUS(conflict, 409);
    ApiScenario::expectErrorBody(conflict, u"conflict"_s);
    QCOMPARE(countMine(alice), 1);

    // Keys belong to their user.
    const ApiResponse byDave = m_client.post(u"/api/operations"_s, dave, body, key);
    EXPECT_STATUS(byDave, 201);
    QVERIFY(idOf(byDave.json) != idOf(first.json));
    QCOMPARE(ownerOf(byDave.json), dave);
    QCOMPARE(countMine(dave), 1);

    const ApiResponse otherKey = m_client.post(u"/api/operations"_s, alice, body,
                                               {{"Idempotency-Key"_ba, "key-two"_ba}});
    EXPECT_STATUS(otherKey, 201);
    QVERIFY(idOf(otherKey.json) != idOf(first.json));
    const ApiResponse noKey = m_client.post(u"/api/operations"_s, alice, body);
    EXPECT_STATUS(noKey, 201);
    QCOMPARE(countMine(alice), 3);
}

void tst_ApiLists::idempotencyUnderConcurrency()
{
    constexpr int concurrentRequests = 12;
    const QJsonObject body{{u"operationType"_s, u"t.idem_race"_s}, {u"entityId"_s, u"e"_s}};
    QList<ApiRequest> requests;
    for (int i = 0; i < concurrentRequests; ++i) {
        requests.append(ApiRequest::post(u"/api/operations"_s, alice, body,
                                         {{"Idempotency-Key"_ba, "race-key"_ba}}));
    }
    const QList<ApiResponse> responses = m_client.sendAll(requests);
    QSet<QString> ids;
    for (const ApiResponse &response : responses) {
        EXPECT_STATUS(response, 201);
        ids.insert(idOf(response.json));
    }
    QCOMPARE(ids.size(), 1);
    const ApiResponse list = m_client.get(
            u"/api/operations?scope=mine&operationType=t.idem_race&limit=1000"_s, alice);
    EXPECT_STATUS(list, 200);
    QCOMPARE(list.operations().size(), 1);
}

QTEST_GUILESS_MAIN(tst_ApiLists)
#include "tst_api_lists.moc"
