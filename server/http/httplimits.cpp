#include "httplimits.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonValue>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <variant>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

struct Key
{
    QLatin1StringView name;
    std::variant<int HttpLimits::*, qint64 HttpLimits::*> member;
    qint64 min;
    qint64 max;
};

constexpr qint64 kib = 1024;
constexpr qint64 mib = 1024 * kib;
constexpr qint64 hourMs = 3'600'000;

const Key keys[] = {
        {"maxHeaderBytes"_L1, &HttpLimits::maxHeaderBytes, 1 * kib, 1 * mib},
        {"maxRequestLineBytes"_L1, &HttpLimits::maxRequestLineBytes, 256, 1 * mib},
        {"maxHeaderFields"_L1, &HttpLimits::maxHeaderFields, 8, 1000},
        {"headerTimeoutMs"_L1, &HttpLimits::headerTimeoutMs, 100, hourMs},
        {"idleTimeoutMs"_L1, &HttpLimits::idleTimeoutMs, 100, hourMs},
        {"bodyTimeoutMs"_L1, &HttpLimits::bodyTimeoutMs, 100, hourMs},
        {"minBodyBytesPerSecond"_L1, &HttpLimits::minBodyBytesPerSecond, 1, 1024 * mib},
        {"maxConnections"_L1, &HttpLimits::maxConnections, 1, 1'000'000},
        {"listenBacklog"_L1, &HttpLimits::listenBacklog, 1, 65535},
        {"maxStreamsPerAccount"_L1, &HttpLimits::maxStreamsPerAccount, 1, 1'000'000},
        {"streamQueueBytes"_L1, &HttpLimits::streamQueueBytes, 16 * kib, 1024 * mib},
        {"webSocketMaxMessageBytes"_L1, &HttpLimits::webSocketMaxMessageBytes, 1 * kib, 64 * mib},
        {"authFailuresBeforeDelay"_L1, &HttpLimits::authFailuresBeforeDelay, 0, 1'000'000},
        {"authDelayMs"_L1, &HttpLimits::authDelayMs, 0, hourMs},
        {"authMaxDelayMs"_L1, &HttpLimits::authMaxDelayMs, 0, hourMs},
        {"authWindowMs"_L1, &HttpLimits::authWindowMs, 1000, 24 * hourMs},
};

bool readAddresses(const QJsonValue &value, QStringList *addresses, QString *error)
{
    const QString wrong = u"http.trustedProxies must be a list of IP addresses (the load "
                          "balancers in front), such as [\"127.0.0.1\"]."_s;
    if (!value.isArray()) {
        *error = wrong;
        return false;
    }
    for (const QJsonValue &entry : value.toArray()) {
        const QHostAddress address(entry.toString());
        if (!entry.isString() || address.isNull()) {
            *error = wrong;
            return false;
        }
        addresses->append(address.toString());
    }
    return true;
}

} // namespace

QHostAddress HttpLimits::clientAddress(const QHostAddress &peer, QByteArrayView forwardedFor) const
{
    if (trustedProxies.isEmpty() || forwardedFor.isEmpty() || !isTrustedProxy(peer))
        return peer;
    // Each proxy appends the address it got the request from: read from the right, past the
    // trusted ones. An entry that is not an address ends the walk (what is left of it was
    // written by the client itself).
    QHostAddress client = peer;
    qsizetype end = forwardedFor.size();
    while (end > 0) {
        const qsizetype comma = forwardedFor.first(end).lastIndexOf(',');
        const QHostAddress entry(
                QString::fromLatin1(forwardedFor.sliced(comma + 1, end - comma - 1)).trimmed());
        if (entry.isNull())
            break;
        client = entry;
        if (!isTrustedProxy(entry))
            break;
        end = comma < 0 ? 0 : comma;
    }
    return client;
}

bool HttpLimits::isTrustedProxy(const QHostAddress &address) const
{
    return std::any_of(trustedProxies.begin(), trustedProxies.end(), [&](const QString &proxy) {
        return QHostAddress(proxy).isEqual(address, QHostAddress::TolerantConversion);
    });
}

std::optional<HttpLimits> HttpLimits::fromJson(const QJsonObject &json, QString *error)
{
    HttpLimits limits;
    QStringList names;
    for (const Key &key : keys)
        names.append(key.name);
    names.append(u"trustedProxies"_s);
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() == "trustedProxies"_L1) {
            if (!readAddresses(it.value(), &limits.trustedProxies, error))
                return std::nullopt;
            continue;
        }
        const Key *key = std::find_if(std::begin(keys), std::end(keys),
                                      [&](const Key &k) { return k.name == it.key(); });
        if (key == std::end(keys)) {
            *error = u"http: unknown key \"%1\"; the keys are %2."_s.arg(it.key(),
                                                                         names.join(u", "_s));
            return std::nullopt;
        }
        const double value = it.value().toDouble(-1);
        if (!it.value().isDouble() || value != std::floor(value) || value < double(key->min)
            || value > double(key->max)) {
            *error = u"http.%1 must be a whole number from %2 to %3."_s.arg(it.key())
                             .arg(key->min)
                             .arg(key->max);
            return std::nullopt;
        }
        std::visit(
                [&](auto member) {
                    using Value = std::remove_reference_t<decltype(limits.*member)>;
                    limits.*member = Value(value);
                },
                key->member);
    }
    if (limits.maxRequestLineBytes > limits.maxHeaderBytes) {
        *error = u"http.maxRequestLineBytes must not be larger than http.maxHeaderBytes."_s;
        return std::nullopt;
    }
    return limits;
}

} // namespace optrack
