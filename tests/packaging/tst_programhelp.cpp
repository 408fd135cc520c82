// The programs' command lines as a terminal without a display sees them: --help, --help-all
// and --version answer and exit 0, and --help-all never starts the app.

#include "toolrunner.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

class tst_ProgramHelp final : public QObject
{
    Q_OBJECT

private slots:
    void appVersion_data();
    void appVersion();
    void appHelp_data();
    void appHelp();
    void appHelpAllPrintsQtOptionsAndExits();
    void serviceHelpAndVersion();
    void ctlHelpAndVersion();

private:
    /// An environment with no display and a home of its own, so a started app would show.
    QProcessEnvironment isolated(const QTemporaryDir &home) const;
};

QProcessEnvironment tst_ProgramHelp::isolated(const QTemporaryDir &home) const
{
    QProcessEnvironment environment = ToolRun::withoutDisplay();
    environment.insert(u"HOME"_s, home.path());
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    environment.insert(u"XDG_CACHE_HOME"_s, home.filePath(u"cache"_s));
    return environment;
}

void tst_ProgramHelp::appVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--version") << QStringList{u"--version"_s};
    QTest::newRow("-v") << QStringList{u"-v"_s};
    // Qt's own options around it are not the app's to refuse; -stylesheet holds an h.
    QTest::newRow("with Qt options")
            << QStringList{u"-stylesheet"_s, u"x.qss"_s, u"-platform"_s, u"xcb"_s, u"--version"_s};
}

void tst_ProgramHelp::appVersion()
{
    QFETCH(QStringList, arguments);
    const ToolRun run
            = ToolRun::run(QStringLiteral(OPTRACK_APP_PATH), arguments, ToolRun::withoutDisplay());
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QCOMPARE(run.standardOutput, QByteArray("optrack " OPTRACK_VERSION "\n"));
}

void tst_ProgramHelp::appHelp_data()
{
    QTest::addColumn<QString>("option");
    QTest::newRow("--help") << u"--help"_s;
    QTest::newRow("-h") << u"-h"_s;
}

void tst_ProgramHelp::appHelp()
{
    QFETCH(QString, option);
    const ToolRun run
            = ToolRun::run(QStringLiteral(OPTRACK_APP_PATH), {option}, ToolRun::withoutDisplay());
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    const QString help = QString::fromLocal8Bit(run.standardOutput);
    QVERIFY2(help.startsWith(u"Usage: "_s), qPrintable(help));
    for (const QString &expected : {u"--server <URL>"_s, u"--token-file <FILE>"_s, u"--local"_s,
                                    u"--data-dir <DIR>"_s, u"--help-all"_s, u"--version"_s})
        QVERIFY2(help.contains(expected), qPrintable(expected + u" missing from:\n"_s + help));
    QVERIFY2(!help.contains(u"screenshots"_s), "the tools' option is hidden");
    QVERIFY2(!help.contains(u"-platform"_s), "Qt's options are for --help-all");
}

void tst_ProgramHelp::appHelpAllPrintsQtOptionsAndExits()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const ToolRun run
            = ToolRun::run(QStringLiteral(OPTRACK_APP_PATH), {u"--help-all"_s}, isolated(home));
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const QString help = QString::fromLocal8Bit(run.standardOutput);
    QVERIFY2(help.contains(u"--server <URL>"_s), qPrintable(help));
    // The window system's options, which only a QApplication knows.
    QVERIFY2(help.contains(u"--platform <platformName[:options]>"_s), qPrintable(help));
    // The app never ran: it would have written its local service's configuration.
    QVERIFY2(QDir(home.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty(),
             qPrintable(QDir(home.path())
                                .entryList(QDir::AllEntries | QDir::NoDotAndDotDot)
                                .join(u", "_s)));
}

void tst_ProgramHelp::serviceHelpAndVersion()
{
    const QString optrackd = QStringLiteral(OPTRACKD_PROGRAM_PATH);
    const ToolRun version = ToolRun::run(optrackd, {u"--version"_s}, ToolRun::withoutDisplay());
    QVERIFY2(version.exitCode == 0, version.describe().constData());
    QCOMPARE(version.standardOutput, QByteArray("optrackd " OPTRACK_VERSION "\n"));
    const ToolRun help = ToolRun::run(optrackd, {u"--help"_s}, ToolRun::withoutDisplay());
    QVERIFY2(help.exitCode == 0, help.describe().constData());
    for (const char *expected : {"--listen", "--data-dir", "--config", "--database <URL>"})
        QVERIFY2(help.standardOutput.contains(expected), help.describe().constData());
}

void tst_ProgramHelp::ctlHelpAndVersion()
{
    const QString optrackctl = QStringLiteral(OPTRACKCTL_PROGRAM_PATH);
    const ToolRun version = ToolRun::run(optrackctl, {u"--version"_s}, ToolRun::withoutDisplay());
    QVERIFY2(version.exitCode == 0, version.describe().constData());
    QCOMPARE(version.standardOutput, QByteArray("optrackctl " OPTRACK_VERSION "\n"));
    const ToolRun help = ToolRun::run(optrackctl, {u"--help"_s}, ToolRun::withoutDisplay());
    QVERIFY2(help.exitCode == 0 && help.standardOutput.startsWith("Usage: optrackctl"),
             help.describe().constData());
}

QTEST_GUILESS_MAIN(tst_ProgramHelp)
#include "tst_programhelp.moc"
