#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace optrack {

/// The embedded service's accounts and configuration file. The app signs in as "me"
/// (user and staff: starts operations and sees every one); "approver1" and "approver2"
/// vote on deletions, and also hold staff so their dashboard shows what their vote
/// decided. Tokens are random; the file holds only their SHA-256.
class LocalConfig
{
    Q_DECLARE_TR_FUNCTIONS(LocalConfig)

public:
    struct Account
    {
        QString userId;
        QStringList roles;
        /// What a person uses it for, in a sentence (Help ▸ Getting started).
        QString purpose;
    };

    static constexpr int tokenBytes = 32;
    static constexpr int deletionApprovals = 1;
    static constexpr int approvalTimeoutSeconds = 24 * 60 * 60;

    static QList<Account> accounts();
    static QStringList accountIds();
    /// "me": the account the app signs in as.
    static QString primaryAccount();

    /// A fresh token from the system's random source (64 hex digits).
    static QString newToken();
    static QByteArray sha256Hex(const QString &token);

    /// The configuration for these tokens (userId -> token); byte-for-byte stable.
    static QByteArray configJson(const QHash<QString, QString> &tokens);
    /// Whether `path` holds exactly the configuration for these tokens.
    static bool isCurrent(const QString &path, const QHash<QString, QString> &tokens);
    /// Writes the configuration, readable only by the user.
    static bool write(const QString &path, const QHash<QString, QString> &tokens, QString *error);

    /// The token store's key of a local account: tied to the data folder, since each
    /// folder has a configuration of its own.
    static QString tokenKey(const QString &dataDir, const QString &userId);
};

} // namespace optrack
