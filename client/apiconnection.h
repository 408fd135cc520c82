#pragma once

#include "apicall.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>

class QNetworkAccessManager;

namespace optrack {

/// Where the service is and who is asking: the one place that builds requests
/// (base URL, bearer token, user agent, transfer timeout, Idempotency-Key) and starts
/// them as ApiCalls, whose replies are read in one place too. The clients, the feed
/// and the tracker share one instance. Inject a QNetworkAccessManager to script the
/// network in tests.
class ApiConnection final : public QObject
{
    Q_OBJECT

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    static constexpr std::chrono::milliseconds defaultTransferTimeout{30'000};

    explicit ApiConnection(QObject *parent = nullptr);
    /// Uses `manager` (not owned) for every request.
    explicit ApiConnection(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~ApiConnection() override;

    /// Changing the service or the token is a swap: the feed starts over.
    void setEndpoint(const QUrl &baseUrl, const QString &token);
    /// The same service (same data, same token) answers at another address now: the
    /// feeds keep what they hold and catch up there.
    void moveTo(const QUrl &baseUrl);
    QUrl baseUrl() const { return m_baseUrl; }
    bool hasToken() const { return !m_token.isEmpty(); }
    /// How long a request may go without any data moving before it fails.
    void setTransferTimeout(std::chrono::milliseconds timeout) { m_transferTimeout = timeout; }
    std::chrono::milliseconds transferTimeout() const { return m_transferTimeout; }

    QNetworkAccessManager *networkAccessManager() const { return m_manager; }

    /// "Optrack/<version>".
    static QByteArray userAgent();

    QUrl url(const QString &path, const QUrlQuery &query = {}) const;
    QNetworkRequest buildRequest(const QString &path, const QUrlQuery &query = {}) const;
    /// The WebSocket handshake of /api/stream?since=V (token in the Authorization header).
    QNetworkRequest buildStreamRequest(qint64 since) const;

    /// Each starts at once; `parent` owns the call (this connection when null).
    ApiCall *get(const QString &path, const QUrlQuery &query = {}, const Headers &headers = {},
                 QObject *parent = nullptr);
    /// POST, PATCH or DELETE with a JSON body (none for DELETE when `body` is empty).
    /// A non-empty `idempotencyKey` is sent as Idempotency-Key on every attempt.
    ApiCall *send(const QByteArray &verb, const QString &path, const QJsonObject &body,
                  const QString &idempotencyKey = {}, QObject *parent = nullptr);
    /// multipart/form-data POST of one file in `fieldName`, read from disk on each attempt.
    ApiCall *upload(const QString &path, const QString &filePath, const QString &fieldName,
                    const QString &idempotencyKey, QObject *parent = nullptr);
    /// GET whose successful answer is written to `targetPath`.
    ApiCall *download(const QString &path, const QString &targetPath, QObject *parent = nullptr);

    /// A fresh key for one user action.
    static QString newIdempotencyKey();

signals:
    /// The service address or the token changed.
    void endpointChanged();
    /// The same service moved to another address (moveTo()).
    void endpointMoved();

private:
    ApiCall *start(ApiCall::Sender sender, QObject *parent, const QString &idempotencyKey = {});

    QNetworkAccessManager *m_manager = nullptr;
    QUrl m_baseUrl;
    QString m_token;
    std::chrono::milliseconds m_transferTimeout = defaultTransferTimeout;
};

} // namespace optrack
