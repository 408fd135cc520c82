#include "testdatabase.h"

#include <QUrl>
#include <QUuid>

#include <libpq-fe.h>

namespace optrack::testing {

using namespace Qt::StringLiterals;

std::optional<QString> TestDatabase::query(const QString &uri, const QString &sql, QString *error)
{
    PGconn *connection = PQconnectdb(uri.toUtf8().constData());
    std::optional<QString> value;
    if (PQstatus(connection) == CONNECTION_OK) {
        PGresult *result = PQexec(connection, sql.toUtf8().constData());
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            value = PQntuples(result) > 0 && PQnfields(result) > 0
                    ? QString::fromUtf8(PQgetvalue(result, 0, 0))
                    : QString();
        }
        PQclear(result);
    }
    if (!value && error)
        *error = u"%1: %2"_s.arg(sql, QString::fromUtf8(PQerrorMessage(connection)).trimmed());
    PQfinish(connection);
    return value;
}

QString TestDatabase::clusterUri()
{
    return qEnvironmentVariable("OPTRACK_TEST_DATABASE");
}

TestDatabase::TestDatabase(QString clusterUri, QString name, QString uri)
    : m_clusterUri(std::move(clusterUri))
    , m_name(std::move(name))
    , m_uri(std::move(uri))
{ }

std::unique_ptr<TestDatabase> TestDatabase::create(const QString &clusterUri, QString *error)
{
    QUrl url(clusterUri);
    if (!url.isValid()) {
        *error = u"OPTRACK_TEST_DATABASE is no URI: %1"_s.arg(clusterUri);
        return nullptr;
    }
    // A name of letters and digits only: it goes into SQL unquoted.
    const QString name = u"optrack_"_s + QUuid::createUuid().toString(QUuid::Id128);
    if (!query(clusterUri, u"CREATE DATABASE "_s + name, error))
        return nullptr;
    url.setPath(u"/"_s + name);
    return std::unique_ptr<TestDatabase>(
            new TestDatabase(clusterUri, name, url.toString(QUrl::FullyEncoded)));
}

TestDatabase::~TestDatabase()
{
    // FORCE: a killed optrackd's connections may not have been noticed by the server yet.
    QString error;
    if (!query(m_clusterUri, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_name), &error))
        qWarning("TestDatabase: %s", qPrintable(error));
}

} // namespace optrack::testing
