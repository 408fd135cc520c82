#include "localconfig.h"

#include "accessrules.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>

#include <array>

namespace optrack {

using namespace Qt::StringLiterals;

QList<LocalConfig::Account> LocalConfig::accounts()
{
    return {
            {u"me"_s,
             {access::userRole, access::staffRole},
             tr("yours: upload, export and ask to delete files, and see every operation")},
            {u"approver1"_s,
             {access::approverRole, access::staffRole},
             tr("an approver: votes on deletions (approve or deny) and sees every operation")},
            {u"approver2"_s,
             {access::approverRole, access::staffRole},
             tr("a second approver, for policies that need two votes")},
    };
}

QStringList LocalConfig::accountIds()
{
    QStringList ids;
    for (const Account &account : accounts())
        ids.append(account.userId);
    return ids;
}

QString LocalConfig::primaryAccount()
{
    return u"me"_s;
}

QString LocalConfig::newToken()
{
    std::array<quint32, tokenBytes / sizeof(quint32)> words{};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), tokenBytes);
    return QString::fromLatin1(bytes.toHex());
}

QByteArray LocalConfig::sha256Hex(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

QByteArray LocalConfig::configJson(const QHash<QString, QString> &tokens)
{
    QJsonArray users;
    for (const Account &account : accounts()) {
        users.append(QJsonObject{
                {u"userId"_s, account.userId},
                {u"roles"_s, QJsonArray::fromStringList(account.roles)},
                {u"tokenSha256"_s, QString::fromLatin1(sha256Hex(tokens.value(account.userId)))},
        });
    }
    const QJsonObject deletion{
            {u"requiredApprovals"_s, deletionApprovals},
            {u"voterRole"_s, access::defaultVoterRole},
            {u"denyDecides"_s, true},
            {u"timeoutSeconds"_s, approvalTimeoutSeconds},
    };
    const QJsonObject config{
            {u"users"_s, users},
            {u"approvalPolicies"_s, QJsonObject{{access::deletionType, deletion}}},
    };
    return QJsonDocument(config).toJson(QJsonDocument::Indented);
}

bool LocalConfig::isCurrent(const QString &path, const QHash<QString, QString> &tokens)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.readAll() == configJson(tokens);
}

bool LocalConfig::write(const QString &path, const QHash<QString, QString> &tokens, QString *error)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QObject::tr("Cannot create the folder %1.").arg(info.absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(configJson(tokens));
    if (!file.commit()) {
        *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString LocalConfig::tokenKey(const QString &dataDir, const QString &userId)
{
    return u"local:%1:%2"_s.arg(QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath()), userId);
}

} // namespace optrack
