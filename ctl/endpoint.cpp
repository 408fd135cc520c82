#include "endpoint.h"

#include "commandline.h"

#include <QFile>

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

/// A token file holds one token; anything larger is not one.
constexpr qint64 maxTokenFileBytes = 4096;

} // namespace

std::optional<Endpoint> Endpoint::resolve(const CommandLine &line,
                                          const QProcessEnvironment &environment, QString *error)
{
    const QString serverVariable = QString::fromLatin1(environment::server);
    const QString tokenVariable = QString::fromLatin1(environment::token);
    Endpoint endpoint;

    const QString server = line.server().isEmpty() ? environment.value(serverVariable).trimmed()
                                                   : line.server().trimmed();
    if (server.isEmpty()) {
        *error = u"No service given: use --server URL or set %1 (e.g. http://127.0.0.1:8080)."_s
                         .arg(serverVariable);
        return std::nullopt;
    }
    endpoint.baseUrl = QUrl(server, QUrl::StrictMode);
    const QString scheme = endpoint.baseUrl.scheme();
    if (!endpoint.baseUrl.isValid() || endpoint.baseUrl.host().isEmpty()
        || (scheme != u"http"_s && scheme != u"https"_s)) {
        *error = u"\"%1\" is not a service address: it must look like http://HOST:PORT."_s.arg(
                server);
        return std::nullopt;
    }

    if (!line.tokenFile().isEmpty()) {
        QFile file(line.tokenFile());
        if (!file.open(QIODevice::ReadOnly)) {
            *error = u"Cannot read the token file %1: %2."_s.arg(line.tokenFile(),
                                                                 file.errorString());
            return std::nullopt;
        }
        endpoint.token = QString::fromUtf8(file.read(maxTokenFileBytes)).trimmed();
        endpoint.tokenSource = u"--token-file %1"_s.arg(line.tokenFile());
        if (endpoint.token.isEmpty()) {
            *error = u"The token file %1 is empty."_s.arg(line.tokenFile());
            return std::nullopt;
        }
    } else {
        endpoint.token = environment.value(tokenVariable).trimmed();
        endpoint.tokenSource = tokenVariable;
        if (endpoint.token.isEmpty()) {
            *error = u"No token given: use --token-file FILE or set %1."_s.arg(tokenVariable);
            return std::nullopt;
        }
    }
    return endpoint;
}

} // namespace optrack::ctl
