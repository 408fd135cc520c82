#pragma once

#include <QMetaType>
#include <QNetworkReply>
#include <QString>

namespace optrack {

/// What went wrong with a request, in the terms a person acts on.
enum class ErrorCategory {
    None, ///< The request succeeded (2xx, or 304 on a conditional GET).
    CannotConnect, ///< No connection: refused, unreachable, TLS, proxy.
    TimedOut, ///< Reached, but no answer came in time (a hung or overloaded service).
    Unauthorised, ///< 401: the token is missing, unknown or expired.
    Forbidden, ///< 403: the account may not do this.
    NotFound, ///< 404: the operation or file is gone or not visible.
    Conflict, ///< 409: the state moved on (terminal, already voted, replayed key).
    BadRequest, ///< 400: the service refused what was sent.
    PayloadTooLarge, ///< 413: the upload is larger than the service takes.
    ServiceError, ///< 5xx or another unexpected status: the service failed.
    UnreadableAnswer, ///< The answer came but could not be read (not JSON, wrong types, cut off).
    LocalFile, ///< A file on this computer could not be read or written.
    Aborted, ///< The request was aborted on this side.
};

/// A short label for a category ("Cannot connect").
QString categoryLabel(ErrorCategory category);

/// The outcome of one request: its category, the HTTP status (0 when none came)
/// and a sentence a person can act on (the service's own `error` where it gave one).
struct ApiStatus
{
    ErrorCategory category = ErrorCategory::None;
    int httpStatus = 0;
    QString message;
    /// The service's machine code ("conflict"), when it sent one.
    QString code;

    bool ok() const { return category == ErrorCategory::None; }
    /// True for a 304 on a conditional GET: nothing changed since the ETag.
    bool notModified() const { return ok() && httpStatus == notModifiedStatus; }

    static constexpr int notModifiedStatus = 304;

    static ApiStatus success(int httpStatus) { return {ErrorCategory::None, httpStatus, {}, {}}; }
    static ApiStatus failure(ErrorCategory category, const QString &message, int httpStatus = 0)
    {
        return {category, httpStatus, message, {}};
    }

    friend bool operator==(const ApiStatus &, const ApiStatus &) = default;
};

/// The one mapping from Qt's network error (and the HTTP status, when one came) to a
/// category and a sentence. `serviceMessage` is the service's JSON `error`; it is the
/// sentence when present. `detail` is Qt's errorString(), used for transport failures.
ApiStatus statusForNetworkError(QNetworkReply::NetworkError error, int httpStatus,
                                const QString &serviceMessage = {}, const QString &detail = {});

} // namespace optrack

Q_DECLARE_METATYPE(optrack::ApiStatus)
