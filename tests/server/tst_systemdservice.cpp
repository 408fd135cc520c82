// optrackd as systemd runs it: readiness and stopping through $NOTIFY_SOCKET (Type=notify),
// the data and configuration directories from $STATE_DIRECTORY and $CONFIGURATION_DIRECTORY,
// and log lines with their priority when stderr is the journal ($JOURNAL_STREAM); the access
// log category, off unless QT_LOGGING_RULES turns it on.

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 15'000;
constexpr qsizetype datagramBytes = 4096;

/// The receiving end of sd_notify: a datagram socket at a path, read on the event loop.
class NotifySocket final
{
public:
    explicit NotifySocket(const QString &path)
        : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray name = QFile::encodeName(path);
        if (m_fd < 0 || size_t(name.size()) >= sizeof(address.sun_path))
            return;
        std::copy(name.begin(), name.end(), address.sun_path);
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(),
                         [this] { read(); });
    }
    ~NotifySocket()
    {
        m_notifier.reset();
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isListening() const { return m_notifier != nullptr; }
    /// Every line received, in order ("READY=1", "STATUS=...").
    const QStringList &lines() const { return m_lines; }

private:
    void read()
    {
        QByteArray buffer(datagramBytes, Qt::Uninitialized);
        for (;;) {
            const ssize_t size = ::recv(m_fd, buffer.data(), size_t(buffer.size()), 0);
            if (size <= 0)
                return;
            m_lines += QString::fromUtf8(buffer.left(size)).split(u'\n', Qt::SkipEmptyParts);
        }
    }

    QString m_path;
    int m_fd = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QStringList m_lines;
};

/// A configuration with one account, in dir; its path.
QString writeConfig(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(u"config.json"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    const QByteArray digest
            = QCryptographicHash::hash("a token", QCryptographicHash::Sha256).toHex();
    file.write(R"({"users": [{"userId": "alice", "roles": ["user"], "tokenSha256": ")" + digest
               + R"("}]})");
    return path;
}

QProcessEnvironment environmentWith(const QList<std::pair<QString, QString>> &variables)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"NOTIFY_SOCKET"_s, u"STATE_DIRECTORY"_s,
                                u"CONFIGURATION_DIRECTORY"_s, u"JOURNAL_STREAM"_s})
        environment.remove(name);
    for (const auto &[name, value] : variables)
        environment.insert(name, value);
    return environment;
}

bool waitForListening(QProcess &process)
{
    return QTest::qWaitFor(
                   [&] {
                       return process.state() == QProcess::NotRunning
                               || process.peek(process.bytesAvailable()).contains("listening on");
                   },
                   timeoutMs)
            && process.state() == QProcess::Running;
}

bool stop(QProcess &process)
{
    process.terminate();
    return process.waitForFinished(timeoutMs) && process.exitStatus() == QProcess::NormalExit
            && process.exitCode() == 0;
}

} // namespace

class tst_SystemdService final : public QObject
{
    Q_OBJECT

private slots:
    void notifiesReadyAndStopping();
    void takesItsDirectoriesFromSystemd();
    void namesAMissingConfiguration();
    void journalLinesCarryTheirPriority();
    void plainLinesElsewhere();
    void accessLogWhenAskedFor_data();
    void accessLogWhenAskedFor();

private:
    QTemporaryDir m_configDir;
    const QString m_configPath = writeConfig(m_configDir);
};

void tst_SystemdService::notifiesReadyAndStopping()
{
#ifndef OPTRACK_WITH_SYSTEMD
    QSKIP("Built with OPTRACK_WITH_SYSTEMD=OFF: optrackd does not call sd_notify.");
#endif
    QTemporaryDir dir;
    NotifySocket socket(dir.filePath(u"notify"_s));
    QVERIFY(socket.isListening());
    QProcess process;
    process.setProcessEnvironment(
            environmentWith({{u"NOTIFY_SOCKET"_s, dir.filePath(u"notify"_s)}}));
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(qEnvironmentVariable("OPTRACKD_PATH"),
                  {u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, dir.filePath(u"data"_s),
                   u"--config"_s, m_configPath});
    QTRY_VERIFY_WITH_TIMEOUT(socket.lines().contains(u"READY=1"_s), timeoutMs);
    // Ready only once it accepts connections: the address is printed by then.
    QVERIFY(process.peek(process.bytesAvailable()).contains("listening on http://127.0.0.1:"));
    QVERIFY2(socket.lines().filter(QRegularExpression(u"^STATUS=Serving on 127.0.0.1:\\d+$"_s))
                             .size()
                     == 1,
             qPrintable(socket.lines().join(u" | "_s)));
    QVERIFY(!socket.lines().contains(u"STOPPING=1"_s));
    QVERIFY(stop(process));
    QTRY_VERIFY_WITH_TIMEOUT(socket.lines().contains(u"STOPPING=1"_s), timeoutMs);
}

void tst_SystemdService::takesItsDirectoriesFromSystemd()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(u"state"_s);
    const QString configuration = dir.filePath(u"etc"_s);
    QVERIFY(QDir().mkpath(state) && QDir().mkpath(configuration));
    QVERIFY(QFile::copy(m_configPath, QDir(configuration).filePath(u"optrackd.json"_s)));
    QProcess process;
    process.setProcessEnvironment(environmentWith(
            {{u"STATE_DIRECTORY"_s, state}, {u"CONFIGURATION_DIRECTORY"_s, configuration}}));
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(qEnvironmentVariable("OPTRACKD_PATH"), {u"--listen"_s, u"127.0.0.1:0"_s});
    QVERIFY2(waitForListening(process), process.readAll().constData());
    QVERIFY(stop(process));
    QVERIFY(QFileInfo(QDir(state).filePath(u"optrack.db"_s)).isFile());
    QVERIFY(QFileInfo(QDir(state).filePath(u"files.db"_s)).isFile());
}

void tst_SystemdService::namesAMissingConfiguration()
{
    QTemporaryDir dir;
    QProcess process;
    process.setProcessEnvironment(environmentWith({{u"STATE_DIRECTORY"_s, dir.filePath(u"s"_s)},
                                                   {u"CONFIGURATION_DIRECTORY"_s, dir.path()}}));
    process.start(qEnvironmentVariable("OPTRACKD_PATH"), {u"--listen"_s, u"127.0.0.1:0"_s});
    QVERIFY(process.waitForFinished(timeoutMs));
    QCOMPARE(process.exitCode(), 2);
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(error.contains(QDir(dir.path()).filePath(u"optrackd.json"_s))
                     && error.contains(u"--config"_s),
             qPrintable(error));
}

void tst_SystemdService::journalLinesCarryTheirPriority()
{
    QTemporaryDir dir;
    const QString log = dir.filePath(u"stderr.log"_s);
    QFile(log).open(QIODevice::WriteOnly);
    struct stat file = {};
    QCOMPARE(::stat(QFile::encodeName(log).constData(), &file), 0);
    QProcess process;
    // As systemd connects a service's stderr to the journal: the stream's device and inode.
    process.setProcessEnvironment(environmentWith(
            {{u"JOURNAL_STREAM"_s, u"%1:%2"_s.arg(qulonglong(file.st_dev)).arg(file.st_ino)}}));
    process.setStandardErrorFile(log, QIODevice::Append);
    process.start(qEnvironmentVariable("OPTRACKD_PATH"),
                  {u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, dir.filePath(u"data"_s),
                   u"--config"_s, m_configPath});
    QVERIFY(waitForListening(process));
    QVERIFY(stop(process));
    QFile lines(log);
    QVERIFY(lines.open(QIODevice::ReadOnly));
    const QStringList text = QString::fromUtf8(lines.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(!text.isEmpty());
    for (const QString &line : text)
        QVERIFY2(QRegularExpression(u"^<[0-7]>\\S"_s).match(line).hasMatch(), qPrintable(line));
    QVERIFY2(text.contains(u"<6>optrack.main: signal 15 received: draining"_s),
             qPrintable(text.join(u'\n')));

    // A start that fails: its sentence is an error (<3>).
    QProcess failing;
    failing.setProcessEnvironment(process.processEnvironment());
    failing.setStandardErrorFile(log);
    failing.start(qEnvironmentVariable("OPTRACKD_PATH"),
                  {u"--listen"_s, u"nowhere"_s, u"--config"_s, m_configPath});
    QVERIFY(failing.waitForFinished(timeoutMs));
    QCOMPARE(failing.exitCode(), 2);
    lines.close();
    QVERIFY(lines.open(QIODevice::ReadOnly));
    QVERIFY2(lines.readAll().startsWith("<3>optrackd: --listen \"nowhere\""), "an error line");
}

void tst_SystemdService::plainLinesElsewhere()
{
    QTemporaryDir dir;
    QProcess process;
    // A JOURNAL_STREAM that is not this stderr (a child of a service writing to a pipe).
    process.setProcessEnvironment(environmentWith({{u"JOURNAL_STREAM"_s, u"1:1"_s}}));
    process.start(qEnvironmentVariable("OPTRACKD_PATH"),
                  {u"--listen"_s, u"nowhere"_s, u"--config"_s, m_configPath});
    QVERIFY(process.waitForFinished(timeoutMs));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(process.readAllStandardError().startsWith("optrackd: --listen \"nowhere\""),
             "no priority prefix");
}

void tst_SystemdService::accessLogWhenAskedFor_data()
{
    QTest::addColumn<QString>("rules");
    QTest::addColumn<bool>("logged");
    QTest::newRow("default") << QString() << false;
    QTest::newRow("turned on") << u"optrack.access.info=true"_s << true;
}

void tst_SystemdService::accessLogWhenAskedFor()
{
    QFETCH(QString, rules);
    QFETCH(bool, logged);
    QTemporaryDir dir;
    QProcessEnvironment environment = environmentWith({});
    environment.remove(u"QT_LOGGING_RULES"_s);
    if (!rules.isEmpty())
        environment.insert(u"QT_LOGGING_RULES"_s, rules);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(qEnvironmentVariable("OPTRACKD_PATH"),
                  {u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, dir.filePath(u"data"_s),
                   u"--config"_s, m_configPath});
    QVERIFY(waitForListening(process));
    const QRegularExpressionMatch address
            = QRegularExpression(u"listening on (http://\\S+)"_s)
                      .match(QString::fromUtf8(process.readAllStandardOutput()));
    QVERIFY(address.hasMatch());

    // The query is left out of the log: it may carry what a log should not keep.
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(
            network.get(QNetworkRequest(QUrl(address.captured(1) + u"/healthz?secret=s3"_s))));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), timeoutMs);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    // The path as sent, still encoded: a line break in it cannot forge a line of the log.
    std::unique_ptr<QNetworkReply> forging(network.get(
            QNetworkRequest(QUrl(address.captured(1) + u"/nowhere%0Aoptrack.access: forged"_s))));
    QTRY_VERIFY_WITH_TIMEOUT(forging->isFinished(), timeoutMs);
    QCOMPARE(forging->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
    QVERIFY(stop(process));

    const QString log = QString::fromUtf8(process.readAllStandardError());
    const QRegularExpression line(
            u"^optrack\\.access: 127\\.0\\.0\\.1 GET /healthz 200 \\d+\\.\\d ms$"_s,
            QRegularExpression::MultilineOption);
    QCOMPARE(line.match(log).hasMatch(), logged);
    const QRegularExpression encoded(u"^optrack\\.access: 127\\.0\\.0\\.1 GET "
                                     u"/nowhere%0Aoptrack\\.access:%20forged 404 \\d+\\.\\d ms$"_s,
                                     QRegularExpression::MultilineOption);
    QVERIFY2(encoded.match(log).hasMatch() == logged, qPrintable(log));
    QVERIFY2(!log.contains(u"\noptrack.access: forged"_s), qPrintable(log));
    QVERIFY2(!log.contains(u"s3"_s), qPrintable(log));
}

QTEST_GUILESS_MAIN(tst_SystemdService)
#include "tst_systemdservice.moc"
