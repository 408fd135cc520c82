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
    /// A change the store could not make durable (storeError: its reason). A full disk is
    /// the one cause a person can act on, so it has its own answer, 507; anything else is 500.
    /// what: "The operation", "The change", ...
    static ApiError notSaved(const QString &what, const QString &storeError)
    {
        if (isDiskFull(storeError)) {
            return {507,
                    QStringLiteral("insufficient_storage"),
                    what
                            + QStringLiteral(" was not saved: the service's disk is full. Nothing "
                                             "was changed; try again once space has been freed."),
                    {}};
        }
        return internal(what + QStringLiteral(" could not be saved; try again."));
    }
    /// SQLite's SQLITE_FULL and the system's ENOSPC, as their messages say them.
    static bool isDiskFull(const QString &error)
    {
        return error.contains(QLatin1String("disk is full"), Qt::CaseInsensitive)
                || error.contains(QLatin1String("No space left on device"), Qt::CaseInsensitive);
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
