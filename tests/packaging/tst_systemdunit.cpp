// optrackd's systemd unit: systemd-analyze verifies it, and its sandbox keeps the exposure
// systemd-analyze security reports at "OK" or better. Also the default configuration it
// starts with is one optrackd reads (and refuses to serve with, until accounts are added).

#include "toolrunner.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace optrack::testing;
using namespace Qt::StringLiterals;

namespace {

// systemd-analyze security counts exposure in tenths: 2.0 is the top of "OK".
constexpr int highestExposureTenths = 20;

/// The unit as installed, with ExecStart on the build's optrackd (verify checks it exists).
QString buildTreeUnit()
{
    return QStringLiteral(OPTRACK_PACKAGING_BINARY_DIR "/build-tree/optrackd.service");
}

QString systemdAnalyze()
{
    return QStandardPaths::findExecutable(u"systemd-analyze"_s);
}

} // namespace

class tst_SystemdUnit final : public QObject
{
    Q_OBJECT

private slots:
    void verifies();
    void sandboxIsTight();
    void declaresWhatTheServiceNeeds_data();
    void declaresWhatTheServiceNeeds();
    void defaultConfigurationWaitsForAccounts();
};

void tst_SystemdUnit::verifies()
{
    if (systemdAnalyze().isEmpty())
        QSKIP("systemd-analyze is not installed (Debian: systemd; scripts/setup installs it)");
    // --man=no: the man page named by Documentation= is installed with the package, not here.
    const ToolRun run
            = ToolRun::run(systemdAnalyze(), {u"verify"_s, u"--man=no"_s, buildTreeUnit()});
    QVERIFY2(run.exitCode == 0 && run.standardError.trimmed().isEmpty(),
             run.describe().constData());
}

void tst_SystemdUnit::sandboxIsTight()
{
    if (systemdAnalyze().isEmpty())
        QSKIP("systemd-analyze is not installed (Debian: systemd; scripts/setup installs it)");
    const ToolRun run
            = ToolRun::run(systemdAnalyze(),
                           {u"security"_s, u"--offline=true"_s,
                            u"--threshold=%1"_s.arg(highestExposureTenths), buildTreeUnit()});
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.standardOutput.contains("Overall exposure level for optrackd.service"),
             run.describe().constData());
}

void tst_SystemdUnit::declaresWhatTheServiceNeeds_data()
{
    QTest::addColumn<QString>("line");
    for (const QString &line : {u"Type=notify"_s, u"DynamicUser=yes"_s, u"StateDirectory=optrack"_s,
                                u"ConfigurationDirectory=optrack"_s, u"ProtectSystem=strict"_s,
                                u"ProtectHome=yes"_s, u"NoNewPrivileges=yes"_s, u"PrivateTmp=yes"_s,
                                u"LimitNOFILE=65536"_s, u"WantedBy=multi-user.target"_s})
        QTest::newRow(qPrintable(line)) << line;
}

void tst_SystemdUnit::declaresWhatTheServiceNeeds()
{
    QFETCH(QString, line);
    QFile unit(QStringLiteral(OPTRACK_PACKAGING_BINARY_DIR "/optrackd.service"));
    QVERIFY(unit.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(unit.readAll()).split(u'\n');
    QVERIFY2(lines.contains(line), qPrintable(line));
    QVERIFY(lines.contains(u"ExecStart=" OPTRACK_INSTALL_FULL_BINDIR
                           "/optrackd --listen ${OPTRACKD_LISTEN}"_s));
}

void tst_SystemdUnit::defaultConfigurationWaitsForAccounts()
{
    // Read as the service reads it: valid JSON and known keys, refused only for want of users.
    QProcessEnvironment environment = ToolRun::withoutDisplay();
    environment.insert(u"CONFIGURATION_DIRECTORY"_s,
                       QStringLiteral(OPTRACK_SOURCE_DIR "/packaging"));
    environment.insert(u"STATE_DIRECTORY"_s, QStringLiteral(OPTRACK_BINARY_DIR "/nonexistent"));
    const ToolRun run = ToolRun::run(QStringLiteral(OPTRACKD_PROGRAM_PATH),
                                     {u"--listen"_s, u"127.0.0.1:0"_s}, environment);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.standardError.contains("users must name at least one account"),
             run.describe().constData());
}

QTEST_GUILESS_MAIN(tst_SystemdUnit)
#include "tst_systemdunit.moc"
