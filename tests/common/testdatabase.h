#pragma once

#include <QString>

#include <memory>
#include <optional>

namespace optrack::testing {

/// A PostgreSQL database of its own for one optrackd under test, made in the cluster that
/// OPTRACK_TEST_DATABASE names (a libpq URI; the CTest fixture `pg` starts that cluster) and
/// dropped again when this goes. Without the variable the suites run on SQLite.
class TestDatabase final
{
public:
    /// The cluster's URI from OPTRACK_TEST_DATABASE; empty when the suites run on SQLite.
    static QString clusterUri();

    /// Creates a new, empty database; nullptr with *error when it cannot.
    static std::unique_ptr<TestDatabase> create(const QString &clusterUri, QString *error);
    ~TestDatabase();

    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    /// Runs one statement on the database at uri: the first column of its first row (empty
    /// when it returns none); std::nullopt with *error when it fails.
    static std::optional<QString> query(const QString &uri, const QString &sql, QString *error);

    /// The URI of the new database, for optrackd --database.
    QString uri() const { return m_uri; }
    QString name() const { return m_name; }

private:
    TestDatabase(QString clusterUri, QString name, QString uri);

    QString m_clusterUri;
    QString m_name;
    QString m_uri;
};

} // namespace optrack::testing
