#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QSemaphore;

namespace optrack {

class PostgresUri;
class SqliteSchema;
struct TransactionRow;

/// A stored transaction file.
struct StoredFile
{
    QString fileId;
    QString fileName;
    QString owner;
    qint64 fileSize = 0;
    qint64 transactionCount = 0;
    QDateTime uploadedAt;

    QJsonObject toJson() const;
    /// The file a completed upload names in its result (toJson()); std::nullopt if it names
    /// none.
    static std::optional<StoredFile> fromJson(const QJsonObject &json);
};

/// One exported transaction (the upload's columns plus the file it came from).
struct ExportRow
{
    QByteArray date, account, amount, currency, description, fileId;
};

/// The stored transaction files: their metadata and rows, and their bytes (the upload kept
/// for a retry, the stored file, an export) by name under the data directory. Every worker
/// uses its own Connection.
///
/// Alone (SQLite), the rows are in a database of their own (files.db, so a large upload never
/// holds the operations' write lock) and the data directory holds the only copy of the bytes.
/// On a PostgreSQL database shared by several instances, the rows are in that database
/// (bulk rows with COPY), and so are the bytes, in chunks (file_contents): the data
/// directory holds the copies the instance made or fetched, and any instance serves a file
/// from the database (fetchContent) after the one that wrote it is gone.
class FileStore
{
public:
    /// Alone, on files.db in dataDir.
    explicit FileStore(const QString &dataDir);
    /// On a shared PostgreSQL database, whose schema PostgresStore keeps, with at most
    /// maxConnections connections open at once (a Connection waits for one).
    FileStore(const QString &dataDir, const PostgresUri &database, int maxConnections);
    ~FileStore();
    FileStore(const FileStore &) = delete;
    FileStore &operator=(const FileStore &) = delete;

    /// Whether the bytes are in the database too: then a name missing here may be fetched.
    bool sharesContents() const { return m_database != nullptr; }

    /// Creates or migrates the schema (refusing a newer one) and the folders, removes the
    /// *.part files an interrupted run left (shared: every copy), and returns the stored
    /// files. With
    /// removeUnfinished, also the rows of files never finished: only the instance that runs
    /// the workloads may, as on a shared database another may be storing one. Call it before
    /// any Connection.
    std::optional<std::vector<StoredFile>> open(bool removeUnfinished, QString *error);

    /// files.db's migrations; its latestVersion() is the version this program writes.
    static const SqliteSchema &schema();

    QString uploadPath(const QString &fileId) const;
    QString filePath(const QString &fileId) const;
    QString exportPath(const QString &operationId, const QString &format) const;
    /// What a path above is called in the database: its place under the data directory.
    QString contentName(const QString &path) const;

    /// A connection for the calling thread, closed when it goes out of scope.
    class Connection
    {
    public:
        explicit Connection(const FileStore &store);
        ~Connection();
        Connection(const Connection &) = delete;
        Connection &operator=(const Connection &) = delete;

        bool isOpen() const { return m_open; }
        QString error() const { return m_error; }

        /// The stored files, after removing the rows of files never finished if asked.
        std::optional<std::vector<StoredFile>> loadFiles(bool removeUnfinished, QString *error);
        bool insertRows(const QString &fileId, const QString &owner,
                        const std::vector<TransactionRow> &rows, QString *error);
        /// Stores the file, and (shared) renames its kept upload's bytes to the file's.
        bool insertFile(const StoredFile &file, QString *error);
        bool deleteRows(const QString &fileId, QString *error);
        /// Shared: has the database sample the transactions again (ANALYZE) after many rows
        /// came, so that an export's pages are planned as a walk of the date index.
        bool refreshStatistics(QString *error);
        /// Removes the file, its rows and (shared) its bytes.
        bool deleteFile(const QString &fileId, QString *error);
        /// Rows dated from..to (inclusive) of stored files of one owner (empty: everyone's).
        std::optional<qint64> countRange(const QString &owner, QDate from, QDate to,
                                         QString *error);
        /// Calls each for every row in date order until it returns false.
        bool queryRange(const QString &owner, QDate from, QDate to,
                        const std::function<bool(const ExportRow &)> &each, QString *error);

        /// Shared: copies the file at source into the database as the file at path (under
        /// the data directory), replacing what it held under that name. Alone: nothing to do.
        bool putContent(const QString &path, const QString &source, QString *error);
        enum class Fetched { Yes, Missing, Failed };
        /// Shared: writes the bytes the database holds for the file at path into target (a
        /// new file); Missing if it holds none. Alone: Missing, as the data directory holds
        /// the only copy.
        Fetched fetchContent(const QString &path, const QString &target, QString *error);
        /// Shared: removes the bytes of the files at paths from the database.
        bool removeContents(const QStringList &paths, QString *error);

    private:
        friend class FileStore;

        bool runSql(const QString &sql, QString *error);
        bool queryRangeShared(const QString &owner, QDate from, QDate to,
                              const std::function<bool(const ExportRow &)> &each, QString *error);

        const FileStore &m_store;
        QString m_name;
        QSqlDatabase m_db;
        bool m_open = false;
        bool m_slot = false;
        QString m_error;
    };

private:
    QString m_dataDir;
    QString m_databasePath;
    std::unique_ptr<PostgresUri> m_database;
    std::unique_ptr<QSemaphore> m_connections;
};

} // namespace optrack
