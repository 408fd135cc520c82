#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QSqlDatabase;

namespace optrack {

/// The schema of one SQLite database as an ordered list of migrations, counted by
/// PRAGMA user_version. Migration i (from 1) brings the database from version i - 1 to i;
/// version 0 is an empty database or one written before versions were kept. A shipped
/// migration never changes: a new schema is a new entry at the end.
class SqliteSchema
{
public:
    struct Migration
    {
        /// What this version adds, for the log.
        QString description;
        QStringList statements;
    };

    /// name: how messages call the database ("optrack.db").
    SqliteSchema(QString name, QList<Migration> migrations);

    /// The version this program writes: the number of migrations.
    int latestVersion() const { return int(m_migrations.size()); }

    /// The database's version; std::nullopt with *error when it cannot be read.
    static std::optional<int> version(QSqlDatabase &db, QString *error);

    /// Refuses (false, *error a sentence) a database newer than this program, without writing
    /// to it.
    bool checkNotNewer(QSqlDatabase &db, QString *error) const;
    /// checkNotNewer() on a connection of its own to the file at path, made before anything
    /// else (a connection's journal mode included) writes to it.
    bool checkFileNotNewer(const QString &path, QString *error) const;

    /// Runs the migrations the database lacks, all in one transaction with the new version:
    /// on any failure nothing changes. Refuses a newer database like checkNotNewer().
    bool migrate(QSqlDatabase &db, QString *error) const;

private:
    QString m_name;
    QList<Migration> m_migrations;
};

} // namespace optrack
