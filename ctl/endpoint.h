#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <optional>

namespace optrack::ctl {

class CommandLine;

/// The service and the token a command talks to, and where each came from (for the
/// sentence that says which one to fix).
struct Endpoint
{
    QUrl baseUrl;
    QString token;
    /// "--token-file FILE" or "OPTRACK_TOKEN".
    QString tokenSource;

    /// --server, else $OPTRACK_SERVER; --token-file, else $OPTRACK_TOKEN. std::nullopt with
    /// a sentence in `error` when one is missing or unusable.
    static std::optional<Endpoint> resolve(const CommandLine &line,
                                           const QProcessEnvironment &environment, QString *error);
};

} // namespace optrack::ctl
