#include "deltapoller.h"

#include "apiclient.h"

#include <QJsonArray>
#include <QJsonObject>

#include <utility>

using namespace Qt::StringLiterals;
using optrack::testing::ApiClient;
using optrack::testing::ApiRequest;
using optrack::testing::ApiResponse;

DeltaPoller::DeltaPoller(std::vector<ApiClient *> instances, QString user, int intervalMs,
                         QObject *parent)
    : QObject(parent)
    , m_instances(std::move(instances))
    , m_user(std::move(user))
{
    m_pause.setSingleShot(true);
    m_pause.setInterval(intervalMs);
    connect(&m_pause, &QTimer::timeout, this, &DeltaPoller::poll);
}

void DeltaPoller::start()
{
    m_clock.start();
    poll();
}

void DeltaPoller::drain()
{
    m_drainLeft = int(m_instances.size());
    m_drainFromNs = m_clock.nsecsElapsed();
    // The poll in flight (if any) continues the drain when it is answered; it was sent before
    // the drain, so it does not count as one of the drain's polls.
    if (m_pause.isActive()) {
        m_pause.stop();
        poll();
    }
}

void DeltaPoller::poll()
{
    const int instance = int(m_next);
    m_next = (m_next + 1) % m_instances.size();
    const qint64 sentAt = m_clock.nsecsElapsed();
    const QString path
            = u"/api/operations?scope=all&limit=%1&since=%2"_s.arg(pageLimit).arg(m_cursor);
    m_instances.at(std::size_t(instance))
            ->sendAsync(ApiRequest::get(path, m_user),
                        [this, instance, sentAt](const ApiResponse &response) {
                            handlePage(instance, sentAt, response.status, response.operations(),
                                       response.json.value(u"cursor"_s).toInteger(-1));
                        });
}

void DeltaPoller::handlePage(int instance, qint64 sentAtNs, int status,
                             const QJsonArray &operations, qint64 cursor)
{
    m_latencies.add(m_clock.nsecsElapsed() - sentAtNs);
    const bool ok = status == 200 && cursor >= 0;
    if (!ok) {
        ++m_failed;
    } else {
        for (const QJsonValue &value : operations) {
            const QJsonObject operation = value.toObject();
            const qint64 version = operation.value(u"version"_s).toInteger();
            if (m_versions.contains(version))
                ++m_repeated;
            m_versions.insert(version);
            qint64 &latest = m_latest[operation.value(u"operationId"_s).toString()];
            latest = std::max(latest, version);
        }
        if (cursor < m_cursor)
            ++m_setbacks;
        else
            m_cursor = cursor;
    }
    const bool more = ok && operations.size() >= pageLimit;
    if (m_drainLeft >= 0) {
        // Draining reads the instance polled until it has nothing more, then the next one.
        if (more) {
            m_next = std::size_t(instance);
        } else if (sentAtNs >= m_drainFromNs && --m_drainLeft == 0) {
            emit drained();
            return;
        }
        poll();
        return;
    }
    if (more)
        poll();
    else
        m_pause.start();
}
