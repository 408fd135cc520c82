#pragma once

#include <QByteArray>
#include <QObject>

namespace optrack {

class ApiServer;
class HttpServer;

/// GET /api/openapi.json: the OpenAPI 3.1 description of this API, for any account. It is
/// docs/openapi.json built into the program, so the file and the answer never differ.
class ApiDescription final : public QObject
{
    Q_OBJECT

public:
    ApiDescription(HttpServer *http, ApiServer *routes, QObject *parent = nullptr);

    static QByteArray document();
};

} // namespace optrack
