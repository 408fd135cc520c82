#include "tokenstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcTokens, "optrack.app.tokens")

namespace {

constexpr QFileDevice::Permissions ownerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions ownerOnlyDir
        = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

QString keychainServiceName()
{
    return QString::fromLatin1(TokenStore::keychainService);
}

} // namespace

TokenStore::TokenStore(QObject *parent)
    : TokenStore(Backend::Keychain, parent)
{ }

TokenStore::TokenStore(Backend backend, QObject *parent)
    : QObject(parent)
    , m_filePath(QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                         .filePath(QString::fromLatin1(fileName)))
    , m_keychainEnabled(backend == Backend::Keychain)
{ }

QString TokenStore::fileWarning()
{
    return tr("No system keychain answered, so Optrack keeps your sign-in tokens in a file "
              "that only you can read. To keep them in the keychain instead, install and "
              "start one (GNOME Keyring or KWallet), then restart Optrack: the tokens move "
              "there by themselves.");
}

void TokenStore::read(const QString &key, const QObject *receiver, ReadHandler handler)
{
    if (!m_keychainEnabled || m_keychainFailed) {
        // Later, like a keychain answer, so callers see one behaviour.
        QTimer::singleShot(0, this,
                           [this, key, guard = QPointer<const QObject>(receiver),
                            guarded = receiver != nullptr, handler] {
                               if (!guarded || guard)
                                   readFromFile(key, handler);
                           });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(keychainServiceName(), this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this,
            [this, key, guard = QPointer<const QObject>(receiver), guarded = receiver != nullptr,
             handler](QKeychain::Job *finished) {
                if (guarded && !guard)
                    return;
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
                switch (finished->error()) {
                case QKeychain::NoError:
                    handler(readJob->textData());
                    return;
                case QKeychain::EntryNotFound:
                    break;
                default:
                    noteKeychainUnavailable(finished->errorString());
                    break;
                }
                readFromFile(key, handler);
            });
    job->start();
}

void TokenStore::write(const QString &key, const QString &token, const QObject *receiver,
                       WriteHandler handler)
{
    const QPointer<const QObject> guard(receiver);
    const bool guarded = receiver != nullptr;
    auto deliver = [guard, guarded, handler](bool stored) {
        if (handler && (!guarded || guard))
            handler(stored);
    };
    if (!m_keychainEnabled || m_keychainFailed) {
        const bool stored = writeToFile(key, token);
        if (stored)
            setUsingFile(true);
        QTimer::singleShot(0, this, [deliver, stored] { deliver(stored); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(keychainServiceName(), this);
    job->setKey(key);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this,
            [this, key, token, deliver](QKeychain::Job *finished) {
                if (finished->error() == QKeychain::NoError) {
                    // A copy left from a run without keychain is no longer needed.
                    if (loadFile().contains(key))
                        writeToFile(key, std::nullopt);
                    deliver(true);
                    return;
                }
                noteKeychainUnavailable(finished->errorString());
                const bool stored = writeToFile(key, token);
                if (stored)
                    setUsingFile(true);
                deliver(stored);
            });
    job->start();
}

void TokenStore::remove(const QString &key)
{
    if (loadFile().contains(key))
        writeToFile(key, std::nullopt);
    if (!m_keychainEnabled || m_keychainFailed)
        return;
    auto *job = new QKeychain::DeletePasswordJob(keychainServiceName(), this);
    job->setKey(key);
    job->start();
}

std::optional<QString> TokenStore::readFileEntry(const QString &filePath, const QString &key)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject entries = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonValue value = entries.value(key);
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

void TokenStore::readFromFile(const QString &key, const ReadHandler &handler)
{
    const QHash<QString, QString> entries = loadFile();
    const auto found = entries.constFind(key);
    if (found == entries.cend()) {
        handler(std::nullopt);
        return;
    }
    setUsingFile(true);
    handler(found.value());
}

QHash<QString, QString> TokenStore::loadFile() const
{
    QHash<QString, QString> entries;
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        qCWarning(lcTokens) << "token file" << m_filePath
                            << "is unreadable:" << error.errorString();
        return entries;
    }
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isString())
            entries.insert(it.key(), it.value().toString());
    }
    return entries;
}

bool TokenStore::writeToFile(const QString &key, const std::optional<QString> &token)
{
    QHash<QString, QString> entries = loadFile();
    if (token)
        entries.insert(key, *token);
    else
        entries.remove(key);

    const QFileInfo info(m_filePath);
    QDir folder = info.absoluteDir();
    if (!folder.exists()) {
        if (!folder.mkpath(u"."_s)) {
            qCWarning(lcTokens) << "cannot create" << folder.path();
            return false;
        }
        QFile::setPermissions(folder.path(), ownerOnlyDir);
    }
    // QSaveFile keeps the permissions of the file it replaces: create it 0600 first so
    // the tokens are never readable by others, not even for a moment.
    if (!info.exists()) {
        QFile create(m_filePath);
        if (!create.open(QIODevice::WriteOnly, ownerOnlyFile)) {
            qCWarning(lcTokens) << "cannot create" << m_filePath << create.errorString();
            return false;
        }
    }
    QFile::setPermissions(m_filePath, ownerOnlyFile);

    QJsonObject object;
    for (auto it = entries.cbegin(); it != entries.cend(); ++it)
        object.insert(it.key(), it.value());
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        qCWarning(lcTokens) << "cannot write" << m_filePath << file.errorString();
        return false;
    }
    file.write(QJsonDocument(object).toJson());
    if (!file.commit()) {
        qCWarning(lcTokens) << "cannot write" << m_filePath << file.errorString();
        return false;
    }
    QFile::setPermissions(m_filePath, ownerOnlyFile);
    return true;
}

void TokenStore::noteKeychainUnavailable(const QString &reason)
{
    if (m_keychainFailed)
        return;
    m_keychainFailed = true;
    qCInfo(lcTokens).nospace() << "no system keychain answered (" << reason
                               << "); tokens are kept in " << m_filePath;
}

void TokenStore::setUsingFile(bool usingFile)
{
    if (m_usingFile == usingFile)
        return;
    m_usingFile = usingFile;
    emit usingFileChanged(usingFile);
}

} // namespace optrack
