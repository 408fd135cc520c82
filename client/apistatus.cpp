#include "apistatus.h"

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
            return u"The service is busy and asked to slow down. Try again in a moment."_s;
        return u"The service refused the request as invalid (HTTP %1)."_s.arg(httpStatus);
    case ErrorCategory::Unauthorised:
        return u"The service did not accept your token. Sign in again or check the token in the settings."_s;
    case ErrorCategory::Forbidden:
        return u"Your account may not do this. Ask an administrator for the role it needs."_s;
    case ErrorCategory::NotFound:
        return u"The service does not have this item, or you may not see it. Refresh and try again."_s;
    case ErrorCategory::Conflict:
        return u"This changed on the service in the meantime. Refresh and try again."_s;
    case ErrorCategory::PayloadTooLarge:
        return u"The file is larger than the service accepts. Split it into smaller files."_s;
    default:
        break;
    }
    if (httpStatus == internalErrorStatus)
        return u"The service failed while handling the request (HTTP 500). Try again; if it "
               u"keeps "
               u"failing, tell the service's administrator."_s;
    if (httpStatus >= firstServerErrorStatus)
        return u"The service is not available right now (HTTP %1). Try again in a moment."_s.arg(
                httpStatus);
    return u"The service gave an answer this app does not expect (HTTP %1)."_s.arg(httpStatus);
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
        return u"OK"_s;
    case ErrorCategory::CannotConnect:
        return u"Cannot connect"_s;
    case ErrorCategory::TimedOut:
        return u"No answer"_s;
    case ErrorCategory::Unauthorised:
        return u"Not signed in"_s;
    case ErrorCategory::Forbidden:
        return u"Not allowed"_s;
    case ErrorCategory::NotFound:
        return u"Not found"_s;
    case ErrorCategory::Conflict:
        return u"Conflict"_s;
    case ErrorCategory::BadRequest:
        return u"Refused"_s;
    case ErrorCategory::PayloadTooLarge:
        return u"Too large"_s;
    case ErrorCategory::ServiceError:
        return u"Service error"_s;
    case ErrorCategory::UnreadableAnswer:
        return u"Unreadable answer"_s;
    case ErrorCategory::LocalFile:
        return u"File error"_s;
    case ErrorCategory::Aborted:
        return u"Aborted"_s;
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
        return transport(ErrorCategory::CannotConnect,
                         u"Cannot connect to the service: the connection was refused. Check that "
                         u"the service is running and that the address is right."_s);
    case QNetworkReply::HostNotFoundError:
        return transport(ErrorCategory::CannotConnect,
                         u"Cannot connect to the service: its host name was not found. Check the "
                         u"address in the settings."_s);
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        // Qt ends a reply whose transfer timeout ran out as "cancelled"; a deliberate
        // abort is recognised by the caller before it gets here.
        return transport(
                ErrorCategory::TimedOut,
                u"The service did not answer in time. Check the network, then try again."_s);
    case QNetworkReply::RemoteHostClosedError:
        if (httpStatus > 0)
            return transport(ErrorCategory::UnreadableAnswer,
                             u"The service's answer was cut off before it was complete. Try "
                             u"again."_s);
        return transport(ErrorCategory::CannotConnect,
                         u"The service closed the connection before answering. It may be "
                         u"restarting; try again shortly."_s);
    case QNetworkReply::SslHandshakeFailedError:
        return transport(ErrorCategory::CannotConnect,
                         withDetail(u"Cannot connect securely to the service."_s, detail));
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return transport(ErrorCategory::CannotConnect,
                         withDetail(u"Cannot reach the service through the proxy. Check the "
                                    u"proxy settings."_s,
                                    detail));
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return transport(ErrorCategory::CannotConnect,
                         u"The address redirects somewhere this app will not follow. Check the "
                         u"address in the settings."_s);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
    case QNetworkReply::UnknownNetworkError:
        return transport(
                ErrorCategory::CannotConnect,
                withDetail(u"Cannot connect to the service. Check the network."_s, detail));
    case QNetworkReply::ProtocolUnknownError:
        return transport(ErrorCategory::CannotConnect,
                         u"The service address must start with http:// or https://."_s);
    case QNetworkReply::ProtocolFailure:
        return transport(ErrorCategory::UnreadableAnswer,
                         u"The service's answer broke the HTTP protocol and could not be read."_s);
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
        return transport(ErrorCategory::UnreadableAnswer,
                         withDetail(u"The service's answer could not be read."_s, detail));
    }
    status.category = categoryForHttpStatus(httpStatus);
    status.message = serviceMessage.isEmpty() ? sentenceForHttpStatus(status.category, httpStatus)
                                              : serviceMessage;
    return status;
}

} // namespace optrack
