#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QSqlDatabase;

namespace optrack {

/// A PostgreSQL database named by a libpq connection URI
/// (postgresql://[USER[:PASSWORD]@][HOST][:PORT][/DBNAME][?KEY=VALUE...], e.g.
/// postgresql://optrack@/optrack?host=/run/postgresql for the local unix socket). QtSql's
/// QPSQL driver takes separate fields, not a URI: libpq's own parser splits it, so every
/// form and parameter libpq accepts works the same here.
class PostgresUri final
{
public:
    /// Unless the URI sets connect_timeout.
    static constexpr int defaultConnectTimeoutSeconds = 10;

    /// Parses text; std::nullopt with *error (a sentence naming what is wrong) otherwise.
    static std::optional<PostgresUri> parse(const QString &text, QString *error);
    /// Whether text is meant as a PostgreSQL URI (postgresql:// or postgres://).
    static bool looksLikeUri(const QString &text);

    /// Sets host, port, database, user, password and the other parameters on a QPSQL
    /// connection.
    void apply(QSqlDatabase &db) const;
    /// For messages and logs: user@host:port/database, never the password.
    QString displayName() const { return m_displayName; }

private:
    PostgresUri() = default;

    QString m_host;
    QString m_databaseName;
    QString m_userName;
    QString m_password;
    int m_port = -1;
    /// The other parameters as QPSQL's connect options (key='value';...).
    QStringList m_options;
    QString m_displayName;
};

} // namespace optrack
