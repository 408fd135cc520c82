#include "optrackdprocess.h"

#include "testdatabase.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

namespace optrack::testing {

using namespace Qt::StringLiterals;

namespace {

constexpr int tokenBytes = 32;
constexpr int maxKeptOutput = 64 * 1024;
constexpr int unthrottledFailures = 1'000'000;

struct DefaultUser
{
    QString userId;
    QStringList roles;
};

QList<DefaultUser> defaultUserTable()
{
    return {
            {u"alice"_s, {u"user"_s}},    {u"dave"_s, {u"user"_s}},
            {u"bob"_s, {u"approver"_s}},  {u"carol"_s, {u"approver"_s}},
            {u"erin"_s, {u"approver"_s}}, {u"sam"_s, {u"staff"_s}},
            {u"ada"_s, {u"admin"_s}},     {u"svc"_s, {u"service"_s}},
    };
}

} // namespace

OptrackdProcess::OptrackdProcess(QObject *parent)
    : QObject(parent)
{
    for (const DefaultUser &user : defaultUserTable())
        addUser(user.userId, user.roles);
    // Known to the tests, never written to the configuration.
    m_tokens.insert(unknownUser, randomToken());
}

OptrackdProcess::~OptrackdProcess()
{
    if (isRunning()) {
        m_process->kill();
        m_process->waitForFinished(stopTimeoutMs);
    }
}

QStringList OptrackdProcess::defaultUsers()
{
    QStringList users;
    for (const DefaultUser &user : defaultUserTable())
        users.append(user.userId);
    return users;
}

void OptrackdProcess::shareUsersOf(const OptrackdProcess &other)
{
    m_tokens = other.m_tokens;
    m_roles = other.m_roles;
    m_userOrder = other.m_userOrder;
}

void OptrackdProcess::addUser(const QString &userId, const QStringList &roles)
{
    if (!m_tokens.contains(userId))
        m_userOrder.append(userId);
    m_tokens.insert(userId, randomToken());
    m_roles.insert(userId, roles);
}

QString OptrackdProcess::token(const QString &userId) const
{
    return m_tokens.value(userId);
}

QString OptrackdProcess::databaseUri() const
{
    if (!m_databaseUri.isEmpty())
        return m_databaseUri;
    return m_database ? m_database->uri() : QString();
}

QString OptrackdProcess::configPath() const
{
    return m_configDir.filePath(u"optrackd.json"_s);
}

qint64 OptrackdProcess::processId() const
{
    return isRunning() ? m_process->processId() : 0;
}

qint64 OptrackdProcess::residentBytes() const
{
    QFile status(u"/proc/%1/status"_s.arg(processId()));
    if (processId() == 0 || !status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

bool OptrackdProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QString OptrackdProcess::randomToken()
{
    QByteArray bytes(tokenBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          tokenBytes / int(sizeof(quint32)));
    return QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray OptrackdProcess::configJson() const
{
    QJsonArray users;
    for (const QString &userId : m_userOrder) {
        const QByteArray hash = QCryptographicHash::hash(m_tokens.value(userId).toUtf8(),
                                                         QCryptographicHash::Sha256);
        users.append(QJsonObject{{u"userId"_s, userId},
                                 {u"roles"_s, QJsonArray::fromStringList(m_roles.value(userId))},
                                 {u"tokenSha256"_s, QString::fromLatin1(hash.toHex())}});
    }
    QJsonObject config = m_extraConfig;
    // The suites send many deliberate 401s, all from 127.0.0.1: the slowing of repeated
    // 401s stays off unless a suite sets it (tst_http_limits does).
    QJsonObject http = config.value(u"http"_s).toObject();
    if (!http.contains(u"authFailuresBeforeDelay"_s))
        http.insert(u"authFailuresBeforeDelay"_s, unthrottledFailures);
    config.insert(u"http"_s, http);
    config.insert(u"users"_s, users);
    return QJsonDocument(config).toJson();
}

bool OptrackdProcess::writeConfig()
{
    if (!m_dataDir.isValid() || !m_configDir.isValid()) {
        m_errorString = u"Could not create temporary directories."_s;
        return false;
    }
    QFile file(configPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(configJson()) < 0) {
        m_errorString = u"Could not write %1: %2"_s.arg(configPath(), file.errorString());
        return false;
    }
    return true;
}

bool OptrackdProcess::start()
{
    if (isRunning()) {
        m_errorString = u"optrackd is already running."_s;
        return false;
    }
    const QString program = qEnvironmentVariable("OPTRACKD_PATH");
    if (program.isEmpty()) {
        m_errorString = u"OPTRACKD_PATH is not set; run the test through ctest."_s;
        return false;
    }
    if (!writeConfig())
        return false;
    if (m_databaseUri.isEmpty() && !m_database && !TestDatabase::clusterUri().isEmpty()) {
        m_database = TestDatabase::create(TestDatabase::clusterUri(), &m_errorString);
        if (!m_database)
            return false;
    }

    m_stdoutBuffer.clear();
    m_baseUrl.clear();
    m_metricsUrl.clear();
    m_port = 0;
    m_exitCode = -1;
    m_crashed = false;
    m_exited = false;
    m_process = std::make_unique<QProcess>();
    // The server's log goes straight into the test's output, where a failure is read.
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (!m_environment.isEmpty()) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(m_environment);
        m_process->setProcessEnvironment(environment);
    }
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this,
            &OptrackdProcess::handleStandardOutput);
    connect(m_process.get(), &QProcess::finished, this, &OptrackdProcess::handleFinished);

    QStringList arguments{u"--listen"_s,   u"127.0.0.1:%1"_s.arg(m_listenPort),
                          u"--data-dir"_s, m_dataDir.path(),
                          u"--config"_s,   configPath()};
    if (!databaseUri().isEmpty())
        arguments << u"--database"_s << databaseUri();
    m_process->start(program, arguments);
    if (!m_process->waitForStarted(startTimeoutMs)) {
        m_errorString = u"Could not start %1: %2"_s.arg(program, m_process->errorString());
        return false;
    }
    const bool wantsMetrics = m_extraConfig.contains(u"metricsListen"_s);
    const auto ready = [this, wantsMetrics] {
        return m_port != 0 && (!wantsMetrics || !m_metricsUrl.isEmpty());
    };
    const bool settled
            = QTest::qWaitFor([this, &ready] { return ready() || m_exited; }, startTimeoutMs);
    if (settled && ready())
        return true;
    if (m_exited) {
        m_errorString
                = u"optrackd exited with code %1 before listening; its output: %2"_s.arg(m_exitCode)
                          .arg(QString::fromUtf8(m_stdoutBuffer));
    } else {
        m_errorString = u"optrackd printed no listening line within %1 ms; its output: %2"_s
                                .arg(startTimeoutMs)
                                .arg(QString::fromUtf8(m_stdoutBuffer));
        kill();
    }
    return false;
}

void OptrackdProcess::handleStandardOutput()
{
    static const QRegularExpression line(u"^listening on (http://127\\.0\\.0\\.1:(\\d+))\\s*$"_s,
                                         QRegularExpression::MultilineOption);
    static const QRegularExpression metricsLine(u"^metrics on (http://\\S+/metrics)\\s*$"_s,
                                                QRegularExpression::MultilineOption);
    m_stdoutBuffer.append(m_process->readAllStandardOutput());
    if (m_metricsUrl.isEmpty()) {
        const QRegularExpressionMatch match = metricsLine.match(QString::fromUtf8(m_stdoutBuffer));
        if (match.hasMatch())
            m_metricsUrl = QUrl(match.captured(1));
    }
    if (m_port == 0) {
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(m_stdoutBuffer));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(2).toUInt());
            m_baseUrl = QUrl(match.captured(1));
            emit listening();
        }
    }
    if (m_stdoutBuffer.size() > maxKeptOutput)
        m_stdoutBuffer = m_stdoutBuffer.right(maxKeptOutput);
}

void OptrackdProcess::handleFinished(int exitCode, QProcess::ExitStatus status)
{
    m_exitCode = exitCode;
    m_crashed = status == QProcess::CrashExit;
    m_exited = true;
    emit exited();
}

bool OptrackdProcess::waitForExit()
{
    return QTest::qWaitFor([this] { return m_exited; }, stopTimeoutMs);
}

bool OptrackdProcess::stop()
{
    if (!isRunning()) {
        m_errorString = u"optrackd is not running."_s;
        return false;
    }
    m_process->terminate();
    if (!waitForExit()) {
        m_errorString = u"optrackd did not exit within %1 ms of SIGTERM."_s.arg(stopTimeoutMs);
        kill();
        return false;
    }
    if (m_crashed || m_exitCode != 0) {
        m_errorString = u"optrackd exited after SIGTERM with code %1%2."_s.arg(m_exitCode)
                                .arg(m_crashed ? u" (crashed)"_s : QString());
        return false;
    }
    return true;
}

void OptrackdProcess::kill()
{
    if (!isRunning())
        return;
    m_process->kill();
    waitForExit();
}

bool OptrackdProcess::restart()
{
    if (isRunning() && !stop())
        return false;
    return start();
}

} // namespace optrack::testing
