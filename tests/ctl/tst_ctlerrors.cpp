#include "apihelpers.h"
#include "ctlprocess.h"
#include "optrackdprocess.h"
#include "rawhttpserver.h"

#include <QTest>

#include <memory>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

/// Where a row's optrackctl sends its requests.
enum class Target {
    Service, ///< the real optrackd
    Closed, ///< 127.0.0.1:1, which refuses at once
    ProxyError, ///< a proxy's 502 page in front of a service that is down
    NotJson, ///< 200 with an HTML page: not the service at all
};

} // namespace

Q_DECLARE_METATYPE(Target)

/// Every kind of failure of optrackctl, as a script sees it: its own documented exit
/// status (usage 2, cannot connect 7, unauthorised 8, forbidden 9, not found 10,
/// conflict 11, anything else 1), one sentence on one line of stderr and nothing of Qt's,
/// nothing on stdout, with --json as without.
class tst_CtlErrors final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void failuresHaveTheirExitStatus_data();
    void failuresHaveTheirExitStatus();
    void serviceRefusalNamesTheField();

private:
    std::unique_ptr<OptrackdProcess> m_server;
};

void tst_CtlErrors::initTestCase()
{
    m_server = std::make_unique<OptrackdProcess>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void tst_CtlErrors::cleanupTestCase()
{
    if (m_server)
        QVERIFY2(m_server->stop(), qPrintable(m_server->errorString()));
}

void tst_CtlErrors::failuresHaveTheirExitStatus_data()
{
    QTest::addColumn<QString>("user"); // empty: no token
    QTest::addColumn<Target>("target");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitStatus");
    QTest::addColumn<QString>("mentions");

    const QString alice = u"alice"_s;
    const auto rows = [&](const char *name, const QString &user, Target target,
                          const QStringList &arguments, int exitStatus, const QString &mentions) {
        QTest::newRow(name) << user << target << arguments << exitStatus << mentions;
        QTest::addRow("%s, --json", name)
                << user << target << (QStringList{u"--json"_s} + arguments) << exitStatus
                << mentions;
    };
    rows("usage: no command", alice, Target::Service, {}, 2, u"No command given"_s);
    rows("usage: bad option value", alice, Target::Service,
         {u"update"_s, u"op_x"_s, u"--progress"_s, u"150"_s}, 2,
         u"--progress must be a percentage"_s);
    rows("usage: result not json", alice, Target::Service,
         {u"complete"_s, u"op_x"_s, u"--result"_s, u"ok"_s}, 2, u"--result must be JSON"_s);
    rows("usage: no token", QString(), Target::Service, {u"ls"_s}, 2, u"OPTRACK_TOKEN"_s);
    rows("usage: heartbeat below the service's minimum", alice, Target::Service,
         {u"start"_s, u"--type"_s, u"t"_s, u"--entity"_s, u"e"_s, u"--heartbeat"_s, u"2"_s}, 2,
         u"--heartbeat"_s);
    rows("usage: run without a command", alice, Target::Service,
         {u"run"_s, u"--type"_s, u"t"_s, u"--entity"_s, u"e"_s}, 2, u"COMMAND"_s);
    rows("cannot connect", alice, Target::Closed, {u"ls"_s}, 7,
         u"Cannot connect to the service at http://127.0.0.1:1"_s);
    rows("cannot connect: run runs nothing", alice, Target::Closed,
         {u"run"_s, u"--type"_s, u"t"_s, u"--entity"_s, u"e"_s, u"--"_s, u"/bin/echo"_s, u"ran"_s},
         7, u"Cannot connect"_s);
    rows("unauthorised", OptrackdProcess::unknownUser, Target::Service, {u"ls"_s}, 8,
         u"did not accept the token from OPTRACK_TOKEN"_s);
    rows("forbidden", alice, Target::Service, {u"ls"_s, u"--scope"_s, u"all"_s}, 9,
         u"scope=all needs the staff, admin or service role"_s);
    rows("not found", alice, Target::Service,
         {u"update"_s, u"op_missing"_s, u"--progress"_s, u"1"_s}, 10, u"op_missing"_s);
    rows("not found: wait", alice, Target::Service, {u"wait"_s, u"op_missing"_s}, 10,
         u"op_missing"_s);
    rows("not found: watch", alice, Target::Service, {u"watch"_s, u"op_missing"_s}, 10,
         u"op_missing"_s);
    rows("service error", alice, Target::ProxyError, {u"ls"_s}, 1, u"HTTP 502"_s);
    rows("unreadable answer", alice, Target::NotJson, {u"cancel"_s, u"op_x"_s}, 1,
         u"could not be read"_s);
}

void tst_CtlErrors::failuresHaveTheirExitStatus()
{
    QFETCH(QString, user);
    QFETCH(Target, target);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitStatus);
    QFETCH(QString, mentions);

    RawHttpServer impostor;
    QUrl server = m_server->baseUrl();
    if (target == Target::Closed) {
        server = QUrl(u"http://127.0.0.1:1"_s);
    } else if (target != Target::Service) {
        QVERIFY(impostor.start());
        server = impostor.baseUrl();
        impostor.enqueue(target == Target::ProxyError
                                 ? RawHttpServer::response(502, "Bad Gateway", "text/html",
                                                           "<html><h1>502 Bad Gateway</h1></html>")
                                 : RawHttpServer::response(200, "OK", "text/html",
                                                           "<html>Welcome to nginx!</html>"));
    }
    CtlProcess ctl;
    ctl.setService(server, user.isEmpty() ? QString() : m_server->token(user));
    QCOMPARE(ctl.run(arguments), exitStatus);
    const QString error = ctl.standardError();
    // One sentence on one line, nothing of Qt's own; nothing for a script to misread on
    // stdout (run's command did not run).
    QVERIFY2(error.startsWith(u"optrackctl: "_s), qPrintable(ctl.describe()));
    QCOMPARE(error.count(u'\n'), 1);
    QVERIFY2(error.trimmed().endsWith(u'.'), qPrintable(ctl.describe()));
    QVERIFY2(error.contains(mentions), qPrintable(ctl.describe()));
    QVERIFY2(ctl.standardOutput().isEmpty(), qPrintable(ctl.describe()));
}

void tst_CtlErrors::serviceRefusalNamesTheField()
{
    CtlProcess ctl;
    ctl.setService(m_server->baseUrl(), m_server->token(u"alice"_s));
    QCOMPARE(ctl.run({u"start"_s, u"--type"_s, u"Not A Type"_s, u"--entity"_s, u"e"_s}), 2);
    QVERIFY2(ctl.standardError().contains(u"operationType"_s), qPrintable(ctl.describe()));

    QCOMPARE(ctl.run({u"start"_s, u"--type"_s, u"t"_s, u"--entity"_s, u"done"_s}), 0);
    const QString id = ctl.standardOutput().trimmed();
    QCOMPARE(ctl.run({u"complete"_s, id}), 0);
    QCOMPARE(ctl.run({u"complete"_s, id}), 11);
    QVERIFY2(ctl.standardError().contains(u"completed"_s), qPrintable(ctl.describe()));
    QCOMPARE(ctl.run({u"--json"_s, u"fail"_s, id, u"--error"_s, u"late"_s}), 11);
    QVERIFY(ctl.standardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(tst_CtlErrors)
#include "tst_ctlerrors.moc"
