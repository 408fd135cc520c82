#pragma once

#include "httpserver.h"
#include "operationregistry.h"
#include "serverconfig.h"

#include <QObject>

namespace optrack {

/// The contract's routes: authentication, roles, validation and the JSON answers. The
/// rules themselves live in OperationRegistry; this class only speaks HTTP.
class ApiServer final : public QObject
{
    Q_OBJECT

public:
    ApiServer(const ServerConfig &config, OperationRegistry *registry, HttpServer *http,
              QObject *parent = nullptr);

    /// The account a request's bearer token (or, for the stream, access_token) names.
    const UserAccount *authenticate(const HttpRequest &request, bool allowQueryToken) const;
    /// The account a token names, compared by its SHA-256 with every account's in constant
    /// time; nullptr when none.
    const UserAccount *userForToken(QByteArrayView token) const;

    // Shared with the other route groups (workloads, metrics).
    using Reply = HttpReply;
    /// The caller, or nullptr with a 401 already sent.
    const UserAccount *requireUser(const HttpRequest &request, Reply &reply) const;
    static void sendError(Reply &reply, const ApiError &error, const HttpHeaders &headers = {});
    static void sendFieldError(Reply &reply, const FieldError &error);
    /// An empty body reads as {}; false with a 400 sent when it is not a JSON object.
    bool readBody(const HttpRequest &request, Reply &reply, QJsonObject *body) const;
    /// readBody() and one of codec's request parsers; false with a 400 naming the field sent.
    template<typename Body>
    bool parseBody(const HttpRequest &request, Reply &reply,
                   bool (*parse)(const QJsonObject &, Body *, FieldError *), Body *body) const;
    /// The Idempotency-Key of a request; false with a 400 sent when it is malformed.
    bool readIdempotencyKey(const HttpRequest &request, Reply &reply,
                            const QByteArray &canonicalRequest,
                            std::optional<IdempotencyRequest> *idempotency) const;
    static void sendReplay(Reply &reply, const IdempotencyRecord &record);
    /// A single operation the caller may read, or an answer (404/403) already sent.
    const PublishedOperation *readable(const UserAccount &caller, const QString &id,
                                       Reply &reply) const;
    static bool notModified(const HttpRequest &request, const QByteArray &etag);

private:
    void registerRoutes();
    HttpHeaders operationHeaders(const Operation &op) const;

    void getOperation(const HttpRequest &request, Reply reply, const QString &id);
    void listOperations(const HttpRequest &request, Reply reply);
    void countOperations(const HttpRequest &request, Reply reply);
    void createOperation(const HttpRequest &request, Reply reply);
    void patchOperation(const HttpRequest &request, Reply reply, const QString &id);
    void cancelOperation(const HttpRequest &request, Reply reply, const QString &id);
    void voteOnOperation(const HttpRequest &request, Reply reply, const QString &id);
    void getEvents(const HttpRequest &request, Reply reply, const QString &id);

    const ServerConfig &m_config;
    OperationRegistry *m_registry;
    HttpServer *m_http;
    /// Each account's token SHA-256 (32 bytes), for userForToken().
    QList<std::pair<QByteArray, const UserAccount *>> m_tokenDigests;
};

} // namespace optrack
