#include "cannedreply.h"

#include <QTimer>

using namespace Qt::StringLiterals;

CannedResponse CannedResponse::json(int status, const QByteArray &body,
                                    QList<QPair<QByteArray, QByteArray>> headers)
{
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return {status, body, headers, QNetworkReply::NoError, false};
}

CannedResponse CannedResponse::refused()
{
    CannedResponse response;
    response.status = 0;
    response.transportError = QNetworkReply::ConnectionRefusedError;
    return response;
}

CannedReply::CannedReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                         const CannedResponse &response, QObject *parent)
    : QNetworkReply(parent)
    , m_response(response)
{
    setOperation(operation);
    setRequest(request);
    setUrl(request.url());
    open(QIODevice::ReadOnly);
    if (!response.hold)
        QTimer::singleShot(0, this, &CannedReply::play);
}

void CannedReply::release()
{
    QTimer::singleShot(0, this, &CannedReply::play);
}

QNetworkReply::NetworkError CannedReply::errorForStatus(int status)
{
    switch (status) {
    case 400:
        return ProtocolInvalidOperationError;
    case 401:
        return AuthenticationRequiredError;
    case 403:
        return ContentAccessDenied;
    case 404:
        return ContentNotFoundError;
    case 405:
        return ContentOperationNotPermittedError;
    case 409:
        return ContentConflictError;
    case 410:
        return ContentGoneError;
    case 500:
        return InternalServerError;
    case 501:
        return OperationNotImplementedError;
    case 503:
        return ServiceUnavailableError;
    default:
        break;
    }
    if (status >= 400 && status < 500)
        return UnknownContentError;
    if (status >= 500)
        return UnknownServerError;
    return NoError;
}

void CannedReply::play()
{
    if (m_done)
        return;
    m_done = true;
    if (m_response.transportError != NoError) {
        setError(m_response.transportError, u"Connection refused"_s);
        emit errorOccurred(m_response.transportError);
        setFinished(true);
        emit finished();
        return;
    }
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_response.status);
    for (const auto &[name, value] : std::as_const(m_response.headers))
        setRawHeader(name, value);
    emit metaDataChanged();
    m_pending = m_response.body;
    if (!m_pending.isEmpty())
        emit readyRead();
    const NetworkError error = errorForStatus(m_response.status);
    if (error != NoError) {
        setError(error, u"HTTP %1"_s.arg(m_response.status));
        emit errorOccurred(error);
    }
    setFinished(true);
    emit finished();
}

void CannedReply::abort()
{
    if (m_done)
        return;
    m_done = true;
    setError(OperationCanceledError, u"Operation canceled"_s);
    emit errorOccurred(OperationCanceledError);
    setFinished(true);
    emit finished();
}

qint64 CannedReply::bytesAvailable() const
{
    return m_pending.size() + QNetworkReply::bytesAvailable();
}

qint64 CannedReply::readData(char *data, qint64 maxSize)
{
    const qint64 count = std::min<qint64>(maxSize, m_pending.size());
    memcpy(data, m_pending.constData(), size_t(count));
    m_pending.remove(0, count);
    return count;
}
