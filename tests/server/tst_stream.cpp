// The WebSocket stream: the token in the Authorization header or access_token, bad tokens
// refused, replay after since then live pushes, and no operation reaching someone who may
// not see it.
//
// Assumptions where the contract is silent (repeated at the test that relies on them):
// - A bad token is refused at the handshake: the socket never connects.
// - Pushes go out in the order of the changes, so once a later change of one's own has
//   arrived, any earlier push would have too.
// - An approver's stream carries an operation while it waits for the approver's vote.

#include "apiclient.h"
#include "apihelpers.h"
#include "apiscenario.h"
#include "operationwriters.h"
#include "optrackdprocess.h"
#include "streamrecorder.h"

#include <QHash>
#include <QJsonArray>
#include <QTest>

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

constexpr int connectTimeoutMs = 10'000;
constexpr int pushTimeoutMs = 10'000;
constexpr int loadTimeoutMs = 180'000;
constexpr int writerLanes = 6;
constexpr int operationsPerLane = 5;

using Placement = StreamRecorder::TokenPlacement;

} // namespace

class tst_Stream final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void livePush_data();
    void livePush();
    void badTokenRefused_data();
    void badTokenRefused();
    void replayThenLive_data();
    void replayThenLive();
    void noLeakage();
    void replayShowsOnlyVisible();
    void approverSeesWhatWaitsForVote();
    void staffStreamKeepsUpWithWriters();

private:
    static void expectVersionsNeverGoBack(const StreamRecorder &recorder);

    OptrackdProcess m_server;
    ApiClient m_client{&m_server};
    ApiScenario m_scenario{m_client};
};

void tst_Stream::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_Stream::cleanupTestCase()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
}

void tst_Stream::expectVersionsNeverGoBack(const StreamRecorder &recorder)
{
    QHash<QString, qint64> last;
    for (const QJsonObject &operation : recorder.operations()) {
        const qint64 version = versionOf(operation);
        QVERIFY2(version >= last.value(idOf(operation), 0),
                 qPrintable(u"%1 went back to %2"_s.arg(idOf(operation)).arg(version)));
        last.insert(idOf(operation), version);
    }
}

void tst_Stream::livePush_data()
{
    QTest::addColumn<Placement>("placement");
    QTest::newRow("Authorization header") << Placement::AuthorizationHeader;
    QTest::newRow("access_token parameter") << Placement::QueryParameter;
}

void tst_Stream::livePush()
{
    QFETCH(Placement, placement);
    StreamRecorder recorder(&m_server);
    recorder.open(alice, -1, placement);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.isConnected(), connectTimeoutMs);

    const QJsonObject created = m_scenario.create(alice, {{u"operationType"_s, u"s.live"_s}});
    QVERIFY(!created.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(recorder.sawVersionAtLeast(idOf(created), versionOf(created)),
                             pushTimeoutMs);
    const ApiResponse patched
            = m_client.patch(operationPath(idOf(created)), svc,
                             {{u"progressPercentage"_s, 30}, {u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(patched, 200);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.sawVersionAtLeast(idOf(created), versionOf(patched.json)),
                             pushTimeoutMs);
    // The push carries the whole operation as a read gives it.
    const ApiResponse read = m_client.get(operationPath(idOf(created)), alice);
    QCOMPARE(withoutEstimate(recorder.latest(idOf(created))), withoutEstimate(read.json));
    expectVersionsNeverGoBack(recorder);
}

void tst_Stream::badTokenRefused_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<Placement>("placement");
    QTest::newRow("unknown token in header")
            << OptrackdProcess::unknownUser << Placement::AuthorizationHeader;
    QTest::newRow("unknown token as parameter")
            << OptrackdProcess::unknownUser << Placement::QueryParameter;
    QTest::newRow("no token") << alice << Placement::None;
}

void tst_Stream::badTokenRefused()
{
    QFETCH(QString, user);
    QFETCH(Placement, placement);
    StreamRecorder recorder(&m_server);
    recorder.open(user, 0, placement);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.wasDisconnected() || recorder.hadError(), connectTimeoutMs);
    // Assumption: refused at the handshake (401), not accepted and closed.
    QVERIFY(!recorder.wasEverConnected());
    QVERIFY(recorder.operations().isEmpty());
}

void tst_Stream::replayThenLive_data()
{
    livePush_data();
}

void tst_Stream::replayThenLive()
{
    QFETCH(Placement, placement);
    const QJsonObject first = m_scenario.create(alice, {{u"operationType"_s, u"s.replay"_s}});
    QVERIFY(!first.isEmpty());
    const qint64 since = versionOf(first);
    const QJsonObject second = m_scenario.create(alice, {{u"operationType"_s, u"s.replay"_s}});
    QVERIFY(!second.isEmpty());
    const ApiResponse secondPatched
            = m_client.patch(operationPath(idOf(second)), alice, {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(secondPatched, 200);
    const QJsonObject third = m_scenario.create(alice, {{u"operationType"_s, u"s.replay"_s}});
    QVERIFY(!third.isEmpty());

    StreamRecorder recorder(&m_server);
    recorder.open(alice, since, placement);
    // The replay: what changed after since, in its current state.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.sawVersionAtLeast(idOf(third), versionOf(third)),
                             pushTimeoutMs);
    QVERIFY(recorder.sawVersionAtLeast(idOf(second), versionOf(secondPatched.json)));
    QCOMPARE(statusOf(recorder.latest(idOf(second))), u"in_progress"_s);
    QVERIFY2(!recorder.sawOperation(idOf(first)), "an operation unchanged since V came");
    for (const QJsonObject &operation : recorder.operations())
        QVERIFY(versionOf(operation) > since);

    // Then live.
    const ApiResponse live
            = m_client.patch(operationPath(idOf(first)), svc, {{u"progressPercentage"_s, 5}});
    EXPECT_STATUS(live, 200);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.sawVersionAtLeast(idOf(first), versionOf(live.json)),
                             pushTimeoutMs);
    QCOMPARE(recorder.latest(idOf(first)).value(u"progressPercentage"_s).toDouble(), 5.0);
    expectVersionsNeverGoBack(recorder);
}

// Assumption: pushes keep the order of the changes (see the file comment).
void tst_Stream::noLeakage()
{
    const QStringList users{alice, dave, sam, ada, svc};
    QHash<QString, StreamRecorder *> streams;
    for (const QString &user : users) {
        auto *recorder = new StreamRecorder(&m_server, this);
        recorder->open(user);
        streams.insert(user, recorder);
    }
    for (StreamRecorder *recorder : std::as_const(streams))
        QTRY_VERIFY_WITH_TIMEOUT(recorder->isConnected(), connectTimeoutMs);

    const QJsonObject daves = m_scenario.create(dave, {{u"operationType"_s, u"s.private"_s}});
    QVERIFY(!daves.isEmpty());
    const ApiResponse davesPatched
            = m_client.patch(operationPath(idOf(daves)), svc, {{u"status"_s, u"in_progress"_s}});
    EXPECT_STATUS(davesPatched, 200);
    const QJsonObject alices = m_scenario.create(alice, {{u"operationType"_s, u"s.private"_s}});
    QVERIFY(!alices.isEmpty());
    const QJsonObject aliceLast = m_scenario.create(alice, {{u"operationType"_s, u"s.sentinel"_s}});
    const QJsonObject daveLast = m_scenario.create(dave, {{u"operationType"_s, u"s.sentinel"_s}});
    QVERIFY(!aliceLast.isEmpty() && !daveLast.isEmpty());

    StreamRecorder *alicesStream = streams.value(alice);
    StreamRecorder *davesStream = streams.value(dave);
    QTRY_VERIFY_WITH_TIMEOUT(alicesStream->sawOperation(idOf(aliceLast)), pushTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(davesStream->sawOperation(idOf(daveLast)), pushTimeoutMs);
    for (const QString &reader : {sam, ada, svc}) {
        StreamRecorder *stream = streams.value(reader);
        QTRY_VERIFY_WITH_TIMEOUT(stream->sawOperation(idOf(daveLast)), pushTimeoutMs);
        QVERIFY(stream->sawVersionAtLeast(idOf(daves), versionOf(davesPatched.json)));
        QVERIFY(stream->sawOperation(idOf(alices)));
        QVERIFY(stream->sawOperation(idOf(aliceLast)));
    }

    QVERIFY(alicesStream->sawOperation(idOf(alices)));
    for (const QJsonObject &operation : alicesStream->operations())
        QCOMPARE(ownerOf(operation), alice);
    QVERIFY(davesStream->sawVersionAtLeast(idOf(daves), versionOf(davesPatched.json)));
    for (const QJsonObject &operation : davesStream->operations())
        QCOMPARE(ownerOf(operation), dave);
    qDeleteAll(streams);
}

void tst_Stream::replayShowsOnlyVisible()
{
    QVERIFY(!m_scenario.create(dave, {{u"operationType"_s, u"s.old"_s}}).isEmpty());
    const QJsonObject alices = m_scenario.create(alice, {{u"operationType"_s, u"s.old"_s}});
    QVERIFY(!alices.isEmpty());
    const qint64 everything = m_scenario.cursor();

    StreamRecorder alicesStream(&m_server);
    alicesStream.open(alice, 0);
    StreamRecorder staffStream(&m_server);
    staffStream.open(sam, 0);
    QTRY_VERIFY_WITH_TIMEOUT(alicesStream.sawOperation(idOf(alices)), pushTimeoutMs);
    // The staff replay reaches the newest change there is.
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonObject &operation : staffStream.operations()) {
                    if (versionOf(operation) >= everything)
                        return true;
                }
                return false;
            }(),
            pushTimeoutMs);
    // A sentinel of alice's after the replay proves her replay is complete.
    const QJsonObject sentinel = m_scenario.create(alice, {{u"operationType"_s, u"s.old"_s}});
    QTRY_VERIFY_WITH_TIMEOUT(alicesStream.sawOperation(idOf(sentinel)), pushTimeoutMs);
    for (const QJsonObject &operation : alicesStream.operations())
        QCOMPARE(ownerOf(operation), alice);
    QSet<QString> staffOwners;
    for (const QJsonObject &operation : staffStream.operations())
        staffOwners.insert(ownerOf(operation));
    QVERIFY(staffOwners.contains(alice) && staffOwners.contains(dave));
    expectVersionsNeverGoBack(alicesStream);
    expectVersionsNeverGoBack(staffStream);
}

// Assumption: an approver may see an operation while it waits for votes (as GET allows).
void tst_Stream::approverSeesWhatWaitsForVote()
{
    StreamRecorder bobsStream(&m_server);
    bobsStream.open(bob);
    QTRY_VERIFY_WITH_TIMEOUT(bobsStream.isConnected(), connectTimeoutMs);
    const QJsonObject operation = m_scenario.create(
            alice,
            {{u"operationType"_s, u"s.vote"_s}, {u"approval"_s, QJsonObject{{u"required"_s, 1}}}});
    QVERIFY(!operation.isEmpty());
    const ApiResponse waiting = m_client.patch(operationPath(idOf(operation)), alice,
                                               {{u"status"_s, u"waiting_for_approval"_s}});
    EXPECT_STATUS(waiting, 200);
    QTRY_VERIFY_WITH_TIMEOUT(bobsStream.sawVersionAtLeast(idOf(operation), versionOf(waiting.json)),
                             pushTimeoutMs);
    QCOMPARE(statusOf(bobsStream.latest(idOf(operation))), u"waiting_for_approval"_s);
    // An operation of alice's that needs no vote never reaches bob.
    const QJsonObject plain = m_scenario.create(alice, {{u"operationType"_s, u"s.vote"_s}});
    const QJsonObject sentinel = m_scenario.create(bob, {{u"operationType"_s, u"s.vote"_s}});
    QVERIFY(!plain.isEmpty() && !sentinel.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(bobsStream.sawOperation(idOf(sentinel)), pushTimeoutMs);
    QVERIFY(!bobsStream.sawOperation(idOf(plain)));
}

// Every change of busy writers reaches a staff stream: its last push of each operation is
// the operation's final state.
void tst_Stream::staffStreamKeepsUpWithWriters()
{
    StreamRecorder staffStream(&m_server);
    staffStream.open(sam);
    StreamRecorder alicesStream(&m_server);
    alicesStream.open(alice);
    QTRY_VERIFY_WITH_TIMEOUT(staffStream.isConnected() && alicesStream.isConnected(),
                             connectTimeoutMs);

    OperationWriters writers(m_client);
    writers.start(writerLanes, operationsPerLane);
    QTRY_VERIFY_WITH_TIMEOUT(writers.isFinished(), loadTimeoutMs);
    QVERIFY2(writers.errors().isEmpty(), qPrintable(writers.errors().join(u'\n')));

    const QHash<QString, OperationWriters::Acknowledged> latest = writers.latestAcknowledged();
    QCOMPARE(latest.size(), writerLanes * operationsPerLane);
    for (const OperationWriters::Acknowledged &ack : latest) {
        QTRY_VERIFY_WITH_TIMEOUT(staffStream.sawVersionAtLeast(ack.operationId, ack.version),
                                 pushTimeoutMs);
        const ApiResponse read = m_client.get(operationPath(ack.operationId), sam);
        EXPECT_STATUS(read, 200);
        QCOMPARE(withoutEstimate(staffStream.latest(ack.operationId)), withoutEstimate(read.json));
        if (ownerOf(read.json) == alice) {
            QTRY_VERIFY_WITH_TIMEOUT(alicesStream.sawVersionAtLeast(ack.operationId, ack.version),
                                     pushTimeoutMs);
        } else {
            QVERIFY(!alicesStream.sawOperation(ack.operationId));
        }
    }
    expectVersionsNeverGoBack(staffStream);
    expectVersionsNeverGoBack(alicesStream);
}

QTEST_GUILESS_MAIN(tst_Stream)
#include "tst_stream.moc"
