#pragma once

#include "jsonreader.h"
#include "operation.h"
#include "operationevent.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace optrack {

/// The body of POST /api/operations.
struct CreateOperationRequest
{
    QString operationType;
    QString entityId;
    std::optional<QString> displayName;
    QJsonObject context;
    QStringList steps;
    std::optional<int> totalSteps;
    std::optional<int> requiredApprovals;
    std::optional<QString> userId;
    bool cancellable = true;
    std::optional<int> heartbeatSeconds;
};

/// The body of PATCH /api/operations/{id}: only the fields present change; an empty one is a
/// heartbeat.
struct PatchOperationRequest
{
    std::optional<OperationStatus> status;
    std::optional<double> progressPercentage;
    std::optional<int> currentStep;
    std::optional<QString> stepDescription;
    /// Outer optional: present or not; inner: a message or null (clears it).
    std::optional<std::optional<QString>> errorMessage;
    std::optional<QJsonValue> result;
    std::optional<QJsonObject> context;

    bool isEmpty() const;
};

struct VoteRequest
{
    VoteDecision decision = VoteDecision::Approve;
    QString reason;
};

struct CancelRequest
{
    QString reason;
};

namespace codec {

inline constexpr int maxTextLength = 1000;
inline constexpr int maxNameLength = 256;
inline constexpr int maxTypeLength = 64;
inline constexpr int maxErrorLength = 10000;
inline constexpr int maxSteps = 100;
inline constexpr int maxRequiredApprovals = 100;
inline constexpr int minHeartbeatSeconds = 5;
inline constexpr int maxHeartbeatSeconds = 86400;

bool isValidOperationType(const QString &type);

QJsonObject toJson(const Operation &operation);
QJsonObject toJson(const Approval &approval);
QJsonObject toJson(const Vote &vote);
QJsonObject toJson(const OperationEvent &event);

/// Strict reading of an operation as the service sends it.
bool fromJson(const QJsonObject &json, Operation *operation, FieldError *error);
bool fromJson(const QJsonObject &json, OperationEvent *event, FieldError *error);
/// The same inside a larger answer: errors name the element ("operations[3].status").
bool read(JsonReader &json, Operation *operation);
bool read(JsonReader &json, OperationEvent *event);

/// A body that must be one JSON object ("body" is the field named on failure).
bool parseObject(const QByteArray &body, QJsonObject *object, FieldError *error);

bool parseCreateRequest(const QJsonObject &json, CreateOperationRequest *request,
                        FieldError *error);
bool parsePatchRequest(const QJsonObject &json, PatchOperationRequest *request, FieldError *error);
bool parseVoteRequest(const QJsonObject &json, VoteRequest *request, FieldError *error);
bool parseCancelRequest(const QJsonObject &json, CancelRequest *request, FieldError *error);

QJsonObject toJson(const CreateOperationRequest &request);
QJsonObject toJson(const PatchOperationRequest &request);

} // namespace codec
} // namespace optrack
