#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace optrack {

/// The schema optrackd keeps in a PostgreSQL database, as an ordered list of migrations
/// counted in the table optrack_schema. Migration i (from 1) brings the database from version
/// i - 1 to i; version 0 is a database optrackd has not written yet. A shipped migration never
/// changes: a new schema is a new entry at the end.
///
/// Several optrackd instances may start at once on one database: the migration runs in one
/// transaction that first takes an advisory transaction lock, so one of them migrates and the
/// others wait for it and find the schema current (CREATE ... IF NOT EXISTS alone is not
/// enough: two concurrent creates of one table fail with a duplicate key).
class PostgresSchema final
{
public:
    struct Migration
    {
        /// What this version adds, for the log.
        QString description;
        QStringList statements;
    };

    explicit PostgresSchema(QList<Migration> migrations);

    /// The version this program writes: the number of migrations.
    int latestVersion() const { return int(m_migrations.size()); }

    /// Runs the migrations the database lacks, all in one transaction with the new version:
    /// on any failure nothing changes. Refuses (false, *error a sentence) a database that a
    /// newer optrackd migrated, without changing it.
    bool migrate(QSqlDatabase &db, QString *error) const;

private:
    QList<Migration> m_migrations;
};

} // namespace optrack
