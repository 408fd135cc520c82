#include "serverconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

bool isWholeNumber(const QJsonValue &value, qint64 min, qint64 max)
{
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    return number == double(qint64(number)) && number >= double(min) && number <= double(max);
}

bool readPolicy(const QString &where, const QJsonObject &json, ApprovalPolicy *policy,
                QString *error)
{
    const auto fail = [&](const QString &message) {
        *error = where + u": "_s + message;
        return false;
    };
    if (json.contains(u"requiredApprovals"_s)) {
        if (!isWholeNumber(json.value(u"requiredApprovals"_s), 1, 100))
            return fail(u"requiredApprovals must be a whole number from 1 to 100."_s);
        policy->requiredApprovals = json.value(u"requiredApprovals"_s).toInt();
    }
    if (json.contains(u"voterRole"_s)) {
        const QString role = json.value(u"voterRole"_s).toString();
        if (!access::knownRoles().contains(role))
            return fail(u"voterRole must be one of %1."_s.arg(access::knownRoles().join(u", "_s)));
        policy->voterRole = role;
    }
    if (json.contains(u"denyDecides"_s)) {
        if (!json.value(u"denyDecides"_s).isBool())
            return fail(u"denyDecides must be true or false."_s);
        policy->denyDecides = json.value(u"denyDecides"_s).toBool();
    }
    if (json.contains(u"timeoutSeconds"_s)) {
        if (!isWholeNumber(json.value(u"timeoutSeconds"_s), 1, 366LL * 86400))
            return fail(u"timeoutSeconds must be a whole number of seconds from 1 to 31622400."_s);
        policy->timeoutSeconds = json.value(u"timeoutSeconds"_s).toInt();
    }
    return true;
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
    const QJsonObject root = document.object();
    ServerConfig config;
    static const QStringList knownKeys{
            u"users"_s,         u"approvalPolicies"_s, u"defaultApprovalPolicy"_s,
            u"maxBodyBytes"_s,  u"uploadLimitBytes"_s, u"retentionDays"_s,
            u"metricsListen"_s, u"sqliteSynchronous"_s};
    for (const QString &key : root.keys()) {
        if (!knownKeys.contains(key)) {
            *error = u"unknown key \"%1\"; the keys are %2."_s.arg(key, knownKeys.join(u", "_s));
            return std::nullopt;
        }
    }

    const QJsonValue usersValue = root.value(u"users"_s);
    if (!usersValue.isArray() || usersValue.toArray().isEmpty()) {
        *error = u"\"users\" must be a non-empty array of accounts."_s;
        return std::nullopt;
    }
    static const QRegularExpression hexDigest(u"\\A[0-9a-f]{64}\\z"_s);
    static const QRegularExpression userIdPattern(u"\\A[A-Za-z0-9_.@-]{1,64}\\z"_s);
    const QJsonArray users = usersValue.toArray();
    for (qsizetype i = 0; i < users.size(); ++i) {
        const QString where = u"users[%1]"_s.arg(i);
        if (!users.at(i).isObject()) {
            *error = where + u" must be an object."_s;
            return std::nullopt;
        }
        const QJsonObject user = users.at(i).toObject();
        UserAccount account;
        account.userId = user.value(u"userId"_s).toString();
        if (!userIdPattern.match(account.userId).hasMatch()) {
            *error = where + u".userId must be 1 to 64 letters, digits, '_', '.', '@' or '-'."_s;
            return std::nullopt;
        }
        if (config.m_userById.contains(account.userId)) {
            *error = where + u".userId \"%1\" appears twice."_s.arg(account.userId);
            return std::nullopt;
        }
        const QJsonValue roles = user.value(u"roles"_s);
        if (!roles.isArray() || roles.toArray().isEmpty()) {
            *error = where + u".roles must be a non-empty array."_s;
            return std::nullopt;
        }
        for (const QJsonValue &role : roles.toArray()) {
            if (!access::knownRoles().contains(role.toString())) {
                *error = where
                        + u".roles: \"%1\" is not a role; use %2."_s.arg(
                                role.toString(), access::knownRoles().join(u", "_s));
                return std::nullopt;
            }
            account.roles.append(role.toString());
        }
        const QString digest = user.value(u"tokenSha256"_s).toString().toLower();
        if (!hexDigest.match(digest).hasMatch()) {
            *error = where
                    + u".tokenSha256 must be the 64 hexadecimal digits of the token's SHA-256."_s;
            return std::nullopt;
        }
        account.tokenSha256 = digest.toLatin1();
        if (config.m_userByToken.contains(account.tokenSha256)) {
            *error = where + u".tokenSha256 is the same as another account's."_s;
            return std::nullopt;
        }
        config.m_userById.insert(account.userId, config.users.size());
        config.m_userByToken.insert(account.tokenSha256, config.users.size());
        config.users.append(account);
    }

    const QJsonValue policies = root.value(u"approvalPolicies"_s);
    if (!policies.isUndefined() && !policies.isNull()) {
        if (!policies.isObject()) {
            *error = u"\"approvalPolicies\" must be an object keyed by operation type."_s;
            return std::nullopt;
        }
        const QJsonObject object = policies.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString where = u"approvalPolicies.%1"_s.arg(it.key());
            if (!QRegularExpression(u"\\A[a-z][a-z0-9_.-]{0,63}\\z"_s).match(it.key()).hasMatch()) {
                *error = where + u": the key must be an operation type ([a-z][a-z0-9_.-]{0,63})."_s;
                return std::nullopt;
            }
            if (!it.value().isObject()) {
                *error = where + u" must be an object."_s;
                return std::nullopt;
            }
            ApprovalPolicy policy;
            if (!readPolicy(where, it.value().toObject(), &policy, error))
                return std::nullopt;
            config.approvalPolicies.insert(it.key(), policy);
        }
    }

    const QJsonValue defaults = root.value(u"defaultApprovalPolicy"_s);
    if (!defaults.isUndefined() && !defaults.isObject()) {
        *error = u"\"defaultApprovalPolicy\" must be an object like an entry of approvalPolicies."_s;
        return std::nullopt;
    }
    if (defaults.isObject()
        && !readPolicy(u"defaultApprovalPolicy"_s, defaults.toObject(), &config.defaultPolicy,
                       error)) {
        return std::nullopt;
    }

    const QJsonValue maxBody = root.value(u"maxBodyBytes"_s);
    if (!maxBody.isUndefined()) {
        if (!isWholeNumber(maxBody, 1024, 1LL << 32)) {
            *error = u"\"maxBodyBytes\" must be a whole number from 1024 to 4294967296."_s;
            return std::nullopt;
        }
        config.maxBodyBytes = qint64(maxBody.toDouble());
    }

    const QJsonValue uploadLimit = root.value(u"uploadLimitBytes"_s);
    if (!uploadLimit.isUndefined()) {
        if (!isWholeNumber(uploadLimit, 1024, 1LL << 34)) {
            *error = u"\"uploadLimitBytes\" must be a whole number from 1024 to 17179869184."_s;
            return std::nullopt;
        }
        config.uploadLimitBytes = qint64(uploadLimit.toDouble());
    }

    const QJsonValue retention = root.value(u"retentionDays"_s);
    if (!retention.isUndefined()) {
        if (!isWholeNumber(retention, 1, 36500)) {
            *error = u"\"retentionDays\" must be a whole number of days from 1 to 36500."_s;
            return std::nullopt;
        }
        config.retentionDays = retention.toInt();
    }

    const QJsonValue metrics = root.value(u"metricsListen"_s);
    if (!metrics.isUndefined() && !metrics.isNull()) {
        static const QRegularExpression hostPort(u"\\A[^\\s]+:\\d{1,5}\\z"_s);
        if (!metrics.isString() || !hostPort.match(metrics.toString()).hasMatch()) {
            *error = u"\"metricsListen\" must be \"HOST:PORT\", e.g. \"127.0.0.1:9464\"."_s;
            return std::nullopt;
        }
        config.metricsListen = metrics.toString();
    }

    const QJsonValue sync = root.value(u"sqliteSynchronous"_s);
    if (!sync.isUndefined()) {
        const QString mode = sync.toString().toLower();
        if (mode != u"full"_s && mode != u"normal"_s) {
            *error = u"\"sqliteSynchronous\" must be \"full\" or \"normal\"."_s;
            return std::nullopt;
        }
        config.sqliteSynchronous = mode;
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
