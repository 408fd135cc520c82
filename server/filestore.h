#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace optrack {

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
};

/// One exported transaction (the upload's columns plus the file it came from).
struct ExportRow
{
    QByteArray date, account, amount, currency, description, fileId;
};

/// The stored transaction files: their metadata and rows in a SQLite database of their own
/// (files.db, so a large upload never holds the operations' write lock), and their bytes
/// under the data directory by id. Every worker uses its own Connection.
class FileStore
{
public:
    explicit FileStore(const QString &dataDir);

    /// Creates or migrates the schema (refusing a newer one) and the folders, and removes what
    /// an interrupted run left (rows of files never finished, *.part files). Returns the
    /// stored files. Call it before any Connection.
    std::optional<std::vector<StoredFile>> open(QString *error);

    /// files.db's migrations; its latestVersion() is the version this program writes.
    static const SqliteSchema &schema();

    QString uploadPath(const QString &fileId) const;
    QString filePath(const QString &fileId) const;
    QString exportPath(const QString &operationId, const QString &format) const;

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

        /// The stored files, after removing the rows of files never finished.
        std::optional<std::vector<StoredFile>> loadFiles(QString *error);
        bool insertRows(const QString &fileId, const QString &owner,
                        const std::vector<TransactionRow> &rows, QString *error);
        bool insertFile(const StoredFile &file, QString *error);
        bool deleteRows(const QString &fileId, QString *error);
        bool deleteFile(const QString &fileId, QString *error);
        /// Rows dated from..to (inclusive) of stored files of one owner (empty: everyone's).
        std::optional<qint64> countRange(const QString &owner, QDate from, QDate to,
                                         QString *error);
        /// Calls each for every row in date order until it returns false.
        bool queryRange(const QString &owner, QDate from, QDate to,
                        const std::function<bool(const ExportRow &)> &each, QString *error);

    private:
        friend class FileStore;

        QString m_name;
        QSqlDatabase m_db;
        bool m_open = false;
        QString m_error;
    };

private:
    QString m_dataDir;
    QString m_databasePath;
};

} // namespace optrack
