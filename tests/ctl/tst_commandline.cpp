#include "commandline.h"
#include "endpoint.h"
#include "exitstatus.h"
#include "helptext.h"
#include "optionvalues.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace optrack;
using namespace optrack::ctl;
using namespace Qt::StringLiterals;

namespace {

CommandLine parse(const QString &arguments)
{
    return CommandLine::parse(QStringList{u"optrackctl"_s}
                              + arguments.split(u' ', Qt::SkipEmptyParts));
}

} // namespace

/// optrackctl's command line: global options on either side of the command, run's own
/// arguments left alone, usage errors that say what to fix, the service and token from
/// options or the environment, option values, and a --help that lists everything.
class tst_CommandLine final : public QObject
{
    Q_OBJECT

private slots:
    void globalOptionsOnEitherSide();
    void runKeepsTheCommandsArguments();
    void usageErrors_data();
    void usageErrors();
    void helpAndVersion_data();
    void helpAndVersion();
    void generalHelpListsEverything();
    void helpFitsATerminal();
    void endpointFromOptionsAndEnvironment();
    void endpointErrors_data();
    void endpointErrors();
    void contextValuesKeepTheirType();
    void jsonAndListValues();
    void exitStatusesAreDistinct();
};

void tst_CommandLine::globalOptionsOnEitherSide()
{
    for (const QString &arguments : {u"--json --server http://h:1 ls --scope all"_s,
                                     u"ls --json --scope all --server http://h:1"_s}) {
        const CommandLine line = parse(arguments);
        QCOMPARE(line.action(), CommandLine::Action::RunCommand);
        QCOMPARE(line.command()->name, u"ls"_s);
        QVERIFY(line.json());
        QCOMPARE(line.server(), u"http://h:1"_s);
        QCOMPARE(line.value(option::scope), u"all"_s);
    }
    const CommandLine plain = parse(u"ls"_s);
    QVERIFY(!plain.json());
    QCOMPARE(plain.value(option::scope), u"mine"_s);
}

void tst_CommandLine::runKeepsTheCommandsArguments()
{
    CommandLine line = parse(u"run --type t --entity e -- rsync -a --info=progress2 src dst"_s);
    QCOMPARE(line.action(), CommandLine::Action::RunCommand);
    QCOMPARE(line.arguments(),
             (QStringList{u"rsync"_s, u"-a"_s, u"--info=progress2"_s, u"src"_s, u"dst"_s}));
    QCOMPARE(line.value(option::heartbeat), u"60"_s);

    // Without "--" the command's name still ends optrackctl's options.
    line = parse(u"run --type t --entity e --heartbeat 10 ./backup.sh --json"_s);
    QCOMPARE(line.action(), CommandLine::Action::RunCommand);
    QCOMPARE(line.arguments(), (QStringList{u"./backup.sh"_s, u"--json"_s}));
    QVERIFY(!line.json());
    QCOMPARE(line.value(option::heartbeat), u"10"_s);
}

void tst_CommandLine::usageErrors_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("no command") << QString() << u"No command given"_s;
    QTest::newRow("unknown command") << u"frobnicate"_s << u"no command \"frobnicate\""_s;
    QTest::newRow("unknown global option") << u"--bogus ls"_s << u"bogus"_s;
    QTest::newRow("unknown command option") << u"ls --bogus"_s << u"ls: Unknown option"_s;
    QTest::newRow("start without type") << u"start --entity e"_s << u"--type is required"_s;
    QTest::newRow("fail without error") << u"fail op_1"_s << u"--error is required"_s;
    QTest::newRow("update without id") << u"update --progress 5"_s << u"Missing ID"_s;
    QTest::newRow("update with two ids") << u"update a b"_s << u"Unexpected argument \"b\""_s;
    QTest::newRow("vote without decision") << u"vote op_1"_s << u"Missing ID approve|deny"_s;
    QTest::newRow("run without command") << u"run --type t --entity e"_s << u"Missing COMMAND"_s;
    QTest::newRow("option without value") << u"start --type"_s << u"Missing value"_s;
    QTest::newRow("help of nothing") << u"help frobnicate"_s << u"no command"_s;
}

void tst_CommandLine::usageErrors()
{
    QFETCH(QString, arguments);
    QFETCH(QString, mentions);

    const CommandLine line = parse(arguments);
    QCOMPARE(line.action(), CommandLine::Action::UsageError);
    QVERIFY2(line.error().contains(mentions, Qt::CaseInsensitive), qPrintable(line.error()));
    QVERIFY2(!line.error().contains(u'\n'), "one line");
}

void tst_CommandLine::helpAndVersion_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<QString>("command"); // empty: the whole help

    QTest::newRow("--help") << u"--help"_s << QString();
    QTest::newRow("-h") << u"-h"_s << QString();
    QTest::newRow("help") << u"help"_s << QString();
    QTest::newRow("help run") << u"help run"_s << u"run"_s;
    QTest::newRow("run --help") << u"run --help"_s << u"run"_s;
    QTest::newRow("--help wait") << u"--help wait"_s << u"wait"_s;
    QTest::newRow("start -h") << u"start -h"_s << u"start"_s;
}

void tst_CommandLine::helpAndVersion()
{
    QFETCH(QString, arguments);
    QFETCH(QString, command);

    const CommandLine line = parse(arguments);
    QCOMPARE(line.action(), CommandLine::Action::ShowHelp);
    if (command.isEmpty()) {
        QCOMPARE(line.helpText(), generalHelp());
    } else {
        QVERIFY(line.helpText().startsWith(u"Usage: optrackctl "_s + command));
        for (const QCommandLineOption &each : findCommand(command)->options)
            QVERIFY2(line.helpText().contains(u"--"_s + each.names().constFirst()),
                     qPrintable(each.names().constFirst()));
    }
    QCOMPARE(parse(u"--version"_s).action(), CommandLine::Action::ShowVersion);
}

void tst_CommandLine::generalHelpListsEverything()
{
    const QString help = generalHelp();
    for (const CommandSpec &command : commandSpecs()) {
        QVERIFY2(help.contains(u"optrackctl "_s + command.name + u' '), qPrintable(command.name));
        for (const QCommandLineOption &each : command.options) {
            QVERIFY2(help.contains(u"--"_s + each.names().constFirst() + u' '),
                     qPrintable(command.name + u" --"_s + each.names().constFirst()));
        }
    }
    for (const QCommandLineOption &each : globalOptions())
        QVERIFY(help.contains(u"--"_s + each.names().constLast()));
    for (const QString &section :
         {u"Usage:"_s, u"Commands:"_s, u"Environment:"_s, u"Exit status:"_s, u"Examples:"_s})
        QVERIFY2(help.contains(u'\n' + section) || help.startsWith(section), qPrintable(section));
    for (const char *variable : {"OPTRACK_SERVER", "OPTRACK_TOKEN", "OPTRACK_OPERATION_ID"})
        QVERIFY(help.contains(QLatin1StringView(variable)));
    for (const ExitStatusDoc &doc : documentedExitStatuses())
        QVERIFY2(help.contains(u"\n  %1 "_s.arg(doc.code)), qPrintable(doc.meaning));
}

void tst_CommandLine::helpFitsATerminal()
{
    // help2man and a terminal of 80 columns read it as it is.
    const QStringList lines = generalHelp().split(u'\n');
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 79, qPrintable(line));
    for (const CommandSpec &command : commandSpecs()) {
        for (const QString &line : commandHelp(command).split(u'\n'))
            QVERIFY2(line.size() <= 79, qPrintable(line));
    }
}

void tst_CommandLine::endpointFromOptionsAndEnvironment()
{
    QTemporaryDir dir;
    QFile tokenFile(dir.filePath(u"token"_s));
    QVERIFY(tokenFile.open(QIODevice::WriteOnly));
    tokenFile.write("file-token\n");
    tokenFile.close();

    QProcessEnvironment environment;
    environment.insert(u"OPTRACK_SERVER"_s, u"http://env:8080"_s);
    environment.insert(u"OPTRACK_TOKEN"_s, u"env-token"_s);
    QString error;

    std::optional<Endpoint> endpoint = Endpoint::resolve(parse(u"ls"_s), environment, &error);
    QVERIFY2(endpoint, qPrintable(error));
    QCOMPARE(endpoint->baseUrl, QUrl(u"http://env:8080"_s));
    QCOMPARE(endpoint->token, u"env-token"_s);
    QCOMPARE(endpoint->tokenSource, u"OPTRACK_TOKEN"_s);

    endpoint = Endpoint::resolve(
            parse(u"--server https://opt:9 ls --token-file "_s + tokenFile.fileName()), environment,
            &error);
    QVERIFY2(endpoint, qPrintable(error));
    QCOMPARE(endpoint->baseUrl, QUrl(u"https://opt:9"_s));
    QCOMPARE(endpoint->token, u"file-token"_s);
    QVERIFY(endpoint->tokenSource.contains(tokenFile.fileName()));
}

void tst_CommandLine::endpointErrors_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("no server") << u"ls"_s << QString() << u"t"_s << u"OPTRACK_SERVER"_s;
    QTest::newRow("no token") << u"ls"_s << u"http://h:1"_s << QString() << u"OPTRACK_TOKEN"_s;
    QTest::newRow("not http") << u"ls"_s << u"ftp://h"_s << u"t"_s << u"http://HOST:PORT"_s;
    QTest::newRow("no host") << u"ls --server localhost:8080"_s << QString() << u"t"_s
                             << u"http://HOST:PORT"_s;
    QTest::newRow("missing token file")
            << u"ls --token-file /nonexistent/token"_s << u"http://h:1"_s << QString()
            << u"Cannot read the token file"_s;
}

void tst_CommandLine::endpointErrors()
{
    QFETCH(QString, arguments);
    QFETCH(QString, server);
    QFETCH(QString, token);
    QFETCH(QString, mentions);

    QProcessEnvironment environment;
    if (!server.isEmpty())
        environment.insert(u"OPTRACK_SERVER"_s, server);
    if (!token.isEmpty())
        environment.insert(u"OPTRACK_TOKEN"_s, token);
    QString error;
    QVERIFY(!Endpoint::resolve(parse(arguments), environment, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void tst_CommandLine::contextValuesKeepTheirType()
{
    QString error;
    const std::optional<QJsonObject> context
            = optionvalue::context({u"host=db1"_s, u"size=12"_s, u"ratio=0.5"_s, u"dry=true"_s,
                                    u"note=a=b"_s, u"quoted=\"12\""_s, u"empty="_s},
                                   &error);
    QVERIFY2(context, qPrintable(error));
    QCOMPARE(context->value(u"host"_s), QJsonValue(u"db1"_s));
    QCOMPARE(context->value(u"size"_s), QJsonValue(12));
    QCOMPARE(context->value(u"ratio"_s), QJsonValue(0.5));
    QCOMPARE(context->value(u"dry"_s), QJsonValue(true));
    QCOMPARE(context->value(u"note"_s), QJsonValue(u"a=b"_s));
    QCOMPARE(context->value(u"quoted"_s), QJsonValue(u"\"12\""_s));
    QCOMPARE(context->value(u"empty"_s), QJsonValue(QString()));

    QVERIFY(!optionvalue::context({u"novalue"_s}, &error));
    QVERIFY(error.contains(u"KEY=VALUE"_s));
    QVERIFY(!optionvalue::context({u"=x"_s}, &error));
}

void tst_CommandLine::jsonAndListValues()
{
    QString error;
    QCOMPARE(optionvalue::json(u"result"_s, u"{\"rows\": 3}"_s, &error),
             std::optional<QJsonValue>(QJsonObject{{u"rows"_s, 3}}));
    QCOMPARE(optionvalue::json(u"result"_s, u"42"_s, &error), std::optional<QJsonValue>(42));
    QCOMPARE(optionvalue::json(u"result"_s, u"\"done\""_s, &error),
             std::optional<QJsonValue>(u"done"_s));
    QVERIFY(!optionvalue::json(u"result"_s, u"done"_s, &error));
    QVERIFY(error.startsWith(u"--result must be JSON"_s));
    QVERIFY(!optionvalue::json(u"result"_s, u"1, 2"_s, &error));

    QCOMPARE(optionvalue::statuses(u"in_progress, failed"_s, &error),
             (std::optional<QList<OperationStatus>>(
                     {OperationStatus::InProgress, OperationStatus::Failed})));
    QVERIFY(!optionvalue::statuses(u"running"_s, &error));
    QVERIFY(error.contains(u"waiting_for_approval"_s));
    QCOMPARE(optionvalue::commaList(u"a,,b , c"_s), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
    QCOMPARE(optionvalue::scope(u"approvals"_s, &error),
             std::optional<OperationScope>(OperationScope::Approvals));
    QVERIFY(!optionvalue::scope(u"everyone"_s, &error));
    QCOMPARE(optionvalue::percentage(u"progress"_s, u"45.5%"_s, &error),
             std::optional<double>(45.5));
    QVERIFY(!optionvalue::percentage(u"progress"_s, u"101"_s, &error));
    QVERIFY(!optionvalue::wholeNumber(u"timeout"_s, u"1.5"_s, 0, 10, &error));
    QVERIFY(error.contains(u"--timeout"_s));
}

void tst_CommandLine::exitStatusesAreDistinct()
{
    QSet<int> codes;
    for (const ExitStatusDoc &doc : documentedExitStatuses())
        codes.insert(doc.code);
    QCOMPARE(codes.size(), documentedExitStatuses().size());
    // Each error category a person must tell apart has its own status.
    QSet<int> categories;
    for (ErrorCategory category :
         {ErrorCategory::CannotConnect, ErrorCategory::Unauthorised, ErrorCategory::Forbidden,
          ErrorCategory::NotFound, ErrorCategory::Conflict, ErrorCategory::BadRequest})
        categories.insert(toInt(exitStatusFor(category)));
    QCOMPARE(categories.size(), 6);
    QCOMPARE(toInt(exitStatusFor(ErrorCategory::BadRequest)), toInt(ExitStatus::Usage));
    QCOMPARE(exitStatusForEnd(OperationStatus::Completed), ExitStatus::Success);
    QCOMPARE(exitStatusForEnd(OperationStatus::Denied), ExitStatus::Denied);
    QCOMPARE(exitStatusForEnd(OperationStatus::Failed), ExitStatus::Failed);
    QCOMPARE(exitStatusForEnd(OperationStatus::Cancelled), ExitStatus::Cancelled);
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
