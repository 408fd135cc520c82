#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace optrack {

/// Where access tokens live: the system keychain through QtKeychain, asynchronously.
/// Tests, benchmarks and tools that must never touch the user's keychain make one with
/// the File backend and hand it to whoever needs it (AppController takes one). Where no
/// keychain answers (no Secret Service or KWallet on the session bus) the tokens
/// go to a JSON file only the user may read (0600, in a 0700 folder) and
/// usingFileChanged(true) asks the window to say so. Reads look in the keychain, then in
/// the file, so a token stored while the keychain was away is still found. Tokens are
/// never logged.
class TokenStore final : public QObject
{
    Q_OBJECT

public:
    using ReadHandler = std::function<void(const std::optional<QString> &token)>;
    using WriteHandler = std::function<void(bool stored)>;

    /// The keychain's service name for every entry.
    static constexpr auto keychainService = "Optrack";
    /// The file's name under QStandardPaths::AppDataLocation.
    static constexpr auto fileName = "tokens.json";

    /// Keychain: the system keychain first, the file when it does not answer. File: the
    /// file only.
    enum class Backend { Keychain, File };

    explicit TokenStore(QObject *parent = nullptr);
    explicit TokenStore(Backend backend, QObject *parent = nullptr);

    /// The fallback file (default: AppDataLocation/tokens.json).
    void setFilePath(const QString &path) { m_filePath = path; }
    QString filePath() const { return m_filePath; }
    Backend backend() const { return m_keychainEnabled ? Backend::Keychain : Backend::File; }
    /// True once a token was kept in (or read from) the file instead of the keychain.
    bool isUsingFile() const { return m_usingFile; }
    /// The sentence the window shows while isUsingFile().
    static QString fileWarning();

    /// Reads the token kept under `key`; the handler runs later (never inside the call)
    /// with std::nullopt when there is none, unless `receiver` was destroyed.
    void read(const QString &key, const QObject *receiver, ReadHandler handler);
    /// Keeps `token` under `key`; the handler (optional) learns whether it was stored.
    void write(const QString &key, const QString &token, const QObject *receiver = nullptr,
               WriteHandler handler = {});
    /// Forgets the token under `key` in both places.
    void remove(const QString &key);

    /// The file's entries: read synchronously, for tools that share the file (benchmarks).
    static std::optional<QString> readFileEntry(const QString &filePath, const QString &key);

signals:
    void usingFileChanged(bool usingFile);

private:
    void readFromFile(const QString &key, const ReadHandler &handler);
    bool writeToFile(const QString &key, const std::optional<QString> &token);
    void noteKeychainUnavailable(const QString &reason);
    void setUsingFile(bool usingFile);
    QHash<QString, QString> loadFile() const;

    QString m_filePath;
    bool m_keychainEnabled = true;
    bool m_keychainFailed = false;
    bool m_usingFile = false;
};

} // namespace optrack
