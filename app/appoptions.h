#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class QCommandLineParser;

namespace optrack {

/// What the command line asked the app to do. Parsing never exits: infoRequest() tells main()
/// about --help, --help-all and --version before any window exists, and tests parse freely.
struct AppOptions
{
    /// A request answered by printing, before any window system is needed.
    enum class InfoRequest { None, Version, Help, HelpAll };

    /// --server URL: a remote optrackd instead of the embedded one.
    QUrl serverUrl;
    /// --token-file FILE: the token for --server, read once and then kept in the keychain.
    QString tokenFile;
    /// --local: the embedded optrackd even when a remote connection is saved.
    bool local = false;
    /// --data-dir DIR: where the embedded optrackd keeps its data.
    QString dataDir;

    /// The embedded service is wanted: --local, or nothing else was asked for and no remote
    /// connection was saved (`hasSavedRemote`).
    bool wantsLocal(bool hasSavedRemote) const;

    /// Parses `arguments` (argv, program name first). On an unusable command line returns
    /// std::nullopt and fills `error` with a sentence naming the option.
    static std::optional<AppOptions> parse(const QStringList &arguments, QString *error,
                                           QString *helpText = nullptr);

    /// --version, --help or --help-all among raw `arguments` (argv before QApplication has
    /// taken out Qt's own options such as -platform, which are ignored here).
    static InfoRequest infoRequest(const QStringList &arguments);
    /// Prints the help with Qt's options (those of the QApplication that must exist) and
    /// exits 0, as QCommandLineParser::process() does for --help-all.
    [[noreturn]] static void showHelpAll(const QStringList &arguments);
};

} // namespace optrack
