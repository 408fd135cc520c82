#pragma once

#include "httpreply.h"
#include "operationstore.h"
#include "postgresfollower.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

class QNetworkReply;

namespace optrack {

class ApiServer;
class HttpRequest;
class HttpServer;
class OperationRegistry;
class PostgresStore;

/// One optrackd among several on one PostgreSQL database. The instance whose store holds the
/// writer lock makes every change; every other one follows it (PostgresFollower: the
/// writer's commits, applied to the registry's read model, so reads, delta polls and the
/// stream are served locally) and forwards whatever changes something (every method but
/// GET and HEAD under /api, and the stored files, which live with the writer) to the writer's
/// address as recorded in the database. A forwarded change is answered once this instance
/// has followed it, so that a client reads its own write from the instance it wrote through.
/// When the writer goes, a follower's store gets the lock; once the follower has read
/// everything the old writer committed, the registry leads and this instance records its
/// own address.
class ClusterNode final : public QObject
{
    Q_OBJECT

public:
    /// How long a change waits for an instance that writes (one is being elected) before it
    /// is answered 503.
    static constexpr int writerWaitMsecs = 5000;
    /// How long the answer to a forwarded change waits for this instance to follow it.
    static constexpr int ownWriteWaitMsecs = 2000;
    /// A forwarded request the writer has not answered after this long is answered 504.
    static constexpr int forwardTimeoutMsecs = 60'000;

    ClusterNode(PostgresStore *store, OperationRegistry *registry, ApiServer *api, HttpServer *http,
                QObject *parent = nullptr);
    ~ClusterNode() override;

    /// An instance that follows: starts following and returns once the first read is applied,
    /// so that it answers with current data from its first request; false with *error when
    /// the database could not be read within timeoutMsecs. Nothing to do for the writer.
    bool catchUp(int timeoutMsecs, QString *error);
    /// This instance's address as the others reach it (http://HOST:PORT); recorded in the
    /// database whenever this instance writes.
    void setOwnUrl(const QString &url);
    /// The writer's address as last read ("" while none is known).
    QString writerUrl() const { return m_writerUrl; }

signals:
    /// This instance wrote, and another took the writer lock from it: it must stop.
    void fenced(const QString &reason);
    /// The follower's first read is applied: this instance serves current data.
    void caughtUp();

private:
    struct Pending
    {
        QByteArray method;
        QByteArray target;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QHostAddress peer;
        HttpReply reply;
        QDeadlineTimer deadline;
    };
    struct OwnWrite
    {
        qint64 version;
        HttpReply reply;
        int status;
        QByteArray body;
        QByteArray contentType;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QDeadlineTimer deadline;
    };

    bool forward(const HttpRequest &request, HttpReply &reply);
    static bool mustForward(const HttpRequest &request);
    void send(Pending pending);
    void handleAnswer(QNetworkReply *answer, Pending pending);
    void handleChanges(FollowedChanges changes);
    void handlePromoted(StoredState state);
    void becomeWriter();
    void advertise();
    void abandonOthers();
    void flushWaiting();
    void expire();
    void settleOwnWrites();

    PostgresStore *m_store;
    OperationRegistry *m_registry;
    ApiServer *m_api;
    std::unique_ptr<PostgresFollower> m_follower;
    QNetworkAccessManager m_network;
    QString m_ownUrl;
    QString m_writerUrl;
    std::optional<StoredState> m_promotion;
    QList<Pending> m_waiting;
    QList<OwnWrite> m_ownWrites;
    struct Sent
    {
        QPointer<QNetworkReply> reply;
        QString url;
    };
    /// Forwarded requests not answered yet, and where they went.
    QList<Sent> m_sent;
    QTimer m_expiry;
    bool m_followedOnce = false;
};

} // namespace optrack
