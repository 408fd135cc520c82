// The read model's filtered and searched pages against a brute-force reference, at sizes
// where its partition trees and its search buffer do real work: every filter (owner,
// status, type, together) in every order, by offset and by page token, with exact totals;
// searches through many changes (dead text, the buffer rewritten); and the search buffer on
// its own (one hit per text, dead text never found, no match across two texts); the lists
// per owner, status and type built on first use and kept current through changes made
// before and after.

#include "operationindex.h"
#include "operationwindowquery.h"
#include "readmodel.h"
#include "searchtext.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int operationCount = 3000;
constexpr int searchCount = 20'000; // more text than SearchText keeps dead without a rewrite
constexpr int changeRounds = 3;
constexpr int changeCount = 2000;
constexpr int changedAway = 20; // operations removed and added by each round of changes
constexpr int pageLimit = 40;
constexpr quint32 seed = 16;
const QDateTime epoch = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
const QStringList owners{u"alice"_s, u"bob"_s, u"carol"_s, u"dan"_s};
const QStringList types{u"t.upload"_s, u"t.export"_s, u"t.rare"_s};
const QStringList names{u"Payroll"_s, u"archive"_s, u"Archive"_s, QString(), u"Zeta"_s};
const UserAccount staff{u"sam"_s, {u"staff"_s}, {}};

Operation operation(int n, QRandomGenerator &random, qint64 version)
{
    Operation op;
    op.operationId
            = u"op_%1"_s.arg(random.bounded(1'000'000), 7, 10, QChar(u'0')) + QString::number(n);
    // Rare matches: one type and one status are one in fifty.
    op.operationType = random.bounded(50) == 0 ? types.at(2) : types.at(random.bounded(2));
    op.status = random.bounded(50) == 0 ? OperationStatus::Cancelled
                                        : OperationStatus(random.bounded(6));
    op.context.insert(u"userId"_s, owners.at(random.bounded(owners.size())));
    op.displayName = names.at(random.bounded(names.size()));
    op.entityId = u"ent-%1"_s.arg(n);
    op.createdAt = epoch.addSecs(random.bounded(500)); // ties
    op.updatedAt = op.createdAt.addSecs(random.bounded(500));
    op.progressPercentage = random.bounded(5) * 25;
    op.version = version;
    return op;
}

UserAccount user(const QString &id)
{
    return {id, {}, {}};
}

} // namespace

class tst_ReadModelPages final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void filteredPages_data();
    void filteredPages();
    void searchFollowsChanges();
    void partitionListsFollowChanges_data();
    void partitionListsFollowChanges();
    void partitionListsBuiltOnFirstUse();
    void searchTextFindsEachTextOnce();
    void searchTextNeverMatchesAcrossTexts();

private:
    /// The reference: the operations the query keeps, in core's order for the wire.
    static QStringList expected(const QList<Operation> &operations, const UserAccount &caller,
                                const ListQuery &query);
    static QStringList byOffset(const ReadModel &reads, const UserAccount &caller, ListQuery query,
                                qint64 *total);
    static QStringList byToken(const ReadModel &reads, const UserAccount &caller, ListQuery query,
                               qint64 *total);

    ReadModel m_reads;
    QList<Operation> m_operations;
};

void tst_ReadModelPages::initTestCase()
{
    QRandomGenerator random(seed);
    for (int n = 0; n < operationCount; ++n)
        m_operations.append(operation(n, random, n + 1));
    m_reads.load(m_operations, {}, operationCount);
}

QStringList tst_ReadModelPages::expected(const QList<Operation> &operations,
                                         const UserAccount &caller, const ListQuery &query)
{
    OperationWindowQuery reference;
    reference.statuses = QList<OperationStatus>(query.statuses.cbegin(), query.statuses.cend());
    reference.operationTypes = QStringList(query.types.cbegin(), query.types.cend());
    reference.text = query.search;
    reference.sortKey = query.order.key;
    reference.descending = query.order.descending;
    QList<Operation> kept;
    for (const Operation &op : operations) {
        if (reference.matches(op)
            && (query.scope == ListQuery::Scope::All || op.owner() == caller.userId))
            kept.append(op);
    }
    std::sort(kept.begin(), kept.end(),
              [&](const Operation &a, const Operation &b) { return reference.before(a, b); });
    QStringList ids;
    for (const Operation &op : kept)
        ids.append(op.operationId);
    return ids;
}

QStringList tst_ReadModelPages::byOffset(const ReadModel &reads, const UserAccount &caller,
                                         ListQuery query, qint64 *total)
{
    QStringList ids;
    query.limit = pageLimit;
    for (query.offset = 0;; query.offset += pageLimit) {
        ListResult result;
        if (reads.list(caller, query, &result))
            return {u"error"_s};
        *total = result.total.value_or(-1);
        if (result.operations.isEmpty())
            return ids;
        for (const PublishedOperation *published : result.operations)
            ids.append(published->operation.operationId);
    }
}

QStringList tst_ReadModelPages::byToken(const ReadModel &reads, const UserAccount &caller,
                                        ListQuery query, qint64 *total)
{
    QStringList ids;
    query.limit = pageLimit;
    for (;;) {
        ListResult result;
        if (reads.list(caller, query, &result))
            return {u"error"_s};
        *total = result.total.value_or(-1);
        for (const PublishedOperation *published : result.operations)
            ids.append(published->operation.operationId);
        if (result.nextPageToken.isEmpty())
            return ids;
        query.pageToken = result.nextPageToken;
    }
}

void tst_ReadModelPages::filteredPages_data()
{
    QTest::addColumn<QString>("caller");
    QTest::addColumn<bool>("mine");
    QTest::addColumn<QList<int>>("statuses"); // OperationStatus
    QTest::addColumn<QStringList>("types");
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("key"); // OperationSortKey
    QTest::addColumn<bool>("descending");
    const QList<
            std::tuple<const char *, QString, bool, QList<OperationStatus>, QStringList, QString>>
            filters{
                    {"mine", u"bob"_s, true, {}, {}, {}},
                    {"rare status", u"sam"_s, false, {OperationStatus::Cancelled}, {}, {}},
                    {"statuses",
                     u"sam"_s,
                     false,
                     {OperationStatus::Pending, OperationStatus::Cancelled},
                     {},
                     {}},
                    {"rare type", u"sam"_s, false, {}, {u"t.rare"_s}, {}},
                    {"types", u"sam"_s, false, {}, {u"t.rare"_s, u"t.export"_s}, {}},
                    {"status and type",
                     u"sam"_s,
                     false,
                     {OperationStatus::InProgress},
                     {u"t.upload"_s},
                     {}},
                    {"mine, statuses",
                     u"carol"_s,
                     true,
                     {OperationStatus::Failed, OperationStatus::Pending},
                     {},
                     {}},
                    {"mine, type", u"dan"_s, true, {}, {u"t.rare"_s}, {}},
                    {"search", u"sam"_s, false, {}, {}, u"ENT-12"_s},
                    {"search, mine, status",
                     u"alice"_s,
                     true,
                     {OperationStatus::Completed},
                     {},
                     u"ent-1"_s},
            };
    for (const auto &[name, caller, mine, statuses, filterTypes, search] : filters) {
        QList<int> statusNumbers;
        for (const OperationStatus status : statuses)
            statusNumbers.append(int(status));
        for (int key = 0; key < sortKeyCount; ++key) {
            for (const bool descending : {true, false}) {
                QTest::addRow("%s, %s %s", name, qPrintable(sortKeyToWire(OperationSortKey(key))),
                              descending ? "desc" : "asc")
                        << caller << mine << statusNumbers << filterTypes << search << key
                        << descending;
            }
        }
    }
}

void tst_ReadModelPages::filteredPages()
{
    QFETCH(QString, caller);
    QFETCH(bool, mine);
    QFETCH(QList<int>, statuses);
    QFETCH(QStringList, types);
    QFETCH(QString, search);
    QFETCH(int, key);
    QFETCH(bool, descending);
    ListQuery query;
    query.scope = mine ? ListQuery::Scope::Mine : ListQuery::Scope::All;
    for (const int status : statuses)
        query.statuses.insert(OperationStatus(status));
    query.types = QSet<QString>(types.cbegin(), types.cend());
    query.search = search;
    query.order = {OperationSortKey(key), descending};
    const UserAccount account = caller == staff.userId ? staff : user(caller);

    const QStringList reference = expected(m_operations, account, query);
    QVERIFY(!reference.isEmpty());
    QVERIFY(reference.size() < operationCount);
    qint64 total = -1;
    QCOMPARE(byOffset(m_reads, account, query, &total), reference);
    QCOMPARE(total, qint64(reference.size()));
    total = -1;
    QCOMPARE(byToken(m_reads, account, query, &total), reference);
    QCOMPARE(total, qint64(reference.size()));
    // A page deep in the middle, by offset alone.
    query.offset = reference.size() / 2;
    query.limit = 3;
    ListResult middle;
    QVERIFY(!m_reads.list(account, query, &middle));
    QCOMPARE(middle.operations.value(0)->operation.operationId, reference.at(query.offset));
}

void tst_ReadModelPages::searchFollowsChanges()
{
    // A model of its own: many operations renamed again and again leave dead text behind,
    // and the buffer is rewritten on the way; a search sees only what each is now.
    QRandomGenerator random(seed);
    ReadModel reads;
    QList<Operation> operations;
    for (int n = 0; n < searchCount; ++n)
        operations.append(operation(n, random, n + 1));
    reads.load(operations, {}, searchCount);
    qint64 version = searchCount;
    for (int round = 0; round < changeRounds; ++round) {
        WriteBatch batch;
        for (Operation &op : operations) {
            op.displayName = u"Round %1 of %2"_s.arg(round).arg(random.bounded(10));
            op.version = ++version;
            batch.operations.append(op);
        }
        batch.version = version;
        reads.apply(batch);
    }
    ListQuery query;
    query.scope = ListQuery::Scope::All;
    query.limit = searchCount;
    query.search = u"round 2 of 7"_s;
    ListResult result;
    QVERIFY(!reads.list(staff, query, &result));
    const auto wanted = std::count_if(operations.cbegin(), operations.cend(), [](const auto &op) {
        return op.displayName == u"Round 2 of 7"_s;
    });
    QVERIFY(wanted > 0);
    QCOMPARE(result.total.value_or(-1), qint64(wanted));
    QCOMPARE(result.operations.size(), wanted);
    query.search = u"round 1"_s; // an earlier name: gone
    QVERIFY(!reads.list(staff, query, &result));
    QCOMPARE(result.total.value_or(-1), 0);
}

void tst_ReadModelPages::partitionListsFollowChanges_data()
{
    QTest::addColumn<QString>("caller");
    QTest::addColumn<bool>("mine");
    QTest::addColumn<int>("status"); // OperationStatus, -1: any
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("key"); // OperationSortKey
    QTest::addColumn<bool>("descending");
    for (const auto key : {OperationSortKey::UpdatedAt, OperationSortKey::Progress,
                           OperationSortKey::DisplayName, OperationSortKey::Status}) {
        const QByteArray sort = sortKeyToWire(key).toUtf8();
        QTest::addRow("owner, %s", sort.data())
                << u"bob"_s << true << -1 << QString() << int(key) << true;
        QTest::addRow("type, %s", sort.data())
                << u"sam"_s << false << -1 << types.at(2) << int(key) << false;
        QTest::addRow("status, %s", sort.data())
                << u"sam"_s << false << int(OperationStatus::Cancelled) << QString() << int(key)
                << true;
        QTest::addRow("owner and type, %s", sort.data())
                << u"carol"_s << true << -1 << types.at(1) << int(key) << false;
    }
}

void tst_ReadModelPages::partitionListsFollowChanges()
{
    // The partitioned lists are built on the first page that needs one: from the state that
    // changes before it left, and kept current by the changes after it.
    QFETCH(QString, caller);
    QFETCH(bool, mine);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(int, key);
    QFETCH(bool, descending);
    ListQuery query;
    query.scope = mine ? ListQuery::Scope::Mine : ListQuery::Scope::All;
    if (status >= 0)
        query.statuses.insert(OperationStatus(status));
    if (!type.isEmpty())
        query.types.insert(type);
    query.order = {OperationSortKey(key), descending};
    const UserAccount account = caller == staff.userId ? staff : user(caller);

    QRandomGenerator random(seed + 1);
    QList<Operation> operations;
    for (int n = 0; n < changeCount; ++n)
        operations.append(operation(n, random, n + 1));
    ReadModel reads;
    reads.load(operations, {}, changeCount);
    qint64 version = changeCount;
    int added = changeCount;
    const auto change = [&] {
        // A third of the operations get a new version that moves them in some list; a few
        // leave and new ones come.
        WriteBatch batch;
        for (int i = 0; i < changedAway; ++i) {
            batch.removedOperations.append(
                    operations.takeAt(random.bounded(operations.size())).operationId);
            operations.append(operation(added++, random, ++version));
            batch.operations.append(operations.back());
        }
        for (Operation &op : operations) {
            if (random.bounded(3) != 0)
                continue;
            switch (random.bounded(4)) {
            case 0:
                op.context.insert(u"userId"_s, owners.at(random.bounded(owners.size())));
                break;
            case 1:
                op.operationType = types.at(random.bounded(types.size()));
                break;
            case 2:
                op.status = OperationStatus(random.bounded(OperationStatusCount));
                break;
            default:
                op.displayName = names.at(random.bounded(names.size()));
                break;
            }
            op.progressPercentage = random.bounded(5) * 25;
            op.updatedAt = op.updatedAt.addSecs(random.bounded(100));
            op.version = ++version;
            batch.operations.append(op);
        }
        batch.version = version;
        reads.apply(batch);
    };

    change(); // before the first filtered page
    QStringList reference = expected(operations, account, query);
    QVERIFY(!reference.isEmpty());
    qint64 total = -1;
    QCOMPARE(byOffset(reads, account, query, &total), reference);
    QCOMPARE(total, qint64(reference.size()));
    for (int round = 0; round < changeRounds; ++round) {
        change(); // after: the lists built are kept current
        reference = expected(operations, account, query);
        total = -1;
        QCOMPARE(byToken(reads, account, query, &total), reference);
        QCOMPARE(total, qint64(reference.size()));
        QCOMPARE(byOffset(reads, account, query, &total), reference);
    }
}

void tst_ReadModelPages::partitionListsBuiltOnFirstUse()
{
    QRandomGenerator random(seed);
    OperationIndex index;
    QList<Operation> operations;
    for (int n = 0; n < changeCount; ++n) {
        operations.append(operation(n, random, n + 1));
        index.put(operations.back());
    }
    for (int p = 0; p < partitionCount; ++p) {
        for (int key = 0; key < sortKeyCount; ++key)
            QVERIFY(!index.hasPartitionList(Partition(p), OperationSortKey(key)));
    }
    IndexedOperation bob;
    bob.owner = u"bob"_s;
    const auto owned = [&] {
        return std::count_if(operations.cbegin(), operations.cend(),
                             [](const Operation &op) { return op.owner() == u"bob"_s; });
    };
    OperationIndex::Range range
            = index.partitionRange(Partition::Owner, OperationSortKey::UpdatedAt, bob);
    QCOMPARE(range.end - range.first, owned());
    QVERIFY(index.hasPartitionList(Partition::Owner, OperationSortKey::UpdatedAt));
    QVERIFY(!index.hasPartitionList(Partition::Owner, OperationSortKey::CreatedAt));
    QVERIFY(!index.hasPartitionList(Partition::Type, OperationSortKey::UpdatedAt));

    // Bob's first operation that is not his becomes his; his first one leaves him.
    const auto isBobs = [](const Operation &op) { return op.owner() == u"bob"_s; };
    Operation &gained = *std::find_if_not(operations.begin(), operations.end(), isBobs);
    gained.context.insert(u"userId"_s, u"bob"_s);
    index.put(gained);
    Operation &lost = *std::find_if(operations.begin(), operations.end(), isBobs);
    lost.context.insert(u"userId"_s, u"alice"_s);
    index.put(lost);
    index.remove(std::find_if(operations.cbegin(), operations.cend(), isBobs)->operationId);
    operations.erase(std::find_if(operations.cbegin(), operations.cend(), isBobs));
    range = index.partitionRange(Partition::Owner, OperationSortKey::UpdatedAt, bob);
    QCOMPARE(range.end - range.first, owned());
    const RankedList &list = index.partitionList(Partition::Owner, OperationSortKey::UpdatedAt);
    for (qsizetype rank = range.first; rank < range.end; ++rank) {
        QCOMPARE(list.at(rank).owner, u"bob"_s);
        if (rank > range.first)
            QVERIFY(list.at(rank - 1).updatedMs <= list.at(rank).updatedMs);
    }
}

void tst_ReadModelPages::searchTextFindsEachTextOnce()
{
    std::vector<std::unique_ptr<IndexedOperation>> entries;
    SearchText texts;
    for (const QByteArray &text : {QByteArray("aaaa"), QByteArray("xaay"), QByteArray("b")}) {
        entries.push_back(std::make_unique<IndexedOperation>());
        texts.put(entries.back().get(), text);
    }
    QCOMPARE(texts.find("aa").size(), std::size_t(2)); // "aaaa" holds it three times
    QCOMPARE(texts.textOf(entries.at(1).get()), QByteArrayView("xaay"));
    texts.remove(entries.at(0).get());
    const std::vector<const IndexedOperation *> left = texts.find("aa");
    QCOMPARE(left.size(), std::size_t(1));
    QCOMPARE(left.front(), entries.at(1).get());
    QVERIFY(texts.textOf(entries.at(0).get()).isEmpty());
}

void tst_ReadModelPages::searchTextNeverMatchesAcrossTexts()
{
    IndexedOperation first;
    IndexedOperation second;
    SearchText texts;
    texts.put(&first, "ends with ab");
    texts.put(&second, "cd starts");
    QVERIFY(texts.find(QByteArrayView("ab\0cd", 5)).empty());
    const std::vector<const IndexedOperation *> found = texts.find("cd");
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found.front(), &second);
}

QTEST_GUILESS_MAIN(tst_ReadModelPages)
#include "tst_readmodelpages.moc"
