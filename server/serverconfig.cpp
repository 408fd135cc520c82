#include "serverconfig.h"

#include "operationcodec.h"
#include "postgresuri.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

using Need = JsonReader::Need;

constexpr int maxRequiredApprovals = 100;
constexpr qint64 maxApprovalTimeoutSeconds = 366LL * 86400;
constexpr qint64 minBodyBytes = 1024;
constexpr qint64 maxBodyBytesLimit = 1LL << 32;
constexpr qint64 maxUploadLimitBytes = 1LL << 34;
constexpr int maxRetentionDays = 36500;

bool readPolicy(JsonReader &json, ApprovalPolicy *policy)
{
    if (const auto required
        = json.integer(u"requiredApprovals"_s, Need::Optional, 1, maxRequiredApprovals))
        policy->requiredApprovals = int(*required);
    if (const auto role = json.string(u"voterRole"_s, Need::Optional)) {
        if (!access::knownRoles().contains(*role)) {
            return json.failWith(u"voterRole"_s,
                                 u"must be one of %1."_s.arg(access::knownRoles().join(u", "_s)));
        }
        policy->voterRole = *role;
    }
    if (const auto denyDecides = json.boolean(u"denyDecides"_s, Need::Optional))
        policy->denyDecides = *denyDecides;
    if (const auto timeout
        = json.integer(u"timeoutSeconds"_s, Need::Optional, 1, maxApprovalTimeoutSeconds))
        policy->timeoutSeconds = int(*timeout);
    return json.ok();
}

bool readAccount(JsonReader &json, UserAccount *account)
{
    static const QRegularExpression hexDigest(u"\\A[0-9a-f]{64}\\z"_s);
    static const QRegularExpression userIdPattern(u"\\A[A-Za-z0-9_.@-]{1,64}\\z"_s);
    account->userId = json.string(u"userId"_s, Need::Required).value_or(QString());
    if (json.ok() && !userIdPattern.match(account->userId).hasMatch())
        return json.failWith(u"userId"_s,
                             u"must be 1 to 64 letters, digits, '_', '.', '@' or '-'."_s);
    const QStringList roles = json.strings(u"roles"_s, Need::Required).value_or(QStringList());
    if (json.ok() && roles.isEmpty())
        return json.failWith(u"roles"_s, u"must name at least one role."_s);
    for (qsizetype i = 0; i < roles.size(); ++i) {
        if (!access::knownRoles().contains(roles.at(i))) {
            return json.failWith(u"roles[%1]"_s.arg(i),
                                 u"\"%1\" is not a role; use %2."_s.arg(
                                         roles.at(i), access::knownRoles().join(u", "_s)));
        }
    }
    account->roles = roles;
    const QString digest
            = json.string(u"tokenSha256"_s, Need::Required).value_or(QString()).toLower();
    if (json.ok() && !hexDigest.match(digest).hasMatch()) {
        return json.failWith(u"tokenSha256"_s,
                             u"must be the 64 hexadecimal digits of the token's SHA-256."_s);
    }
    account->tokenSha256 = digest.toLatin1();
    return json.ok();
}

} // namespace

std::optional<ServerConfig> ServerConfig::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Cannot read the configuration file %1: %2."_s.arg(path, file.errorString());
        return std::nullopt;
    }
    std::optional<ServerConfig> config = fromJson(file.readAll(), error);
    if (!config)
        *error = u"Configuration %1: %2"_s.arg(path, *error);
    return config;
}

std::optional<ServerConfig> ServerConfig::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"not valid JSON (%1 at offset %2)."_s.arg(parseError.errorString())
                         .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = u"the configuration must be a JSON object."_s;
        return std::nullopt;
    }
    FieldError fieldError;
    std::optional<ServerConfig> config = read(document.object(), &fieldError);
    if (!config)
        *error = fieldError.message;
    return config;
}

bool ServerConfig::checkDatabase(const QString &database, QString *error)
{
    return database == sqliteDatabase || PostgresUri::parse(database, error).has_value();
}

std::optional<ServerConfig> ServerConfig::read(const QJsonObject &root, FieldError *error)
{
    JsonReader json(root, error);
    static const QStringList knownKeys{
            u"users"_s,         u"approvalPolicies"_s,   u"defaultApprovalPolicy"_s,
            u"maxBodyBytes"_s,  u"uploadLimitBytes"_s,   u"retentionDays"_s,
            u"metricsListen"_s, u"sqliteSynchronous"_s,  u"http"_s,
            u"database"_s,      u"databaseConnections"_s};
    for (const QString &key : root.keys()) {
        if (!knownKeys.contains(key)) {
            json.fail(key,
                      u"unknown key \"%1\"; the keys are %2."_s.arg(key, knownKeys.join(u", "_s)));
            return std::nullopt;
        }
    }

    ServerConfig config;
    const QList<UserAccount> accounts
            = json.objects<UserAccount>(u"users"_s, Need::Required, readAccount)
                      .value_or(QList<UserAccount>());
    if (json.ok() && accounts.isEmpty()) {
        json.failWith(u"users"_s, u"must name at least one account."_s);
        return std::nullopt;
    }
    for (qsizetype i = 0; json.ok() && i < accounts.size(); ++i) {
        const UserAccount &account = accounts.at(i);
        const QString where = u"users[%1]"_s.arg(i);
        if (config.m_userById.contains(account.userId)) {
            json.failWith(where + u".userId"_s, u"\"%1\" appears twice."_s.arg(account.userId));
        } else if (config.m_userByToken.contains(account.tokenSha256)) {
            json.failWith(where + u".tokenSha256"_s, u"is the same as another account's."_s);
        }
        config.m_userById.insert(account.userId, config.users.size());
        config.m_userByToken.insert(account.tokenSha256, config.users.size());
        config.users.append(account);
    }

    if (json.isSet(u"approvalPolicies"_s)) {
        const QJsonObject policies
                = json.object(u"approvalPolicies"_s, Need::Required).value_or(QJsonObject());
        JsonReader byType = json.at(u"approvalPolicies"_s, policies);
        for (auto it = policies.begin(); json.ok() && it != policies.end(); ++it) {
            if (!codec::isValidOperationType(it.key())) {
                byType.failWith(it.key(),
                                u"is no operation type ([a-z][a-z0-9_.-]{0,63}); the keys of "
                                u"approvalPolicies are operation types."_s);
                break;
            }
            const auto object = byType.object(it.key(), Need::Required);
            if (!object)
                break;
            ApprovalPolicy policy;
            JsonReader policyJson = byType.at(it.key(), *object);
            if (readPolicy(policyJson, &policy))
                config.approvalPolicies.insert(it.key(), policy);
        }
    }

    if (const auto defaults = json.object(u"defaultApprovalPolicy"_s, Need::Optional)) {
        JsonReader policyJson = json.at(u"defaultApprovalPolicy"_s, *defaults);
        readPolicy(policyJson, &config.defaultPolicy);
    }
    if (const auto bytes
        = json.integer(u"maxBodyBytes"_s, Need::Optional, minBodyBytes, maxBodyBytesLimit))
        config.maxBodyBytes = *bytes;
    if (const auto bytes
        = json.integer(u"uploadLimitBytes"_s, Need::Optional, minBodyBytes, maxUploadLimitBytes))
        config.uploadLimitBytes = *bytes;
    if (const auto days = json.integer(u"retentionDays"_s, Need::Optional, 1, maxRetentionDays))
        config.retentionDays = int(*days);
    if (json.isSet(u"metricsListen"_s)) {
        static const QRegularExpression hostPort(u"\\A[^\\s]+:\\d{1,5}\\z"_s);
        const auto listen = json.string(u"metricsListen"_s, Need::Required);
        if (listen && !hostPort.match(*listen).hasMatch())
            json.failWith(u"metricsListen"_s, u"must be \"HOST:PORT\", e.g. \"127.0.0.1:9464\"."_s);
        config.metricsListen = listen.value_or(QString());
    }
    if (const auto database = json.string(u"database"_s, Need::Optional)) {
        QString problem;
        if (!checkDatabase(*database, &problem))
            json.fail(u"database"_s, u"database: "_s + problem);
        config.database = *database;
    }
    if (const auto connections
        = json.integer(u"databaseConnections"_s, Need::Optional, 1, maxDatabaseConnections))
        config.databaseConnections = int(*connections);
    if (const auto sync = json.string(u"sqliteSynchronous"_s, Need::Optional)) {
        const QString mode = sync->toLower();
        if (mode != u"full"_s && mode != u"normal"_s)
            json.failWith(u"sqliteSynchronous"_s, u"must be \"full\" or \"normal\"."_s);
        config.sqliteSynchronous = mode;
    }
    if (!json.ok())
        return std::nullopt;

    const QJsonValue http = root.value(u"http"_s);
    if (!http.isUndefined()) {
        if (!http.isObject()) {
            json.failWith(u"http"_s,
                          u"must be an object of limits, e.g. {\"maxConnections\": 4096}."_s);
            return std::nullopt;
        }
        QString why;
        const std::optional<HttpLimits> limits = HttpLimits::fromJson(http.toObject(), &why);
        if (!limits) {
            json.fail(u"http"_s, why);
            return std::nullopt;
        }
        config.http = *limits;
    }
    return config;
}

const UserAccount *ServerConfig::userByTokenSha256(const QByteArray &hexDigest) const
{
    const auto it = m_userByToken.constFind(hexDigest);
    return it == m_userByToken.cend() ? nullptr : &users.at(*it);
}

const UserAccount *ServerConfig::user(const QString &userId) const
{
    const auto it = m_userById.constFind(userId);
    return it == m_userById.cend() ? nullptr : &users.at(*it);
}

ApprovalPolicy ServerConfig::policyFor(const QString &operationType, int requiredApprovals) const
{
    const auto it = approvalPolicies.constFind(operationType);
    if (it != approvalPolicies.cend())
        return *it;
    ApprovalPolicy policy = defaultPolicy;
    if (requiredApprovals > 0)
        policy.requiredApprovals = requiredApprovals;
    return policy;
}

int ServerConfig::eligibleVoters(const ApprovalPolicy &policy, const QString &owner) const
{
    int count = 0;
    for (const UserAccount &account : users) {
        if (account.userId != owner && account.hasRole(policy.voterRole))
            ++count;
    }
    return count;
}

} // namespace optrack
