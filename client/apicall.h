#pragma once

#include "apistatus.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QNetworkReply;
class QSaveFile;

namespace optrack {

/// One user action on the service: a request that can be aborted, watched and sent
/// again. Sending again reuses the action's Idempotency-Key, so a retried upload or
/// deletion never makes a second operation. ApiConnection makes these; the clients
/// read typed results from them. By default a call deletes itself once finished;
/// keep it with setAutoDelete(false) to send it again.
class ApiCall final : public QObject
{
    Q_OBJECT

public:
    /// Builds and starts the network request; returns nullptr and fills the status
    /// when it cannot start (an unreadable file to upload).
    using Sender = std::function<QNetworkReply *(ApiStatus *localError)>;
    /// Turns the JSON answer into a typed result; may downgrade the status to
    /// UnreadableAnswer. Runs for failures too (with an empty object).
    using Interpreter = std::function<void(ApiStatus *status, const QJsonObject &json)>;

    explicit ApiCall(Sender sender, QObject *parent = nullptr);
    ~ApiCall() override;

    void setInterpreter(Interpreter interpreter);
    /// Streams a successful answer into this file (written atomically) instead of
    /// reading it as JSON.
    void setDownloadPath(const QString &path);
    void setIdempotencyKey(const QString &key) { m_idempotencyKey = key; }
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

    /// Sends the request (again). Does nothing while it is running.
    void send();
    /// Ends the request now; it finishes with ErrorCategory::Aborted.
    void abort();

    bool isRunning() const { return m_running; }
    bool isFinished() const { return m_finishedOnce && !m_running; }
    QString idempotencyKey() const { return m_idempotencyKey; }
    QString downloadPath() const { return m_downloadPath; }

    /// The outcome of the last attempt.
    ApiStatus status() const { return m_status; }
    /// The JSON object of the last successful answer.
    QJsonObject json() const { return m_json; }
    QByteArray etag() const { return m_etag; }
    /// The service's Retry-After, when the last answer had one.
    std::optional<std::chrono::seconds> retryAfter() const { return m_retryAfter; }

signals:
    void uploadProgress(qint64 bytesSent, qint64 bytesTotal);
    void downloadProgress(qint64 bytesReceived, qint64 bytesTotal);
    void finished(const optrack::ApiStatus &status);

private:
    void handleReadyRead();
    void handleFinished();
    void finish(ApiStatus status, const QJsonObject &json);
    void failLocally(const ApiStatus &status);
    ApiStatus readAnswer(QJsonObject *json) const;
    bool isSuccessStatus() const;

    Sender m_sender;
    Interpreter m_interpreter;
    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<QSaveFile> m_file;
    QString m_downloadPath;
    QString m_idempotencyKey;
    QByteArray m_body;
    QByteArray m_etag;
    QJsonObject m_json;
    ApiStatus m_status;
    std::optional<ApiStatus> m_localError;
    std::optional<std::chrono::seconds> m_retryAfter;
    bool m_running = false;
    bool m_aborted = false;
    bool m_finishedOnce = false;
    bool m_autoDelete = true;
};

} // namespace optrack
