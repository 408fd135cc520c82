#include "clusternode.h"

#include "apiserver.h"
#include "httpserver.h"
#include "httpstatus.h"
#include "operationregistry.h"
#include "postgresstore.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCluster, "optrack.cluster")

namespace {

/// Fields that belong to one hop (RFC 9110 7.6.1), or that the sending side sets itself.
bool isHopField(QByteArrayView name)
{
    static const QByteArrayView fields[]
            = {"connection", "keep-alive",        "proxy-connection",    "te",    "trailer",
               "upgrade",    "transfer-encoding", "content-length",      "host",  "expect",
               "date",       "content-type",      "proxy-authorization", "server"};
    for (QByteArrayView field : fields) {
        if (name.compare(field, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray errorJson(const QString &message, const QString &code)
{
    return QJsonDocument(QJsonObject{{u"error"_s, message}, {u"code"_s, code}})
            .toJson(QJsonDocument::Compact);
}

} // namespace

ClusterNode::ClusterNode(PostgresStore *store, OperationRegistry *registry, ApiServer *api,
                         HttpServer *http, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_registry(registry)
    , m_api(api)
{
    m_network.setAutoDeleteReplies(false);
    m_expiry.setInterval(100);
    connect(&m_expiry, &QTimer::timeout, this, &ClusterNode::expire);
    http->setForwarder([this](const HttpRequest &request, HttpReply &reply) {
        return forward(request, reply);
    });
    store->setPromotionHandler([this](StoredState state) { handlePromoted(std::move(state)); });
    store->setFencedHandler([this](const QString &reason) { emit fenced(reason); });
    if (!registry->leads()) {
        m_follower = std::make_unique<PostgresFollower>(
                store->uri(), store->followCursor(), this,
                [this](FollowedChanges changes) { handleChanges(std::move(changes)); });
    }
}

ClusterNode::~ClusterNode()
{
    if (m_follower)
        m_follower->stop();
}

bool ClusterNode::catchUp(int timeoutMsecs, QString *error)
{
    if (!m_follower)
        return true;
    m_follower->start();
    if (m_followedOnce)
        return true;
    // The first read arrives through the event loop (the follower's thread hands it over).
    QEventLoop loop;
    QTimer::singleShot(timeoutMsecs, &loop, &QEventLoop::quit);
    connect(this, &ClusterNode::caughtUp, &loop, &QEventLoop::quit);
    loop.exec();
    if (!m_followedOnce) {
        *error = u"Cannot read the current state of the PostgreSQL database %1 within %2 s."_s
                         .arg(m_store->uri().displayName())
                         .arg(timeoutMsecs / 1000);
        return false;
    }
    return true;
}

void ClusterNode::setOwnUrl(const QString &url)
{
    m_ownUrl = url;
    if (m_registry->leads())
        advertise();
}

void ClusterNode::advertise()
{
    if (m_ownUrl.isEmpty())
        return;
    m_writerUrl = m_ownUrl;
    m_store->advertise(m_ownUrl, [this](bool ok, const QString &error) {
        if (!ok)
            qCWarning(lcCluster).noquote() << "Cannot record this instance as the writer:" << error;
        else
            qCInfo(lcCluster).noquote() << "writing; the others forward to" << m_ownUrl;
        flushWaiting();
    });
}

bool ClusterNode::mustForward(const HttpRequest &request)
{
    const QByteArrayView path = request.rawPath();
    if (!path.startsWith("/api/"))
        return false;
    return request.method() != HttpMethod::Get && request.method() != HttpMethod::Head;
}

bool ClusterNode::forward(const HttpRequest &request, HttpReply &reply)
{
    if (m_registry->leads() || !mustForward(request))
        return false;
    // A token this service does not know is answered here; the writer sees only callers.
    if (!m_api->requireUser(request, reply))
        return true;
    Pending pending;
    pending.method = request.methodName().toByteArray();
    pending.target = request.target().toByteArray();
    for (const HttpRequest::Header &header : request.headers()) {
        if (!isHopField(header.name)
            || header.name.compare("content-type", Qt::CaseInsensitive) == 0)
            pending.headers.append({header.name.toByteArray(), header.value.toByteArray()});
    }
    pending.body = request.body();
    pending.peer = request.peerAddress();
    pending.reply = reply;
    pending.deadline = QDeadlineTimer(writerWaitMsecs);
    if (m_writerUrl.isEmpty()) {
        m_waiting.append(std::move(pending));
        m_expiry.start();
    } else {
        send(std::move(pending));
    }
    return true;
}

void ClusterNode::send(Pending pending)
{
    QNetworkRequest request(QUrl(m_writerUrl + QString::fromLatin1(pending.target)));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(forwardTimeoutMsecs);
    for (const auto &[name, value] : std::as_const(pending.headers))
        request.setRawHeader(name, value);
    if (!request.hasRawHeader("Accept-Encoding"))
        request.setRawHeader("Accept-Encoding", "identity");
    request.setRawHeader("X-Forwarded-For", pending.peer.toString().toLatin1());
    // A connection of its own for each change: on a kept-alive one, the writer may close it as
    // idle just as the change is sent, and then nobody can tell whether it was made.
    request.setRawHeader("Connection", "close");
    QNetworkReply *answer = m_network.sendCustomRequest(request, pending.method, pending.body);
    const QString sentTo = m_writerUrl;
    m_sent.append({answer, sentTo});
    // Once a byte of the body went out, the writer may have the change: QNetworkAccessManager
    // sends a request again by itself when the connection closes before the answer, and if
    // that second attempt is refused (the writer died) it must not go to the next writer.
    auto reached = std::make_shared<bool>(false);
    connect(answer, &QNetworkReply::uploadProgress, this, [reached](qint64 sent, qint64) {
        if (sent > 0)
            *reached = true;
    });
    connect(answer, &QNetworkReply::finished, this,
            [this, answer, sentTo, reached, pending = std::move(pending)]() mutable {
                answer->deleteLater();
                m_sent.removeIf([answer](const Sent &sent) { return sent.reply == answer; });
                if (!*reached
                    && (answer->error() == QNetworkReply::ConnectionRefusedError
                        || answer->error() == QNetworkReply::HostNotFoundError)) {
                    // The request never reached it: the writer is gone (its successor records
                    // its address within a second or two). Send it again then.
                    qCInfo(lcCluster).noquote() << "the writer at" << sentTo << "is gone";
                    if (m_writerUrl == sentTo && !m_registry->leads())
                        m_writerUrl.clear();
                    m_waiting.append(std::move(pending));
                    m_expiry.start();
                    if (!m_writerUrl.isEmpty())
                        flushWaiting();
                    return;
                }
                handleAnswer(answer, std::move(pending));
            });
}

void ClusterNode::handleAnswer(QNetworkReply *answer, Pending pending)
{
    const QVariant statusValue = answer->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusValue.isValid()) {
        // It may have been applied: say so, and how to find out.
        const bool timedOut = answer->error() == QNetworkReply::TimeoutError;
        pending.reply.send(timedOut ? 504 : 502,
                           errorJson(u"The optrackd instance that writes went away before it "
                                     "answered (%1), so the change may or may not have been "
                                     "made. Read the operation, or repeat the request with the "
                                     "same Idempotency-Key."_s.arg(answer->errorString()),
                                     u"unavailable"_s),
                           "application/json", {{"Retry-After", "1"}});
        return;
    }
    OwnWrite write;
    write.status = statusValue.toInt();
    write.reply = pending.reply;
    write.body = answer->readAll();
    write.contentType = answer->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    for (const auto &[name, value] : answer->rawHeaderPairs()) {
        if (!isHopField(name))
            write.headers.append({name, value});
    }
    // A change's answer names the version it made: answer once this instance shows it.
    write.version = 0;
    if (write.status >= 200 && write.status < 300
        && write.contentType.startsWith("application/json")) {
        const QJsonObject json = QJsonDocument::fromJson(write.body).object();
        // An operation, or a vote's {finalDecision, operation}.
        write.version = json.value(u"version"_s)
                                .toInteger(json.value(u"operation"_s)
                                                   .toObject()
                                                   .value(u"version"_s)
                                                   .toInteger());
    }
    if (write.version <= m_registry->reads().headVersion()) {
        write.reply.send(write.status, write.body, write.contentType, write.headers);
        return;
    }
    write.deadline = QDeadlineTimer(ownWriteWaitMsecs);
    m_ownWrites.append(std::move(write));
    m_expiry.start();
    if (m_follower)
        m_follower->readNow();
}

void ClusterNode::handleChanges(FollowedChanges changes)
{
    const bool first = !m_followedOnce;
    m_followedOnce = true;
    if (!changes.writerUrl.isEmpty() && changes.writerUrl != m_writerUrl && !m_registry->leads()) {
        m_writerUrl = changes.writerUrl;
        abandonOthers();
        qCInfo(lcCluster).noquote() << "following; changes go to the writer at" << m_writerUrl;
        flushWaiting();
    }
    if (!changes.batch.isEmpty() || changes.batch.version > m_registry->reads().headVersion())
        m_registry->follow(std::move(changes.batch), changes.eventSeq);
    settleOwnWrites();
    if (m_promotion && m_registry->reads().headVersion() >= m_promotion->lastVersion)
        becomeWriter();
    if (first)
        emit caughtUp();
}

void ClusterNode::handlePromoted(StoredState state)
{
    // Everything the old writer committed must be followed first: the store read the counters
    // under the lock, so once the follower has reached them nothing is missing.
    m_promotion = std::move(state);
    if (m_registry->reads().headVersion() >= m_promotion->lastVersion)
        becomeWriter();
    else if (m_follower)
        m_follower->readNow();
}

void ClusterNode::becomeWriter()
{
    StoredState state = std::move(*m_promotion);
    m_promotion.reset();
    if (m_follower)
        m_follower->stop();
    m_registry->lead(std::move(state));
    advertise();
    abandonOthers();
    settleOwnWrites();
}

void ClusterNode::abandonOthers()
{
    // Another instance writes now, so the old writer lost its lock: it can commit nothing
    // more, and one that froze may never answer. What it had may or may not have been made
    // before it stopped: say so now rather than after the forward's timeout.
    const QList<Sent> sent = m_sent;
    for (const Sent &entry : sent) {
        if (entry.url != m_writerUrl && entry.reply)
            entry.reply->abort();
    }
}

void ClusterNode::flushWaiting()
{
    if (m_writerUrl.isEmpty())
        return;
    const QList<Pending> waiting = std::exchange(m_waiting, {});
    for (const Pending &pending : waiting)
        send(pending);
}

void ClusterNode::settleOwnWrites()
{
    const qint64 head = m_registry->reads().headVersion();
    for (auto it = m_ownWrites.begin(); it != m_ownWrites.end();) {
        if (it->version <= head || m_registry->leads() || it->deadline.hasExpired()) {
            it->reply.send(it->status, it->body, it->contentType, it->headers);
            it = m_ownWrites.erase(it);
        } else {
            ++it;
        }
    }
}

void ClusterNode::expire()
{
    settleOwnWrites();
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        if (it->deadline.hasExpired()) {
            it->reply.send(503,
                           errorJson(u"No optrackd instance writes to the database at the "
                                     "moment (the one that did went away, and another is "
                                     "taking over). Nothing was changed; try again."_s,
                                     u"unavailable"_s),
                           "application/json", {{"Retry-After", "1"}});
            it = m_waiting.erase(it);
        } else {
            ++it;
        }
    }
    if (m_waiting.isEmpty() && m_ownWrites.isEmpty())
        m_expiry.stop();
}

} // namespace optrack
