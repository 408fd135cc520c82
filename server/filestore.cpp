#include "filestore.h"

#include "operation.h"
#include "sqliteschema.h"
#include "transactionparser.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QVariant>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

// The schema, one entry per version: append, never edit a shipped one. Version 1 is the schema
// of the databases written before versions were kept, so they migrate to it unchanged.
const SqliteSchema &filesSchema()
{
    static const SqliteSchema schema(
            u"files.db"_s,
            {
                    {u"stored files and their transactions"_s,
                     {u"CREATE TABLE IF NOT EXISTS files (file_id TEXT PRIMARY KEY,"
                      " file_name TEXT NOT NULL, owner TEXT NOT NULL,"
                      " file_size INTEGER NOT NULL, transaction_count INTEGER NOT NULL,"
                      " uploaded_at INTEGER NOT NULL)"_s,
                      // A row's columns stay the UTF-8 bytes of the file (BLOB): nothing is
                      // converted on the way in or out, and dates (YYYY-MM-DD) still compare in
                      // order byte by byte.
                      u"CREATE TABLE IF NOT EXISTS transactions (file_id TEXT NOT NULL,"
                      " line INTEGER NOT NULL, owner TEXT NOT NULL, date BLOB NOT NULL,"
                      " account BLOB NOT NULL, amount BLOB NOT NULL, currency BLOB NOT NULL,"
                      " description BLOB NOT NULL)"_s,
                      u"CREATE INDEX IF NOT EXISTS transactions_by_date ON transactions (date)"_s,
                      u"CREATE INDEX IF NOT EXISTS transactions_by_file ON transactions"
                      " (file_id)"_s}},
            });
    return schema;
}

bool run(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    *error = query.lastError().text();
    return false;
}

bool runSql(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    *error = u"%1 (%2)"_s.arg(query.lastError().text(), sql);
    return false;
}

} // namespace

const SqliteSchema &FileStore::schema()
{
    return filesSchema();
}

QJsonObject StoredFile::toJson() const
{
    return QJsonObject{{u"fileId"_s, fileId},
                       {u"fileName"_s, fileName},
                       {u"fileSize"_s, fileSize},
                       {u"transactionCount"_s, transactionCount},
                       {u"uploadedAt"_s, toWireTime(uploadedAt)},
                       {u"owner"_s, owner}};
}

FileStore::FileStore(const QString &dataDir)
    : m_dataDir(dataDir)
    , m_databasePath(QDir(dataDir).filePath(u"files.db"_s))
{ }

QString FileStore::uploadPath(const QString &fileId) const
{
    return QDir(m_dataDir).filePath(u"uploads/"_s + fileId + u".csv"_s);
}

QString FileStore::filePath(const QString &fileId) const
{
    return QDir(m_dataDir).filePath(u"files/"_s + fileId + u".csv"_s);
}

QString FileStore::exportPath(const QString &operationId, const QString &format) const
{
    return QDir(m_dataDir).filePath(u"exports/"_s + operationId + u'.' + format);
}

std::optional<std::vector<StoredFile>> FileStore::open(QString *error)
{
    // A database of a newer optrackd is refused before anything writes to it or its folders.
    if (!schema().checkFileNotNewer(m_databasePath, error))
        return std::nullopt;
    for (const QString &folder : {u"uploads"_s, u"files"_s, u"exports"_s}) {
        const QString path = QDir(m_dataDir).filePath(folder);
        if (!QDir().mkpath(path)) {
            *error = u"Cannot create %1."_s.arg(path);
            return std::nullopt;
        }
        QDirIterator parts(path, {u"*.part"_s}, QDir::Files);
        while (parts.hasNext())
            QFile::remove(parts.next());
    }
    Connection connection(*this);
    if (!connection.isOpen()) {
        *error = connection.error();
        return std::nullopt;
    }
    if (!schema().migrate(connection.m_db, error))
        return std::nullopt;
    return connection.loadFiles(error);
}

FileStore::Connection::Connection(const FileStore &store)
    : m_name(u"optrack-files-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    m_db.setDatabaseName(store.m_databasePath);
    if (!m_db.open()) {
        m_error = u"Cannot open %1: %2"_s.arg(store.m_databasePath, m_db.lastError().text());
        return;
    }
    m_open = runSql(m_db, u"PRAGMA journal_mode=WAL"_s, &m_error)
            && runSql(m_db, u"PRAGMA synchronous=FULL"_s, &m_error)
            && runSql(m_db, u"PRAGMA busy_timeout=10000"_s, &m_error)
            // Bulk inserts and exports walk a large table and its date index: a page cache
            // of 64 MiB keeps them from re-reading pages (SQLite's default is 2 MiB).
            && runSql(m_db, u"PRAGMA cache_size=-65536"_s, &m_error);
}

FileStore::Connection::~Connection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

std::optional<std::vector<StoredFile>> FileStore::Connection::loadFiles(QString *error)
{
    // Rows of a file whose upload never finished (the service stopped midway) go.
    if (!runSql(m_db,
                u"DELETE FROM transactions WHERE file_id NOT IN (SELECT file_id FROM files)"_s,
                error)) {
        return std::nullopt;
    }
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT file_id, file_name, owner, file_size, transaction_count, uploaded_at"
                    " FROM files"_s)) {
        *error = query.lastError().text();
        return std::nullopt;
    }
    std::vector<StoredFile> files;
    while (query.next()) {
        StoredFile file;
        file.fileId = query.value(0).toString();
        file.fileName = query.value(1).toString();
        file.owner = query.value(2).toString();
        file.fileSize = query.value(3).toLongLong();
        file.transactionCount = query.value(4).toLongLong();
        file.uploadedAt = QDateTime::fromMSecsSinceEpoch(query.value(5).toLongLong(), Qt::UTC);
        files.push_back(file);
    }
    return files;
}

bool FileStore::Connection::insertRows(const QString &fileId, const QString &owner,
                                       const std::vector<TransactionRow> &rows, QString *error)
{
    // The rows of an upload need no fsync of their own: the file becomes visible only with
    // insertFile(), a FULL commit that makes them durable too, and a stop before that leaves
    // rows that open() removes.
    QSqlQuery relaxed(m_db);
    relaxed.exec(u"PRAGMA synchronous=NORMAL"_s);
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO transactions (file_id, line, owner, date, account, amount,"
                   " currency, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const TransactionRow &row : rows) {
        insert.bindValue(0, fileId);
        insert.bindValue(1, row.line);
        insert.bindValue(2, owner);
        insert.bindValue(3, row.date);
        insert.bindValue(4, row.account);
        insert.bindValue(5, row.amount);
        insert.bindValue(6, row.currency);
        // A null QByteArray would bind as SQL NULL: a left-out description is an empty one.
        insert.bindValue(7, row.description.isNull() ? QByteArray("") : row.description);
        if (!run(insert, error)) {
            m_db.rollback();
            return false;
        }
    }
    if (!m_db.commit()) {
        *error = m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

bool FileStore::Connection::insertFile(const StoredFile &file, QString *error)
{
    QSqlQuery durable(m_db);
    durable.exec(u"PRAGMA synchronous=FULL"_s);
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO files (file_id, file_name, owner, file_size, transaction_count,"
                   " uploaded_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
    insert.bindValue(0, file.fileId);
    insert.bindValue(1, file.fileName);
    insert.bindValue(2, file.owner);
    insert.bindValue(3, file.fileSize);
    insert.bindValue(4, file.transactionCount);
    insert.bindValue(5, file.uploadedAt.toMSecsSinceEpoch());
    return run(insert, error);
}

bool FileStore::Connection::deleteRows(const QString &fileId, QString *error)
{
    QSqlQuery remove(m_db);
    remove.prepare(u"DELETE FROM transactions WHERE file_id = ?"_s);
    remove.bindValue(0, fileId);
    return run(remove, error);
}

bool FileStore::Connection::deleteFile(const QString &fileId, QString *error)
{
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery remove(m_db);
    remove.prepare(u"DELETE FROM files WHERE file_id = ?"_s);
    remove.bindValue(0, fileId);
    if (!run(remove, error) || !deleteRows(fileId, error) || !m_db.commit()) {
        if (error->isEmpty())
            *error = m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

// Only rows of stored files count: an upload writes its rows before its file is stored (and
// removes them after a cancel or failure), and none of them may show in an export meanwhile.
std::optional<qint64> FileStore::Connection::countRange(const QString &owner, QDate from, QDate to,
                                                        QString *error)
{
    QSqlQuery count(m_db);
    count.prepare(owner.isEmpty() ? u"SELECT COUNT(*) FROM transactions WHERE date BETWEEN ? AND ?"
                                    " AND file_id IN (SELECT file_id FROM files)"_s
                                  : u"SELECT COUNT(*) FROM transactions WHERE date BETWEEN ? AND ?"
                                    " AND file_id IN (SELECT file_id FROM files) AND owner = ?"_s);
    count.bindValue(0, from.toString(Qt::ISODate).toLatin1());
    count.bindValue(1, to.toString(Qt::ISODate).toLatin1());
    if (!owner.isEmpty())
        count.bindValue(2, owner);
    if (!run(count, error) || !count.next())
        return std::nullopt;
    return count.value(0).toLongLong();
}

bool FileStore::Connection::queryRange(const QString &owner, QDate from, QDate to,
                                       const std::function<bool(const ExportRow &)> &each,
                                       QString *error)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(owner.isEmpty() ? u"SELECT date, account, amount, currency, description, file_id"
                                    " FROM transactions WHERE date BETWEEN ? AND ?"
                                    " AND file_id IN (SELECT file_id FROM files)"
                                    " ORDER BY date, rowid"_s
                                  : u"SELECT date, account, amount, currency, description, file_id"
                                    " FROM transactions WHERE date BETWEEN ? AND ?"
                                    " AND file_id IN (SELECT file_id FROM files) AND owner = ?"
                                    " ORDER BY date, rowid"_s);
    query.bindValue(0, from.toString(Qt::ISODate).toLatin1());
    query.bindValue(1, to.toString(Qt::ISODate).toLatin1());
    if (!owner.isEmpty())
        query.bindValue(2, owner);
    if (!run(query, error))
        return false;
    ExportRow row;
    while (query.next()) {
        row.date = query.value(0).toByteArray();
        row.account = query.value(1).toByteArray();
        row.amount = query.value(2).toByteArray();
        row.currency = query.value(3).toByteArray();
        row.description = query.value(4).toByteArray();
        row.fileId = query.value(5).toByteArray();
        if (!each(row))
            return true;
    }
    return true;
}

} // namespace optrack
