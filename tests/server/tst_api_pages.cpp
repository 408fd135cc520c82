// Pages of a list in any offered order (sort, order, offset, q, total, version) against a
// reference sort of what the suite created, keyset page tokens in every order, the 400s of a
// bad page query, and the counts route, exact through creates, moves and votes.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>
#include <functional>

using namespace optrack;
using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString sam = u"sam"_s; // staff
const QString bob = u"bob"_s; // approver
const QString carol = u"carol"_s; // approver
const QString pia = u"pia"_s;
const QString hal = u"hal"_s;

constexpr int seedCount = 48;
constexpr int streamWaitMs = 10'000;
constexpr int countsIntervalMs = 250; // the most often counts may come (docs/api.md)
constexpr int burst = 12;
constexpr int pageSize = 7;
const QStringList types{u"p.alpha"_s, u"p.beta"_s, u"p.gamma"_s};
// Names with ties and mixed case; an empty one sorts by its entityId.
const QStringList names{u"Report March"_s, u"archive"_s, u"Zeta export"_s, u"report march"_s,
                        u"b\u00e9ta"_s,    QString(),    u"Archive"_s,     u"Nightly 7"_s};
const QStringList lifecycle{u"pending"_s,  u"in_progress"_s, u"waiting_for_approval"_s,
                            u"approved"_s, u"denied"_s,      u"completed"_s,
                            u"failed"_s,   u"cancelled"_s};

qint64 ms(const QJsonObject &op, const QString &field)
{
    return QDateTime::fromString(op.value(field).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

/// The order the wire promises, written out independently of the service's index.
int compareBy(const QString &sort, const QJsonObject &a, const QJsonObject &b)
{
    const auto threeWay = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    if (sort == u"createdAt"_s || sort == u"updatedAt"_s)
        return threeWay(ms(a, sort), ms(b, sort));
    if (sort == u"displayName"_s) {
        const auto name = [](const QJsonObject &op) {
            const QString shown = op.value(u"displayName"_s).toString();
            return shown.isEmpty() ? op.value(u"entityId"_s).toString() : shown;
        };
        return QString::compare(name(a), name(b), Qt::CaseInsensitive);
    }
    if (sort == u"operationType"_s)
        return QString::compare(a.value(sort).toString(), b.value(sort).toString(),
                                Qt::CaseInsensitive);
    if (sort == u"status"_s)
        return threeWay(lifecycle.indexOf(statusOf(a)), lifecycle.indexOf(statusOf(b)));
    return threeWay(a.value(sort).toDouble(), b.value(sort).toDouble());
}

bool matchesSearch(const QJsonObject &op, const QString &q)
{
    for (const QString &field : {u"displayName"_s, u"operationId"_s, u"entityId"_s})
        if (op.value(field).toString().contains(q, Qt::CaseInsensitive))
            return true;
    return ownerOf(op).contains(q, Qt::CaseInsensitive);
}

} // namespace

class tst_ApiPages final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void sortedPages_data();
    void sortedPages();
    void filteredPages_data();
    void filteredPages();
    void badQuery_data();
    void badQuery();
    void counts();
    void countsFollowChanges();
    void streamPushesCoalescedCounts();

private:
    QStringList expectedIds(const QString &sort, bool descending,
                            const std::function<bool(const QJsonObject &)> &keep) const;
    QStringList walkByOffset(const QString &user, const QString &query, qint64 *total);
    QStringList walkByToken(const QString &user, const QString &query, qint64 *total);
    QJsonObject countsOf(const QString &user, const QString &scope);
    QJsonObject referenceCounts(const std::function<bool(const QJsonObject &)> &keep) const;
    void refresh(const QString &operationId);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
    QHash<QString, QJsonObject> m_operations; // every operation, as the service last said
};

void tst_ApiPages::initTestCase()
{
    m_server.addUser(pia, {u"user"_s});
    m_server.addUser(hal, {u"user"_s});
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    for (int i = 0; i < seedCount; ++i) {
        QJsonObject body{{u"operationType"_s, types.at(i % types.size())},
                         {u"entityId"_s, u"ent-%1"_s.arg(i, 3, 10, QChar(u'0'))},
                         {u"displayName"_s, names.at(i % names.size())}};
        if (i % 6 == 5)
            body.insert(u"approval"_s, QJsonObject{{u"required"_s, 1}});
        const QJsonObject created = m_scenario.create(i % 4 == 0 ? hal : pia, body);
        QVERIFY(!created.isEmpty());
        const QString id = idOf(created);
        const QString owner = ownerOf(created);
        const QString path = operationPath(id);
        // Statuses across the lifecycle, progress values with ties.
        switch (i % 6) {
        case 1:
        case 2:
            EXPECT_STATUS(m_client.patch(path, owner,
                                         {{u"status"_s, u"in_progress"_s},
                                          {u"progressPercentage"_s, (i * 13) % 5 * 20}}),
                          200);
            break;
        case 3:
            EXPECT_STATUS(m_client.patch(path, owner, {{u"status"_s, u"in_progress"_s}}), 200);
            EXPECT_STATUS(m_client.patch(path, owner, {{u"status"_s, u"completed"_s}}), 200);
            break;
        case 4:
            EXPECT_STATUS(m_client.patch(path, owner, {{u"status"_s, u"failed"_s}}), 200);
            break;
        case 5:
            EXPECT_STATUS(m_client.patch(path, owner, {{u"status"_s, u"waiting_for_approval"_s}}),
                          200);
            break;
        default:
            break;
        }
        refresh(id);
    }
}

void tst_ApiPages::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_ApiPages::refresh(const QString &operationId)
{
    const ApiResponse response = m_client.get(operationPath(operationId), sam);
    EXPECT_STATUS(response, 200);
    m_operations.insert(operationId, response.json);
}

QStringList tst_ApiPages::expectedIds(const QString &sort, bool descending,
                                      const std::function<bool(const QJsonObject &)> &keep) const
{
    QList<QJsonObject> kept;
    for (const QJsonObject &op : m_operations)
        if (keep(op))
            kept.append(op);
    std::sort(kept.begin(), kept.end(), [&](const QJsonObject &a, const QJsonObject &b) {
        int order = compareBy(sort, a, b);
        if (order == 0)
            order = idOf(a) < idOf(b) ? -1 : (idOf(b) < idOf(a) ? 1 : 0);
        return descending ? order > 0 : order < 0;
    });
    QStringList ids;
    for (const QJsonObject &op : kept)
        ids.append(idOf(op));
    return ids;
}

QStringList tst_ApiPages::walkByOffset(const QString &user, const QString &query, qint64 *total)
{
    QStringList ids;
    const qint64 head = latestCursor(m_client, sam);
    for (int offset = 0; offset <= seedCount * 2; offset += pageSize) {
        const ApiResponse page = m_client.get(
                u"/api/operations?limit=%1&offset=%2&%3"_s.arg(pageSize).arg(offset).arg(query),
                user);
        if (page.status != 200) {
            QTest::qFail(qPrintable(page.describe()), __FILE__, __LINE__);
            return {};
        }
        *total = page.json.value(u"total"_s).toInteger(-1);
        if (page.json.value(u"version"_s).toInteger(-1) != head) {
            QTest::qFail(qPrintable(u"version is not the head: "_s + page.describe()), __FILE__,
                         __LINE__);
            return {};
        }
        ids += idsOf(page.operations());
        if (page.operations().isEmpty())
            break;
    }
    return ids;
}

QStringList tst_ApiPages::walkByToken(const QString &user, const QString &query, qint64 *total)
{
    QStringList ids;
    QString token;
    for (int pages = 0; pages <= seedCount; ++pages) {
        QString path = u"/api/operations?limit=%1&%2"_s.arg(pageSize).arg(query);
        if (!token.isEmpty())
            path += u"&pageToken="_s + token;
        const ApiResponse page = m_client.get(path, user);
        if (page.status != 200) {
            QTest::qFail(qPrintable(page.describe()), __FILE__, __LINE__);
            return {};
        }
        *total = page.json.value(u"total"_s).toInteger(-1);
        ids += idsOf(page.operations());
        token = page.json.value(u"nextPageToken"_s).toString();
        if (token.isEmpty())
            break;
    }
    return ids;
}

void tst_ApiPages::sortedPages_data()
{
    QTest::addColumn<QString>("sort");
    QTest::addColumn<QString>("order");
    for (const QString &sort : {u"createdAt"_s, u"updatedAt"_s, u"displayName"_s,
                                u"operationType"_s, u"status"_s, u"progressPercentage"_s}) {
        for (const QString &order : {u"asc"_s, u"desc"_s})
            QTest::addRow("%s %s", qPrintable(sort), qPrintable(order)) << sort << order;
    }
    QTest::newRow("default") << QString() << QString();
}

void tst_ApiPages::sortedPages()
{
    QFETCH(QString, sort);
    QFETCH(QString, order);
    QString query = u"scope=all"_s;
    if (!sort.isEmpty())
        query += u"&sort=%1&order=%2"_s.arg(sort, order);
    const QStringList expected
            = expectedIds(sort.isEmpty() ? u"createdAt"_s : sort, order != u"asc"_s,
                          [](const QJsonObject &) { return true; });
    QCOMPARE(expected.size(), seedCount);

    qint64 total = -1;
    QCOMPARE(walkByOffset(sam, query, &total), expected);
    QCOMPARE(total, qint64(seedCount));
    total = -1;
    QCOMPARE(walkByToken(sam, query, &total), expected);
    QCOMPARE(total, qint64(seedCount));
}

void tst_ApiPages::filteredPages_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("statuses");
    QTest::addColumn<QStringList>("types");
    QTest::newRow("mine") << pia << u"scope=mine&sort=displayName&order=asc"_s << QString()
                          << QStringList() << QStringList();
    QTest::newRow("status and type")
            << sam
            << u"scope=all&sort=progressPercentage&status=in_progress,completed"
               "&operationType=p.alpha,p.gamma"_s
            << QString() << QStringList{u"in_progress"_s, u"completed"_s}
            << QStringList{u"p.alpha"_s, u"p.gamma"_s};
    // Filters the partition trees answer (one owner, status or type), alone and together.
    QTest::newRow("one status") << sam << u"scope=all&status=completed"_s << QString()
                                << QStringList{u"completed"_s} << QStringList();
    QTest::newRow("one status, updatedAt asc")
            << sam << u"scope=all&sort=updatedAt&order=asc&status=in_progress"_s << QString()
            << QStringList{u"in_progress"_s} << QStringList();
    QTest::newRow("statuses, by status")
            << sam << u"scope=all&sort=status&status=in_progress,pending,failed"_s << QString()
            << QStringList{u"in_progress"_s, u"pending"_s, u"failed"_s} << QStringList();
    QTest::newRow("statuses, by status asc")
            << sam << u"scope=all&sort=status&order=asc&status=completed,waiting_for_approval"_s
            << QString() << QStringList{u"completed"_s, u"waiting_for_approval"_s} << QStringList();
    QTest::newRow("one type, by name")
            << sam << u"scope=all&sort=displayName&operationType=p.beta"_s << QString()
            << QStringList() << QStringList{u"p.beta"_s};
    QTest::newRow("types, by type")
            << sam << u"scope=all&sort=operationType&order=asc&operationType=p.alpha,p.beta"_s
            << QString() << QStringList() << QStringList{u"p.alpha"_s, u"p.beta"_s};
    QTest::newRow("one status, one type")
            << sam << u"scope=all&sort=updatedAt&status=in_progress&operationType=p.gamma"_s
            << QString() << QStringList{u"in_progress"_s} << QStringList{u"p.gamma"_s};
    QTest::newRow("mine, default order")
            << hal << u"scope=mine"_s << QString() << QStringList() << QStringList();
    QTest::newRow("mine, by progress") << pia << u"scope=mine&sort=progressPercentage"_s
                                       << QString() << QStringList() << QStringList();
    QTest::newRow("mine, statuses")
            << pia << u"scope=mine&order=asc&status=in_progress,waiting_for_approval"_s << QString()
            << QStringList{u"in_progress"_s, u"waiting_for_approval"_s} << QStringList();
    QTest::newRow("search ignores case") << sam << u"scope=all&sort=updatedAt&q=REPORT%20m"_s
                                         << u"report m"_s << QStringList() << QStringList();
    QTest::newRow("search by entity, mine") << pia << u"scope=mine&order=asc&q=ent-01"_s
                                            << u"ent-01"_s << QStringList() << QStringList();
    QTest::newRow("search by owner") << sam << u"scope=all&sort=status&q=HAL"_s << u"hal"_s
                                     << QStringList() << QStringList();
    QTest::newRow("search and status")
            << sam << u"scope=all&sort=displayName&order=desc&q=archive&status=pending"_s
            << u"archive"_s << QStringList{u"pending"_s} << QStringList();
    QTest::newRow("approvals") << bob << u"scope=approvals&sort=displayName"_s << QString()
                               << QStringList{u"waiting_for_approval"_s} << QStringList();
}

void tst_ApiPages::filteredPages()
{
    QFETCH(QString, user);
    QFETCH(QString, query);
    QFETCH(QString, search);
    QFETCH(QStringList, statuses);
    QFETCH(QStringList, types);
    const bool mine = query.contains(u"scope=mine"_s);
    const auto keep = [&](const QJsonObject &op) {
        return (!mine || ownerOf(op) == user)
                && (statuses.isEmpty() || statuses.contains(statusOf(op)))
                && (types.isEmpty() || types.contains(op.value(u"operationType"_s).toString()))
                && (search.isEmpty() || matchesSearch(op, search));
    };
    const QUrlQuery parsed(query);
    const QString sort = parsed.queryItemValue(u"sort"_s);
    const QStringList expected = expectedIds(sort.isEmpty() ? u"createdAt"_s : sort,
                                             parsed.queryItemValue(u"order"_s) != u"asc"_s, keep);
    QVERIFY(!expected.isEmpty());
    QVERIFY(expected.size() < seedCount);

    qint64 total = -1;
    QCOMPARE(walkByOffset(user, query, &total), expected);
    QCOMPARE(total, qint64(expected.size()));
    total = -1;
    QCOMPARE(walkByToken(user, query, &total), expected);
    QCOMPARE(total, qint64(expected.size()));
}

void tst_ApiPages::badQuery_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown sort") << u"sort=owner"_s << u"sort"_s;
    QTest::newRow("sort in another case") << u"sort=createdat"_s << u"sort"_s;
    QTest::newRow("unknown order") << u"order=up"_s << u"order"_s;
    QTest::newRow("negative offset") << u"offset=-1"_s << u"offset"_s;
    QTest::newRow("offset not a number") << u"offset=ten"_s << u"offset"_s;
    QTest::newRow("offset with token") << u"offset=1&pageToken=MTIzfGFi"_s << u"offset"_s;
    QTest::newRow("sort on a delta") << u"since=0&sort=status"_s << u"sort"_s;
    QTest::newRow("offset on a delta") << u"since=0&offset=3"_s << u"offset"_s;
    QTest::newRow("search on a delta") << u"since=0&q=x"_s << u"q"_s;
    QTest::newRow("search too long") << u"q="_s + QString(201, u'x') << u"q"_s;
    // A default-order token (createdAt desc) in another order.
    QTest::newRow("token of another order")
            << u"sort=status&pageToken=MTIzfGFi"_s << u"pageToken"_s;
}

void tst_ApiPages::badQuery()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    ApiScenario::expectBadRequestNaming(m_client.get(u"/api/operations?scope=all&"_s + query, sam),
                                        field);
}

QJsonObject tst_ApiPages::countsOf(const QString &user, const QString &scope)
{
    const ApiResponse response = m_client.get(u"/api/operations/counts?scope="_s + scope, user);
    if (response.status != 200)
        QTest::qFail(qPrintable(response.describe()), __FILE__, __LINE__);
    return response.json;
}

QJsonObject tst_ApiPages::referenceCounts(
        const std::function<bool(const QJsonObject &)> &keep) const
{
    QHash<QString, qint64> byStatus;
    QHash<QString, QHash<QString, qint64>> byType;
    qint64 total = 0;
    for (const QJsonObject &op : m_operations) {
        if (!keep(op))
            continue;
        ++total;
        ++byStatus[statusOf(op)];
        ++byType[op.value(u"operationType"_s).toString()][statusOf(op)];
    }
    QJsonObject statuses;
    for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
        statuses.insert(it.key(), it.value());
    QJsonObject typesObject;
    for (auto it = byType.cbegin(); it != byType.cend(); ++it) {
        QJsonObject perStatus;
        for (auto s = it.value().cbegin(); s != it.value().cend(); ++s)
            perStatus.insert(s.key(), s.value());
        typesObject.insert(it.key(), perStatus);
    }
    return {{u"total"_s, total}, {u"byStatus"_s, statuses}, {u"byType"_s, typesObject}};
}

void tst_ApiPages::counts()
{
    const auto compareCounts = [this](const QJsonObject &got, const QJsonObject &expected) {
        for (const QString &key : {u"total"_s, u"byStatus"_s, u"byType"_s})
            QCOMPARE(got.value(key), expected.value(key));
    };
    const qint64 head = latestCursor(m_client, sam);
    const QJsonObject all = countsOf(sam, u"all"_s);
    QCOMPARE(all.value(u"version"_s).toInteger(), head);
    compareCounts(all, referenceCounts([](const QJsonObject &) { return true; }));
    if (QTest::currentTestFailed())
        return;
    compareCounts(countsOf(pia, u"mine"_s),
                  referenceCounts([](const QJsonObject &op) { return ownerOf(op) == pia; }));
    if (QTest::currentTestFailed())
        return;
    const QJsonObject approvals = countsOf(bob, u"approvals"_s);
    const auto waitsForVote
            = [](const QJsonObject &op) { return statusOf(op) == u"waiting_for_approval"_s; };
    compareCounts(approvals, referenceCounts(waitsForVote));
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(approvals.value(u"needsMyVote"_s).toInteger(),
             approvals.value(u"total"_s).toInteger());
    QVERIFY(approvals.value(u"total"_s).toInteger() > 0);
    // The owners of waiting operations vote on none of them.
    QCOMPARE(countsOf(pia, u"mine"_s).value(u"needsMyVote"_s).toInteger(), 0);

    // Visibility as the list route's, and a 304 for a version already seen.
    const ApiResponse refused = m_client.get(u"/api/operations/counts?scope=all"_s, pia);
    EXPECT_STATUS(refused, 403);
    ApiScenario::expectBadRequestNaming(
            m_client.get(u"/api/operations/counts?scope=everyone"_s, sam), u"scope"_s);
    const ApiResponse first = m_client.get(u"/api/operations/counts?scope=all"_s, sam);
    EXPECT_STATUS(first, 200);
    QCOMPARE(first.header("ETag"), "\"c" + QByteArray::number(head) + '"');
    EXPECT_STATUS(m_client.get(u"/api/operations/counts?scope=all"_s, sam,
                               {{"If-None-Match", first.header("ETag")}}),
                  304);
}

void tst_ApiPages::countsFollowChanges()
{
    const auto expectExact = [this](const QString &step) {
        const QJsonObject got = countsOf(sam, u"all"_s);
        const QJsonObject expected = referenceCounts([](const QJsonObject &) { return true; });
        for (const QString &key : {u"total"_s, u"byStatus"_s, u"byType"_s})
            QVERIFY2(got.value(key) == expected.value(key), qPrintable(step));
        qint64 listed = -1;
        walkByOffset(sam, u"scope=all&sort=status"_s, &listed);
        QVERIFY2(listed == expected.value(u"total"_s).toInteger(), qPrintable(step));
    };
    const QJsonObject created = m_scenario.create(
            pia,
            {{u"operationType"_s, u"p.delta"_s}, {u"approval"_s, QJsonObject{{u"required"_s, 1}}}});
    QVERIFY(!created.isEmpty());
    const QString id = idOf(created);
    refresh(id);
    expectExact(u"after a create"_s);
    const qint64 bobWaits = countsOf(bob, u"approvals"_s).value(u"needsMyVote"_s).toInteger();

    EXPECT_STATUS(
            m_client.patch(operationPath(id), pia, {{u"status"_s, u"waiting_for_approval"_s}}),
            200);
    refresh(id);
    expectExact(u"after a move"_s);
    QCOMPARE(countsOf(bob, u"approvals"_s).value(u"needsMyVote"_s).toInteger(), bobWaits + 1);
    QCOMPARE(countsOf(carol, u"mine"_s).value(u"needsMyVote"_s).toInteger(), bobWaits + 1);

    EXPECT_STATUS(
            m_client.post(operationPath(id, u"/votes"_s), bob, {{u"decision"_s, u"approve"_s}}),
            200);
    refresh(id);
    QVERIFY(statusOf(m_operations.value(id)) != u"waiting_for_approval"_s);
    expectExact(u"after a vote"_s);
    QCOMPARE(countsOf(bob, u"approvals"_s).value(u"needsMyVote"_s).toInteger(), bobWaits);
    const QJsonObject mine = countsOf(pia, u"mine"_s);
    QCOMPARE(mine.value(u"byType"_s).toObject().value(u"p.delta"_s).toObject(),
             QJsonObject({{statusOf(m_operations.value(id)), 1}}));
}

void tst_ApiPages::streamPushesCoalescedCounts()
{
    // The counts messages a recorder got, in arrival order.
    const auto countsPushed = [](const StreamRecorder &recorder) {
        QList<QJsonObject> counts;
        for (const QString &text : recorder.otherMessages()) {
            const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
            if (message.value(u"type"_s).toString() == u"counts"_s)
                counts.append(message.value(u"counts"_s).toObject());
        }
        return counts;
    };
    StreamRecorder staff(&m_server);
    StreamRecorder owner(&m_server);
    staff.open(sam);
    owner.open(pia);
    QTRY_VERIFY_WITH_TIMEOUT(staff.isConnected() && owner.isConnected()
                                     && !staff.otherMessages().isEmpty()
                                     && !owner.otherMessages().isEmpty(),
                             streamWaitMs); // "ready"
    QVERIFY(countsPushed(staff).isEmpty()); // nothing changed yet

    const QJsonObject created = m_scenario.create(pia, {{u"operationType"_s, u"p.stream"_s}});
    QVERIFY(!created.isEmpty());
    QElapsedTimer elapsed;
    elapsed.start();
    qint64 last = 0;
    for (int i = 1; i <= burst; ++i) {
        const ApiResponse moved
                = m_client.patch(operationPath(idOf(created)), pia,
                                 {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, i}});
        EXPECT_STATUS(moved, 200);
        last = versionOf(moved.json);
    }
    const auto reached = [&](const StreamRecorder &recorder) {
        const QList<QJsonObject> counts = countsPushed(recorder);
        return !counts.isEmpty() && counts.constLast().value(u"version"_s).toInteger() >= last;
    };
    QTRY_VERIFY_WITH_TIMEOUT(reached(staff) && reached(owner), streamWaitMs);
    const qint64 spentMs = elapsed.elapsed();
    refresh(idOf(created));

    // Coalesced: at most one per interval (and one for the first change), not one per change.
    const QList<QJsonObject> pushed = countsPushed(staff);
    QVERIFY2(pushed.size() <= spentMs / countsIntervalMs + 2,
             qPrintable(u"%1 counts in %2 ms"_s.arg(pushed.size()).arg(spentMs)));
    QVERIFY(pushed.size() < burst + 1);
    // Each the counts route's answer for the subscriber's widest scope.
    QCOMPARE(pushed.constLast(), countsOf(sam, u"all"_s));
    QCOMPARE(countsPushed(owner).constLast(), countsOf(pia, u"mine"_s));
}

QTEST_GUILESS_MAIN(tst_ApiPages)
#include "tst_api_pages.moc"
