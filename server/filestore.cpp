#include "filestore.h"

#include "operation.h"
#include "postgrescopy.h"
#include "postgresuri.h"
#include "sqliteschema.h"
#include "transactionparser.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>
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

/// The columns date, account, amount, currency, description, file_id, first in a row.
void readExportRow(const QSqlQuery &query, ExportRow *row)
{
    row->date = query.value(0).toByteArray();
    row->account = query.value(1).toByteArray();
    row->amount = query.value(2).toByteArray();
    row->currency = query.value(3).toByteArray();
    row->description = query.value(4).toByteArray();
    row->fileId = query.value(5).toByteArray();
}

/// A file's bytes go into a shared database in chunks of this size (each a row of
/// file_contents), so no statement carries a whole large export.
constexpr qint64 contentChunkBytes = 1 << 20;
/// An export reads its rows from a shared database a page of this many at a time (keyset
/// pages in one snapshot), so the whole range is never in memory at once.
constexpr int exportPageRows = 10'000;

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

std::optional<StoredFile> StoredFile::fromJson(const QJsonObject &json)
{
    StoredFile file;
    file.fileId = json.value(u"fileId"_s).toString();
    file.fileName = json.value(u"fileName"_s).toString();
    file.owner = json.value(u"owner"_s).toString();
    file.fileSize = json.value(u"fileSize"_s).toInteger();
    file.transactionCount = json.value(u"transactionCount"_s).toInteger();
    file.uploadedAt = fromWireTime(json.value(u"uploadedAt"_s).toString());
    if (file.fileId.isEmpty() || file.owner.isEmpty() || !file.uploadedAt.isValid())
        return std::nullopt;
    return file;
}

FileStore::FileStore(const QString &dataDir)
    : m_dataDir(dataDir)
    , m_databasePath(QDir(dataDir).filePath(u"files.db"_s))
{ }

FileStore::FileStore(const QString &dataDir, const PostgresUri &database, int maxConnections)
    : m_dataDir(dataDir)
    , m_database(std::make_unique<PostgresUri>(database))
    , m_connections(std::make_unique<QSemaphore>(std::max(1, maxConnections)))
{ }

FileStore::~FileStore() = default;

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

QString FileStore::contentName(const QString &path) const
{
    return QDir(m_dataDir).relativeFilePath(path);
}

std::optional<std::vector<StoredFile>> FileStore::open(bool removeUnfinished, QString *error)
{
    // A database of a newer optrackd is refused before anything writes to it or its folders.
    // A shared database's schema is PostgresStore's, migrated before this opens.
    if (!sharesContents() && !schema().checkFileNotNewer(m_databasePath, error))
        return std::nullopt;
    for (const QString &folder : {u"uploads"_s, u"files"_s, u"exports"_s}) {
        const QString path = QDir(m_dataDir).filePath(folder);
        if (!QDir().mkpath(path)) {
            *error = u"Cannot create %1."_s.arg(path);
            return std::nullopt;
        }
        // Alone, the folders hold the files; what an interrupted run left (*.part) goes. On a
        // shared database they hold copies of what the database has: all of them go, so
        // that the copies of files another instance has since removed do not pile up.
        QDirIterator parts(path, {sharesContents() ? u"*"_s : u"*.part"_s}, QDir::Files);
        while (parts.hasNext())
            QFile::remove(parts.next());
    }
    Connection connection(*this);
    if (!connection.isOpen()) {
        *error = connection.error();
        return std::nullopt;
    }
    if (!sharesContents() && !schema().migrate(connection.m_db, error))
        return std::nullopt;
    return connection.loadFiles(removeUnfinished, error);
}

FileStore::Connection::Connection(const FileStore &store)
    : m_store(store)
    , m_name(u"optrack-files-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    if (store.sharesContents()) {
        store.m_connections->acquire();
        m_slot = true;
        m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
        if (!m_db.isValid()) {
            m_error = u"QtSql's PostgreSQL driver (QPSQL) is not installed."_s;
            return;
        }
        store.m_database->apply(m_db);
        if (!m_db.open()) {
            m_error = u"Cannot connect to the PostgreSQL database %1: %2"_s.arg(
                    store.m_database->displayName(), m_db.lastError().text().trimmed());
            return;
        }
        // Every stored file must survive a crash of the database server too, whatever the
        // server's default says.
        m_open = runSql(u"SET synchronous_commit = on"_s, &m_error)
                && runSql(u"SET client_min_messages = warning"_s, &m_error)
                // A page of an export is one prepared statement run a hundred times: its
                // generic plan sorts the whole range for every page (0.6 s a page at 1,000,000
                // rows), a plan for the page's own values walks the date index (35 ms).
                && runSql(u"SET plan_cache_mode = force_custom_plan"_s, &m_error);
        return;
    }
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    m_db.setDatabaseName(store.m_databasePath);
    if (!m_db.open()) {
        m_error = u"Cannot open %1: %2"_s.arg(store.m_databasePath, m_db.lastError().text());
        return;
    }
    m_open = runSql(u"PRAGMA journal_mode=WAL"_s, &m_error)
            && runSql(u"PRAGMA synchronous=FULL"_s, &m_error)
            && runSql(u"PRAGMA busy_timeout=10000"_s, &m_error)
            // Bulk inserts and exports walk a large table and its date index: a page cache
            // of 64 MiB keeps them from re-reading pages (SQLite's default is 2 MiB).
            && runSql(u"PRAGMA cache_size=-65536"_s, &m_error);
}

FileStore::Connection::~Connection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
    if (m_slot)
        m_store.m_connections->release();
}

bool FileStore::Connection::runSql(const QString &sql, QString *error)
{
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    *error = u"%1 (%2)"_s.arg(query.lastError().text(), sql);
    return false;
}

std::optional<std::vector<StoredFile>> FileStore::Connection::loadFiles(bool removeUnfinished,
                                                                        QString *error)
{
    // Rows of a file whose upload never finished (the service stopped midway) go.
    if (removeUnfinished
        && !runSql(u"DELETE FROM transactions WHERE file_id NOT IN (SELECT file_id FROM files)"_s,
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
    // The rows of an upload need no flush to disk of their own: the file becomes visible only
    // with insertFile(), a durable commit that makes them durable too, and a stop before that
    // leaves rows that loadFiles() removes.
    if (!m_store.sharesContents()) {
        QSqlQuery relaxed(m_db);
        relaxed.exec(u"PRAGMA synchronous=NORMAL"_s);
    }
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    const auto fail = [this] {
        m_db.rollback();
        return false;
    };
    if (m_store.sharesContents()) {
        if (!runSql(u"SET LOCAL synchronous_commit = off"_s, error))
            return fail();
        PostgresCopy copy(m_db);
        if (!copy.begin(u"COPY transactions (file_id, line, owner, date, account, amount,"
                        " currency, description) FROM STDIN (FORMAT binary)"_s,
                        error)) {
            return fail();
        }
        const QByteArray id = fileId.toUtf8();
        const QByteArray ownerBytes = owner.toUtf8();
        for (const TransactionRow &row : rows) {
            copy.startRow(8);
            copy.addBytes(id);
            copy.addInt64(row.line);
            copy.addBytes(ownerBytes);
            copy.addBytes(row.date);
            copy.addBytes(row.account);
            copy.addBytes(row.amount);
            copy.addBytes(row.currency);
            copy.addBytes(row.description);
            if (!copy.sendIfFull(error))
                return fail();
        }
        if (!copy.finish(error))
            return fail();
    } else {
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
            // A null QByteArray would bind as SQL NULL: a left-out description is an empty
            // one.
            insert.bindValue(7, row.description.isNull() ? QByteArray("") : row.description);
            if (!run(insert, error))
                return fail();
        }
    }
    if (!m_db.commit()) {
        *error = m_db.lastError().text();
        return fail();
    }
    return true;
}

bool FileStore::Connection::insertFile(const StoredFile &file, QString *error)
{
    if (!m_store.sharesContents()) {
        QSqlQuery durable(m_db);
        durable.exec(u"PRAGMA synchronous=FULL"_s);
    }
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO files (file_id, file_name, owner, file_size, transaction_count,"
                   " uploaded_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
    insert.bindValue(0, file.fileId);
    insert.bindValue(1, file.fileName);
    insert.bindValue(2, file.owner);
    insert.bindValue(3, file.fileSize);
    insert.bindValue(4, file.transactionCount);
    insert.bindValue(5, file.uploadedAt.toMSecsSinceEpoch());
    bool ok = run(insert, error);
    if (ok && m_store.sharesContents()) {
        QSqlQuery rename(m_db);
        rename.prepare(u"UPDATE file_contents SET name = ? WHERE name = ?"_s);
        rename.bindValue(0, m_store.contentName(m_store.filePath(file.fileId)));
        rename.bindValue(1, m_store.contentName(m_store.uploadPath(file.fileId)));
        ok = run(rename, error);
    }
    if (!ok || !m_db.commit()) {
        if (ok)
            *error = m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

bool FileStore::Connection::deleteRows(const QString &fileId, QString *error)
{
    QSqlQuery remove(m_db);
    remove.prepare(u"DELETE FROM transactions WHERE file_id = ?"_s);
    remove.bindValue(0, fileId);
    return run(remove, error);
}

bool FileStore::Connection::refreshStatistics(QString *error)
{
    // Without statistics (a new table, or one that has just doubled), the planner takes a
    // page of an export for a few rows and sorts the whole range for it: 30 s instead of 4 s
    // for 1,000,000 rows. Autovacuum would sample the table too, but at a time of its own.
    return !m_store.sharesContents() || runSql(u"ANALYZE transactions"_s, error);
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
    bool ok = run(remove, error) && deleteRows(fileId, error);
    if (ok && m_store.sharesContents()) {
        QSqlQuery contents(m_db);
        contents.prepare(u"DELETE FROM file_contents WHERE name = ?"_s);
        contents.bindValue(0, m_store.contentName(m_store.filePath(fileId)));
        ok = run(contents, error);
    }
    if (!ok || !m_db.commit()) {
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
    if (m_store.sharesContents())
        return queryRangeShared(owner, from, to, each, error);
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
        readExportRow(query, &row);
        if (!each(row))
            return true;
    }
    return true;
}

bool FileStore::Connection::queryRangeShared(const QString &owner, QDate from, QDate to,
                                             const std::function<bool(const ExportRow &)> &each,
                                             QString *error)
{
    // QPSQL reads a whole result into memory: the range comes in keyset pages (after the
    // last date and seq), all in one snapshot so the count the export reported still holds.
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    const auto end = [this](bool ok) {
        m_db.rollback();
        return ok;
    };
    if (!runSql(u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s, error))
        return end(false);
    QSqlQuery page(m_db);
    page.setForwardOnly(true);
    page.prepare(u"SELECT date, account, amount, currency, description, file_id, seq"
                 " FROM transactions WHERE date BETWEEN ? AND ? AND (date, seq) > (?, ?)"
                 " AND file_id IN (SELECT file_id FROM files)"_s
                 + (owner.isEmpty() ? QString() : u" AND owner = ?"_s)
                 + u" ORDER BY date, seq LIMIT %1"_s.arg(exportPageRows));
    const QByteArray last = to.toString(Qt::ISODate).toLatin1();
    QByteArray afterDate = from.addDays(-1).toString(Qt::ISODate).toLatin1();
    qint64 afterSeq = 0;
    ExportRow row;
    for (;;) {
        page.bindValue(0, from.toString(Qt::ISODate).toLatin1());
        page.bindValue(1, last);
        page.bindValue(2, afterDate);
        page.bindValue(3, afterSeq);
        if (!owner.isEmpty())
            page.bindValue(4, owner);
        if (!run(page, error))
            return end(false);
        int rows = 0;
        while (page.next()) {
            ++rows;
            readExportRow(page, &row);
            afterDate = row.date;
            afterSeq = page.value(6).toLongLong();
            if (!each(row))
                return end(true);
        }
        if (rows < exportPageRows)
            return end(true);
    }
}

bool FileStore::Connection::putContent(const QString &path, const QString &source, QString *error)
{
    if (!m_store.sharesContents())
        return true;
    QFile file(source);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return false;
    }
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    const auto fail = [this] {
        m_db.rollback();
        return false;
    };
    const QString name = m_store.contentName(path);
    QSqlQuery replace(m_db);
    replace.prepare(u"DELETE FROM file_contents WHERE name = ?"_s);
    replace.bindValue(0, name);
    if (!run(replace, error))
        return fail();
    PostgresCopy copy(m_db);
    if (!copy.begin(u"COPY file_contents (name, chunk, data) FROM STDIN (FORMAT binary)"_s, error))
        return fail();
    const QByteArray nameBytes = name.toUtf8();
    // An empty file is one empty chunk: a name with no chunk is a file the database lacks.
    qint32 chunk = 0;
    do {
        const QByteArray data = file.read(contentChunkBytes);
        if (data.isEmpty() && file.error() != QFileDevice::NoError) {
            *error = file.errorString();
            return fail();
        }
        copy.startRow(3);
        copy.addBytes(nameBytes);
        copy.addInt32(chunk++);
        copy.addBytes(data);
        if (!copy.sendIfFull(error))
            return fail();
    } while (!file.atEnd());
    if (!copy.finish(error))
        return fail();
    if (!m_db.commit()) {
        *error = m_db.lastError().text();
        return fail();
    }
    return true;
}

FileStore::Connection::Fetched FileStore::Connection::fetchContent(const QString &path,
                                                                   const QString &target,
                                                                   QString *error)
{
    if (!m_store.sharesContents())
        return Fetched::Missing;
    // One chunk per statement (QPSQL reads a whole result into memory), all in one snapshot.
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return Fetched::Failed;
    }
    QFile out(target);
    const auto end = [this, &out](Fetched fetched) {
        m_db.rollback();
        if (fetched != Fetched::Yes && out.isOpen())
            out.remove();
        return fetched;
    };
    if (!runSql(u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s, error))
        return end(Fetched::Failed);
    QSqlQuery read(m_db);
    read.setForwardOnly(true);
    read.prepare(u"SELECT data FROM file_contents WHERE name = ? AND chunk = ?"_s);
    const QString name = m_store.contentName(path);
    for (qint32 chunk = 0;; ++chunk) {
        read.bindValue(0, name);
        read.bindValue(1, chunk);
        if (!run(read, error))
            return end(Fetched::Failed);
        if (!read.next())
            return end(chunk == 0 ? Fetched::Missing : Fetched::Yes);
        if (chunk == 0 && !out.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            *error = out.errorString();
            return end(Fetched::Failed);
        }
        const QByteArray data = read.value(0).toByteArray();
        if (out.write(data) != data.size() || !out.flush()) {
            *error = out.errorString();
            return end(Fetched::Failed);
        }
    }
}

bool FileStore::Connection::removeContents(const QStringList &paths, QString *error)
{
    if (!m_store.sharesContents() || paths.isEmpty())
        return true;
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery remove(m_db);
    remove.prepare(u"DELETE FROM file_contents WHERE name = ?"_s);
    for (const QString &path : paths) {
        remove.bindValue(0, m_store.contentName(path));
        if (!run(remove, error)) {
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

} // namespace optrack
