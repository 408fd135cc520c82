#include "localoptrackd.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

constexpr int startTimeoutMs = 20'000;
constexpr int stopTimeoutMs = 20'000;

} // namespace

LocalOptrackd::LocalOptrackd()
{
    // The service's log is the test's log: it tells why a test failed.
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

LocalOptrackd::~LocalOptrackd()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(stopTimeoutMs);
    }
}

QList<LocalOptrackd::Account> LocalOptrackd::accounts()
{
    return {
            {u"alice"_s, {u"user"_s}, u"alice-token"_s},
            {u"bob"_s, {u"approver"_s}, u"bob-token"_s},
            {u"dave"_s, {u"approver"_s}, u"dave-token"_s},
            {u"carol"_s, {u"staff"_s}, u"carol-token"_s},
            {u"backend"_s, {u"service"_s}, u"backend-token"_s},
    };
}

QString LocalOptrackd::tokenOf(const QString &userId)
{
    for (const Account &account : accounts()) {
        if (account.userId == userId)
            return account.token;
    }
    return {};
}

QUrl LocalOptrackd::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

bool LocalOptrackd::writeConfig()
{
    QJsonArray users;
    for (const Account &account : accounts()) {
        const QByteArray hash
                = QCryptographicHash::hash(account.token.toUtf8(), QCryptographicHash::Sha256);
        users.append(QJsonObject{{u"userId"_s, account.userId},
                                 {u"roles"_s, QJsonArray::fromStringList(account.roles)},
                                 {u"tokenSha256"_s, QString::fromLatin1(hash.toHex())}});
    }
    const QJsonObject policy{{u"requiredApprovals"_s, 1},
                             {u"voterRole"_s, u"approver"_s},
                             {u"denyDecides"_s, true},
                             {u"timeoutSeconds"_s, 86400}};
    const QJsonObject config{{u"users"_s, users},
                             {u"approvalPolicies"_s, QJsonObject{{u"file_deletion"_s, policy}}}};
    QFile file(m_dir.filePath(u"config.json"_s));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    return file.write(QJsonDocument(config).toJson()) > 0;
}

bool LocalOptrackd::start()
{
    const QString program = qEnvironmentVariable("OPTRACKD_PATH");
    if (program.isEmpty()) {
        m_error = u"OPTRACKD_PATH is not set: run the test through ctest."_s;
        return false;
    }
    if (!m_dir.isValid() || !writeConfig()) {
        m_error = u"Cannot write the configuration."_s;
        return false;
    }
    m_process.start(program,
                    {u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port), u"--data-dir"_s,
                     m_dir.filePath(u"data"_s), u"--config"_s, m_dir.filePath(u"config.json"_s)});
    if (!m_process.waitForStarted(startTimeoutMs)) {
        m_error = m_process.errorString();
        return false;
    }
    static const QRegularExpression listening(uR"(^listening on http://127\.0\.0\.1:(\d+)\s*$)"_s);
    const QDeadlineTimer deadline(startTimeoutMs);
    while (!deadline.hasExpired()) {
        while (m_process.canReadLine()) {
            const QString line = QString::fromUtf8(m_process.readLine());
            const QRegularExpressionMatch match = listening.match(line);
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                return true;
            }
        }
        if (m_process.state() == QProcess::NotRunning)
            break;
        m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    m_error = u"optrackd did not report that it listens (exit code %1)."_s.arg(
            m_process.exitCode());
    m_process.kill();
    m_process.waitForFinished(stopTimeoutMs);
    return false;
}

bool LocalOptrackd::stop()
{
    if (!isRunning())
        return true;
    m_process.terminate();
    return m_process.waitForFinished(stopTimeoutMs) && m_process.exitCode() == 0;
}

void LocalOptrackd::kill()
{
    m_process.kill();
    m_process.waitForFinished(stopTimeoutMs);
}
