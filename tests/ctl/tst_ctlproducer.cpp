#include "apiclient.h"
#include "apihelpers.h"
#include "ctlprocess.h"
#include "optrackdprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

/// optrackctl's one-shot commands against the real optrackd, as a backend script runs
/// them: start, update, complete, fail, cancel and vote change the operation as the
/// contract says, and --json prints the service's answer (failures: tst_ctlerrors).
class tst_CtlProducer final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void startPrintsTheIdAndCreates();
    void startWithApprovalWaitsForIt();
    void startJsonPrintsTheOperation();
    void startIdempotencyKeyMakesOneOperation();
    void startSendsTheHeartbeatWindow();
    void updateReportsAndMovesToInProgress();
    void updateWithoutOptionsIsAHeartbeat();
    void completeFromPendingWithResult();
    void failKeepsTheMessage();
    void cancelByTheOwner();
    void cancelByAServiceAccount();
    void voteApprovesAndDenies();
    void endingsPrintTheOperationWithJson_data();
    void endingsPrintTheOperationWithJson();
    void tokenFromAFile();
    void helpAndVersion();

private:
    std::unique_ptr<CtlProcess> ctlAs(const QString &user) const;
    /// `optrackctl start ...` as user; the new id (empty, with a failure, when it failed).
    QString startAs(const QString &user, const QStringList &arguments);
    QJsonObject fetch(const QString &operationId);

    std::unique_ptr<OptrackdProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
};

void tst_CtlProducer::initTestCase()
{
    m_server = std::make_unique<OptrackdProcess>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_api = std::make_unique<ApiClient>(m_server.get());
}

void tst_CtlProducer::cleanupTestCase()
{
    m_api.reset();
    if (m_server)
        QVERIFY2(m_server->stop(), qPrintable(m_server->errorString()));
}

std::unique_ptr<CtlProcess> tst_CtlProducer::ctlAs(const QString &user) const
{
    auto ctl = std::make_unique<CtlProcess>();
    ctl->setService(m_server->baseUrl(), m_server->token(user));
    return ctl;
}

QString tst_CtlProducer::startAs(const QString &user, const QStringList &arguments)
{
    const auto ctl = ctlAs(user);
    if (ctl->run(QStringList{u"start"_s} + arguments) != 0) {
        qWarning("start failed: %s", qPrintable(ctl->describe()));
        return {};
    }
    return ctl->standardOutput().trimmed();
}

QJsonObject tst_CtlProducer::fetch(const QString &operationId)
{
    const ApiResponse response = m_api->get(operationPath(operationId), u"ada"_s);
    return response.json;
}

void tst_CtlProducer::startPrintsTheIdAndCreates()
{
    const auto ctl = ctlAs(u"alice"_s);
    QCOMPARE(
            ctl->run({u"start"_s, u"--type"_s, u"backup.nightly"_s, u"--entity"_s, u"db1"_s,
                      u"--name"_s, u"Nightly backup of db1"_s, u"--step"_s, u"Dump"_s, u"--step"_s,
                      u"Upload"_s, u"--context"_s, u"host=db1"_s, u"--context"_s, u"sizeMb=120"_s}),
            0);
    const QStringList lines = ctl->outputLines();
    QCOMPARE(lines.size(), 1);
    QVERIFY(ctl->standardError().isEmpty());

    const QJsonObject operation = fetch(lines.first());
    QCOMPARE(statusOf(operation), u"pending"_s);
    QCOMPARE(ownerOf(operation), u"alice"_s);
    QCOMPARE(operation.value(u"operationType"_s).toString(), u"backup.nightly"_s);
    QCOMPARE(operation.value(u"entityId"_s).toString(), u"db1"_s);
    QCOMPARE(operation.value(u"displayName"_s).toString(), u"Nightly backup of db1"_s);
    QCOMPARE(operation.value(u"steps"_s).toArray(), (QJsonArray{u"Dump"_s, u"Upload"_s}));
    QCOMPARE(operation.value(u"context"_s).toObject().value(u"host"_s).toString(), u"db1"_s);
    QCOMPARE(operation.value(u"context"_s).toObject().value(u"sizeMb"_s).toInt(), 120);
    QVERIFY(operation.value(u"approval"_s).isNull());
}

void tst_CtlProducer::startWithApprovalWaitsForIt()
{
    const QString id
            = startAs(u"alice"_s,
                      {u"--type"_s, u"purge.archive"_s, u"--entity"_s, u"2019"_s, u"--approval"_s});
    QVERIFY(!id.isEmpty());
    const QJsonObject operation = fetch(id);
    QCOMPARE(statusOf(operation), u"waiting_for_approval"_s);
    QCOMPARE(operation.value(u"approval"_s).toObject().value(u"required"_s).toInt(), 1);
}

void tst_CtlProducer::startJsonPrintsTheOperation()
{
    const auto ctl = ctlAs(u"alice"_s);
    QCOMPARE(ctl->run({u"start"_s, u"--json"_s, u"--type"_s, u"report.build"_s, u"--entity"_s,
                       u"q3"_s}),
             0);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(ctl->standardOutput().toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    QCOMPARE(statusOf(document.object()), u"pending"_s);
    QCOMPARE(document.object(), fetch(idOf(document.object())));
}

void tst_CtlProducer::startIdempotencyKeyMakesOneOperation()
{
    const QStringList arguments{u"--type"_s,           u"export.daily"_s, u"--entity"_s,
                                u"2026-11-29"_s,       u"--approval"_s,   u"--idempotency-key"_s,
                                u"export-2026-11-29"_s};
    const QString first = startAs(u"alice"_s, arguments);
    QVERIFY(!first.isEmpty());
    // The second answer is the first one again, and the operation already waits.
    QCOMPARE(startAs(u"alice"_s, arguments), first);
    QCOMPARE(statusOf(fetch(first)), u"waiting_for_approval"_s);
    const ApiResponse mine = m_api->get(u"/api/operations?limit=1000"_s, u"alice"_s);
    int withEntity = 0;
    for (const QJsonValue &operation : mine.operations())
        withEntity += operation.toObject().value(u"entityId"_s).toString() == u"2026-11-29"_s;
    QCOMPARE(withEntity, 1);
}

void tst_CtlProducer::startSendsTheHeartbeatWindow()
{
    const QString id = startAs(
            u"alice"_s,
            {u"--type"_s, u"sync.files"_s, u"--entity"_s, u"home"_s, u"--heartbeat"_s, u"30"_s});
    QVERIFY(!id.isEmpty());
    QCOMPARE(fetch(id).value(u"heartbeatSeconds"_s).toInt(), 30);
    // Without the option, no window.
    const QString without
            = startAs(u"alice"_s, {u"--type"_s, u"sync.files"_s, u"--entity"_s, u"away"_s});
    QVERIFY(fetch(without).value(u"heartbeatSeconds"_s).isNull());
}

void tst_CtlProducer::updateReportsAndMovesToInProgress()
{
    const QString id = startAs(u"svc"_s,
                               {u"--type"_s, u"backup.nightly"_s, u"--entity"_s, u"db2"_s,
                                u"--step"_s, u"Dump"_s, u"--step"_s, u"Upload"_s});
    QVERIFY(!id.isEmpty());
    const auto ctl = ctlAs(u"svc"_s);
    QCOMPARE(ctl->run({u"update"_s, id, u"--progress"_s, u"40"_s, u"--step"_s, u"1"_s}), 0);
    QVERIFY2(ctl->standardOutput().isEmpty(), qPrintable(ctl->describe()));
    QJsonObject operation = fetch(id);
    QCOMPARE(statusOf(operation), u"in_progress"_s);
    QCOMPARE(operation.value(u"progressPercentage"_s).toDouble(), 40.0);
    QCOMPARE(operation.value(u"currentStep"_s).toInt(), 1);
    QCOMPARE(operation.value(u"stepDescription"_s).toString(), u"Dump"_s);

    QCOMPARE(ctl->run({u"update"_s, id, u"--step"_s, u"2"_s, u"--text"_s, u"Uploading to s3"_s,
                       u"--json"_s}),
             0);
    operation = fetch(id);
    QCOMPARE(operation.value(u"currentStep"_s).toInt(), 2);
    QCOMPARE(operation.value(u"stepDescription"_s).toString(), u"Uploading to s3"_s);
    QCOMPARE(operation.value(u"progressPercentage"_s).toDouble(), 40.0);
    QCOMPARE(QJsonDocument::fromJson(ctl->standardOutput().toUtf8()).object(), operation);
}

void tst_CtlProducer::updateWithoutOptionsIsAHeartbeat()
{
    const QString id
            = startAs(u"alice"_s, {u"--type"_s, u"sync.files"_s, u"--entity"_s, u"beat"_s});
    QVERIFY(!id.isEmpty());
    const qint64 version = versionOf(fetch(id));
    const auto ctl = ctlAs(u"alice"_s);
    QCOMPARE(ctl->run({u"update"_s, id}), 0);
    const QJsonObject operation = fetch(id);
    // "Still alive" changes nothing: not the status, not the version.
    QCOMPARE(statusOf(operation), u"pending"_s);
    QCOMPARE(versionOf(operation), version);
}

void tst_CtlProducer::completeFromPendingWithResult()
{
    const QString id
            = startAs(u"alice"_s, {u"--type"_s, u"report.build"_s, u"--entity"_s, u"q4"_s});
    QVERIFY(!id.isEmpty());
    const auto ctl = ctlAs(u"alice"_s);
    QCOMPARE(ctl->run({u"complete"_s, id, u"--result"_s, u"{\"rows\": 1200}"_s}), 0);
    const QJsonObject operation = fetch(id);
    QCOMPARE(statusOf(operation), u"completed"_s);
    QCOMPARE(operation.value(u"progressPercentage"_s).toDouble(), 100.0);
    QCOMPARE(operation.value(u"result"_s).toObject().value(u"rows"_s).toInt(), 1200);
}

void tst_CtlProducer::failKeepsTheMessage()
{
    const QString id
            = startAs(u"alice"_s, {u"--type"_s, u"report.build"_s, u"--entity"_s, u"q1"_s});
    QVERIFY(!id.isEmpty());
    const auto ctl = ctlAs(u"alice"_s);
    QCOMPARE(ctl->run({u"fail"_s, id, u"--error"_s, u"The warehouse is offline."_s}), 0);
    const QJsonObject operation = fetch(id);
    QCOMPARE(statusOf(operation), u"failed"_s);
    QCOMPARE(operation.value(u"errorMessage"_s).toString(), u"The warehouse is offline."_s);
}

void tst_CtlProducer::cancelByTheOwner()
{
    const QString id
            = startAs(u"alice"_s, {u"--type"_s, u"report.build"_s, u"--entity"_s, u"q2"_s});
    QVERIFY(!id.isEmpty());
    const auto ctl = ctlAs(u"alice"_s);
    QCOMPARE(ctl->run({u"cancel"_s, id, u"--reason"_s, u"not needed"_s}), 0);
    const QJsonObject operation = fetch(id);
    QCOMPARE(statusOf(operation), u"cancelled"_s);
    QVERIFY(operation.value(u"stepDescription"_s).toString().contains(u"not needed"_s));
}

void tst_CtlProducer::cancelByAServiceAccount()
{
    // A service reporting for alice may not use /cancel (people's route): it moves the
    // operation to cancelled instead.
    const ApiResponse created = m_api->post(u"/api/operations"_s, u"svc"_s,
                                            {{u"operationType"_s, u"sync.files"_s},
                                             {u"entityId"_s, u"alice-home"_s},
                                             {u"userId"_s, u"alice"_s}});
    EXPECT_STATUS(created, 201);
    const auto ctl = ctlAs(u"svc"_s);
    QCOMPARE(ctl->run({u"cancel"_s, idOf(created.json), u"--reason"_s, u"host retired"_s}), 0);
    const QJsonObject operation = fetch(idOf(created.json));
    QCOMPARE(statusOf(operation), u"cancelled"_s);
    QCOMPARE(operation.value(u"stepDescription"_s).toString(), u"host retired"_s);

    // Someone who is neither owner nor producer hears why not, with the forbidden status.
    const QString other = startAs(u"alice"_s, {u"--type"_s, u"t"_s, u"--entity"_s, u"e"_s});
    const auto dave = ctlAs(u"dave"_s);
    QCOMPARE(dave->run({u"cancel"_s, other}), 9);
    QVERIFY2(dave->standardError().contains(u"owner"_s), qPrintable(dave->describe()));
}

void tst_CtlProducer::voteApprovesAndDenies()
{
    const QString approved
            = startAs(u"alice"_s,
                      {u"--type"_s, u"purge.archive"_s, u"--entity"_s, u"2018"_s, u"--approval"_s});
    const QString denied
            = startAs(u"alice"_s,
                      {u"--type"_s, u"purge.archive"_s, u"--entity"_s, u"2017"_s, u"--approval"_s});
    QVERIFY(!approved.isEmpty() && !denied.isEmpty());

    const auto bob = ctlAs(u"bob"_s);
    QCOMPARE(bob->run({u"vote"_s, approved, u"approve"_s}), 0);
    QCOMPARE(bob->standardOutput(), u"approved\n"_s);
    QCOMPARE(statusOf(fetch(approved)), u"approved"_s);

    QCOMPARE(bob->run({u"vote"_s, denied, u"deny"_s, u"--reason"_s, u"keep it"_s, u"--json"_s}), 0);
    const QJsonObject answer = QJsonDocument::fromJson(bob->standardOutput().toUtf8()).object();
    QCOMPARE(answer.value(u"finalDecision"_s).toString(), u"denied"_s);
    const QJsonObject operation = fetch(denied);
    QCOMPARE(statusOf(operation), u"denied"_s);
    QCOMPARE(operation.value(u"errorMessage"_s).toString(), u"Denied by bob: keep it"_s);

    // Voting again is a conflict; the owner may not vote; "maybe" is no decision.
    QCOMPARE(bob->run({u"vote"_s, approved, u"approve"_s}), 11);
    const auto alice = ctlAs(u"alice"_s);
    const QString third
            = startAs(u"alice"_s,
                      {u"--type"_s, u"purge.archive"_s, u"--entity"_s, u"2016"_s, u"--approval"_s});
    QCOMPARE(alice->run({u"vote"_s, third, u"approve"_s}), 9);
    QCOMPARE(bob->run({u"vote"_s, third, u"maybe"_s}), 2);
    QVERIFY(bob->standardError().contains(u"approve or deny"_s));
}

void tst_CtlProducer::endingsPrintTheOperationWithJson_data()
{
    QTest::addColumn<QStringList>("arguments"); // after the id
    QTest::addColumn<QString>("status");

    QTest::newRow("complete") << QStringList{u"complete"_s, u"--result"_s, u"[1, 2]"_s}
                              << u"completed"_s;
    QTest::newRow("fail") << QStringList{u"fail"_s, u"--error"_s, u"Disk full."_s} << u"failed"_s;
    QTest::newRow("cancel") << QStringList{u"cancel"_s, u"--reason"_s, u"not now"_s}
                            << u"cancelled"_s;
}

void tst_CtlProducer::endingsPrintTheOperationWithJson()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, status);

    const QString id = startAs(u"alice"_s,
                               {u"--type"_s, u"report.build"_s, u"--entity"_s,
                                QString::fromLatin1(QTest::currentDataTag())});
    QVERIFY(!id.isEmpty());
    const auto ctl = ctlAs(u"alice"_s);
    QCOMPARE(ctl->run(QStringList{u"--json"_s, arguments.first(), id} + arguments.mid(1)), 0);
    QCOMPARE(ctl->outputLines().size(), 1);
    const QJsonObject printed = QJsonDocument::fromJson(ctl->standardOutput().toUtf8()).object();
    QCOMPARE(statusOf(printed), status);
    QCOMPARE(printed, fetch(id));
    // Without --json: nothing to read on stdout, the exit status says it.
    const QString other = startAs(u"alice"_s,
                                  {u"--type"_s, u"report.build"_s, u"--entity"_s,
                                   QString::fromLatin1(QTest::currentDataTag())});
    QCOMPARE(ctl->run(QStringList{arguments.first(), other} + arguments.mid(1)), 0);
    QVERIFY2(ctl->standardOutput().isEmpty(), qPrintable(ctl->describe()));
    QCOMPARE(statusOf(fetch(other)), status);
}

void tst_CtlProducer::tokenFromAFile()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"token"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_server->token(u"alice"_s).toUtf8() + "\n");
    file.close();

    CtlProcess ctl;
    ctl.setService(QUrl(), QString());
    QCOMPARE(ctl.run({u"--server"_s, m_server->baseUrl().toString(), u"--token-file"_s,
                      file.fileName(), u"ls"_s}),
             0);
    QVERIFY(ctl.standardOutput().startsWith(u"ID"_s));

    // The option wins over the environment.
    ctl.setService(QUrl(u"http://127.0.0.1:1"_s), m_server->token(OptrackdProcess::unknownUser));
    QCOMPARE(ctl.run({u"ls"_s, u"--server"_s, m_server->baseUrl().toString(), u"--token-file"_s,
                      file.fileName()}),
             0);
}

void tst_CtlProducer::helpAndVersion()
{
    CtlProcess ctl;
    QCOMPARE(ctl.run({u"--help"_s}), 0);
    QVERIFY(ctl.standardOutput().startsWith(u"Usage: optrackctl"_s));
    QVERIFY(ctl.standardOutput().contains(u"Exit status:"_s));
    QCOMPARE(ctl.run({u"run"_s, u"--help"_s}), 0);
    QVERIFY(ctl.standardOutput().contains(u"--progress-regex RE"_s));
    QCOMPARE(ctl.run({u"--version"_s}), 0);
    QCOMPARE(ctl.standardOutput(), u"optrackctl " OPTRACK_VERSION "\n"_s);
}

QTEST_GUILESS_MAIN(tst_CtlProducer)
#include "tst_ctlproducer.moc"
