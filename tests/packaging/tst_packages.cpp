// The Debian packages CPack makes from this build: which files each holds, their control
// data (dependencies from dpkg-shlibdeps, maintainer scripts only for the service, the
// configuration as a conffile), lintian without errors, and an unpack into a fresh root
// (dpkg --root) whose programs run.

#include "toolrunner.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int cpackTimeoutMs = 600'000;

QString deb(const QString &directory, const QString &package)
{
    return QDir(directory).filePath(
            u"%1_%2_amd64.deb"_s.arg(package, QStringLiteral(OPTRACK_VERSION)));
}

} // namespace

class tst_Packages final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void holdsItsFiles_data();
    void holdsItsFiles();
    void dependsOnWhatItLinks_data();
    void dependsOnWhatItLinks();
    void onlyTheServiceHasMaintainerScripts();
    void lintianFindsNoErrors_data();
    void lintianFindsNoErrors();
    void unpacksIntoAFreshRoot();

private:
    QStringList packages() const;
    QByteArray run(const QString &program, const QStringList &arguments);

    QTemporaryDir m_out;
};

QByteArray tst_Packages::run(const QString &program, const QStringList &arguments)
{
    const ToolRun result = ToolRun::run(program, arguments);
    if (result.exitCode != 0)
        qWarning("%s", result.describe().constData());
    return result.exitCode == 0 ? result.standardOutput : QByteArray();
}

QStringList tst_Packages::packages() const
{
    return {u"optrack"_s, u"optrackd"_s, u"optrackctl"_s};
}

void tst_Packages::initTestCase()
{
    if (QStringLiteral(OPTRACK_INSTALL_PREFIX) != u"/usr"_s)
        QSKIP("This build installs under " OPTRACK_INSTALL_PREFIX "; packages are made from a "
              "build with the prefix /usr (the default of a new build; scripts/package).");
    for (const QString &tool : {u"dpkg-deb"_s, u"dpkg-shlibdeps"_s}) {
        if (QStandardPaths::findExecutable(tool).isEmpty())
            QSKIP("dpkg-deb or dpkg-shlibdeps is not installed (Debian: dpkg-dev; scripts/setup "
                  "installs it)");
    }
    ToolOptions options;
    options.timeoutMs = cpackTimeoutMs;
    options.workingDirectory = QStringLiteral(OPTRACK_BINARY_DIR);
    const ToolRun cpack = ToolRun::run(QStringLiteral(CPACK_COMMAND),
                                       {u"-G"_s, u"DEB"_s, u"-B"_s, m_out.path()},
                                       QProcessEnvironment::systemEnvironment(), options);
    QVERIFY2(cpack.exitCode == 0, cpack.describe().constData());
    for (const QString &package : packages())
        QVERIFY2(QFile::exists(deb(m_out.path(), package)), qPrintable(package));
}

void tst_Packages::holdsItsFiles_data()
{
    QTest::addColumn<QString>("package");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QStringList>("notFiles");
    const QString id = QStringLiteral(OPTRACK_APP_ID);
    QTest::newRow("optrack") << u"optrack"_s
                             << QStringList{u"./usr/bin/optrack"_s,
                                            u"./usr/share/applications/"_s + id + u".desktop"_s,
                                            u"./usr/share/metainfo/"_s + id + u".metainfo.xml"_s,
                                            u"./usr/share/icons/hicolor/scalable/apps/"_s + id
                                                    + u".svg"_s,
                                            u"./usr/share/man/man1/optrack.1.gz"_s,
                                            u"./usr/share/doc/optrack/copyright"_s,
                                            u"./usr/share/doc/optrack/changelog.gz"_s}
                             << QStringList{u"./usr/bin/optrackd"_s};
    QTest::newRow("optrackd")
            << u"optrackd"_s
            << QStringList{u"./usr/bin/optrackd"_s,
                           u"./usr/lib/systemd/system/optrackd.service"_s,
                           u"./etc/optrack/optrackd.json"_s,
                           u"./usr/share/man/man1/optrackd.1.gz"_s,
                           u"./usr/share/doc/optrackd/copyright"_s,
                           u"./usr/share/doc/optrackd/changelog.gz"_s,
                           u"./usr/share/doc/optrackd/examples/nginx-optrack.conf"_s}
            << QStringList{u"./usr/bin/optrack"_s};
    QTest::newRow("optrackctl") << u"optrackctl"_s
                                << QStringList{u"./usr/bin/optrackctl"_s,
                                               u"./usr/share/man/man1/optrackctl.1.gz"_s,
                                               u"./usr/share/doc/optrackctl/copyright"_s,
                                               u"./usr/share/doc/optrackctl/changelog.gz"_s}
                                << QStringList{u"./usr/bin/optrackd"_s, u"./usr/bin/optrack"_s};
}

void tst_Packages::holdsItsFiles()
{
    QFETCH(QString, package);
    QFETCH(QStringList, files);
    QFETCH(QStringList, notFiles);
    QStringList listed;
    for (const QByteArray &line :
         run(u"dpkg-deb"_s, {u"--contents"_s, deb(m_out.path(), package)}).split('\n')) {
        if (!line.isEmpty())
            listed.append(QString::fromUtf8(line).section(u' ', -1));
    }
    for (const QString &file : files)
        QVERIFY2(listed.contains(file), qPrintable(file + u" not in "_s + listed.join(u", "_s)));
    for (const QString &file : notFiles)
        QVERIFY2(!listed.contains(file), qPrintable(file));
    for (const QString &file : listed)
        QVERIFY2(!file.startsWith(u"./usr/local"_s), qPrintable(file));
}

void tst_Packages::dependsOnWhatItLinks_data()
{
    QTest::addColumn<QString>("package");
    QTest::addColumn<QStringList>("dependencies");
    QTest::newRow("optrack") << u"optrack"_s
                             << QStringList{u"optrackd (= " OPTRACK_VERSION ")"_s,
                                            u"libqt6widgets6"_s,
                                            u"libqt6network6"_s,
                                            u"libqt6keychain1"_s,
                                            u"libqt6dbus6"_s,
                                            u"libc6"_s};
    QTest::newRow("optrackd") << u"optrackd"_s << QStringList{u"libqt6sql6-sqlite"_s,
                                                              u"libqt6sql6-psql"_s,
                                                              u"libpq5"_s,
                                                              u"libqt6websockets6"_s,
                                                              u"libsystemd0"_s,
                                                              u"libcsv3"_s,
                                                              u"libc6"_s};
}

void tst_Packages::dependsOnWhatItLinks()
{
    QFETCH(QString, package);
    QFETCH(QStringList, dependencies);
    const QString depends = QString::fromUtf8(
            run(u"dpkg-deb"_s, {u"--field"_s, deb(m_out.path(), package), u"Depends"_s}));
    for (const QString &dependency : dependencies)
        QVERIFY2(depends.contains(dependency), qPrintable(dependency + u" not in "_s + depends));
    // From dpkg-shlibdeps: versioned by the symbols the program uses.
    QVERIFY2(depends.contains(u"libqt6core6 (>= "_s), qPrintable(depends));
    // The HTTP edge is Boost.Beast's parser, header-only: Qt's HTTP server is not needed.
    QVERIFY2(!depends.contains(u"libqt6httpserver6"_s), qPrintable(depends));
    // The command-line tool stays off the GUI libraries.
    if (package == u"optrackctl"_s)
        QVERIFY2(!depends.contains(u"libqt6gui6"_s), qPrintable(depends));
    QCOMPARE(QString::fromUtf8(
                     run(u"dpkg-deb"_s, {u"--field"_s, deb(m_out.path(), package), u"Version"_s}))
                     .trimmed(),
             QStringLiteral(OPTRACK_VERSION));
}

void tst_Packages::onlyTheServiceHasMaintainerScripts()
{
    for (const QString &package : packages()) {
        QTemporaryDir control;
        const ToolRun extract = ToolRun::run(
                u"dpkg-deb"_s, {u"--control"_s, deb(m_out.path(), package), control.path()});
        QVERIFY2(extract.exitCode == 0, extract.describe().constData());
        const QStringList files = QDir(control.path()).entryList(QDir::Files, QDir::Name);
        if (package == u"optrackd"_s) {
            QCOMPARE(files,
                     (QStringList{u"conffiles"_s, u"control"_s, u"md5sums"_s, u"postinst"_s,
                                  u"postrm"_s, u"prerm"_s}));
            QFile conffiles(QDir(control.path()).filePath(u"conffiles"_s));
            QVERIFY(conffiles.open(QIODevice::ReadOnly));
            QCOMPARE(conffiles.readAll().trimmed(), QByteArray("/etc/optrack/optrackd.json"));
        } else {
            QCOMPARE(files, (QStringList{u"control"_s, u"md5sums"_s}));
        }
    }
}

void tst_Packages::lintianFindsNoErrors_data()
{
    QTest::addColumn<QString>("package");
    for (const QString &package : packages())
        QTest::newRow(qPrintable(package)) << package;
}

void tst_Packages::lintianFindsNoErrors()
{
    const QString lintian = QStandardPaths::findExecutable(u"lintian"_s);
    if (lintian.isEmpty())
        QSKIP("lintian is not installed (Debian: lintian; scripts/setup installs it)");
    QFETCH(QString, package);
    ToolOptions options;
    options.timeoutMs = cpackTimeoutMs;
    const ToolRun run = ToolRun::run(lintian,
                                     {u"--fail-on"_s, u"error"_s, u"--tag-display-limit"_s, u"0"_s,
                                      deb(m_out.path(), package)},
                                     QProcessEnvironment::systemEnvironment(), options);
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY2(!run.standardOutput.contains("\nE: ") && !run.standardOutput.startsWith("E: "),
             run.describe().constData());
}

void tst_Packages::unpacksIntoAFreshRoot()
{
    QTemporaryDir root;
    QVERIFY(QDir().mkpath(root.filePath(u"var/lib/dpkg/info"_s))
            && QDir().mkpath(root.filePath(u"var/lib/dpkg/updates"_s)));
    QFile status(root.filePath(u"var/lib/dpkg/status"_s));
    QVERIFY(status.open(QIODevice::WriteOnly));
    status.close();
    QStringList arguments{u"--root="_s + root.path(), u"--log=/dev/null"_s, u"--force-not-root"_s,
                          u"--force-depends"_s, u"--unpack"_s};
    for (const QString &package : packages())
        arguments.append(deb(m_out.path(), package));
    const ToolRun unpack = ToolRun::run(u"dpkg"_s, arguments);
    QVERIFY2(unpack.exitCode == 0, unpack.describe().constData());

    const ToolRun conffiles = ToolRun::run(u"dpkg-query"_s,
                                           {u"--root="_s + root.path(), u"--show"_s,
                                            u"--showformat=${Conffiles}"_s, u"optrackd"_s});
    QVERIFY2(conffiles.standardOutput.contains("/etc/optrack/optrackd.json"),
             conffiles.describe().constData());
    for (const QString &program : packages()) {
        const ToolRun version = ToolRun::run(root.filePath(u"usr/bin/"_s + program),
                                             {u"--version"_s}, ToolRun::withoutDisplay());
        QVERIFY2(version.exitCode == 0, version.describe().constData());
        QCOMPARE(version.standardOutput, (program + u" " OPTRACK_VERSION "\n"_s).toUtf8());
    }
    QVERIFY(QFileInfo(root.filePath(u"usr/lib/systemd/system/optrackd.service"_s)).isFile());
}

QTEST_GUILESS_MAIN(tst_Packages)
#include "tst_packages.moc"
