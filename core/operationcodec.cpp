#include "operationcodec.h"

#include "accessrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace optrack {

bool PatchOperationRequest::isEmpty() const
{
    return !status && !progressPercentage && !currentStep && !stepDescription && !errorMessage
            && !result && !context;
}

namespace codec {

namespace {

using namespace Qt::StringLiterals;

QJsonValue optionalString(const std::optional<QString> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

/// An unset time is null on the wire: an empty string is no RFC 3339 time and fromJson refuses it.
QJsonValue wireTimeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(toWireTime(time)) : QJsonValue(QJsonValue::Null);
}

using Need = JsonReader::Need;

constexpr qint64 maxCount = 1'000'000;
constexpr qint64 maxVersion = std::numeric_limits<qint64>::max() / 2;

bool readStatus(JsonReader &json, const QString &key, Need need,
                std::optional<OperationStatus> *status)
{
    const std::optional<QString> wire = json.string(key, need, maxNameLength);
    if (!wire)
        return json.ok();
    *status = statusFromWire(*wire);
    if (!*status) {
        return json.failWith(key,
                             u"\"%1\" is not a known status; use one of pending, in_progress, "
                             "waiting_for_approval, approved, denied, completed, failed, "
                             "cancelled."_s.arg(*wire));
    }
    return true;
}

bool readSteps(JsonReader &json, const QString &key, QStringList *steps)
{
    const std::optional<QStringList> names
            = json.strings(key, Need::Optional, maxNameLength, false);
    if (!names)
        return json.ok();
    if (names->size() > maxSteps)
        return json.failWith(key, u"may name at most %1 steps."_s.arg(maxSteps));
    *steps = *names;
    return true;
}

bool readVote(JsonReader &json, Vote *vote)
{
    vote->voter = json.string(u"voter"_s, Need::Required, maxNameLength, false).value_or(QString());
    if (const auto decision = json.string(u"decision"_s, Need::Required, maxNameLength)) {
        const auto parsed = voteDecisionFromWire(*decision);
        if (!parsed)
            return json.failWith(u"decision"_s, u"must be \"approve\" or \"deny\"."_s);
        vote->decision = *parsed;
    }
    vote->reason = json.string(u"reason"_s, Need::Optional, maxTextLength).value_or(QString());
    vote->at = json.time(u"at"_s, Need::Optional).value_or(QDateTime());
    return json.ok();
}

bool readApproval(JsonReader &json, Approval *approval)
{
    approval->required
            = int(json.integer(u"required"_s, Need::Required, 0, maxRequiredApprovals).value_or(0));
    approval->approvals
            = int(json.integer(u"approvals"_s, Need::Optional, 0, maxCount).value_or(0));
    approval->denials = int(json.integer(u"denials"_s, Need::Optional, 0, maxCount).value_or(0));
    if (const auto decision = json.string(u"decision"_s, Need::Optional, maxNameLength)) {
        const auto parsed = approvalDecisionFromWire(*decision);
        if (!parsed)
            return json.failWith(u"decision"_s, u"must be pending, approved or denied."_s);
        approval->decision = *parsed;
    }
    approval->voterRole
            = json.string(u"voterRole"_s, Need::Optional, maxNameLength).value_or(QString());
    approval->expiresAt = json.time(u"expiresAt"_s, Need::Optional).value_or(QDateTime());
    approval->votes
            = json.objects<Vote>(u"votes"_s, Need::Optional, readVote).value_or(QList<Vote>());
    return json.ok();
}

} // namespace

bool isValidOperationType(const QString &type)
{
    static const QRegularExpression pattern(u"\\A[a-z][a-z0-9_.-]{0,63}\\z"_s);
    return pattern.match(type).hasMatch();
}

QJsonObject toJson(const Vote &vote)
{
    return QJsonObject{{u"voter"_s, vote.voter},
                       {u"decision"_s, voteDecisionToWire(vote.decision)},
                       {u"reason"_s, vote.reason},
                       {u"at"_s, wireTimeOrNull(vote.at)}};
}

QJsonObject toJson(const Approval &approval)
{
    QJsonArray votes;
    for (const Vote &vote : approval.votes)
        votes.append(toJson(vote));
    QJsonObject json{{u"required"_s, approval.required},
                     {u"approvals"_s, approval.approvals},
                     {u"denials"_s, approval.denials},
                     {u"decision"_s, approvalDecisionToWire(approval.decision)},
                     {u"votes"_s, votes},
                     {u"voterRole"_s, approval.voterRole}};
    json.insert(u"expiresAt"_s, wireTimeOrNull(approval.expiresAt));
    return json;
}

QJsonObject toJson(const Operation &op)
{
    QJsonObject json;
    json.insert(u"operationId"_s, op.operationId);
    json.insert(u"operationType"_s, op.operationType);
    json.insert(u"entityId"_s, op.entityId);
    json.insert(u"displayName"_s, op.displayName);
    json.insert(u"status"_s, statusToWire(op.status));
    json.insert(u"progressPercentage"_s, op.progressPercentage);
    json.insert(u"currentStep"_s, op.currentStep);
    json.insert(u"totalSteps"_s, op.totalSteps);
    json.insert(u"steps"_s, QJsonArray::fromStringList(op.steps));
    json.insert(u"stepDescription"_s, op.stepDescription);
    json.insert(u"timeRemaining"_s, optionalString(op.timeRemaining));
    json.insert(u"etaSeconds"_s,
                op.etaSeconds ? QJsonValue(*op.etaSeconds) : QJsonValue(QJsonValue::Null));
    json.insert(u"errorMessage"_s, optionalString(op.errorMessage));
    json.insert(u"result"_s, op.result.isUndefined() ? QJsonValue(QJsonValue::Null) : op.result);
    json.insert(u"cancellable"_s, op.cancellable);
    json.insert(u"context"_s, op.context);
    json.insert(u"approval"_s,
                op.approval ? QJsonValue(toJson(*op.approval)) : QJsonValue(QJsonValue::Null));
    json.insert(u"createdAt"_s, wireTimeOrNull(op.createdAt));
    json.insert(u"updatedAt"_s, wireTimeOrNull(op.updatedAt));
    json.insert(u"completedAt"_s,
                op.completedAt ? QJsonValue(toWireTime(*op.completedAt))
                               : QJsonValue(QJsonValue::Null));
    json.insert(u"version"_s, op.version);
    json.insert(u"heartbeatSeconds"_s,
                op.heartbeatSeconds ? QJsonValue(*op.heartbeatSeconds)
                                    : QJsonValue(QJsonValue::Null));
    json.insert(u"builtIn"_s, op.builtIn);
    return json;
}

QJsonObject toJson(const OperationEvent &event)
{
    return QJsonObject{{u"seq"_s, event.seq},
                       {u"at"_s, toWireTime(event.at)},
                       {u"actor"_s, event.actor},
                       {u"kind"_s, eventKindToWire(event.kind)},
                       {u"status"_s, statusToWire(event.status)},
                       {u"progressPercentage"_s, event.progressPercentage},
                       {u"currentStep"_s, event.currentStep},
                       {u"stepDescription"_s, event.stepDescription},
                       {u"message"_s, event.message}};
}

bool read(JsonReader &answer, Operation *op)
{
    // The contract's own object: null only where it allows null, inside any answer.
    JsonReader json = answer.withNull(JsonReader::Null::IsWrong);
    Operation parsed;
    parsed.operationId = json.string(u"operationId"_s, Need::Required, maxNameLength, false)
                                 .value_or(QString());
    parsed.operationType
            = json.string(u"operationType"_s, Need::Required, maxNameLength).value_or(QString());
    parsed.entityId = json.string(u"entityId"_s, Need::Optional, maxNameLength).value_or(QString());
    parsed.displayName
            = json.string(u"displayName"_s, Need::Optional, maxNameLength).value_or(QString());
    std::optional<OperationStatus> status;
    if (!readStatus(json, u"status"_s, Need::Required, &status))
        return false;
    parsed.status = status.value_or(OperationStatus::Pending);
    parsed.progressPercentage
            = json.number(u"progressPercentage"_s, Need::Optional, 0, 100).value_or(0);
    parsed.currentStep
            = int(json.integer(u"currentStep"_s, Need::Optional, 0, maxCount).value_or(0));
    parsed.totalSteps = int(json.integer(u"totalSteps"_s, Need::Optional, 0, maxCount).value_or(0));
    if (!readSteps(json, u"steps"_s, &parsed.steps))
        return false;
    parsed.stepDescription = json.nullableString(u"stepDescription"_s, maxErrorLength)
                                     .value_or(std::nullopt)
                                     .value_or(QString());
    parsed.timeRemaining
            = json.nullableString(u"timeRemaining"_s, maxNameLength).value_or(std::nullopt);
    if (json.isSet(u"etaSeconds"_s))
        parsed.etaSeconds = json.integer(u"etaSeconds"_s, Need::Optional, 0,
                                         std::numeric_limits<qint32>::max());
    parsed.errorMessage
            = json.nullableString(u"errorMessage"_s, maxErrorLength).value_or(std::nullopt);
    parsed.result = json.object().value(u"result"_s);
    if (parsed.result.isUndefined())
        parsed.result = QJsonValue::Null;
    parsed.cancellable = json.boolean(u"cancellable"_s, Need::Optional).value_or(true);
    if (json.isSet(u"context"_s))
        parsed.context = json.object(u"context"_s, Need::Optional).value_or(QJsonObject());
    if (json.isSet(u"approval"_s)) {
        const std::optional<QJsonObject> approval = json.object(u"approval"_s, Need::Optional);
        if (!approval)
            return false;
        JsonReader approvalJson = json.at(u"approval"_s, *approval);
        Approval value;
        if (!readApproval(approvalJson, &value))
            return false;
        parsed.approval = value;
    }
    parsed.createdAt = json.time(u"createdAt"_s, Need::Optional).value_or(QDateTime());
    parsed.updatedAt = json.time(u"updatedAt"_s, Need::Optional).value_or(QDateTime());
    parsed.completedAt = json.time(u"completedAt"_s, Need::Optional);
    parsed.version = json.integer(u"version"_s, Need::Required, 0, maxVersion).value_or(0);
    if (json.isSet(u"heartbeatSeconds"_s)) {
        parsed.heartbeatSeconds
                = int(json.integer(u"heartbeatSeconds"_s, Need::Optional, 1, maxHeartbeatSeconds)
                              .value_or(0));
    }
    // Before the field existed, the service ran every operation of a built-in type itself.
    parsed.builtIn = json.boolean(u"builtIn"_s, Need::Optional)
                             .value_or(access::isBuiltInType(parsed.operationType));
    if (!json.ok())
        return false;
    *op = std::move(parsed);
    return true;
}

bool read(JsonReader &answer, OperationEvent *event)
{
    JsonReader json = answer.withNull(JsonReader::Null::IsWrong);
    OperationEvent parsed;
    parsed.seq = json.integer(u"seq"_s, Need::Required, 0, maxVersion).value_or(0);
    parsed.at = json.time(u"at"_s, Need::Required).value_or(QDateTime());
    parsed.actor = json.string(u"actor"_s, Need::Optional, maxNameLength).value_or(QString());
    if (const auto kind = json.string(u"kind"_s, Need::Required, maxNameLength)) {
        const auto parsedKind = eventKindFromWire(*kind);
        if (!parsedKind)
            return json.failWith(u"kind"_s, u"\"%1\" is not a known event kind."_s.arg(*kind));
        parsed.kind = *parsedKind;
    }
    std::optional<OperationStatus> status;
    if (!readStatus(json, u"status"_s, Need::Required, &status))
        return false;
    parsed.status = status.value_or(OperationStatus::Pending);
    parsed.progressPercentage
            = json.number(u"progressPercentage"_s, Need::Optional, 0, 100).value_or(0);
    parsed.currentStep
            = int(json.integer(u"currentStep"_s, Need::Optional, 0, maxCount).value_or(0));
    parsed.stepDescription
            = json.string(u"stepDescription"_s, Need::Optional, maxErrorLength).value_or(QString());
    parsed.message = json.string(u"message"_s, Need::Optional, maxErrorLength).value_or(QString());
    if (!json.ok())
        return false;
    *event = std::move(parsed);
    return true;
}

bool fromJson(const QJsonObject &json, Operation *op, FieldError *error)
{
    JsonReader reader(json, error);
    return read(reader, op);
}

bool fromJson(const QJsonObject &json, OperationEvent *event, FieldError *error)
{
    JsonReader reader(json, error);
    return read(reader, event);
}

bool parseObject(const QByteArray &body, QJsonObject *object, FieldError *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error) {
            error->field = u"body"_s;
            error->message = u"The body is not valid JSON (%1 at offset %2)."_s
                                     .arg(parseError.errorString())
                                     .arg(parseError.offset);
        }
        return false;
    }
    if (!document.isObject()) {
        if (error) {
            error->field = u"body"_s;
            error->message = u"The body must be a JSON object."_s;
        }
        return false;
    }
    *object = document.object();
    return true;
}

bool parseCreateRequest(const QJsonObject &body, CreateOperationRequest *request, FieldError *error)
{
    JsonReader json(body, error);
    CreateOperationRequest parsed;
    if (const auto type = json.string(u"operationType"_s, Need::Required, maxTypeLength)) {
        if (!isValidOperationType(*type))
            return json.failWith(u"operationType"_s,
                                 u"must start with a lowercase letter and hold only a-z, 0-9, "
                                 "'_', '.' and '-' (at most 64 characters)."_s);
        parsed.operationType = *type;
    }
    parsed.entityId
            = json.string(u"entityId"_s, Need::Required, maxNameLength, false).value_or(QString());
    parsed.displayName = json.string(u"displayName"_s, Need::Optional, maxNameLength);
    if (json.isSet(u"context"_s))
        parsed.context = json.object(u"context"_s, Need::Optional).value_or(QJsonObject());
    if (!readSteps(json, u"steps"_s, &parsed.steps))
        return false;
    if (const auto total = json.integer(u"totalSteps"_s, Need::Optional, 0, maxSteps))
        parsed.totalSteps = int(*total);
    if (parsed.totalSteps && !parsed.steps.isEmpty() && *parsed.totalSteps != parsed.steps.size())
        return json.failWith(u"totalSteps"_s, u"must equal the number of steps named."_s);
    if (json.isSet(u"approval"_s)) {
        if (const auto approval = json.object(u"approval"_s, Need::Optional)) {
            JsonReader approvalJson = json.at(u"approval"_s, *approval);
            const auto required
                    = approvalJson.integer(u"required"_s, Need::Required, 1, maxRequiredApprovals);
            if (!required)
                return false;
            parsed.requiredApprovals = int(*required);
        }
    }
    if (json.has(u"userId"_s))
        parsed.userId = json.string(u"userId"_s, Need::Required, maxNameLength, false);
    parsed.cancellable = json.boolean(u"cancellable"_s, Need::Optional).value_or(true);
    if (json.isSet(u"heartbeatSeconds"_s)) {
        if (const auto seconds = json.integer(u"heartbeatSeconds"_s, Need::Optional,
                                              minHeartbeatSeconds, maxHeartbeatSeconds))
            parsed.heartbeatSeconds = int(*seconds);
    }
    if (json.ok() && parsed.context.contains(u"userId"_s)) {
        const QJsonValue owner = parsed.context.value(u"userId"_s);
        if (!owner.isString() || owner.toString().isEmpty())
            return json.fail(u"context"_s, u"context.userId must be a non-empty string."_s);
        if (parsed.userId && *parsed.userId != owner.toString())
            return json.fail(u"context"_s, u"context.userId must match userId."_s);
    }
    if (!json.ok())
        return false;
    *request = std::move(parsed);
    return true;
}

bool parsePatchRequest(const QJsonObject &body, PatchOperationRequest *request, FieldError *error)
{
    JsonReader json(body, error);
    PatchOperationRequest parsed;
    if (!readStatus(json, u"status"_s, Need::Optional, &parsed.status))
        return false;
    parsed.progressPercentage = json.number(u"progressPercentage"_s, Need::Optional, 0, 100);
    if (const auto step = json.integer(u"currentStep"_s, Need::Optional, 0, maxSteps))
        parsed.currentStep = int(*step);
    if (json.has(u"stepDescription"_s)) {
        if (json.isNull(u"stepDescription"_s))
            parsed.stepDescription = QString();
        else
            parsed.stepDescription
                    = json.string(u"stepDescription"_s, Need::Optional, maxTextLength);
    }
    parsed.errorMessage = json.nullableString(u"errorMessage"_s, maxErrorLength);
    if (json.has(u"result"_s))
        parsed.result = body.value(u"result"_s);
    if (json.has(u"context"_s))
        parsed.context = json.object(u"context"_s, Need::Optional);
    if (!json.ok())
        return false;
    *request = std::move(parsed);
    return true;
}

bool parseVoteRequest(const QJsonObject &body, VoteRequest *request, FieldError *error)
{
    JsonReader json(body, error);
    VoteRequest parsed;
    if (const auto decision = json.string(u"decision"_s, Need::Required, maxNameLength)) {
        const auto value = voteDecisionFromWire(*decision);
        if (!value)
            return json.failWith(u"decision"_s, u"must be \"approve\" or \"deny\"."_s);
        parsed.decision = *value;
    }
    if (json.isSet(u"reason"_s))
        parsed.reason = json.string(u"reason"_s, Need::Optional, maxTextLength)
                                .value_or(QString())
                                .trimmed();
    if (!json.ok())
        return false;
    *request = parsed;
    return true;
}

bool parseCancelRequest(const QJsonObject &body, CancelRequest *request, FieldError *error)
{
    JsonReader json(body, error);
    CancelRequest parsed;
    if (json.isSet(u"reason"_s))
        parsed.reason = json.string(u"reason"_s, Need::Optional, maxTextLength)
                                .value_or(QString())
                                .trimmed();
    if (!json.ok())
        return false;
    *request = parsed;
    return true;
}

QJsonObject toJson(const CreateOperationRequest &request)
{
    QJsonObject json{{u"operationType"_s, request.operationType},
                     {u"entityId"_s, request.entityId}};
    if (request.displayName)
        json.insert(u"displayName"_s, *request.displayName);
    if (!request.context.isEmpty())
        json.insert(u"context"_s, request.context);
    if (!request.steps.isEmpty())
        json.insert(u"steps"_s, QJsonArray::fromStringList(request.steps));
    if (request.totalSteps)
        json.insert(u"totalSteps"_s, *request.totalSteps);
    if (request.requiredApprovals)
        json.insert(u"approval"_s, QJsonObject{{u"required"_s, *request.requiredApprovals}});
    if (request.userId)
        json.insert(u"userId"_s, *request.userId);
    if (!request.cancellable)
        json.insert(u"cancellable"_s, false);
    if (request.heartbeatSeconds)
        json.insert(u"heartbeatSeconds"_s, *request.heartbeatSeconds);
    return json;
}

QJsonObject toJson(const PatchOperationRequest &request)
{
    QJsonObject json;
    if (request.status)
        json.insert(u"status"_s, statusToWire(*request.status));
    if (request.progressPercentage)
        json.insert(u"progressPercentage"_s, *request.progressPercentage);
    if (request.currentStep)
        json.insert(u"currentStep"_s, *request.currentStep);
    if (request.stepDescription)
        json.insert(u"stepDescription"_s, *request.stepDescription);
    if (request.errorMessage)
        json.insert(u"errorMessage"_s, optionalString(*request.errorMessage));
    if (request.result)
        json.insert(u"result"_s, *request.result);
    if (request.context)
        json.insert(u"context"_s, *request.context);
    return json;
}

} // namespace codec
} // namespace optrack
