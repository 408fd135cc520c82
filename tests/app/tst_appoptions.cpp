#include "appoptions.h"

#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

/// The command line: each option, the combinations refused with a sentence naming the
/// option, and when the embedded service is the default.
class tst_AppOptions final : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void wantsLocal_data();
    void wantsLocal();
    void infoRequest_data();
    void infoRequest();
};

void tst_AppOptions::parses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("tokenFile");
    QTest::addColumn<bool>("local");
    QTest::addColumn<QString>("dataDir");

    QTest::newRow("nothing") << QStringList{} << QString() << QString() << false << QString();
    QTest::newRow("server and token file")
            << QStringList{u"--server"_s, u"http://ops.example:8080"_s, u"--token-file"_s,
                           u"/tmp/t"_s}
            << u"http://ops.example:8080"_s << u"/tmp/t"_s << false << QString();
    QTest::newRow("local with data dir") << QStringList{u"--local"_s, u"--data-dir"_s, u"/tmp/d"_s}
                                         << QString() << QString() << true << u"/tmp/d"_s;
}

void tst_AppOptions::parses()
{
    QFETCH(QStringList, arguments);
    arguments.prepend(u"optrack"_s);
    QString error;
    const std::optional<AppOptions> options = AppOptions::parse(arguments, &error);
    QVERIFY2(options, qPrintable(error));
    QFETCH(QString, server);
    QCOMPARE(options->serverUrl.toString(), server);
    QTEST(options->tokenFile, "tokenFile");
    QTEST(options->local, "local");
    QTEST(options->dataDir, "dataDir");
}

void tst_AppOptions::refuses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");

    QTest::newRow("not http") << QStringList{u"--server"_s, u"ftp://x"_s} << u"--server"_s;
    QTest::newRow("local and server")
            << QStringList{u"--local"_s, u"--server"_s, u"http://x:1"_s} << u"--local"_s;
    QTest::newRow("token file alone")
            << QStringList{u"--token-file"_s, u"t"_s} << u"--token-file"_s;
    QTest::newRow("unknown option") << QStringList{u"--bogus"_s} << u"bogus"_s;
    QTest::newRow("stray argument") << QStringList{u"stray"_s} << u"stray"_s;
}

void tst_AppOptions::refuses()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    arguments.prepend(u"optrack"_s);
    QString error;
    QVERIFY(!AppOptions::parse(arguments, &error));
    QVERIFY2(error.contains(named), qPrintable(error));
}

void tst_AppOptions::wantsLocal_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("savedRemote");
    QTest::addColumn<bool>("local");

    QTest::newRow("first start") << QStringList{} << false << true;
    QTest::newRow("a remote was saved") << QStringList{} << true << false;
    QTest::newRow("--local beats the saved remote") << QStringList{u"--local"_s} << true << true;
    QTest::newRow("--server") << QStringList{u"--server"_s, u"http://h:1"_s} << false << false;
}

void tst_AppOptions::wantsLocal()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, savedRemote);
    arguments.prepend(u"optrack"_s);
    QString error;
    const std::optional<AppOptions> options = AppOptions::parse(arguments, &error);
    QVERIFY2(options, qPrintable(error));
    QTEST(options->wantsLocal(savedRemote), "local");
}

void tst_AppOptions::infoRequest_data()
{
    using Request = AppOptions::InfoRequest;
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<Request>("request");

    QTest::newRow("nothing") << QStringList{} << Request::None;
    QTest::newRow("--help") << QStringList{u"--help"_s} << Request::Help;
    QTest::newRow("-h") << QStringList{u"-h"_s} << Request::Help;
    QTest::newRow("--help-all") << QStringList{u"--help-all"_s} << Request::HelpAll;
    QTest::newRow("--version") << QStringList{u"--version"_s} << Request::Version;
    QTest::newRow("version wins") << QStringList{u"--help"_s, u"-v"_s} << Request::Version;
    QTest::newRow("after Qt's options")
            << QStringList{u"-platform"_s, u"offscreen"_s, u"--help"_s} << Request::Help;
    // Read letter by letter, -stylesheet would hold -h.
    QTest::newRow("Qt's -stylesheet is no help")
            << QStringList{u"-stylesheet"_s, u"a.qss"_s, u"--local"_s} << Request::None;
    QTest::newRow("an unknown option is for parse()") << QStringList{u"--bogus"_s} << Request::None;
}

void tst_AppOptions::infoRequest()
{
    QFETCH(QStringList, arguments);
    QFETCH(AppOptions::InfoRequest, request);
    arguments.prepend(u"optrack"_s);
    QCOMPARE(AppOptions::infoRequest(arguments), request);
}

QTEST_GUILESS_MAIN(tst_AppOptions)
#include "tst_appoptions.moc"
