#include "appoptions.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// The app's options, added to a parser: one definition for parsing, the help and --help-all.
struct Options
{
    explicit Options(QCommandLineParser &parser);

    QCommandLineOption help;
    QCommandLineOption version;
    QCommandLineOption server{u"server"_s, u"The optrackd service to use (http://host:port)."_s,
                              u"URL"_s};
    QCommandLineOption tokenFile{
            u"token-file"_s,
            u"A file holding the access token for --server; it is then kept in the keychain."_s,
            u"FILE"_s};
    QCommandLineOption local{
            u"local"_s, u"Use the local service on this computer, even if a server is saved."_s};
    QCommandLineOption dataDir{
            u"data-dir"_s,
            u"Where the local service keeps its data (default: the app's data folder)."_s,
            u"DIR"_s};
};

Options::Options(QCommandLineParser &parser)
    : help(parser.addHelpOption())
    , version(parser.addVersionOption())
{
    parser.setApplicationDescription(
            u"Optrack: follow long-running operations, vote on approvals, start uploads, "
            "exports and deletions. Without --server it runs its own local service."_s);
    // Qt's own options are single-dash words (-platform, -stylesheet): read as letters, the
    // h of -stylesheet would ask for the help.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions({server, tokenFile, local, dataDir});
}

} // namespace

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
    const Options option(parser);
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
    options.local = parser.isSet(option.local);
    options.tokenFile = parser.value(option.tokenFile);
    options.dataDir = parser.value(option.dataDir);

    if (parser.isSet(option.server)) {
        const QUrl url = QUrl::fromUserInput(parser.value(option.server));
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != u"http"_s && scheme != u"https"_s)) {
            if (error)
                *error = u"--server \"%1\" is not an http:// or https:// address."_s.arg(
                        parser.value(option.server));
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

AppOptions::InfoRequest AppOptions::infoRequest(const QStringList &arguments)
{
    QCommandLineParser parser;
    const Options option(parser);
    // Errors are left for parse(): here the arguments still hold Qt's options.
    parser.parse(arguments);
    if (parser.isSet(option.version))
        return InfoRequest::Version;
    if (parser.isSet(option.help))
        return InfoRequest::Help;
    if (parser.isSet(u"help-all"_s))
        return InfoRequest::HelpAll;
    return InfoRequest::None;
}

void AppOptions::showHelpAll(const QStringList &arguments)
{
    QCommandLineParser parser;
    const Options option(parser);
    parser.process(arguments);
    // process() exits on --help-all; this is reached only without it.
    parser.showHelp(0);
}

} // namespace optrack
