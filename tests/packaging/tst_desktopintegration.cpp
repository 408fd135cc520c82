// The app's desktop integration: the desktop entry and the AppStream metainfo pass their
// validators, and the entry, the metainfo, the icon and the app agree on one id.

#include "toolrunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QXmlStreamReader>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

const QString appId = QStringLiteral(OPTRACK_APP_ID);

QString desktopEntryPath()
{
    return QStringLiteral(OPTRACK_SOURCE_DIR "/packaging/") + appId + u".desktop"_s;
}

QString metainfoPath()
{
    return QStringLiteral(OPTRACK_PACKAGING_BINARY_DIR "/") + appId + u".metainfo.xml"_s;
}

/// Key=value of the [Desktop Entry] group.
QHash<QString, QString> desktopEntry()
{
    QHash<QString, QString> entries;
    QFile file(desktopEntryPath());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return entries;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype equals = line.indexOf(u'=');
        if (equals > 0 && !line.startsWith(u'#'))
            entries.insert(line.left(equals), line.mid(equals + 1));
    }
    return entries;
}

/// The text of every element of the metainfo named `name`, in order.
QStringList metainfoTexts(const QString &name)
{
    QStringList texts;
    QFile file(metainfoPath());
    if (!file.open(QIODevice::ReadOnly))
        return texts;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == name)
            texts.append(xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed());
    }
    return texts;
}

constexpr int windowTimeoutMs = 120'000;

} // namespace

class tst_DesktopIntegration final : public QObject
{
    Q_OBJECT

private slots:
    void desktopEntryValidates();
    void metainfoValidates();
    void oneIdEverywhere();
    void iconIsScalable();
    void screenshotsAreTheDocumentedOnes();
    void windowBelongsToTheEntry();
};

void tst_DesktopIntegration::desktopEntryValidates()
{
    const QString validator = QStandardPaths::findExecutable(u"desktop-file-validate"_s);
    if (validator.isEmpty())
        QSKIP("desktop-file-validate is not installed (Debian: desktop-file-utils; "
              "scripts/setup installs it)");
    const ToolRun run = ToolRun::run(validator, {desktopEntryPath()});
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    // It prints hints and warnings without failing: none are accepted either.
    QVERIFY2(run.standardOutput.trimmed().isEmpty(), run.describe().constData());
}

void tst_DesktopIntegration::metainfoValidates()
{
    const QString validator = QStandardPaths::findExecutable(u"appstreamcli"_s);
    if (validator.isEmpty())
        QSKIP("appstreamcli is not installed (Debian: appstream; scripts/setup installs it)");
    // --no-net: the screenshots' addresses are checked for form, not fetched.
    const ToolRun run = ToolRun::run(validator, {u"validate"_s, u"--no-net"_s, metainfoPath()});
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY2(!run.standardOutput.contains("W: ") && !run.standardOutput.contains("E: "),
             run.describe().constData());
}

void tst_DesktopIntegration::oneIdEverywhere()
{
    const QHash<QString, QString> entry = desktopEntry();
    QCOMPARE(entry.value(u"Icon"_s), appId);
    QCOMPARE(entry.value(u"Exec"_s).section(u' ', 0, 0), u"optrack"_s);
    QCOMPARE(metainfoTexts(u"id"_s), QStringList{appId});
    QCOMPARE(metainfoTexts(u"launchable"_s), QStringList{appId + u".desktop"_s});
    QCOMPARE(metainfoTexts(u"icon"_s), QStringList{appId});
    QCOMPARE(metainfoTexts(u"binary"_s), QStringList{u"optrack"_s});
    QFile metainfo(metainfoPath());
    QVERIFY(metainfo.open(QIODevice::ReadOnly));
    QVERIFY2(metainfo.readAll().contains("<release version=\"" OPTRACK_VERSION "\""),
             "the metainfo's release is the build's version");
}

void tst_DesktopIntegration::iconIsScalable()
{
    QFile icon(QStringLiteral(OPTRACK_SOURCE_DIR "/app/icons/optrack.svg"));
    QVERIFY(icon.open(QIODevice::ReadOnly));
    QXmlStreamReader svg(&icon);
    QVERIFY(svg.readNextStartElement());
    QCOMPARE(svg.name(), u"svg"_s);
    // The hicolor theme's scalable icons are square.
    QCOMPARE(svg.attributes().value(u"width"_s), svg.attributes().value(u"height"_s));
    QVERIFY(!svg.attributes().value(u"viewBox"_s).isEmpty());
}

void tst_DesktopIntegration::screenshotsAreTheDocumentedOnes()
{
    const QStringList images = metainfoTexts(u"image"_s);
    QVERIFY(!images.isEmpty());
    const QDir documented(QStringLiteral(OPTRACK_SOURCE_DIR "/docs/screenshots"));
    QStringList names;
    for (const QString &image : images) {
        const QUrl url(image);
        QCOMPARE(url.scheme(), u"https"_s);
        names.append(url.fileName());
        QVERIFY2(QFileInfo::exists(documented.filePath(url.fileName())), qPrintable(image));
    }
    names.sort();
    QCOMPARE(names, documented.entryList({u"*.png"_s}, QDir::Files, QDir::Name));
}

// On X11 a desktop shell groups a window with its launcher by WM_CLASS: the real program's
// first window, on an X server of its own, carries the class the entry's StartupWMClass names.
void tst_DesktopIntegration::windowBelongsToTheEntry()
{
    for (const QString &tool : {u"xvfb-run"_s, u"xdotool"_s, u"xprop"_s}) {
        if (QStandardPaths::findExecutable(tool).isEmpty())
            QSKIP("xvfb-run, xdotool or xprop is not installed (Debian: xvfb, xdotool, "
                  "x11-utils; scripts/setup installs them)");
    }
    QTemporaryDir home;
    QProcessEnvironment environment = ToolRun::withoutDisplay();
    environment.insert(u"HOME"_s, home.path());
    for (const QString &name : {u"XDG_DATA_HOME"_s, u"XDG_CONFIG_HOME"_s, u"XDG_CACHE_HOME"_s})
        environment.insert(name, home.filePath(name.toLower()));
    environment.insert(u"OPTRACKD_PATH"_s, QStringLiteral(OPTRACKD_PROGRAM_PATH));
    ToolOptions options;
    options.timeoutMs = windowTimeoutMs;
    const ToolRun run = ToolRun::run(
            u"xvfb-run"_s,
            {u"-a"_s, QStringLiteral(OPTRACK_SOURCE_DIR "/tests/packaging/windowclass.sh"),
             QStringLiteral(OPTRACK_APP_PATH)},
            environment, options);
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    // WM_CLASS(STRING) = "instance", "class"
    const QRegularExpressionMatch wmClass
            = QRegularExpression(u"WM_CLASS\\(STRING\\) = \"([^\"]*)\", \"([^\"]*)\""_s)
                      .match(QString::fromUtf8(run.standardOutput));
    QVERIFY2(wmClass.hasMatch(), run.describe().constData());
    QCOMPARE(wmClass.captured(2), desktopEntry().value(u"StartupWMClass"_s));
}

QTEST_GUILESS_MAIN(tst_DesktopIntegration)
#include "tst_desktopintegration.moc"
