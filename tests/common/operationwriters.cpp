#include "operationwriters.h"

#include "apiclient.h"
#include "apihelpers.h"

#include <QJsonArray>

namespace optrack::testing {

using namespace Qt::StringLiterals;

namespace {

enum Kind { Completes, Fails, IsCancelled, KeepsRunning, NeedsApproval, KindCount };

// Steps every operation goes through after its create, before the steps of its kind.
constexpr int commonSteps = 6;

} // namespace

OperationWriters::OperationWriters(ApiClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

void OperationWriters::start(int lanes, int operationsPerLane)
{
    m_stopped = false;
    for (int i = 0; i < lanes; ++i) {
        Lane lane;
        lane.index = int(m_lanes.size());
        lane.operationsLeft = operationsPerLane;
        m_lanes.append(lane);
        ++m_runningLanes;
        advance(lane.index);
    }
}

void OperationWriters::stop()
{
    m_stopped = true;
}

QHash<QString, OperationWriters::Acknowledged> OperationWriters::latestAcknowledged() const
{
    QHash<QString, Acknowledged> latest;
    for (const Acknowledged &ack : m_acknowledged) {
        const auto it = latest.constFind(ack.operationId);
        if (it == latest.cend() || it->version < ack.version)
            latest.insert(ack.operationId, ack);
    }
    return latest;
}

QString OperationWriters::ownerOf(const Lane &lane) const
{
    return lane.index % 2 == 0 ? u"alice"_s : u"dave"_s;
}

int OperationWriters::kindOf(const Lane &lane) const
{
    return (lane.index + lane.operation) % KindCount;
}

std::optional<ApiRequest> OperationWriters::requestFor(const Lane &lane) const
{
    const QString svc = u"svc"_s;
    const QString path = operationPath(lane.operationId);
    const int kind = kindOf(lane);
    if (lane.step == 0) {
        QJsonObject body{{u"operationType"_s, u"load.kind%1"_s.arg(kind)},
                         {u"entityId"_s, u"lane%1_op%2"_s.arg(lane.index).arg(lane.operation)},
                         {u"userId"_s, ownerOf(lane)},
                         {u"steps"_s, QJsonArray{u"Prepare"_s, u"Work"_s, u"Finish"_s}}};
        if (kind == NeedsApproval)
            body.insert(u"approval"_s, QJsonObject{{u"required"_s, 1}});
        return ApiRequest::post(u"/api/operations"_s, svc, body);
    }
    switch (lane.step) {
    case 1:
        return ApiRequest::patch(path, svc, {{u"status"_s, u"in_progress"_s}});
    case 2:
        return ApiRequest::patch(path, svc,
                                 {{u"progressPercentage"_s, 20},
                                  {u"currentStep"_s, 1},
                                  {u"stepDescription"_s, u"Working"_s}});
    case 3:
        return ApiRequest::patch(path, svc, {{u"progressPercentage"_s, 40}});
    case 4:
        return ApiRequest::patch(
                path, svc,
                {{u"context"_s,
                  QJsonObject{{u"lane"_s, lane.index}, {u"operation"_s, lane.operation}}}});
    case 5:
        return ApiRequest::patch(path, svc, {{u"progressPercentage"_s, 60}, {u"currentStep"_s, 2}});
    default:
        break;
    }
    const int step = lane.step - commonSteps;
    switch (kind) {
    case Completes:
        if (step == 0) {
            return ApiRequest::patch(path, svc,
                                     {{u"status"_s, u"completed"_s},
                                      {u"progressPercentage"_s, 100},
                                      {u"result"_s, QJsonObject{{u"ok"_s, true}}}});
        }
        break;
    case Fails:
        if (step == 0) {
            return ApiRequest::patch(
                    path, svc,
                    {{u"status"_s, u"failed"_s}, {u"errorMessage"_s, u"Failed on purpose"_s}});
        }
        break;
    case IsCancelled:
        if (step == 0) {
            return ApiRequest::post(path + u"/cancel"_s, ownerOf(lane),
                                    {{u"reason"_s, u"load test"_s}});
        }
        break;
    case KeepsRunning:
        if (step == 0)
            return ApiRequest::patch(path, ownerOf(lane), {{u"progressPercentage"_s, 70}});
        break;
    case NeedsApproval:
        if (step == 0)
            return ApiRequest::patch(path, svc, {{u"status"_s, u"waiting_for_approval"_s}});
        if (step == 1)
            return ApiRequest::post(path + u"/votes"_s, u"bob"_s, {{u"decision"_s, u"approve"_s}});
        if (step == 2)
            return ApiRequest::patch(path, svc, {{u"status"_s, u"in_progress"_s}});
        if (step == 3)
            return ApiRequest::patch(path, svc, {{u"progressPercentage"_s, 90}});
        break;
    default:
        break;
    }
    return std::nullopt;
}

void OperationWriters::advance(int laneIndex)
{
    Lane &lane = m_lanes[laneIndex];
    std::optional<ApiRequest> request;
    while (!m_stopped && lane.operationsLeft > 0) {
        request = requestFor(lane);
        if (request)
            break;
        --lane.operationsLeft;
        ++lane.operation;
        lane.step = 0;
        lane.operationId.clear();
    }
    if (m_stopped || !request) {
        --m_runningLanes;
        if (isFinished())
            emit finished();
        return;
    }
    ++m_inFlight;
    m_client.sendAsync(*request, [this, laneIndex](const ApiResponse &response) {
        handleAnswer(laneIndex, response);
    });
}

void OperationWriters::handleAnswer(int laneIndex, const ApiResponse &response)
{
    --m_inFlight;
    Lane &lane = m_lanes[laneIndex];
    if (response.isSuccess()) {
        QJsonObject operation = response.json;
        if (operation.value(u"operation"_s).isObject())
            operation = operation.value(u"operation"_s).toObject();
        if (lane.step == 0)
            lane.operationId = idOf(operation);
        m_acknowledged.append({idOf(operation), versionOf(operation), operation});
        ++lane.step;
    } else if (!m_stopped) {
        m_errors.append(response.describe());
        // The lane gives up on this operation and goes on with the next.
        lane.step = commonSteps + KindCount;
    }
    if (m_stopped) {
        --m_runningLanes;
        if (isFinished())
            emit finished();
        return;
    }
    advance(laneIndex);
}

} // namespace optrack::testing
