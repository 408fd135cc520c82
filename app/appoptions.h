#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class QCommandLineParser;

namespace optrack {

/// What the command line asked the app to do. Parsing never exits: --help and --version
/// are reported as flags so main() decides, and tests can parse freely.
struct AppOptions
{
    /// --server URL: a remote optrackd instead of the embedded one.
    QUrl serverUrl;
    /// --token-file FILE: the token for --server, read once and then kept in the keychain.
    QString tokenFile;
    /// --local: the embedded optrackd even when a remote connection is saved.
    bool local = false;
    /// --data-dir DIR: where the embedded optrackd keeps its data.
    QString dataDir;
    bool helpRequested = false;
    bool versionRequested = false;

    /// The embedded service is wanted: --local, or nothing else was asked for and no remote
    /// connection was saved (`hasSavedRemote`).
    bool wantsLocal(bool hasSavedRemote) const;

    /// Parses `arguments` (argv, program name first). On an unusable command line returns
    /// std::nullopt and fills `error` with a sentence naming the option.
    static std::optional<AppOptions> parse(const QStringList &arguments, QString *error,
                                           QString *helpText = nullptr);
};

} // namespace optrack
