#pragma once

#include "apirequest.h"
#include "apiresponse.h"

#include <QHttpPart>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

namespace optrack::testing {

class OptrackdProcess;

/// Talks HTTP to the optrackd under test: synchronous requests for plain checks, and
/// requests in flight together (each on its own connection) for concurrency tests.
/// It follows the server's current port, so it keeps working across restart().
class ApiClient final : public QObject
{
    Q_OBJECT

public:
    static constexpr int requestTimeoutMs = 15'000;
    static constexpr int asyncManagerCount = 8;

    explicit ApiClient(const OptrackdProcess *server, QObject *parent = nullptr);
    ~ApiClient() override;

    /// Sends one request and waits for its answer (or the timeout).
    ApiResponse send(const ApiRequest &request, int timeoutMs = requestTimeoutMs);
    ApiResponse request(const QByteArray &method, const QString &path, const QString &user,
                        const QJsonObject &body = {}, const HeaderList &headers = {});
    ApiResponse get(const QString &path, const QString &user, const HeaderList &headers = {});
    ApiResponse post(const QString &path, const QString &user, const QJsonObject &body = {},
                     const HeaderList &headers = {});
    ApiResponse patch(const QString &path, const QString &user, const QJsonObject &body,
                      const HeaderList &headers = {});
    /// POST /api/files/upload with content in the multipart field "file" named fileName.
    ApiResponse upload(const QString &user, const QByteArray &content, const QString &fileName,
                       const HeaderList &headers = {});

    /// Puts every request on the wire in the same event-loop turn, each on a connection of its
    /// own, and waits for all the answers (in the order of the requests).
    QList<ApiResponse> sendAll(const QList<ApiRequest> &requests, int timeoutMs = requestTimeoutMs);

    /// Sends without waiting; callback gets the answer (status 0 on a network error).
    void sendAsync(const ApiRequest &request, std::function<void(const ApiResponse &)> callback);
    int inFlight() const { return m_inFlight; }

    QUrl url(const QString &pathAndQuery) const;
    /// Sends to baseUrl (a proxy in front of the server) instead of the server's own address;
    /// the tokens are still the server's. An empty URL goes back to the server's address.
    void setBaseUrl(const QUrl &baseUrl) { m_baseUrl = baseUrl; }

private:
    QNetworkReply *start(QNetworkAccessManager *manager, const ApiRequest &request,
                         int timeoutMs) const;
    static QHttpPart formPart(const FormPart &part);
    static ApiResponse toResponse(QNetworkReply *reply, const QString &requestLine);
    static QString requestLine(const ApiRequest &request);
    static void configure(QNetworkAccessManager *manager);

    const OptrackdProcess *m_server;
    QUrl m_baseUrl;
    QNetworkAccessManager m_manager;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_asyncManagers;
    std::size_t m_nextAsyncManager = 0;
    int m_inFlight = 0;
};

} // namespace optrack::testing
