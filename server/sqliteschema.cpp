#include "sqliteschema.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSchema, "optrack.store")

SqliteSchema::SqliteSchema(QString name, QList<Migration> migrations)
    : m_name(std::move(name))
    , m_migrations(std::move(migrations))
{ }

std::optional<int> SqliteSchema::version(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        *error = u"Cannot read the schema version of %1: %2"_s.arg(db.databaseName(),
                                                                   query.lastError().text());
        return std::nullopt;
    }
    return query.value(0).toInt();
}

bool SqliteSchema::checkNotNewer(QSqlDatabase &db, QString *error) const
{
    const std::optional<int> current = version(db, error);
    if (!current)
        return false;
    if (*current > latestVersion()) {
        *error = u"%1 has schema version %2, but this optrackd (%3) knows versions up to %4: a "
                 "newer optrackd wrote it. It was left untouched; run that optrackd or a newer "
                 "one, or restore a backup made by this version."_s.arg(db.databaseName())
                         .arg(*current)
                         .arg(QStringLiteral(OPTRACK_VERSION))
                         .arg(latestVersion());
        return false;
    }
    return true;
}

bool SqliteSchema::checkFileNotNewer(const QString &path, QString *error) const
{
    const QString name
            = u"optrack-schema-check-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open())
            *error = u"Cannot open the database %1: %2"_s.arg(path, db.lastError().text());
        else
            ok = checkNotNewer(db, error);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool SqliteSchema::migrate(QSqlDatabase &db, QString *error) const
{
    if (!checkNotNewer(db, error))
        return false;
    const int current = *version(db, error);
    if (current == latestVersion())
        return true;
    if (!db.transaction()) {
        *error = u"Cannot migrate %1: %2"_s.arg(m_name, db.lastError().text());
        return false;
    }
    QSqlQuery query(db);
    for (int target = current + 1; target <= latestVersion(); ++target) {
        const Migration &migration = m_migrations.at(target - 1);
        for (const QString &statement : migration.statements) {
            if (!query.exec(statement)) {
                *error = u"Cannot migrate %1 to schema version %2 (%3): %4"_s.arg(m_name)
                                 .arg(target)
                                 .arg(migration.description, query.lastError().text());
                db.rollback();
                return false;
            }
        }
        qCInfo(lcSchema).noquote()
                << m_name << "schema version" << target << "-" << migration.description;
    }
    // PRAGMA takes no bound values; the number is ours.
    if (!query.exec(u"PRAGMA user_version = %1"_s.arg(latestVersion())) || !db.commit()) {
        *error = u"Cannot migrate %1: %2"_s.arg(m_name, db.lastError().text());
        db.rollback();
        return false;
    }
    return true;
}

} // namespace optrack
