#include "apidescription.h"

#include "apiserver.h"
#include "httpserver.h"

#include <QFile>

namespace optrack {

using namespace Qt::StringLiterals;

ApiDescription::ApiDescription(HttpServer *http, ApiServer *routes, QObject *parent)
    : QObject(parent)
{
    http->route(
            HttpServer::Method::Get, u"/api/openapi.json"_s,
            [routes](const HttpRequest &request, HttpReply reply, const QStringList &) {
                if (!routes->requireUser(request, reply))
                    return;
                reply.send(200, document(), "application/json", {{"Cache-Control", "no-cache"}});
            });
}

QByteArray ApiDescription::document()
{
    static const QByteArray bytes = [] {
        QFile file(u":/optrack/openapi.json"_s);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    return bytes;
}

} // namespace optrack
