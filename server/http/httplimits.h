#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

class QHostAddress;

namespace optrack {

/// The HTTP layer's limits and timeouts: the "http" object of the configuration. The
/// defaults suit a service on a LAN that a few hundred desktop clients keep polling.
struct HttpLimits
{
    /// Request line and header fields together; 431 past it.
    qint64 maxHeaderBytes = 16 * 1024;
    /// 414 past it.
    qint64 maxRequestLineBytes = 8 * 1024;
    /// 431 past it.
    int maxHeaderFields = 100;
    /// From a request's first byte to the end of its head (a byte-a-second head is dropped).
    int headerTimeoutMs = 10'000;
    /// A kept-alive connection with no request in flight.
    int idleTimeoutMs = 60'000;
    /// A body with no byte for this long is dropped, and so is one slower on average than
    /// minBodyBytesPerSecond once this much time has passed.
    int bodyTimeoutMs = 30'000;
    qint64 minBodyBytesPerSecond = 64 * 1024;
    /// HTTP connections held at once (WebSocket streams are counted per account instead).
    int maxConnections = 4096;
    int listenBacklog = 1024;
    int maxStreamsPerAccount = 64;
    /// A stream subscriber with more than this waiting to be sent is dropped.
    qint64 streamQueueBytes = 1024 * 1024;
    /// The largest WebSocket frame or message a client may send (close 1009 past it).
    qint64 webSocketMaxMessageBytes = 64 * 1024;
    /// 401s one address may get at full speed within authWindowMs; later ones are delayed,
    /// authDelayMs doubling up to authMaxDelayMs.
    int authFailuresBeforeDelay = 5;
    int authDelayMs = 250;
    int authMaxDelayMs = 5'000;
    int authWindowMs = 60'000;
    /// Load balancers in front (nginx): a request from one of these names its client in
    /// X-Forwarded-For, and that client is the one the access log shows and the slowing of
    /// 401s counts. Empty: the connection's peer, always.
    QStringList trustedProxies;

    /// The client of a request that came from peer with this X-Forwarded-For value: the
    /// nearest address in it that is not a trusted proxy (peer unless peer is trusted).
    QHostAddress clientAddress(const QHostAddress &peer, QByteArrayView forwardedFor) const;
    bool isTrustedProxy(const QHostAddress &address) const;

    /// Reads the configuration's "http" object over the defaults; std::nullopt with a
    /// sentence in *error naming the key at fault.
    static std::optional<HttpLimits> fromJson(const QJsonObject &json, QString *error);
};

} // namespace optrack
