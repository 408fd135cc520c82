#include "apistatus.h"

#include <QCoreApplication>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr int badRequestStatus = 400;
constexpr int unauthorisedStatus = 401;
constexpr int forbiddenStatus = 403;
constexpr int notFoundStatus = 404;
constexpr int conflictStatus = 409;
constexpr int goneStatus = 410;
constexpr int payloadTooLargeStatus = 413;
constexpr int tooManyRequestsStatus = 429;
constexpr int firstClientErrorStatus = 400;
constexpr int firstServerErrorStatus = 500;
constexpr int internalErrorStatus = 500;
constexpr int firstSuccessStatus = 200;
constexpr int firstRedirectStatus = 300;

ErrorCategory categoryForHttpStatus(int httpStatus)
{
    switch (httpStatus) {
    case badRequestStatus:
        return ErrorCategory::BadRequest;
    case unauthorisedStatus:
        return ErrorCategory::Unauthorised;
    case forbiddenStatus:
        return ErrorCategory::Forbidden;
    case notFoundStatus:
    case goneStatus:
        return ErrorCategory::NotFound;
    case conflictStatus:
        return ErrorCategory::Conflict;
    case payloadTooLargeStatus:
        return ErrorCategory::PayloadTooLarge;
    default:
        break;
    }
    if (httpStatus >= firstClientErrorStatus && httpStatus < firstServerErrorStatus)
        return ErrorCategory::BadRequest;
    return ErrorCategory::ServiceError;
}

QString sentenceForHttpStatus(ErrorCategory category, int httpStatus)
{
    switch (category) {
    case ErrorCategory::BadRequest:
        if (httpStatus == tooManyRequestsStatus)
            return QCoreApplication::translate(
                    "optrack::ApiStatus",
                    "The service is busy and asked to slow down. Try again in a moment.");
        return QCoreApplication::translate("optrack::ApiStatus",
                                           "The service refused the request as invalid (HTTP %1).")
                .arg(httpStatus);
    case ErrorCategory::Unauthorised:
        return QCoreApplication::translate("optrack::ApiStatus",
                                           "The service did not accept your token. Sign in again "
                                           "or check the token in the settings.");
    case ErrorCategory::Forbidden:
        return QCoreApplication::translate(
                "optrack::ApiStatus",
                "Your account may not do this. Ask an administrator for the role it needs.");
    case ErrorCategory::NotFound:
        return QCoreApplication::translate("optrack::ApiStatus",
                                           "The service does not have this item, or you may not "
                                           "see it. Refresh and try again.");
    case ErrorCategory::Conflict:
        return QCoreApplication::translate(
                "optrack::ApiStatus",
                "This changed on the service in the meantime. Refresh and try again.");
    case ErrorCategory::PayloadTooLarge:
        return QCoreApplication::translate(
                "optrack::ApiStatus",
                "The file is larger than the service accepts. Split it into smaller files.");
    default:
        break;
    }
    if (httpStatus == internalErrorStatus)
        return QCoreApplication::translate(
                "optrack::ApiStatus",
                "The service failed while handling the request (HTTP 500). Try again; if it "
                "keeps "
                "failing, tell the service's administrator.");
    if (httpStatus >= firstServerErrorStatus)
        return QCoreApplication::translate(
                       "optrack::ApiStatus",
                       "The service is not available right now (HTTP %1). Try again in a moment.")
                .arg(httpStatus);
    return QCoreApplication::translate(
                   "optrack::ApiStatus",
                   "The service gave an answer this app does not expect (HTTP %1).")
            .arg(httpStatus);
}

QString withDetail(const QString &sentence, const QString &detail)
{
    if (detail.isEmpty())
        return sentence;
    return sentence + u" ("_s + detail + u")"_s;
}

} // namespace

QString categoryLabel(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::None:
        return QCoreApplication::translate("optrack::ApiStatus", "OK");
    case ErrorCategory::CannotConnect:
        return QCoreApplication::translate("optrack::ApiStatus", "Cannot connect");
    case ErrorCategory::TimedOut:
        return QCoreApplication::translate("optrack::ApiStatus", "No answer");
    case ErrorCategory::Unauthorised:
        return QCoreApplication::translate("optrack::ApiStatus", "Not signed in");
    case ErrorCategory::Forbidden:
        return QCoreApplication::translate("optrack::ApiStatus", "Not allowed");
    case ErrorCategory::NotFound:
        return QCoreApplication::translate("optrack::ApiStatus", "Not found");
    case ErrorCategory::Conflict:
        return QCoreApplication::translate("optrack::ApiStatus", "Conflict");
    case ErrorCategory::BadRequest:
        return QCoreApplication::translate("optrack::ApiStatus", "Refused");
    case ErrorCategory::PayloadTooLarge:
        return QCoreApplication::translate("optrack::ApiStatus", "Too large");
    case ErrorCategory::ServiceError:
        return QCoreApplication::translate("optrack::ApiStatus", "Service error");
    case ErrorCategory::UnreadableAnswer:
        return QCoreApplication::translate("optrack::ApiStatus", "Unreadable answer");
    case ErrorCategory::LocalFile:
        return QCoreApplication::translate("optrack::ApiStatus", "File error");
    case ErrorCategory::Aborted:
        return QCoreApplication::translate("optrack::ApiStatus", "Aborted");
    }
    return {};
}

ApiStatus statusForNetworkError(QNetworkReply::NetworkError error, int httpStatus,
                                const QString &serviceMessage, const QString &detail)
{
    ApiStatus status;
    status.httpStatus = httpStatus;
    const auto transport = [&](ErrorCategory category, const QString &sentence) {
        status.category = category;
        status.message = sentence;
        return status;
    };

    switch (error) {
    case QNetworkReply::NoError:
        break;
    case QNetworkReply::ConnectionRefusedError:
        return transport(
                ErrorCategory::CannotConnect,
                QCoreApplication::translate(
                        "optrack::ApiStatus",
                        "Cannot connect to the service: the connection was refused. Check that "
                        "the service is running and that the address is right."));
    case QNetworkReply::HostNotFoundError:
        return transport(
                ErrorCategory::CannotConnect,
                QCoreApplication::translate(
                        "optrack::ApiStatus",
                        "Cannot connect to the service: its host name was not found. Check the "
                        "address in the settings."));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        // Qt ends a reply whose transfer timeout ran out as "cancelled"; a deliberate
        // abort is recognised by the caller before it gets here.
        return transport(
                ErrorCategory::TimedOut,
                QCoreApplication::translate(
                        "optrack::ApiStatus",
                        "The service did not answer in time. Check the network, then try again."));
    case QNetworkReply::RemoteHostClosedError:
        if (httpStatus > 0)
            return transport(ErrorCategory::UnreadableAnswer,
                             QCoreApplication::translate(
                                     "optrack::ApiStatus",
                                     "The service's answer was cut off before it was complete. Try "
                                     "again."));
        return transport(ErrorCategory::CannotConnect,
                         QCoreApplication::translate(
                                 "optrack::ApiStatus",
                                 "The service closed the connection before answering. It may be "
                                 "restarting; try again shortly."));
    case QNetworkReply::SslHandshakeFailedError:
        return transport(
                ErrorCategory::CannotConnect,
                withDetail(QCoreApplication::translate("optrack::ApiStatus",
                                                       "Cannot connect securely to the service."),
                           detail));
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return transport(ErrorCategory::CannotConnect,
                         withDetail(QCoreApplication::translate(
                                            "optrack::ApiStatus",
                                            "Cannot reach the service through the proxy. Check the "
                                            "proxy settings."),
                                    detail));
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return transport(
                ErrorCategory::CannotConnect,
                QCoreApplication::translate(
                        "optrack::ApiStatus",
                        "The address redirects somewhere this app will not follow. Check the "
                        "address in the settings."));
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
    case QNetworkReply::UnknownNetworkError:
        return transport(ErrorCategory::CannotConnect,
                         withDetail(QCoreApplication::translate(
                                            "optrack::ApiStatus",
                                            "Cannot connect to the service. Check the network."),
                                    detail));
    case QNetworkReply::ProtocolUnknownError:
        return transport(ErrorCategory::CannotConnect,
                         QCoreApplication::translate(
                                 "optrack::ApiStatus",
                                 "The service address must start with http:// or https://."));
    case QNetworkReply::ProtocolFailure:
        return transport(
                ErrorCategory::UnreadableAnswer,
                QCoreApplication::translate(
                        "optrack::ApiStatus",
                        "The service's answer broke the HTTP protocol and could not be read."));
    case QNetworkReply::ContentAccessDenied:
    case QNetworkReply::ContentOperationNotPermittedError:
    case QNetworkReply::ContentNotFoundError:
    case QNetworkReply::AuthenticationRequiredError:
    case QNetworkReply::ContentReSendError:
    case QNetworkReply::ContentConflictError:
    case QNetworkReply::ContentGoneError:
    case QNetworkReply::UnknownContentError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::InternalServerError:
    case QNetworkReply::OperationNotImplementedError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        break;
    }

    if (error == QNetworkReply::NoError && httpStatus >= firstSuccessStatus
        && (httpStatus < firstRedirectStatus || httpStatus == ApiStatus::notModifiedStatus)) {
        return ApiStatus::success(httpStatus);
    }
    if (httpStatus == 0) {
        // An HTTP-level error without a status line can only come from a broken answer.
        return transport(
                ErrorCategory::UnreadableAnswer,
                withDetail(QCoreApplication::translate("optrack::ApiStatus",
                                                       "The service's answer could not be read."),
                           detail));
    }
    status.category = categoryForHttpStatus(httpStatus);
    status.message = serviceMessage.isEmpty() ? sentenceForHttpStatus(status.category, httpStatus)
                                              : serviceMessage;
    return status;
}

} // namespace optrack
