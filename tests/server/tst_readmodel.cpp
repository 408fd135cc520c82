// The read model on its own: pages by creation time with a token, deltas by version with the
// caller's visibility, and a committed batch that replaces, appends and removes. The service
// reads only through it, so these are the rules a second store and a faster read path keep.

#include "operationcodec.h"
#include "readmodel.h"

#include <QJsonDocument>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

const QDateTime epoch = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
const UserAccount alice{u"alice"_s, {}, {}};
const UserAccount bob{u"bob"_s, {}, {}};
const UserAccount staff{u"sam"_s, {u"staff"_s}, {}};

Operation operation(int n, const QString &owner, qint64 version)
{
    Operation op;
    op.operationId = u"op_%1"_s.arg(n, 16, 10, QChar(u'0'));
    op.operationType = u"t.read"_s;
    op.context.insert(u"userId"_s, owner);
    op.createdAt = epoch.addSecs(n);
    op.updatedAt = op.createdAt;
    op.version = version;
    return op;
}

QStringList ids(const QList<const PublishedOperation *> &operations)
{
    QStringList out;
    for (const PublishedOperation *published : operations)
        out << published->operation.operationId;
    return out;
}

QByteArray codecBytes(const Operation &op)
{
    return QJsonDocument(codec::toJson(op)).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_ReadModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void pagesNewestFirst();
    void badPageToken();
    void deltaFollowsVersions();
    void scopeAllNeedsARole();
    void batchReplacesAndRemoves();

private:
    ReadModel m_reads;
};

void tst_ReadModel::init()
{
    // Alice owns 1, 3, 5; bob owns 2, 4. Versions follow creation.
    m_reads = ReadModel();
    QList<Operation> operations;
    for (int n = 1; n <= 5; ++n)
        operations << operation(n, n % 2 ? alice.userId : bob.userId, n);
    QHash<QString, QList<OperationEvent>> events;
    events.insert(operations.first().operationId, {OperationEvent{}});
    m_reads.load(operations, events, 5);
}

void tst_ReadModel::pagesNewestFirst()
{
    ListQuery query;
    query.limit = 2;
    ListResult first;
    QVERIFY(!m_reads.list(alice, query, &first));
    QCOMPARE(ids(first.operations),
             (QStringList{u"op_0000000000000005"_s, u"op_0000000000000003"_s}));
    QVERIFY(!first.nextPageToken.isEmpty());
    QCOMPARE(first.cursor, 5);

    query.pageToken = first.nextPageToken;
    ListResult second;
    QVERIFY(!m_reads.list(alice, query, &second));
    QCOMPARE(ids(second.operations), QStringList{u"op_0000000000000001"_s});
    QVERIFY(second.nextPageToken.isEmpty());
}

void tst_ReadModel::badPageToken()
{
    ListQuery query;
    query.pageToken = u"not-a-token"_s;
    ListResult result;
    const std::optional<ApiError> error = m_reads.list(alice, query, &result);
    QVERIFY(error);
    QCOMPARE(error->httpStatus, 400);
}

void tst_ReadModel::deltaFollowsVersions()
{
    qint64 cursor = 0;
    const QList<const PublishedOperation *> bobs = m_reads.changesSince(bob, 1, 10, &cursor);
    QCOMPARE(ids(bobs), (QStringList{u"op_0000000000000002"_s, u"op_0000000000000004"_s}));
    QCOMPARE(cursor, 5); // the head: nothing visible to bob follows
    const QList<const PublishedOperation *> limited = m_reads.changesSince(staff, 0, 2, &cursor);
    QCOMPARE(ids(limited), (QStringList{u"op_0000000000000001"_s, u"op_0000000000000002"_s}));
    QCOMPARE(cursor, 2);

    ListQuery query;
    query.since = 3;
    ListResult result;
    QVERIFY(!m_reads.list(alice, query, &result));
    QCOMPARE(ids(result.operations), QStringList{u"op_0000000000000005"_s});
}

void tst_ReadModel::scopeAllNeedsARole()
{
    ListQuery query;
    query.scope = ListQuery::Scope::All;
    ListResult result;
    const std::optional<ApiError> refused = m_reads.list(alice, query, &result);
    QVERIFY(refused);
    QCOMPARE(refused->httpStatus, 403);
    QVERIFY(!m_reads.list(staff, query, &result));
    QCOMPARE(result.operations.size(), 5);
}

void tst_ReadModel::batchReplacesAndRemoves()
{
    Operation moved = *m_reads.find(u"op_0000000000000002"_s);
    moved.status = OperationStatus::InProgress;
    moved.version = 6;
    WriteBatch batch;
    batch.operations << moved << operation(6, alice.userId, 7);
    batch.removedOperations << u"op_0000000000000001"_s;
    batch.version = 7;
    m_reads.apply(batch);

    QCOMPARE(m_reads.headVersion(), 7);
    QCOMPARE(m_reads.size(), 5);
    QVERIFY(!m_reads.find(u"op_0000000000000001"_s));
    QVERIFY(m_reads.events(u"op_0000000000000001"_s).isEmpty());
    QCOMPARE(m_reads.find(u"op_0000000000000002"_s)->status, OperationStatus::InProgress);
    // The moved operation left its old version: it shows once, at its new one.
    qint64 cursor = 0;
    QCOMPARE(ids(m_reads.changesSince(staff, 1, 10, &cursor)),
             (QStringList{u"op_0000000000000003"_s, u"op_0000000000000004"_s,
                          u"op_0000000000000005"_s, u"op_0000000000000002"_s,
                          u"op_0000000000000006"_s}));
    QCOMPARE(cursor, 7);
    // Each version's bytes are made when it is published: the moved one's are its new state.
    const PublishedOperation *published = m_reads.published(u"op_0000000000000002"_s);
    QVERIFY(published);
    QCOMPARE(published->json, codecBytes(moved));
    QCOMPARE(published->etag, QByteArray("\"v6\""));
    for (const PublishedOperation &each : m_reads.operations())
        QCOMPARE(each.json, codecBytes(each.operation));
}

QTEST_GUILESS_MAIN(tst_ReadModel)
#include "tst_readmodel.moc"
