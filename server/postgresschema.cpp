#include "postgresschema.h"

#include "postgreslocks.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPostgresSchema, "optrack.store")

PostgresSchema::PostgresSchema(QList<Migration> migrations)
    : m_migrations(std::move(migrations))
{ }

bool PostgresSchema::migrate(QSqlDatabase &db, QString *error) const
{
    if (!db.transaction()) {
        *error = u"Cannot migrate the PostgreSQL schema: %1"_s.arg(db.lastError().text());
        return false;
    }
    QSqlQuery query(db);
    const auto fail = [&](const QString &what) {
        *error = u"Cannot migrate the PostgreSQL schema (%1): %2"_s.arg(what,
                                                                        query.lastError().text());
        db.rollback();
        return false;
    };
    // Released at COMMIT or ROLLBACK: whoever waited finds the schema current.
    query.prepare(u"SELECT pg_advisory_xact_lock(?, ?)"_s);
    query.bindValue(0, PostgresLocks::keySpace);
    query.bindValue(1, PostgresLocks::migrationKey);
    if (!query.exec())
        return fail(u"the migration lock"_s);
    if (!query.exec(u"CREATE TABLE IF NOT EXISTS optrack_schema (version integer NOT NULL)"_s)
        || !query.exec(u"SELECT max(version) FROM optrack_schema"_s) || !query.next())
        return fail(u"the schema version"_s);
    const int current = query.value(0).isNull() ? 0 : query.value(0).toInt();
    if (current > latestVersion()) {
        *error = u"The PostgreSQL database %1 has schema version %2, but this optrackd (%3) "
                 "knows versions up to %4: a newer optrackd migrated it. It was left "
                 "untouched; run that optrackd or a newer one."_s.arg(db.databaseName())
                         .arg(current)
                         .arg(QStringLiteral(OPTRACK_VERSION))
                         .arg(latestVersion());
        db.rollback();
        return false;
    }
    if (current == latestVersion()) {
        db.rollback();
        return true;
    }
    for (int target = current + 1; target <= latestVersion(); ++target) {
        const Migration &migration = m_migrations.at(target - 1);
        for (const QString &statement : migration.statements) {
            if (!query.exec(statement))
                return fail(u"version %1, %2"_s.arg(target).arg(migration.description));
        }
        qCInfo(lcPostgresSchema).noquote()
                << "PostgreSQL schema version" << target << "-" << migration.description;
    }
    if (!query.exec(u"DELETE FROM optrack_schema"_s))
        return fail(u"the schema version"_s);
    query.prepare(u"INSERT INTO optrack_schema (version) VALUES (?)"_s);
    query.bindValue(0, latestVersion());
    if (!query.exec())
        return fail(u"the schema version"_s);
    if (!db.commit()) {
        *error = u"Cannot migrate the PostgreSQL schema: %1"_s.arg(db.lastError().text());
        db.rollback();
        return false;
    }
    return true;
}

} // namespace optrack
