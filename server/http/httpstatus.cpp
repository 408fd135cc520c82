#include "httpstatus.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace optrack::httpstatus {

using namespace Qt::StringLiterals;

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Request Entity Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    case 507:
        return "Insufficient Storage";
    default:
        return "Unknown";
    }
}

QString errorCode(int status)
{
    switch (status) {
    case 401:
        return u"unauthorized"_s;
    case 404:
        return u"not_found"_s;
    case 408:
        return u"request_timeout"_s;
    case 413:
        return u"payload_too_large"_s;
    case 429:
        return u"too_many_requests"_s;
    case 503:
        return u"unavailable"_s;
    case 507:
        return u"insufficient_storage"_s;
    default:
        return status >= 500 ? u"internal"_s : u"bad_request"_s;
    }
}

QByteArray errorBody(int status, const QString &message)
{
    return QJsonDocument(QJsonObject{{u"error"_s, message}, {u"code"_s, errorCode(status)}})
            .toJson(QJsonDocument::Compact);
}

} // namespace optrack::httpstatus
