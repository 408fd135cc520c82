#pragma once

#include "accessrules.h"
#include "approvalpolicy.h"
#include "httplimits.h"
#include "jsonreader.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace optrack {

/// One account of the configuration. The service knows only the SHA-256 of the token.
struct UserAccount
{
    QString userId;
    QStringList roles;
    QByteArray tokenSha256; // lowercase hex

    bool hasRole(const QString &role) const { return roles.contains(role); }
};

/// The service's configuration file (JSON), validated as a whole at start.
struct ServerConfig
{
    static constexpr qint64 defaultMaxBodyBytes = 1024 * 1024;
    static constexpr qint64 defaultUploadLimitBytes = 100LL * 1024 * 1024;
    static constexpr int defaultRetentionDays = 30;
    static constexpr int defaultDatabaseConnections = 4;
    static constexpr int maxDatabaseConnections = 64;
    static inline const QString sqliteDatabase = QStringLiteral("sqlite");

    QList<UserAccount> users;
    QHash<QString, ApprovalPolicy> approvalPolicies;
    /// The policy of types without one that ask for approval on create.
    ApprovalPolicy defaultPolicy;
    qint64 maxBodyBytes = defaultMaxBodyBytes;
    /// The largest transaction file an upload may send.
    qint64 uploadLimitBytes = defaultUploadLimitBytes;
    /// Terminal operations, their events and export files older than this are removed.
    int retentionDays = defaultRetentionDays;
    /// HOST:PORT of the Prometheus /metrics listener; empty: off.
    QString metricsListen;
    /// Where the operations are kept: "sqlite" (optrack.db in the data directory) or a
    /// PostgreSQL URI (see PostgresUri). optrackd --database overrides it.
    QString database = sqliteDatabase;
    /// The most connections one optrackd opens to PostgreSQL.
    int databaseConnections = defaultDatabaseConnections;
    /// "full" (default) or "normal": SQLite's synchronous setting.
    QString sqliteSynchronous = QStringLiteral("full");
    /// The HTTP layer's limits and timeouts ("http").
    HttpLimits http;

    /// Checks a database setting ("sqlite" or a PostgreSQL URI); false with *error.
    static bool checkDatabase(const QString &database, QString *error);

    /// Reads and validates; on failure *error is a sentence naming the problem.
    static std::optional<ServerConfig> load(const QString &path, QString *error);
    static std::optional<ServerConfig> fromJson(const QByteArray &json, QString *error);
    /// The parsed document; the error names the field ("users[1].roles[0]").
    static std::optional<ServerConfig> read(const QJsonObject &json, FieldError *error);

    const UserAccount *userByTokenSha256(const QByteArray &hexDigest) const;
    const UserAccount *user(const QString &userId) const;
    /// The policy deciding a type that needs approval: its own or the default.
    ApprovalPolicy policyFor(const QString &operationType, int requiredApprovals) const;
    /// How many accounts may vote on an operation owned by owner under a policy.
    int eligibleVoters(const ApprovalPolicy &policy, const QString &owner) const;

private:
    QHash<QByteArray, qsizetype> m_userByToken;
    QHash<QString, qsizetype> m_userById;
};

} // namespace optrack
