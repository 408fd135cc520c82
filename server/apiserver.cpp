#include "apiserver.h"

#include "accessrules.h"
#include "requestquery.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApi, "optrack.api")

namespace {

constexpr int listRetryAfterBusy = 1;
constexpr int listRetryAfterQuiet = 3;
constexpr int maxIdempotencyKeyLength = 200;

QByteArray operationEtag(const Operation &op)
{
    return splice::operationEtag(op.version);
}

} // namespace

ApiServer::ApiServer(const ServerConfig &config, OperationRegistry *registry, HttpServer *http,
                     QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_registry(registry)
    , m_http(http)
{
    for (const UserAccount &account : m_config.users)
        m_tokenDigests.append({QByteArray::fromHex(account.tokenSha256), &account});
    registerRoutes();
}

const UserAccount *ApiServer::authenticate(const HttpRequest &request, bool allowQueryToken) const
{
    const QByteArrayView header = request.header("authorization");
    QByteArrayView token;
    if (header.size() > 7 && header.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        token = header.sliced(7).trimmed();
    if (token.isEmpty() && allowQueryToken) {
        const QByteArray fromQuery
                = requestquery::value(request.query(), u"access_token"_s).toUtf8();
        return userForToken(fromQuery);
    }
    return userForToken(token);
}

const UserAccount *ApiServer::userForToken(QByteArrayView token) const
{
    if (token.isEmpty())
        return nullptr;
    const QByteArray digest = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    // Every account's digest is compared in full, with no early exit: how long this takes
    // says nothing about how close a guess came.
    const UserAccount *found = nullptr;
    for (const auto &[candidate, account] : m_tokenDigests) {
        unsigned char difference = 0;
        for (qsizetype i = 0; i < digest.size(); ++i)
            difference |= static_cast<unsigned char>(digest[i] ^ candidate[i]);
        found = difference == 0 ? account : found;
    }
    return found;
}

const UserAccount *ApiServer::requireUser(const HttpRequest &request, Reply &reply) const
{
    const UserAccount *user = authenticate(request, false);
    if (!user) {
        const bool hasHeader = request.hasHeader("authorization");
        sendError(reply,
                  ApiError::unauthorized(
                          hasHeader ? u"The token is not known to this service; sign in again."_s
                                    : u"Send an Authorization: Bearer <token> header."_s),
                  {{"WWW-Authenticate", "Bearer"}});
    }
    return user;
}

void ApiServer::sendError(Reply &reply, const ApiError &error, const HttpHeaders &headers)
{
    reply.sendJson(error.httpStatus, error.toJson(), headers);
}

void ApiServer::sendFieldError(Reply &reply, const FieldError &error)
{
    QJsonObject body = ApiError::badRequest(error.message).toJson();
    body.insert(u"field"_s, error.field);
    reply.sendJson(400, body);
}

bool ApiServer::readBody(const HttpRequest &request, Reply &reply, QJsonObject *body) const
{
    if (request.body().trimmed().isEmpty()) {
        *body = QJsonObject();
        return true;
    }
    FieldError error;
    if (!codec::parseObject(request.body(), body, &error)) {
        sendFieldError(reply, error);
        return false;
    }
    return true;
}

HttpHeaders ApiServer::operationHeaders(const Operation &op) const
{
    HttpHeaders headers{{"ETag", operationEtag(op)}, {"Cache-Control", "no-cache"}};
    if (const int retry = ReadModel::retryAfterSeconds(op); retry > 0)
        headers.append({"Retry-After", QByteArray::number(retry)});
    return headers;
}

bool ApiServer::notModified(const HttpRequest &request, const QByteArray &etag)
{
    const QByteArray ifNoneMatch = request.value("if-none-match");
    if (ifNoneMatch.isEmpty())
        return false;
    for (const QByteArray &candidate : ifNoneMatch.split(',')) {
        QByteArray tag = candidate.trimmed();
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == etag || tag == "*")
            return true;
    }
    return false;
}

const PublishedOperation *ApiServer::readable(const UserAccount &caller, const QString &id,
                                              Reply &reply) const
{
    const PublishedOperation *published = m_registry->reads().published(id);
    if (!published) {
        sendError(reply, ApiError::notFound(u"No operation has the id %1."_s.arg(id)));
        return nullptr;
    }
    if (!ReadModel::canSee(caller, published->operation)) {
        sendError(reply, ApiError::forbidden(u"Operation %1 belongs to another user."_s.arg(id)));
        return nullptr;
    }
    return published;
}

void ApiServer::registerRoutes()
{
    using M = HttpServer::Method;
    const QString id = u"/api/operations/([^/]+)"_s;
    m_http->route(
            M::Get, u"/healthz"_s, [this](const HttpRequest &, Reply reply, const QStringList &) {
                reply.sendJson(200,
                               {{u"status"_s, u"ok"_s},
                                {u"version"_s, QStringLiteral(OPTRACK_VERSION)},
                                {u"role"_s, m_registry->leads() ? u"writer"_s : u"follower"_s},
                                {u"dataVersion"_s, m_registry->reads().headVersion()}});
            });
    m_http->route(M::Get, u"/api/me"_s,
                  [this](const HttpRequest &request, Reply reply, const QStringList &) {
                      if (const UserAccount *user = requireUser(request, reply))
                          reply.sendJson(200,
                                         {{u"userId"_s, user->userId},
                                          {u"roles"_s, QJsonArray::fromStringList(user->roles)}});
                  });
    m_http->route(M::Get, u"/api/operations"_s,
                  [this](const HttpRequest &request, Reply reply, const QStringList &) {
                      listOperations(request, reply);
                  });
    // Before the routes of single operations, which would take "counts" for an id.
    m_http->route(M::Get, u"/api/operations/counts"_s,
                  [this](const HttpRequest &request, Reply reply, const QStringList &) {
                      countOperations(request, reply);
                  });
    m_http->route(M::Post, u"/api/operations"_s,
                  [this](const HttpRequest &request, Reply reply, const QStringList &) {
                      createOperation(request, reply);
                  });
    m_http->route(M::Get, id,
                  [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                      getOperation(request, reply, args.at(0));
                  });
    m_http->route(M::Get, id + u"/status"_s,
                  [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                      getOperation(request, reply, args.at(0));
                  });
    m_http->route(M::Patch, id,
                  [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                      patchOperation(request, reply, args.at(0));
                  });
    m_http->route(M::Post, id + u"/cancel"_s,
                  [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                      cancelOperation(request, reply, args.at(0));
                  });
    m_http->route(M::Post, id + u"/votes"_s,
                  [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                      voteOnOperation(request, reply, args.at(0));
                  });
    m_http->route(M::Get, id + u"/events"_s,
                  [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                      getEvents(request, reply, args.at(0));
                  });
    m_http->setNotFoundHandler([](const HttpRequest &request, Reply reply, const QStringList &why) {
        if (why.value(0) == u"method"_s) {
            QJsonObject body{{u"error"_s,
                              u"%1 is not allowed on %2."_s.arg(
                                      HttpServer::methodName(request.method()), request.path())},
                             {u"code"_s, u"bad_request"_s}};
            reply.sendJson(405, body);
            return;
        }
        sendError(reply,
                  ApiError::notFound(u"There is no route %1 %2; see docs/api.md."_s.arg(
                          HttpServer::methodName(request.method()), request.path())));
    });
    m_http->setGuard([this](const HttpRequest &request, Reply &reply) {
        // Every /api route needs a token: say so before anything else about the request.
        if (!request.rawPath().startsWith("/api/"))
            return true;
        return requireUser(request, reply) != nullptr;
    });
    m_http->setMaxBodyBytes(m_config.maxBodyBytes);
    m_http->setTooLargeHandler([](const HttpRequest &, Reply reply, const QStringList &limit) {
        sendError(reply,
                  ApiError::payloadTooLarge(
                          u"The body is larger than the %1 bytes this route accepts."_s.arg(
                                  limit.value(0))));
    });
}

bool ApiServer::readIdempotencyKey(const HttpRequest &request, Reply &reply,
                                   const QByteArray &canonicalRequest,
                                   std::optional<IdempotencyRequest> *idempotency) const
{
    const QString key = QString::fromUtf8(request.value("idempotency-key")).trimmed();
    if (key.isEmpty())
        return true;
    if (key.size() > maxIdempotencyKeyLength) {
        sendFieldError(
                reply,
                {u"Idempotency-Key"_s,
                 u"Idempotency-Key must be at most %1 characters."_s.arg(maxIdempotencyKeyLength)});
        return false;
    }
    IdempotencyRequest value;
    value.key = key;
    value.requestHash = QCryptographicHash::hash(canonicalRequest, QCryptographicHash::Sha256);
    *idempotency = value;
    return true;
}

void ApiServer::sendReplay(Reply &reply, const IdempotencyRecord &record)
{
    reply.send(record.status, record.body, "application/json",
               {{"Location", "/api/operations/" + record.operationId.toUtf8()},
                {"Idempotent-Replayed", "true"}});
}

template<typename Body>
bool ApiServer::parseBody(const HttpRequest &request, Reply &reply,
                          bool (*parse)(const QJsonObject &, Body *, FieldError *),
                          Body *body) const
{
    QJsonObject json;
    if (!readBody(request, reply, &json))
        return false;
    FieldError error;
    if (!parse(json, body, &error)) {
        sendFieldError(reply, error);
        return false;
    }
    return true;
}

void ApiServer::getOperation(const HttpRequest &request, Reply reply, const QString &id)
{
    const UserAccount *user = requireUser(request, reply);
    if (!user)
        return;
    const PublishedOperation *published = readable(*user, id, reply);
    if (!published)
        return;
    const HttpHeaders headers = operationHeaders(published->operation);
    if (notModified(request, published->etag)) {
        reply.sendEmpty(304, headers);
        return;
    }
    reply.send(200, published->json, "application/json", headers);
}

void ApiServer::listOperations(const HttpRequest &request, Reply reply)
{
    const UserAccount *user = requireUser(request, reply);
    if (!user)
        return;
    ListQuery list;
    FieldError error;
    if (!requestquery::parseListQuery(request.query(), &list, &error)) {
        sendFieldError(reply, error);
        return;
    }

    // The answer depends only on the caller, the query and the published version.
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(user->userId.toUtf8());
    hash.addData(request.rawQuery());
    hash.addData(QByteArray::number(m_registry->reads().headVersion()));
    const QByteArray etag = '"' + hash.result().toHex().left(20) + '"';
    const int retryAfter = m_registry->inFlight() > 0 ? listRetryAfterBusy : listRetryAfterQuiet;
    const HttpHeaders headers{{"ETag", etag},
                              {"Cache-Control", "no-cache"},
                              {"Retry-After", QByteArray::number(retryAfter)}};
    if (notModified(request, etag)) {
        // Check the rights first: a 304 must not tell a caller without them anything.
        if (list.scope == ListQuery::Scope::All && !access::mayListAll(user->roles)) {
            sendError(reply,
                      ApiError::forbidden(u"scope=all needs the staff, admin or service role."_s));
            return;
        }
        reply.sendEmpty(304, headers);
        return;
    }
    ListResult result;
    if (const auto error = m_registry->reads().list(*user, list, &result)) {
        sendError(reply, *error);
        return;
    }
    reply.send(
            200,
            splice::listBody(result.operations, result.cursor, result.nextPageToken, result.total),
            "application/json", headers);
}

void ApiServer::countOperations(const HttpRequest &request, Reply reply)
{
    const UserAccount *user = requireUser(request, reply);
    if (!user)
        return;
    ListQuery list;
    FieldError error;
    if (!requestquery::parseScope(request.query(), &list.scope, &error)) {
        sendFieldError(reply, error);
        return;
    }
    OperationCounts counts;
    if (const auto refused = m_registry->reads().counts(*user, list.scope, &counts)) {
        sendError(reply, *refused);
        return;
    }
    // Counts change only with a version; the caller and scope are in the request itself.
    const QByteArray etag = "\"c" + QByteArray::number(counts.version) + '"';
    const HttpHeaders headers{{"ETag", etag}, {"Cache-Control", "no-cache"}};
    if (notModified(request, etag)) {
        reply.sendEmpty(304, headers);
        return;
    }
    reply.send(200, QJsonDocument(counts.toJson()).toJson(QJsonDocument::Compact),
               "application/json", headers);
}

void ApiServer::createOperation(const HttpRequest &request, Reply reply)
{
    const UserAccount *user = requireUser(request, reply);
    if (!user)
        return;
    QJsonObject json;
    if (!readBody(request, reply, &json))
        return;
    CreateOperationRequest create;
    FieldError error;
    if (!codec::parseCreateRequest(json, &create, &error)) {
        sendFieldError(reply, error);
        return;
    }
    std::optional<IdempotencyRequest> idempotency;
    if (!readIdempotencyKey(request, reply,
                            "POST /api/operations\n"
                                    + QJsonDocument(json).toJson(QJsonDocument::Compact),
                            &idempotency)) {
        return;
    }
    m_registry->create(
            *user, create, Runner::Producer, idempotency,
            [reply](const ChangeResult &result) mutable {
                if (result.replay) {
                    sendReplay(reply, *result.replay);
                    return;
                }
                if (result.error) {
                    sendError(reply, *result.error);
                    return;
                }
                reply.sendJson(
                        201, codec::toJson(result.operation),
                        {{"Location", "/api/operations/" + result.operation.operationId.toUtf8()},
                         {"ETag", operationEtag(result.operation)}});
            });
}

void ApiServer::patchOperation(const HttpRequest &request, Reply reply, const QString &id)
{
    const UserAccount *user = requireUser(request, reply);
    if (!user)
        return;
    QJsonObject json;
    if (!readBody(request, reply, &json))
        return;
    PatchOperationRequest patch;
    FieldError error;
    if (!codec::parsePatchRequest(json, &patch, &error)) {
        // Unknown ids are 404 even with a bad body: say what is wrong first with the target.
        if (!m_registry->reads().find(id)) {
            sendError(reply, ApiError::notFound(u"No operation has the id %1."_s.arg(id)));
            return;
        }
        sendFieldError(reply, error);
        return;
    }
    m_registry->patch(*user, id, patch, [this, reply, id](const ChangeResult &result) mutable {
        if (result.error) {
            sendError(reply, *result.error);
            return;
        }
        // The answer is the committed version, serialised once already when it was published.
        const PublishedOperation *published = m_registry->reads().published(id);
        if (published && published->operation.version == result.operation.version)
            reply.send(200, published->json, "application/json",
                       operationHeaders(result.operation));
        else
            reply.sendJson(200, codec::toJson(result.operation),
                           operationHeaders(result.operation));
    });
}

void ApiServer::cancelOperation(const HttpRequest &request, Reply reply, const QString &id)
{
    const UserAccount *user = requireUser(request, reply);
    if (!user)
        return;
    CancelRequest cancel;
    if (!parseBody(request, reply, codec::parseCancelRequest, &cancel))
        return;
    m_registry->cancel(*user, id, cancel, [reply](const ChangeResult &result) mutable {
        if (result.error) {
            QJsonObject body = result.error->toJson();
            if (result.error->httpStatus == 409) {
                body.insert(u"success"_s, false);
                body.insert(u"operation"_s, codec::toJson(result.operation));
            }
            reply.sendJson(result.error->httpStatus, body);
            return;
        }
        reply.sendJson(200,
                       {{u"success"_s, true}, {u"operation"_s, codec::toJson(result.operation)}});
    });
}

void ApiServer::voteOnOperation(const HttpRequest &request, Reply reply, const QString &id)
{
    const UserAccount *user = requireUser(request, reply);
    if (!user)
        return;
    VoteRequest vote;
    if (!parseBody(request, reply, codec::parseVoteRequest, &vote))
        return;
    m_registry->vote(*user, id, vote, [reply](const ChangeResult &result) mutable {
        if (result.error) {
            sendError(reply, *result.error);
            return;
        }
        reply.sendJson(200,
                       {{u"finalDecision"_s, approvalDecisionToWire(result.decision)},
                        {u"operation"_s, codec::toJson(result.operation)}});
    });
}

void ApiServer::getEvents(const HttpRequest &request, Reply reply, const QString &id)
{
    const UserAccount *user = requireUser(request, reply);
    if (!user)
        return;
    const PublishedOperation *published = readable(*user, id, reply);
    if (!published)
        return;
    const QList<OperationEvent> trail = m_registry->reads().events(id);
    const QByteArray etag = "\"e" + QByteArray::number(published->operation.version) + '-'
            + QByteArray::number(trail.size()) + '"';
    if (notModified(request, etag)) {
        reply.sendEmpty(304, {{"ETag", etag}});
        return;
    }
    QJsonArray events;
    for (const OperationEvent &event : trail)
        events.append(codec::toJson(event));
    reply.sendJson(200, {{u"operationId"_s, id}, {u"events"_s, events}}, {{"ETag", etag}});
}

} // namespace optrack
