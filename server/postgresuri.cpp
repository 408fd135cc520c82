#include "postgresuri.h"

#include <QSqlDatabase>

#include <libpq-fe.h>
#include <memory>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

struct ConninfoFree
{
    void operator()(PQconninfoOption *options) const { PQconninfoFree(options); }
};

/// A value for QPSQL's connect options: it builds key='value' pairs for PQconnectdb.
QString quoted(QString value)
{
    return u"'"_s + value.replace(u"\\"_s, u"\\\\"_s).replace(u"'"_s, u"\\'"_s) + u"'"_s;
}

} // namespace

bool PostgresUri::looksLikeUri(const QString &text)
{
    return text.startsWith(u"postgresql://"_s) || text.startsWith(u"postgres://"_s);
}

std::optional<PostgresUri> PostgresUri::parse(const QString &text, QString *error)
{
    if (!looksLikeUri(text)) {
        // Not echoed: a mistyped URI may still hold a password.
        *error = u"The database is neither \"sqlite\" nor a PostgreSQL URI (postgresql://... "
                 "or postgres://..., e.g. postgresql://optrack@/optrack?host=/run/postgresql)."_s;
        return std::nullopt;
    }
    char *message = nullptr;
    const std::unique_ptr<PQconninfoOption, ConninfoFree> options(
            PQconninfoParse(text.toUtf8().constData(), &message));
    if (!options) {
        // The URI may hold a password: name the problem, not the text.
        *error = u"The PostgreSQL URI cannot be read: %1"_s.arg(
                message ? QString::fromUtf8(message).trimmed() : u"out of memory"_s);
        PQfreemem(message);
        return std::nullopt;
    }
    PostgresUri uri;
    for (const PQconninfoOption *option = options.get(); option->keyword; ++option) {
        if (!option->val)
            continue;
        const QString key = QString::fromUtf8(option->keyword);
        const QString value = QString::fromUtf8(option->val);
        if (key == u"host"_s) {
            uri.m_host = value;
        } else if (key == u"dbname"_s) {
            uri.m_databaseName = value;
        } else if (key == u"user"_s) {
            uri.m_userName = value;
        } else if (key == u"password"_s) {
            uri.m_password = value;
        } else if (key == u"port"_s) {
            bool ok = false;
            uri.m_port = value.toInt(&ok);
            if (!ok || uri.m_port <= 0 || uri.m_port > 65535) {
                *error = u"The PostgreSQL URI's port \"%1\" is no port number."_s.arg(value);
                return std::nullopt;
            }
        } else {
            uri.m_options << key + u"="_s + quoted(value);
        }
    }
    // libpq waits for an unreachable server as long as TCP does; optrackd's start should say
    // why it cannot serve in seconds, not minutes.
    const auto byDefault = [&uri](const QString &key, const QString &value) {
        const QString prefix = key + u"="_s;
        for (const QString &option : std::as_const(uri.m_options)) {
            if (option.startsWith(prefix))
                return;
        }
        uri.m_options << prefix + quoted(value);
    };
    byDefault(u"connect_timeout"_s, QString::number(defaultConnectTimeoutSeconds));
    byDefault(u"application_name"_s, u"optrackd"_s);
    const QString host = uri.m_host.isEmpty() ? u"(default socket)"_s : uri.m_host;
    uri.m_displayName = u"%1@%2%3/%4"_s.arg(
            uri.m_userName.isEmpty() ? u"(default)"_s : uri.m_userName, host,
            uri.m_port > 0 ? u":%1"_s.arg(uri.m_port) : QString(), uri.m_databaseName);
    return uri;
}

void PostgresUri::apply(QSqlDatabase &db) const
{
    if (!m_host.isEmpty())
        db.setHostName(m_host);
    if (!m_databaseName.isEmpty())
        db.setDatabaseName(m_databaseName);
    if (!m_userName.isEmpty())
        db.setUserName(m_userName);
    if (!m_password.isEmpty())
        db.setPassword(m_password);
    if (m_port > 0)
        db.setPort(m_port);
    db.setConnectOptions(m_options.join(u';'));
}

} // namespace optrack
