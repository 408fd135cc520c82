#include "appoptions.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace optrack {

using namespace Qt::StringLiterals;

bool AppOptions::wantsLocal(bool hasSavedRemote) const
{
    if (local)
        return true;
    if (serverUrl.isValid() && !serverUrl.isEmpty())
        return false;
    return !hasSavedRemote;
}

std::optional<AppOptions> AppOptions::parse(const QStringList &arguments, QString *error,
                                            QString *helpText)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Optrack: follow long-running operations, vote on approvals, start uploads, "
            "exports and deletions. Without --server it runs its own local service."_s);
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption serverOption(
            u"server"_s, u"The optrackd service to use (http://host:port)."_s, u"URL"_s);
    const QCommandLineOption tokenFileOption(
            u"token-file"_s,
            u"A file holding the access token for --server; it is then kept in the keychain."_s,
            u"FILE"_s);
    const QCommandLineOption localOption(
            u"local"_s, u"Use the local service on this computer, even if a server is saved."_s);
    const QCommandLineOption dataDirOption(
            u"data-dir"_s,
            u"Where the local service keeps its data (default: the app's data folder)."_s,
            u"DIR"_s);
    parser.addOptions({serverOption, tokenFileOption, localOption, dataDirOption});

    if (helpText)
        *helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        if (error)
            *error = parser.errorText();
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        if (error)
            *error = u"Unexpected argument \"%1\"; see --help."_s.arg(
                    parser.positionalArguments().constFirst());
        return std::nullopt;
    }

    AppOptions options;
    options.helpRequested = parser.isSet(helpOption);
    options.versionRequested = parser.isSet(versionOption);
    options.local = parser.isSet(localOption);
    options.tokenFile = parser.value(tokenFileOption);
    options.dataDir = parser.value(dataDirOption);

    if (parser.isSet(serverOption)) {
        const QUrl url = QUrl::fromUserInput(parser.value(serverOption));
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != u"http"_s && scheme != u"https"_s)) {
            if (error)
                *error = u"--server \"%1\" is not an http:// or https:// address."_s.arg(
                        parser.value(serverOption));
            return std::nullopt;
        }
        options.serverUrl = url;
    }
    if (options.local && !options.serverUrl.isEmpty()) {
        if (error)
            *error = u"--local and --server exclude each other: pick one."_s;
        return std::nullopt;
    }
    if (!options.tokenFile.isEmpty() && options.serverUrl.isEmpty()) {
        if (error)
            *error = u"--token-file needs --server: the token belongs to a server."_s;
        return std::nullopt;
    }
    return options;
}

} // namespace optrack
