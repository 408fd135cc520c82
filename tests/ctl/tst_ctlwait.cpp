#include "apiclient.h"
#include "apihelpers.h"
#include "ctlprocess.h"
#include "localoptrackd.h"
#include "optrackdprocess.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

/// Well under the 10 s a poll may wait, and the 30 s the service's Retry-After asks of a
/// poller while an operation waits for approval: only a push is this quick.
constexpr int pushLatencyMs = 2'000;

} // namespace

/// `optrackctl wait` against the real optrackd: each outcome and its exit status, decided
/// by a push from the stream, --timeout, the refusal to wait for an approval that no one
/// is asked for, and an outage of the service while one operation is followed.
class tst_CtlWait final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void outcomes_data();
    void outcomes();
    void alreadySettledAnswersAtOnce();
    void timeoutEndsWithSix();
    void approvalThatNobodyIsAskedFor();
    void jsonPrintsTheFinalOperation();
    void followingSurvivesARestartOfTheService();

private:
    /// A new operation of alice's, moved to `status` (waiting_for_approval needs a vote).
    QString createAs(const QString &user, const QString &status, bool approval);
    int streamClients();

    std::unique_ptr<OptrackdProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
    QNetworkAccessManager m_metrics;
};

void tst_CtlWait::initTestCase()
{
    m_server = std::make_unique<OptrackdProcess>();
    m_server->setExtraConfig({{u"metricsListen"_s, u"127.0.0.1:0"_s}});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_api = std::make_unique<ApiClient>(m_server.get());
}

void tst_CtlWait::cleanupTestCase()
{
    m_api.reset();
    if (m_server)
        QVERIFY2(m_server->stop(), qPrintable(m_server->errorString()));
}

QString tst_CtlWait::createAs(const QString &user, const QString &status, bool approval)
{
    QJsonObject body{{u"operationType"_s, u"purge.archive"_s}, {u"entityId"_s, u"2015"_s}};
    if (approval)
        body.insert(u"approval"_s, QJsonObject{{u"required"_s, 1}});
    const ApiResponse created = m_api->post(u"/api/operations"_s, user, body);
    if (created.status != 201)
        return {};
    const QString id = idOf(created.json);
    if (status != u"pending"_s
        && m_api->patch(operationPath(id), user, {{u"status"_s, status}}).status != 200) {
        return {};
    }
    return id;
}

int tst_CtlWait::streamClients()
{
    QNetworkReply *reply = m_metrics.get(QNetworkRequest(m_server->metricsUrl()));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(ApiClient::requestTimeoutMs))
        return -1;
    static const QRegularExpression gauge(u"^optrack_stream_clients (\\d+)$"_s,
                                          QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = gauge.match(QString::fromUtf8(reply->readAll()));
    reply->deleteLater();
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

void tst_CtlWait::outcomes_data()
{
    QTest::addColumn<QString>("goal");
    QTest::addColumn<bool>("approval");
    QTest::addColumn<QString>("decider"); // who acts once wait listens
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("exitStatus");
    QTest::addColumn<QString>("printed");
    QTest::addColumn<QString>("explains");

    const QJsonObject approve{{u"decision"_s, u"approve"_s}};
    const QJsonObject deny{{u"decision"_s, u"deny"_s}, {u"reason"_s, u"too soon"_s}};
    QTest::newRow("approval: approved")
            << u"approval"_s << true << u"bob"_s << u"POST"_s << u"/votes"_s << approve << 0
            << u"approved"_s << QString();
    QTest::newRow("approval: denied")
            << u"approval"_s << true << u"bob"_s << u"POST"_s << u"/votes"_s << deny << 3
            << u"denied"_s << u"Denied by bob: too soon"_s;
    QTest::newRow("approval: cancelled instead")
            << u"approval"_s << true << u"alice"_s << u"POST"_s << u"/cancel"_s << QJsonObject()
            << 5 << u"cancelled"_s << QString();
    QTest::newRow("end: completed")
            << u"end"_s << false << u"alice"_s << u"PATCH"_s << QString()
            << QJsonObject{{u"status"_s, u"completed"_s}} << 0 << u"completed"_s << QString();
    QTest::newRow("end: failed") << u"end"_s << false << u"alice"_s << u"PATCH"_s << QString()
                                 << QJsonObject{{u"status"_s, u"failed"_s},
                                                {u"errorMessage"_s, u"Disk full"_s}}
                                 << 4 << u"failed"_s << u"Disk full"_s;
    QTest::newRow("end: cancelled") << u"end"_s << false << u"alice"_s << u"POST"_s << u"/cancel"_s
                                    << QJsonObject() << 5 << u"cancelled"_s << QString();
    QTest::newRow("end: denied") << u"end"_s << true << u"bob"_s << u"POST"_s << u"/votes"_s << deny
                                 << 3 << u"denied"_s << u"too soon"_s;
}

void tst_CtlWait::outcomes()
{
    QFETCH(QString, goal);
    QFETCH(bool, approval);
    QFETCH(QString, decider);
    QFETCH(QString, method);
    QFETCH(QString, suffix);
    QFETCH(QJsonObject, body);
    QFETCH(int, exitStatus);
    QFETCH(QString, printed);
    QFETCH(QString, explains);

    const QString id = createAs(u"alice"_s, approval ? u"waiting_for_approval"_s : u"in_progress"_s,
                                approval);
    QVERIFY(!id.isEmpty());
    const int listeners = streamClients();
    CtlProcess ctl;
    ctl.setService(m_server->baseUrl(), m_server->token(u"alice"_s));
    ctl.start({u"wait"_s, id, u"--for"_s, goal});
    // Acts once wait listens to pushes, so the exit can only come from one.
    QTRY_VERIFY_WITH_TIMEOUT(streamClients() > listeners, 10'000);
    QVERIFY(ctl.isRunning());

    QElapsedTimer sinceDecision;
    sinceDecision.start();
    const ApiResponse action
            = m_api->request(method.toLatin1(), operationPath(id, suffix), decider, body);
    QVERIFY2(action.isSuccess(), qPrintable(action.describe()));
    QVERIFY(ctl.waitForFinished());
    QVERIFY2(sinceDecision.elapsed() < pushLatencyMs,
             qPrintable(u"%1 ms after the decision"_s.arg(sinceDecision.elapsed())));
    QCOMPARE(ctl.exitCode(), exitStatus);
    QCOMPARE(ctl.standardOutput(), printed + u'\n');
    if (explains.isEmpty())
        QVERIFY2(ctl.standardError().isEmpty(), qPrintable(ctl.describe()));
    else
        QVERIFY2(ctl.standardError().contains(explains), qPrintable(ctl.describe()));
}

void tst_CtlWait::alreadySettledAnswersAtOnce()
{
    const QString id = createAs(u"alice"_s, u"in_progress"_s, false);
    QVERIFY(m_api->patch(operationPath(id), u"alice"_s, {{u"status"_s, u"completed"_s}})
                    .isSuccess());
    CtlProcess ctl;
    ctl.setService(m_server->baseUrl(), m_server->token(u"alice"_s));
    QCOMPARE(ctl.run({u"wait"_s, id}), 0);
    QCOMPARE(ctl.standardOutput(), u"completed\n"_s);
}

void tst_CtlWait::timeoutEndsWithSix()
{
    const QString id = createAs(u"alice"_s, u"waiting_for_approval"_s, true);
    CtlProcess ctl;
    ctl.setService(m_server->baseUrl(), m_server->token(u"alice"_s));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(ctl.run({u"wait"_s, id, u"--for"_s, u"approval"_s, u"--timeout"_s, u"1"_s}), 6);
    QVERIFY(timer.elapsed() >= 1'000);
    QVERIFY2(ctl.standardError().contains(u"still waiting_for_approval after 1 seconds"_s),
             qPrintable(ctl.describe()));
}

void tst_CtlWait::approvalThatNobodyIsAskedFor()
{
    const QString id = createAs(u"alice"_s, u"in_progress"_s, false);
    CtlProcess ctl;
    ctl.setService(m_server->baseUrl(), m_server->token(u"alice"_s));
    QCOMPARE(ctl.run({u"wait"_s, id, u"--for"_s, u"approval"_s}), 11);
    QVERIFY2(ctl.standardError().contains(u"needs no approval"_s), qPrintable(ctl.describe()));
    QCOMPARE(ctl.run({u"wait"_s, id, u"--for"_s, u"decision"_s}), 2);
}

void tst_CtlWait::jsonPrintsTheFinalOperation()
{
    const QString id = createAs(u"alice"_s, u"in_progress"_s, false);
    QVERIFY(m_api->patch(operationPath(id), u"alice"_s,
                         {{u"status"_s, u"failed"_s}, {u"errorMessage"_s, u"Out of space"_s}})
                    .isSuccess());
    CtlProcess ctl;
    ctl.setService(m_server->baseUrl(), m_server->token(u"alice"_s));
    QCOMPARE(ctl.run({u"--json"_s, u"wait"_s, id}), 4);
    const QJsonObject printed = QJsonDocument::fromJson(ctl.standardOutput().toUtf8()).object();
    QCOMPARE(idOf(printed), id);
    QCOMPARE(statusOf(printed), u"failed"_s);
    QCOMPARE(printed.value(u"errorMessage"_s).toString(), u"Out of space"_s);
}

void tst_CtlWait::followingSurvivesARestartOfTheService()
{
    // LocalOptrackd comes back on the same port: to the follower (of wait and watch ID) the
    // service was away a while. watch ID prints the first state, so the outage surely
    // comes after the first answer (before it, an unreachable service ends the command).
    LocalOptrackd service;
    QVERIFY2(service.start(), qPrintable(service.errorString()));
    QNetworkAccessManager network;
    const auto send = [&](const QByteArray &verb, const QString &path, const QJsonObject &body) {
        QNetworkRequest request(service.baseUrl().resolved(QUrl(path)));
        request.setRawHeader("Authorization",
                             "Bearer " + LocalOptrackd::tokenOf(u"alice"_s).toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        QNetworkReply *reply = network.sendCustomRequest(
                request, verb, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        [[maybe_unused]] const bool done = finished.wait(ApiClient::requestTimeoutMs);
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return answer;
    };
    const QString id = idOf(send("POST", u"/api/operations"_s,
                                 {{u"operationType"_s, u"t"_s}, {u"entityId"_s, u"e"_s}}));
    QVERIFY(!id.isEmpty());

    CtlProcess ctl;
    ctl.setService(service.baseUrl(), LocalOptrackd::tokenOf(u"alice"_s));
    ctl.start({u"watch"_s, id});
    QVERIFY(!ctl.waitForLine(QString()).isNull());
    QVERIFY(ctl.standardOutput().contains(u"\tpending\t"_s));
    QVERIFY(service.stop());
    QVERIFY(service.start());
    send("PATCH", operationPath(id), {{u"status"_s, u"in_progress"_s}});
    QCOMPARE(statusOf(send("PATCH", operationPath(id), {{u"status"_s, u"completed"_s}})),
             u"completed"_s);
    QVERIFY2(ctl.waitForFinished(), "the end after the restart went unnoticed");
    QCOMPARE(ctl.exitCode(), 0);
    QVERIFY2(ctl.outputLines().constLast().contains(u"\tcompleted\t"_s),
             qPrintable(ctl.describe()));
}

QTEST_GUILESS_MAIN(tst_CtlWait)
#include "tst_ctlwait.moc"
