#include "apiclient.h"
#include "apihelpers.h"
#include "ctlprocess.h"
#include "optrackdprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTest>

#include <csignal>
#include <memory>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

/// `optrackctl ls` and `watch` against the real optrackd: the table and its filters, one
/// line (or JSON object) per change into a pipe, watch ID ending with its operation, and
/// the table redrawn in place on a real terminal.
class tst_CtlWatch final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void lsListsTheScopeAsATable();
    void lsFiltersAndScopes();
    void lsJsonIsTheServicesList();
    void watchPrintsOneLinePerChange();
    void watchJsonPrintsOneObjectPerChange();
    void watchEndsWhenItsReaderGoes();
    void watchOneEndsWithIt_data();
    void watchOneEndsWithIt();
    void watchRedrawsInPlaceOnATerminal();

private:
    QString createAs(const QString &user, const QString &type, const QString &entity);
    std::unique_ptr<CtlProcess> ctlAs(const QString &user) const;

    std::unique_ptr<OptrackdProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
};

void tst_CtlWatch::initTestCase()
{
    m_server = std::make_unique<OptrackdProcess>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_api = std::make_unique<ApiClient>(m_server.get());
}

void tst_CtlWatch::cleanupTestCase()
{
    m_api.reset();
    if (m_server)
        QVERIFY2(m_server->stop(), qPrintable(m_server->errorString()));
}

QString tst_CtlWatch::createAs(const QString &user, const QString &type, const QString &entity)
{
    const ApiResponse created = m_api->post(u"/api/operations"_s, user,
                                            {{u"operationType"_s, type}, {u"entityId"_s, entity}});
    return created.status == 201 ? idOf(created.json) : QString();
}

std::unique_ptr<CtlProcess> tst_CtlWatch::ctlAs(const QString &user) const
{
    auto ctl = std::make_unique<CtlProcess>();
    ctl->setService(m_server->baseUrl(), m_server->token(user));
    return ctl;
}

void tst_CtlWatch::lsListsTheScopeAsATable()
{
    // Each test has its user to itself: bob here.
    const QString older = createAs(u"bob"_s, u"sync.files"_s, u"older"_s);
    const QString newer = createAs(u"bob"_s, u"report.build"_s, u"newer"_s);
    QVERIFY(m_api->patch(operationPath(newer), u"bob"_s,
                         {{u"status"_s, u"in_progress"_s},
                          {u"progressPercentage"_s, 42},
                          {u"stepDescription"_s, u"Rendering"_s}})
                    .isSuccess());
    const auto ctl = ctlAs(u"bob"_s);
    QCOMPARE(ctl->run({u"ls"_s}), 0);
    const QStringList lines = ctl->outputLines();
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith(u"ID"_s));
    for (const QString &header : {u"STATUS"_s, u"PROGRESS"_s, u"TYPE"_s, u"NAME"_s, u"TEXT"_s})
        QVERIFY(lines[0].contains(header));
    // Newest first, each cell under its header.
    QVERIFY(lines[1].startsWith(newer));
    QVERIFY(lines[2].startsWith(older));
    QCOMPARE(lines[1].indexOf(u"in_progress"_s), lines[0].indexOf(u"STATUS"_s));
    QCOMPARE(lines[1].indexOf(u"42%"_s), lines[0].indexOf(u"PROGRESS"_s));
    QVERIFY(lines[1].endsWith(u"Rendering"_s));
}

void tst_CtlWatch::lsFiltersAndScopes()
{
    const QString mine = createAs(u"carol"_s, u"sync.files"_s, u"filtered"_s);
    const QString failed = createAs(u"carol"_s, u"report.build"_s, u"failing"_s);
    QVERIFY(m_api->patch(operationPath(failed), u"carol"_s,
                         {{u"status"_s, u"failed"_s}, {u"errorMessage"_s, u"No data"_s}})
                    .isSuccess());
    const QString someoneElses = createAs(u"svc"_s, u"sync.files"_s, u"other"_s);

    const auto carol = ctlAs(u"carol"_s);
    QCOMPARE(carol->run({u"ls"_s, u"--status"_s, u"failed"_s}), 0);
    QCOMPARE(carol->outputLines().size(), 2);
    QVERIFY(carol->outputLines()[1].startsWith(failed));
    QVERIFY(carol->outputLines()[1].endsWith(u"No data"_s));
    QCOMPARE(carol->run({u"ls"_s, u"--type"_s, u"sync.files,other.type"_s}), 0);
    QCOMPARE(carol->outputLines().size(), 2);
    QVERIFY(carol->outputLines()[1].startsWith(mine));
    QCOMPARE(carol->run({u"ls"_s, u"--status"_s, u"running"_s}), 2);
    QVERIFY(carol->standardError().contains(u"in_progress"_s));

    const auto sam = ctlAs(u"sam"_s);
    QCOMPARE(sam->run({u"ls"_s, u"--scope"_s, u"all"_s}), 0);
    for (const QString &id : {mine, failed, someoneElses})
        QVERIFY2(sam->standardOutput().contains(id), qPrintable(id));
}

void tst_CtlWatch::lsJsonIsTheServicesList()
{
    const QString id = createAs(u"ada"_s, u"sync.files"_s, u"json"_s);
    const auto ctl = ctlAs(u"ada"_s);
    QCOMPARE(ctl->run({u"ls"_s, u"--json"_s}), 0);
    const QJsonArray operations = QJsonDocument::fromJson(ctl->standardOutput().toUtf8())
                                          .object()
                                          .value(u"operations"_s)
                                          .toArray();
    QCOMPARE(idsOf(operations), QStringList{id});
    QCOMPARE(operations.first().toObject(), m_api->get(operationPath(id), u"ada"_s).json);
}

void tst_CtlWatch::watchPrintsOneLinePerChange()
{
    const QString id = createAs(u"dave"_s, u"backup.nightly"_s, u"watched"_s);
    const auto ctl = ctlAs(u"dave"_s);
    ctl->start({u"watch"_s});
    QCOMPARE(ctl->waitForLine(QString()).section(u'\t', 1, 2), id + u"\tpending"_s);

    QVERIFY(m_api->patch(operationPath(id), u"dave"_s,
                         {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 30}})
                    .isSuccess());
    QTRY_COMPARE_WITH_TIMEOUT(ctl->outputLines().size(), 2, 10'000);
    QVERIFY(m_api->patch(operationPath(id), u"dave"_s, {{u"status"_s, u"completed"_s}})
                    .isSuccess());
    QTRY_COMPARE_WITH_TIMEOUT(ctl->outputLines().size(), 3, 10'000);

    const QStringList lines = ctl->outputLines();
    QCOMPARE(lines[1].split(u'\t').mid(1, 3), (QStringList{id, u"in_progress"_s, u"30%"_s}));
    QCOMPARE(lines[2].split(u'\t').mid(1, 2), (QStringList{id, u"completed"_s}));
    // Watching ends with Ctrl+C, and that is no error.
    ctl->sendSignal(SIGINT);
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 0);
    QVERIFY2(ctl->standardError().isEmpty(), qPrintable(ctl->describe()));
}

void tst_CtlWatch::watchJsonPrintsOneObjectPerChange()
{
    const auto ctl = std::make_unique<CtlProcess>();
    ctl->setService(m_server->baseUrl(), m_server->token(u"sam"_s));
    ctl->start({u"watch"_s, u"--json"_s, u"--scope"_s, u"all"_s, u"--type"_s, u"json.watch"_s});
    const QString id = createAs(u"alice"_s, u"json.watch"_s, u"first"_s);
    QTRY_COMPARE_WITH_TIMEOUT(ctl->outputLines().size(), 1, 10'000);
    QVERIFY(m_api->patch(operationPath(id), u"alice"_s, {{u"progressPercentage"_s, 5}})
                    .isSuccess());
    QTRY_COMPARE_WITH_TIMEOUT(ctl->outputLines().size(), 2, 10'000);
    const QJsonObject last = QJsonDocument::fromJson(ctl->outputLines()[1].toUtf8()).object();
    QCOMPARE(idOf(last), id);
    QCOMPARE(last.value(u"progressPercentage"_s).toDouble(), 5.0);
    ctl->sendSignal(SIGTERM);
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), 0);
}

void tst_CtlWatch::watchEndsWhenItsReaderGoes()
{
    // Nothing changes after the first line, and still the pipeline ends soon after head.
    createAs(u"alice"_s, u"sync.files"_s, u"head"_s);
    QProcess shell;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"OPTRACK_SERVER"_s, m_server->baseUrl().toString());
    environment.insert(u"OPTRACK_TOKEN"_s, m_server->token(u"alice"_s));
    shell.setProcessEnvironment(environment);
    shell.setStandardInputFile(QProcess::nullDevice());
    shell.start(u"/bin/sh"_s,
                {u"-c"_s, u"\"$0\" watch | head -1; echo \"watch: $?\""_s,
                 qEnvironmentVariable("OPTRACKCTL_PATH")});
    QVERIFY(shell.waitForFinished(10'000));
    const QStringList lines = QString::fromUtf8(shell.readAllStandardOutput()).split(u'\n');
    QVERIFY2(lines.value(0).count(u'\t') == 6, qPrintable(lines.join(u'|')));
    QCOMPARE(lines.value(1), u"watch: 0"_s);
}

void tst_CtlWatch::watchOneEndsWithIt_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("exitStatus");

    QTest::newRow("completed") << u"completed"_s << 0;
    QTest::newRow("failed") << u"failed"_s << 4;
    QTest::newRow("cancelled") << u"cancelled"_s << 5;
}

void tst_CtlWatch::watchOneEndsWithIt()
{
    QFETCH(QString, status);
    QFETCH(int, exitStatus);

    const QString id = createAs(u"alice"_s, u"sync.files"_s, u"one"_s);
    QVERIFY(m_api->patch(operationPath(id), u"alice"_s, {{u"status"_s, u"in_progress"_s}})
                    .isSuccess());
    const auto ctl = ctlAs(u"alice"_s);
    ctl->start({u"watch"_s, id});
    QVERIFY(ctl->waitForLine(QString()).contains(u"in_progress"_s));
    QVERIFY(m_api->patch(operationPath(id), u"alice"_s, {{u"status"_s, status}}).isSuccess());
    QVERIFY(ctl->waitForFinished());
    QCOMPARE(ctl->exitCode(), exitStatus);
    QCOMPARE(ctl->outputLines().size(), 2);
    QCOMPARE(ctl->outputLines()[1].section(u'\t', 2, 2), status);
}

void tst_CtlWatch::watchRedrawsInPlaceOnATerminal()
{
    // script(1) gives watch a real terminal (a pseudo-terminal) and copies what it draws.
    const QString script = QStandardPaths::findExecutable(u"script"_s);
    if (script.isEmpty())
        QSKIP("script(1) (util-linux) is not installed");
    const QString id = createAs(u"erin"_s, u"terminal.watch"_s, u"drawn"_s);
    QProcess terminal;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"OPTRACK_SERVER"_s, m_server->baseUrl().toString());
    environment.insert(u"OPTRACK_TOKEN"_s, m_server->token(u"erin"_s));
    environment.insert(u"COLUMNS"_s, u"100"_s);
    environment.insert(u"LINES"_s, u"20"_s);
    terminal.setProcessEnvironment(environment);
    terminal.setStandardInputFile(QProcess::nullDevice());
    QByteArray drawn;
    connect(&terminal, &QProcess::readyReadStandardOutput, this,
            [&] { drawn += terminal.readAllStandardOutput(); });
    terminal.start(script,
                   {u"-qfec"_s,
                    u"stty cols 100 rows 20; exec "_s + qEnvironmentVariable("OPTRACKCTL_PATH")
                            + u" watch"_s,
                    u"/dev/null"_s});
    QTRY_VERIFY_WITH_TIMEOUT(drawn.contains(id.toUtf8()), 10'000);
    QVERIFY2(drawn.contains("\x1b[H"), "the table is drawn from the top left");
    QVERIFY(drawn.contains("ID"));
    QVERIFY(drawn.contains("live") || drawn.contains("polling"));

    const qsizetype before = drawn.size();
    QVERIFY(m_api->patch(operationPath(id), u"erin"_s,
                         {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 64}})
                    .isSuccess());
    QTRY_VERIFY_WITH_TIMEOUT(drawn.mid(before).contains("64%"), 10'000);
    // Redrawn over itself: the new picture starts at the top again.
    QVERIFY(drawn.mid(before).contains("\x1b[H"));
    ::kill(pid_t(terminal.processId()), SIGTERM);
    QVERIFY(terminal.waitForFinished(10'000));
}

QTEST_GUILESS_MAIN(tst_CtlWatch)
#include "tst_ctlwatch.moc"
