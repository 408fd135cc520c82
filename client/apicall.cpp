#include "apicall.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkReply>
#include <QSaveFile>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// Answers larger than this are not JSON the contract describes: refuse to hold them.
constexpr qint64 maxJsonAnswerBytes = 64 * 1024 * 1024;
constexpr int firstSuccessStatus = 200;
constexpr int firstRedirectStatus = 300;

std::optional<std::chrono::seconds> parseRetryAfter(const QByteArray &value)
{
    if (value.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = value.trimmed().toLongLong(&isNumber);
    if (isNumber)
        return std::chrono::seconds(std::max<qint64>(0, seconds));
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!at.isValid())
        return std::nullopt;
    return std::chrono::seconds(std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(at)));
}

} // namespace

ApiCall::ApiCall(Sender sender, QObject *parent)
    : QObject(parent)
    , m_sender(std::move(sender))
{ }

ApiCall::~ApiCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ApiCall::setInterpreter(Interpreter interpreter)
{
    m_interpreter = std::move(interpreter);
}

void ApiCall::setDownloadPath(const QString &path)
{
    m_downloadPath = path;
}

void ApiCall::send()
{
    if (m_running)
        return;
    m_running = true;
    m_aborted = false;
    m_body.clear();
    m_etag.clear();
    m_json = {};
    m_retryAfter.reset();
    m_localError.reset();

    if (!m_downloadPath.isEmpty()) {
        m_file = std::make_unique<QSaveFile>(m_downloadPath);
        if (!m_file->open(QIODevice::WriteOnly)) {
            const QString reason = m_file->errorString();
            m_file.reset();
            failLocally(ApiStatus::failure(ErrorCategory::LocalFile,
                                           tr("Cannot write %1: %2. Choose another place to save "
                                              "it.")
                                                   .arg(m_downloadPath, reason)));
            return;
        }
    }

    ApiStatus localError;
    QNetworkReply *reply = m_sender(&localError);
    if (!reply) {
        failLocally(localError);
        return;
    }
    m_reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &ApiCall::handleReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ApiCall::handleFinished);
    connect(reply, &QNetworkReply::uploadProgress, this, &ApiCall::uploadProgress);
    connect(reply, &QNetworkReply::downloadProgress, this, &ApiCall::downloadProgress);
}

void ApiCall::abort()
{
    if (!m_running)
        return;
    m_aborted = true;
    if (m_reply)
        m_reply->abort();
    if (m_running) {
        // No reply (a local failure waiting to be reported), or one that ignored abort().
        if (m_reply) {
            m_reply->disconnect(this);
            m_reply->deleteLater();
            m_reply = nullptr;
        }
        if (m_file) {
            m_file->cancelWriting();
            m_file.reset();
        }
        finish(ApiStatus::failure(ErrorCategory::Aborted, tr("The request was stopped.")), {});
    }
}

void ApiCall::failLocally(const ApiStatus &status)
{
    // Reported from the event loop so that callers can connect to finished() first.
    QMetaObject::invokeMethod(
            this, [this, status] { finish(status, {}); }, Qt::QueuedConnection);
}

bool ApiCall::isSuccessStatus() const
{
    const int httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return httpStatus >= firstSuccessStatus && httpStatus < firstRedirectStatus;
}

void ApiCall::handleReadyRead()
{
    if (!m_reply || m_localError || !m_reply->isOpen())
        return;
    const QByteArray chunk = m_reply->readAll();
    if (m_file && isSuccessStatus()) {
        if (m_file->write(chunk) != chunk.size()) {
            m_localError = ApiStatus::failure(ErrorCategory::LocalFile,
                                              tr("Cannot write %1: %2. Check the free space and "
                                                 "choose another place if needed.")
                                                      .arg(m_downloadPath, m_file->errorString()));
            m_reply->abort();
        }
        return;
    }
    m_body += chunk;
    if (m_body.size() > maxJsonAnswerBytes) {
        m_localError = ApiStatus::failure(ErrorCategory::UnreadableAnswer,
                                          tr("The service's answer is far larger than expected and "
                                             "was not read."));
        m_reply->abort();
    }
}

void ApiCall::handleFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || !m_running)
        return;
    handleReadyRead();

    ApiStatus status;
    QJsonObject json;
    if (m_aborted)
        status = ApiStatus::failure(ErrorCategory::Aborted, tr("The request was stopped."));
    else if (m_localError)
        status = *m_localError;
    else
        status = readAnswer(&json);

    m_etag = reply->rawHeader("ETag");
    m_retryAfter = parseRetryAfter(reply->rawHeader("Retry-After"));
    if (m_file) {
        if (status.ok() && !m_file->commit()) {
            status = ApiStatus::failure(
                    ErrorCategory::LocalFile,
                    tr("Cannot save %1: %2.").arg(m_downloadPath, m_file->errorString()));
        } else if (!status.ok()) {
            m_file->cancelWriting();
        }
        m_file.reset();
    }
    reply->disconnect(this);
    reply->deleteLater();
    m_reply = nullptr;
    finish(status, json);
}

ApiStatus ApiCall::readAnswer(QJsonObject *json) const
{
    const int httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = m_reply->error();

    QString serviceMessage;
    QString code;
    if (error != QNetworkReply::NoError && !m_body.isEmpty()) {
        // An error answer from the service itself is {"error": "...", "code": "..."};
        // one from a proxy is anything at all, so only a clean object is believed.
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
        if (parseError.error == QJsonParseError::NoError && document.isObject()) {
            serviceMessage = document.object().value(u"error"_s).toString().trimmed();
            code = document.object().value(u"code"_s).toString();
        }
    }
    ApiStatus status
            = statusForNetworkError(error, httpStatus, serviceMessage, m_reply->errorString());
    status.code = code;
    if (!status.ok() || status.notModified() || !m_downloadPath.isEmpty())
        return status;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return ApiStatus::failure(ErrorCategory::UnreadableAnswer,
                                  tr("The service's answer could not be read: it is not valid JSON "
                                     "(%1 at byte %2).")
                                          .arg(parseError.errorString())
                                          .arg(parseError.offset),
                                  httpStatus);
    }
    if (!document.isObject()) {
        return ApiStatus::failure(ErrorCategory::UnreadableAnswer,
                                  tr("The service's answer could not be read: it is not a JSON "
                                     "object."),
                                  httpStatus);
    }
    *json = document.object();
    return status;
}

void ApiCall::finish(ApiStatus status, const QJsonObject &json)
{
    if (!m_running)
        return;
    m_running = false;
    m_finishedOnce = true;
    m_json = json;
    if (m_interpreter)
        m_interpreter(&status, json);
    m_status = status;
    emit finished(m_status);
    if (m_autoDelete)
        deleteLater();
}

} // namespace optrack
