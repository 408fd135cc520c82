#pragma once

#include <QJsonObject>
#include <QString>

namespace optrack {

/// An answer that is not 2xx: the HTTP status, the contract's machine code and a
/// sentence a person can act on.
struct ApiError
{
    int httpStatus = 500;
    QString code;
    QString message;
    /// The request field at fault, for 400s.
    QString field;

    static ApiError badRequest(const QString &message, const QString &field = {})
    {
        return {400, QStringLiteral("bad_request"), message, field};
    }
    static ApiError unauthorized(const QString &message)
    {
        return {401, QStringLiteral("unauthorized"), message, {}};
    }
    static ApiError forbidden(const QString &message)
    {
        return {403, QStringLiteral("forbidden"), message, {}};
    }
    static ApiError notFound(const QString &message)
    {
        return {404, QStringLiteral("not_found"), message, {}};
    }
    static ApiError conflict(const QString &message)
    {
        return {409, QStringLiteral("conflict"), message, {}};
    }
    static ApiError payloadTooLarge(const QString &message)
    {
        return {413, QStringLiteral("payload_too_large"), message, {}};
    }
    static ApiError internal(const QString &message)
    {
        return {500, QStringLiteral("internal"), message, {}};
    }

    QJsonObject toJson() const
    {
        QJsonObject json{{QStringLiteral("error"), message}, {QStringLiteral("code"), code}};
        if (!field.isEmpty())
            json.insert(QStringLiteral("field"), field);
        return json;
    }
};

} // namespace optrack
