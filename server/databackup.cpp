#include "databackup.h"

#include "filestore.h"
#include "operation.h"
#include "sqliteschema.h"
#include "sqlitestore.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr int busyTimeoutMs = 10'000;
constexpr auto partSuffix = ".part";

struct Database
{
    QString fileName;
    const SqliteSchema &schema;
};

QList<Database> databases()
{
    // This order is the backup's consistency: see DataBackup.
    return {{u"optrack.db"_s, SqliteStore::schema()}, {u"files.db"_s, FileStore::schema()}};
}

/// Runs work with a connection of its own to the database at path.
template<typename Work> bool withDatabase(const QString &path, QString *error, Work work)
{
    const QString name = u"optrack-backup-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            *error = u"Cannot open %1: %2"_s.arg(path, db.lastError().text());
        } else {
            QSqlQuery(db).exec(u"PRAGMA busy_timeout=%1"_s.arg(busyTimeoutMs));
            ok = work(db);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool run(QSqlQuery &query, const QString &what, QString *error)
{
    if (query.exec())
        return true;
    *error = u"%1: %2"_s.arg(what, query.lastError().text());
    return false;
}

bool checkIntegrity(const QString &path, QString *error)
{
    return withDatabase(path, error, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        query.prepare(u"PRAGMA integrity_check"_s);
        if (!run(query, u"Cannot check %1"_s.arg(path), error) || !query.next())
            return false;
        if (query.value(0).toString() != u"ok"_s) {
            *error = u"%1 is damaged: %2"_s.arg(path, query.value(0).toString());
            return false;
        }
        return true;
    });
}

/// Makes a file's bytes durable before the backup is called whole.
bool syncFile(const QString &path, QString *error)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    const bool ok = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0)
        ::close(fd);
    if (!ok)
        *error = u"Cannot write %1 to disk."_s.arg(path);
    return ok;
}

/// Copies every file under from/folder to to/folder but work in progress (*.part). A file
/// removed while the copy runs (a deletion, retention) is left out.
bool copyFolder(const QString &from, const QString &to, const QString &folder, int *count,
                QString *error)
{
    const QDir source(QDir(from).filePath(folder));
    const QDir target(QDir(to).filePath(folder));
    if (!QDir().mkpath(target.path())) {
        *error = u"Cannot create %1."_s.arg(target.path());
        return false;
    }
    if (!source.exists())
        return true;
    const QStringList names
            = source.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : names) {
        if (name.endsWith(QLatin1StringView(partSuffix)))
            continue;
        const QString copy = target.filePath(name);
        if (!QFile::copy(source.filePath(name), copy)) {
            if (!QFileInfo::exists(source.filePath(name)))
                continue;
            *error = u"Cannot copy %1 to %2."_s.arg(source.filePath(name), copy);
            return false;
        }
        if (!syncFile(copy, error))
            return false;
        ++*count;
    }
    return true;
}

/// A new, empty directory for path.part; an old one (an interrupted run) goes first.
bool makePartDirectory(const QString &path, QString *error)
{
    QDir part(path + QLatin1StringView(partSuffix));
    if (part.exists() && !part.removeRecursively()) {
        *error = u"Cannot remove the unfinished %1."_s.arg(part.path());
        return false;
    }
    if (!QDir().mkpath(part.path())) {
        *error = u"Cannot create %1."_s.arg(part.path());
        return false;
    }
    return true;
}

/// Run as root on a stopped service, SQLite may leave a -wal or -shm file of root's beside a
/// database that the service's own user must open: they go back to the database's owner.
void keepOwner(const QString &databasePath)
{
    struct stat database = {};
    if (::geteuid() != 0 || ::stat(QFile::encodeName(databasePath).constData(), &database) != 0)
        return;
    for (const char *suffix : {"-wal", "-shm"}) {
        const QByteArray path = QFile::encodeName(databasePath) + suffix;
        struct stat companion = {};
        if (::stat(path.constData(), &companion) == 0 && companion.st_uid != database.st_uid
            && ::chown(path.constData(), database.st_uid, database.st_gid) != 0) {
            qWarning("Cannot give %s back to its owner", path.constData());
        }
    }
}

bool isEmptyOrMissing(const QString &path)
{
    const QFileInfo info(path);
    return !info.exists()
            || (info.isDir()
                && QDir(path).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
}

/// Moves the finished .part directory to path (an empty directory there is replaced).
bool finish(const QString &path, QString *error)
{
    const QString part = path + QLatin1StringView(partSuffix);
    if (QFileInfo(path).isDir() && !QDir().rmdir(path)) {
        *error = u"Cannot replace the empty directory %1."_s.arg(path);
        return false;
    }
    if (::rename(QFile::encodeName(part).constData(), QFile::encodeName(path).constData()) != 0) {
        *error = u"Cannot rename %1 to %2."_s.arg(part, path);
        return false;
    }
    return syncFile(QFileInfo(path).absolutePath(), error);
}

} // namespace

const QStringList &DataBackup::folders()
{
    // The stored files' bytes, finished exports, and uploads kept for a retry.
    static const QStringList names{u"files"_s, u"exports"_s, u"uploads"_s};
    return names;
}

bool DataBackup::backup(const QString &dataDir, const QString &target, QString *error)
{
    const QDir data(dataDir);
    if (!QFileInfo(data.filePath(u"optrack.db"_s)).isFile()) {
        *error = u"%1 is not a data directory of optrackd: it has no optrack.db."_s.arg(dataDir);
        return false;
    }
    if (!isEmptyOrMissing(target)) {
        *error = u"%1 already exists and is not empty: back up to a new directory."_s.arg(target);
        return false;
    }
    const QString part = target + QLatin1StringView(partSuffix);
    if (!makePartDirectory(target, error))
        return false;

    QJsonObject manifestDatabases;
    for (const Database &database : databases()) {
        const QString source = data.filePath(database.fileName);
        const QString copy = QDir(part).filePath(database.fileName);
        if (!QFileInfo(source).isFile())
            continue; // files.db appears with the first workload
        int version = 0;
        const bool copied = withDatabase(source, error, [&](QSqlDatabase &db) {
            if (!database.schema.checkNotNewer(db, error))
                return false;
            version = *SqliteSchema::version(db, error);
            // One read transaction: a snapshot of every committed change, taken without
            // blocking the service's writer (WAL).
            QSqlQuery vacuum(db);
            vacuum.prepare(u"VACUUM INTO ?"_s);
            vacuum.addBindValue(copy);
            return run(vacuum, u"Cannot copy %1"_s.arg(source), error);
        });
        keepOwner(source);
        if (!copied || !checkIntegrity(copy, error) || !syncFile(copy, error))
            return false;
        manifestDatabases.insert(database.fileName, QJsonObject{{u"schemaVersion"_s, version}});
    }

    QJsonObject manifestFolders;
    for (const QString &folder : folders()) {
        int count = 0;
        if (!copyFolder(dataDir, part, folder, &count, error))
            return false;
        manifestFolders.insert(folder, count);
    }

    QSaveFile manifest(QDir(part).filePath(QString::fromLatin1(manifestName)));
    const QJsonObject json{{u"optrackdVersion"_s, QStringLiteral(OPTRACK_VERSION)},
                           {u"createdAt"_s, toWireTime(QDateTime::currentDateTimeUtc())},
                           {u"source"_s, QFileInfo(dataDir).absoluteFilePath()},
                           {u"databases"_s, manifestDatabases},
                           {u"files"_s, manifestFolders}};
    if (!manifest.open(QIODevice::WriteOnly) || manifest.write(QJsonDocument(json).toJson()) < 0
        || !manifest.commit()) {
        *error = u"Cannot write %1: %2"_s.arg(manifest.fileName(), manifest.errorString());
        return false;
    }
    return syncFile(part, error) && finish(target, error);
}

bool DataBackup::restore(const QString &backup, const QString &dataDir, QString *error)
{
    const QDir source(backup);
    QFile manifestFile(source.filePath(QString::fromLatin1(manifestName)));
    if (!manifestFile.open(QIODevice::ReadOnly)) {
        *error = u"%1 is not a backup of optrackd: it has no %2."_s.arg(
                backup, QString::fromLatin1(manifestName));
        return false;
    }
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    if (!isEmptyOrMissing(dataDir)) {
        *error = u"%1 is not empty: restore into a new or empty data directory (move the "
                 "current one aside first)."_s.arg(dataDir);
        return false;
    }
    const QJsonObject listed = manifest.value(u"databases"_s).toObject();
    if (!listed.contains(u"optrack.db"_s)) {
        *error = u"The manifest of %1 lists no optrack.db."_s.arg(backup);
        return false;
    }
    for (const Database &database : databases()) {
        const QString path = source.filePath(database.fileName);
        if (!listed.contains(database.fileName))
            continue;
        if (!QFileInfo(path).isFile()) {
            *error = u"%1 is missing from the backup."_s.arg(path);
            return false;
        }
        if (!database.schema.checkFileNotNewer(path, error) || !checkIntegrity(path, error))
            return false;
    }

    const QString part = dataDir + QLatin1StringView(partSuffix);
    if (!makePartDirectory(dataDir, error))
        return false;
    for (const Database &database : databases()) {
        if (!listed.contains(database.fileName))
            continue;
        const QString copy = QDir(part).filePath(database.fileName);
        if (!QFile::copy(source.filePath(database.fileName), copy) || !syncFile(copy, error)) {
            if (error->isEmpty())
                *error = u"Cannot copy %1 to %2."_s.arg(source.filePath(database.fileName), copy);
            return false;
        }
    }
    for (const QString &folder : folders()) {
        int count = 0;
        if (!copyFolder(backup, part, folder, &count, error))
            return false;
    }
    return syncFile(part, error) && finish(dataDir, error);
}

} // namespace optrack
