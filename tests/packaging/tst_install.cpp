// `cmake --install --prefix` into a fresh temporary prefix (not the one the build directory
// keeps in its cache), with DESTDIR a fresh root for what goes to absolute paths (the
// configuration): every program, the desktop integration, the service's unit and
// configuration and the man pages land under the prefix given at install time, the installed
// desktop entry and metainfo pass their validators, and no installed program carries a RUNPATH.

#include "toolrunner.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

class tst_Install final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void installsEveryFile_data();
    void installsEveryFile();
    void programsHaveNoRunpath_data();
    void programsHaveNoRunpath();
    void installedProgramsRun();
    void manPagesDescribeTheOptions_data();
    void manPagesDescribeTheOptions();
    void installedDesktopFilesValidate();
    void installedAppStartsItsLocalService();
    void nothingOutsideThePrefix();

private:
    /// A path under the installation's prefix in the fresh root.
    QString installed(const QString &path) const;

    QTemporaryDir m_root;
};

namespace {

/// The prefix given at install time: unlike any a build is configured with, so that a file
/// installed by the configured prefix instead shows up outside it.
const QString freshPrefix = u"/opt/optrack-install-test"_s;
constexpr int localServiceTimeoutMs = 30'000;

} // namespace

QString tst_Install::installed(const QString &path) const
{
    return m_root.path() + freshPrefix + u'/' + path;
}

void tst_Install::initTestCase()
{
    QVERIFY(m_root.isValid());
    QVERIFY(QDir(m_root.path()).isEmpty());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"DESTDIR"_s, m_root.path());
    const ToolRun run = ToolRun::run(
            QStringLiteral(CMAKE_COMMAND),
            {u"--install"_s, QStringLiteral(OPTRACK_BINARY_DIR), u"--prefix"_s, freshPrefix},
            environment);
    QVERIFY2(run.exitCode == 0, run.describe().constData());
}

void tst_Install::installsEveryFile_data()
{
    QTest::addColumn<QString>("path");
    const QString id = QStringLiteral(OPTRACK_APP_ID);
    for (const QString &path :
         QStringList{u"bin/optrack"_s, u"bin/optrackd"_s, u"bin/optrackctl"_s,
                     u"share/applications/"_s + id + u".desktop"_s,
                     u"share/metainfo/"_s + id + u".metainfo.xml"_s,
                     u"share/icons/hicolor/scalable/apps/"_s + id + u".svg"_s,
                     u"share/man/man1/optrack.1.gz"_s, u"share/man/man1/optrackd.1.gz"_s,
                     u"share/man/man1/optrackctl.1.gz"_s,
                     QStringLiteral(OPTRACK_SYSTEMD_UNIT_DIR "/optrackd.service"),
                     QStringLiteral(OPTRACK_CONFIG_INSTALL_DIR "/optrackd.json")})
        QTest::newRow(qPrintable(path)) << path;
}

void tst_Install::installsEveryFile()
{
    QFETCH(QString, path);
    const QFileInfo file(path.startsWith(u'/') ? m_root.path() + path : installed(path));
    QVERIFY2(file.isFile() && file.size() > 0, qPrintable(file.filePath()));
}

void tst_Install::programsHaveNoRunpath_data()
{
    QTest::addColumn<QString>("program");
    QTest::newRow("optrack") << u"bin/optrack"_s;
    QTest::newRow("optrackd") << u"bin/optrackd"_s;
    QTest::newRow("optrackctl") << u"bin/optrackctl"_s;
}

void tst_Install::programsHaveNoRunpath()
{
    const QString readelf = QStandardPaths::findExecutable(u"readelf"_s);
    if (readelf.isEmpty())
        QSKIP("readelf is not installed (Debian: binutils, which g++ brings)");
    QFETCH(QString, program);
    const ToolRun run = ToolRun::run(readelf, {u"--dynamic"_s, installed(program)});
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.standardOutput.contains("(NEEDED)"), "a dynamically linked program");
    QVERIFY2(!run.standardOutput.contains("(RUNPATH)") && !run.standardOutput.contains("(RPATH)"),
             run.standardOutput.constData());
}

void tst_Install::installedProgramsRun()
{
    for (const QString &program : {u"optrack"_s, u"optrackd"_s, u"optrackctl"_s}) {
        const ToolRun run = ToolRun::run(installed(u"bin/"_s + program), {u"--version"_s},
                                         ToolRun::withoutDisplay());
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QCOMPARE(run.standardOutput, (program + u" " OPTRACK_VERSION "\n"_s).toUtf8());
    }
}

void tst_Install::manPagesDescribeTheOptions_data()
{
    QTest::addColumn<QString>("page");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("optrack") << u"optrack.1.gz"_s
                             << QStringList{u".TH OPTRACK \"1\""_s, u"\\-\\-server"_s,
                                            u"OPTRACKD_PATH"_s, u"optrackd (1)"_s};
    QTest::newRow("optrackd") << u"optrackd.1.gz"_s
                              << QStringList{u".TH OPTRACKD \"1\""_s, u"\\-\\-listen"_s,
                                             u"STATE_DIRECTORY"_s, u"/etc/optrack/optrackd.json"_s};
    QTest::newRow("optrackctl") << u"optrackctl.1.gz"_s
                                << QStringList{u".TH OPTRACKCTL \"1\""_s, u"\\-\\-server"_s,
                                               u"OPTRACK_TOKEN"_s, u"optrackd (1)"_s};
}

void tst_Install::manPagesDescribeTheOptions()
{
    QFETCH(QString, page);
    QFETCH(QStringList, expected);
    const QString gzip = QStandardPaths::findExecutable(u"gzip"_s);
    QVERIFY(!gzip.isEmpty());
    const ToolRun run = ToolRun::run(gzip, {u"-dc"_s, installed(u"share/man/man1/"_s + page)});
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    const QString text = QString::fromUtf8(run.standardOutput);
    for (const QString &item : expected)
        QVERIFY2(text.contains(item), qPrintable(item + u" missing from:\n"_s + text));
}

void tst_Install::installedDesktopFilesValidate()
{
    const QString id = QStringLiteral(OPTRACK_APP_ID);
    const QString desktopValidator = QStandardPaths::findExecutable(u"desktop-file-validate"_s);
    const QString metainfoValidator = QStandardPaths::findExecutable(u"appstreamcli"_s);
    if (desktopValidator.isEmpty() || metainfoValidator.isEmpty())
        QSKIP("desktop-file-validate or appstreamcli is not installed (Debian: "
              "desktop-file-utils, appstream; scripts/setup installs them)");
    const ToolRun entry = ToolRun::run(desktopValidator,
                                       {installed(u"share/applications/"_s + id + u".desktop"_s)});
    QVERIFY2(entry.exitCode == 0 && entry.standardOutput.trimmed().isEmpty(),
             entry.describe().constData());
    // --no-net: the screenshots' addresses are checked for form, not fetched.
    const ToolRun metainfo
            = ToolRun::run(metainfoValidator,
                           {u"validate"_s, u"--no-net"_s,
                            installed(u"share/metainfo/"_s + id + u".metainfo.xml"_s)});
    QVERIFY2(metainfo.exitCode == 0 && !metainfo.standardOutput.contains("W: ")
                     && !metainfo.standardOutput.contains("E: "),
             metainfo.describe().constData());
}

// The embedded default from the installed tree: with no server configured, the installed app
// finds the installed optrackd beside it, starts it, signs in, and stops it when it quits.
void tst_Install::installedAppStartsItsLocalService()
{
    QTemporaryDir home;
    QProcessEnvironment environment = ToolRun::withoutDisplay();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"QT_LOGGING_RULES"_s, u"optrack.*.info=true"_s);
    environment.remove(u"OPTRACKD_PATH"_s);
    environment.insert(u"HOME"_s, home.path());
    for (const QString &name : {u"XDG_DATA_HOME"_s, u"XDG_CONFIG_HOME"_s, u"XDG_CACHE_HOME"_s})
        environment.insert(name, home.filePath(name.toLower()));
    QProcess app;
    app.setProcessEnvironment(environment);
    QByteArray log;
    connect(&app, &QProcess::readyReadStandardError, this,
            [&app, &log] { log += app.readAllStandardError(); });
    app.start(installed(u"bin/optrack"_s), {});
    QVERIFY2(app.waitForStarted(), qPrintable(app.errorString()));
    QTRY_VERIFY2_WITH_TIMEOUT(log.contains("signed in as"), log.constData(), localServiceTimeoutMs);
    QVERIFY2(log.contains(installed(u"bin/optrackd"_s).toLocal8Bit()), log.constData());
    app.terminate();
    QVERIFY(app.waitForFinished(localServiceTimeoutMs));
    log += app.readAllStandardError();
    QVERIFY2(log.contains("local service ended with code 0"), log.constData());
}

// Everything but the system's configuration goes under the prefix given at install time.
void tst_Install::nothingOutsideThePrefix()
{
    const QString prefix = m_root.path() + freshPrefix + u'/';
    const QString configuration = m_root.path() + QStringLiteral(OPTRACK_CONFIG_INSTALL_DIR "/");
    QDirIterator files(m_root.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int count = 0;
    while (files.hasNext()) {
        const QString file = files.next();
        ++count;
        QVERIFY2(file.startsWith(prefix) || file.startsWith(configuration), qPrintable(file));
    }
    QVERIFY(count > 0);
}

QTEST_GUILESS_MAIN(tst_Install)
#include "tst_install.moc"
