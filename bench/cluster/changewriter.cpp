#include "changewriter.h"

#include "apiclient.h"
#include "pushlatencies.h"

#include <QJsonObject>

#include <utility>

using namespace Qt::StringLiterals;
using optrack::testing::ApiClient;
using optrack::testing::ApiRequest;
using optrack::testing::ApiResponse;

namespace {

constexpr double nanosecondsPerSecond = 1e9;
constexpr int msPerSecond = 1000;

} // namespace

ChangeWriter::ChangeWriter(std::vector<ApiClient *> instances, QString user,
                           int patchesPerOperation, const QElapsedTimer &clock,
                           PushLatencies &pushes, QObject *parent)
    : QObject(parent)
    , m_instances(std::move(instances))
    , m_user(std::move(user))
    , m_patchesPerOperation(patchesPerOperation)
    , m_clock(clock)
    , m_pushes(pushes)
{
    m_ticker.setTimerType(Qt::PreciseTimer);
    connect(&m_ticker, &QTimer::timeout, this, &ChangeWriter::tick);
}

void ChangeWriter::start(double perSecond, int seconds)
{
    m_perSecond = perSecond;
    m_durationNs = qint64(seconds * nanosecondsPerSecond);
    m_startNs = m_clock.nsecsElapsed();
    // The schedule is kept by the clock: a late tick sends what fell due meanwhile.
    m_ticker.start(std::max(1, int(msPerSecond / perSecond / 2)));
    tick();
}

void ChangeWriter::tick()
{
    const qint64 elapsed = std::min(m_clock.nsecsElapsed() - m_startNs, m_durationNs);
    const int due = int(double(elapsed) / nanosecondsPerSecond * m_perSecond);
    while (m_sent < due)
        send();
    if (elapsed >= m_durationNs) {
        m_ticker.stop();
        m_stopped = true;
    }
}

void ChangeWriter::send()
{
    const int through = m_sent % int(m_instances.size());
    ++m_sent;
    Next change;
    if (m_ready.empty()) {
        change.entityId = u"cluster-bench-%1"_s.arg(m_posts++);
    } else {
        change = m_ready.front();
        m_ready.pop_front();
        ++m_patches;
    }
    const ApiRequest request = change.step == 0
            ? ApiRequest::post(u"/api/operations"_s, m_user,
                               {{u"operationType"_s, u"bench.cluster"_s},
                                {u"entityId"_s, change.entityId},
                                {u"displayName"_s, u"Cluster bench %1"_s.arg(change.entityId)}})
            : ApiRequest::patch(
                    u"/api/operations/%1"_s.arg(change.operationId), m_user,
                    {{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, change.step}});
    const qint64 sentAt = m_clock.nsecsElapsed();
    m_pushes.sent(change.entityId, change.step, through);
    ++m_inFlight;
    m_instances.at(std::size_t(through))
            ->sendAsync(request, [this, change, sentAt](const ApiResponse &response) {
                --m_inFlight;
                m_answers.add(m_clock.nsecsElapsed() - sentAt);
                if (!response.isSuccess()) {
                    ++m_failures;
                    qWarning("bench_cluster: %s", qPrintable(response.describe()));
                    return;
                }
                const QString id = response.json.value(u"operationId"_s).toString();
                m_finalVersions[id] = response.json.value(u"version"_s).toInteger();
                if (change.step < m_patchesPerOperation)
                    m_ready.push_back({id, change.entityId, change.step + 1});
            });
}
