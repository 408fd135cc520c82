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

/// Reads typed fields of one JSON object and remembers the first failure.
class Reader
{
public:
    Reader(const QJsonObject &object, FieldError *error, QString prefix = {})
        : m_object(object)
        , m_error(error)
        , m_prefix(std::move(prefix))
    { }

    bool ok() const { return m_ok; }
    bool has(const QString &key) const { return m_object.contains(key); }
    bool isNull(const QString &key) const { return m_object.value(key).isNull(); }
    QString path(const QString &key) const
    {
        return m_prefix.isEmpty() ? key : m_prefix + u'.' + key;
    }

    bool fail(const QString &key, const QString &message)
    {
        if (m_ok && m_error) {
            m_error->field = path(key);
            m_error->message = message;
        }
        m_ok = false;
        return false;
    }

    std::optional<QString> string(const QString &key, bool required, int maxLength,
                                  bool allowEmpty = true)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined()) {
            if (required)
                fail(key, u"%1 is required."_s.arg(path(key)));
            return std::nullopt;
        }
        if (!value.isString()) {
            fail(key, u"%1 must be a string."_s.arg(path(key)));
            return std::nullopt;
        }
        QString text = value.toString();
        if (!allowEmpty && text.trimmed().isEmpty()) {
            fail(key, u"%1 must not be empty."_s.arg(path(key)));
            return std::nullopt;
        }
        if (text.size() > maxLength) {
            fail(key, u"%1 must be at most %2 characters long."_s.arg(path(key)).arg(maxLength));
            return std::nullopt;
        }
        return text;
    }

    std::optional<double> number(const QString &key, bool required, double min, double max)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined()) {
            if (required)
                fail(key, u"%1 is required."_s.arg(path(key)));
            return std::nullopt;
        }
        if (!value.isDouble() || !std::isfinite(value.toDouble())) {
            fail(key, u"%1 must be a number."_s.arg(path(key)));
            return std::nullopt;
        }
        const double number = value.toDouble();
        if (number < min || number > max) {
            fail(key, u"%1 must be between %2 and %3."_s.arg(path(key)).arg(min).arg(max));
            return std::nullopt;
        }
        return number;
    }

    std::optional<qint64> integer(const QString &key, bool required, qint64 min, qint64 max)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined()) {
            if (required)
                fail(key, u"%1 is required."_s.arg(path(key)));
            return std::nullopt;
        }
        const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!value.isDouble() || !std::isfinite(number) || std::floor(number) != number) {
            fail(key, u"%1 must be a whole number."_s.arg(path(key)));
            return std::nullopt;
        }
        if (number < double(min) || number > double(max)) {
            fail(key, u"%1 must be between %2 and %3."_s.arg(path(key)).arg(min).arg(max));
            return std::nullopt;
        }
        return qint64(number);
    }

    std::optional<bool> boolean(const QString &key, bool required)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined()) {
            if (required)
                fail(key, u"%1 is required."_s.arg(path(key)));
            return std::nullopt;
        }
        if (!value.isBool()) {
            fail(key, u"%1 must be true or false."_s.arg(path(key)));
            return std::nullopt;
        }
        return value.toBool();
    }

    std::optional<QJsonObject> object(const QString &key, bool required)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined()) {
            if (required)
                fail(key, u"%1 is required."_s.arg(path(key)));
            return std::nullopt;
        }
        if (!value.isObject()) {
            fail(key, u"%1 must be a JSON object."_s.arg(path(key)));
            return std::nullopt;
        }
        return value.toObject();
    }

    std::optional<QJsonArray> array(const QString &key, bool required)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined()) {
            if (required)
                fail(key, u"%1 is required."_s.arg(path(key)));
            return std::nullopt;
        }
        if (!value.isArray()) {
            fail(key, u"%1 must be a JSON array."_s.arg(path(key)));
            return std::nullopt;
        }
        return value.toArray();
    }

    std::optional<QDateTime> time(const QString &key, bool required)
    {
        const QJsonValue value = m_object.value(key);
        if ((value.isUndefined() || value.isNull()) && !required)
            return std::nullopt;
        const std::optional<QString> text = string(key, true, maxTextLength);
        if (!text)
            return std::nullopt;
        QDateTime parsed = fromWireTime(*text);
        if (!parsed.isValid()) {
            fail(key, u"%1 must be an RFC 3339 time."_s.arg(path(key)));
            return std::nullopt;
        }
        return parsed;
    }

    /// A string or null; std::nullopt when absent or wrong.
    std::optional<std::optional<QString>> nullableString(const QString &key, int maxLength)
    {
        if (!has(key))
            return std::nullopt;
        if (isNull(key))
            return std::optional<QString>();
        std::optional<QString> text = string(key, false, maxLength);
        if (!text)
            return std::nullopt;
        return text;
    }

private:
    QJsonObject m_object;
    FieldError *m_error;
    QString m_prefix;
    bool m_ok = true;
};

bool readStatus(Reader &reader, const QJsonObject &json, const QString &key, bool required,
                std::optional<OperationStatus> *status)
{
    const std::optional<QString> wire = reader.string(key, required, maxNameLength);
    if (!wire)
        return reader.ok();
    *status = statusFromWire(*wire);
    if (!*status) {
        Q_UNUSED(json);
        return reader.fail(
                key,
                u"%1 \"%2\" is not a known status; use one of pending, in_progress, "
                "waiting_for_approval, approved, denied, completed, failed, cancelled."_s.arg(
                        reader.path(key), *wire));
    }
    return true;
}

bool readSteps(Reader &reader, const QString &key, QStringList *steps)
{
    const std::optional<QJsonArray> array = reader.array(key, false);
    if (!array)
        return reader.ok();
    if (array->size() > maxSteps)
        return reader.fail(key,
                           u"%1 may name at most %2 steps."_s.arg(reader.path(key)).arg(maxSteps));
    steps->clear();
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QJsonValue step = array->at(i);
        if (!step.isString() || step.toString().trimmed().isEmpty()
            || step.toString().size() > maxNameLength) {
            return reader.fail(key,
                               u"%1[%2] must be a non-empty string of at most %3 characters."_s
                                       .arg(reader.path(key))
                                       .arg(i)
                                       .arg(maxNameLength));
        }
        steps->append(step.toString());
    }
    return true;
}

bool readVote(const QJsonObject &json, Vote *vote, FieldError *error, const QString &prefix)
{
    Reader reader(json, error, prefix);
    vote->voter = reader.string(u"voter"_s, true, maxNameLength, false).value_or(QString());
    if (const auto decision = reader.string(u"decision"_s, true, maxNameLength)) {
        const auto parsed = voteDecisionFromWire(*decision);
        if (!parsed)
            return reader.fail(
                    u"decision"_s,
                    u"%1 must be \"approve\" or \"deny\"."_s.arg(reader.path(u"decision"_s)));
        vote->decision = *parsed;
    }
    vote->reason = reader.string(u"reason"_s, false, maxTextLength).value_or(QString());
    vote->at = reader.time(u"at"_s, false).value_or(QDateTime());
    return reader.ok();
}

bool readApproval(const QJsonObject &json, Approval *approval, FieldError *error)
{
    Reader reader(json, error, u"approval"_s);
    approval->required
            = int(reader.integer(u"required"_s, true, 0, maxRequiredApprovals).value_or(0));
    approval->approvals = int(reader.integer(u"approvals"_s, false, 0, 1'000'000).value_or(0));
    approval->denials = int(reader.integer(u"denials"_s, false, 0, 1'000'000).value_or(0));
    if (const auto decision = reader.string(u"decision"_s, false, maxNameLength)) {
        const auto parsed = approvalDecisionFromWire(*decision);
        if (!parsed)
            return reader.fail(u"decision"_s,
                               u"approval.decision must be pending, approved or denied."_s);
        approval->decision = *parsed;
    }
    approval->voterRole = reader.string(u"voterRole"_s, false, maxNameLength).value_or(QString());
    approval->expiresAt = reader.time(u"expiresAt"_s, false).value_or(QDateTime());
    approval->votes.clear();
    if (const auto votes = reader.array(u"votes"_s, false)) {
        for (qsizetype i = 0; i < votes->size(); ++i) {
            if (!votes->at(i).isObject())
                return reader.fail(u"votes"_s,
                                   u"approval.votes[%1] must be a JSON object."_s.arg(i));
            Vote vote;
            if (!readVote(votes->at(i).toObject(), &vote, error, u"approval.votes[%1]"_s.arg(i)))
                return false;
            approval->votes.append(vote);
        }
    }
    return reader.ok();
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

bool fromJson(const QJsonObject &json, Operation *op, FieldError *error)
{
    Reader reader(json, error);
    Operation parsed;
    parsed.operationId
            = reader.string(u"operationId"_s, true, maxNameLength, false).value_or(QString());
    parsed.operationType
            = reader.string(u"operationType"_s, true, maxNameLength).value_or(QString());
    parsed.entityId = reader.string(u"entityId"_s, false, maxNameLength).value_or(QString());
    parsed.displayName = reader.string(u"displayName"_s, false, maxNameLength).value_or(QString());
    std::optional<OperationStatus> status;
    if (!readStatus(reader, json, u"status"_s, true, &status))
        return false;
    parsed.status = status.value_or(OperationStatus::Pending);
    parsed.progressPercentage = reader.number(u"progressPercentage"_s, false, 0, 100).value_or(0);
    parsed.currentStep = int(reader.integer(u"currentStep"_s, false, 0, 1'000'000).value_or(0));
    parsed.totalSteps = int(reader.integer(u"totalSteps"_s, false, 0, 1'000'000).value_or(0));
    if (!readSteps(reader, u"steps"_s, &parsed.steps))
        return false;
    parsed.stepDescription = reader.nullableString(u"stepDescription"_s, maxErrorLength)
                                     .value_or(std::nullopt)
                                     .value_or(QString());
    parsed.timeRemaining
            = reader.nullableString(u"timeRemaining"_s, maxNameLength).value_or(std::nullopt);
    if (reader.has(u"etaSeconds"_s) && !reader.isNull(u"etaSeconds"_s))
        parsed.etaSeconds
                = reader.integer(u"etaSeconds"_s, false, 0, std::numeric_limits<qint32>::max());
    parsed.errorMessage
            = reader.nullableString(u"errorMessage"_s, maxErrorLength).value_or(std::nullopt);
    parsed.result = json.value(u"result"_s);
    if (parsed.result.isUndefined())
        parsed.result = QJsonValue::Null;
    parsed.cancellable = reader.boolean(u"cancellable"_s, false).value_or(true);
    if (reader.has(u"context"_s) && !reader.isNull(u"context"_s))
        parsed.context = reader.object(u"context"_s, false).value_or(QJsonObject());
    if (reader.has(u"approval"_s) && !reader.isNull(u"approval"_s)) {
        const std::optional<QJsonObject> approval = reader.object(u"approval"_s, false);
        if (!approval)
            return false;
        Approval value;
        if (!readApproval(*approval, &value, error))
            return false;
        parsed.approval = value;
    }
    parsed.createdAt = reader.time(u"createdAt"_s, false).value_or(QDateTime());
    parsed.updatedAt = reader.time(u"updatedAt"_s, false).value_or(QDateTime());
    parsed.completedAt = reader.time(u"completedAt"_s, false);
    parsed.version = reader.integer(u"version"_s, true, 0, std::numeric_limits<qint64>::max() / 2)
                             .value_or(0);
    if (reader.has(u"heartbeatSeconds"_s) && !reader.isNull(u"heartbeatSeconds"_s)) {
        parsed.heartbeatSeconds = int(
                reader.integer(u"heartbeatSeconds"_s, false, 1, maxHeartbeatSeconds).value_or(0));
    }
    // Before the field existed, the service ran every operation of a built-in type itself.
    parsed.builtIn = reader.boolean(u"builtIn"_s, false)
                             .value_or(access::isBuiltInType(parsed.operationType));
    if (!reader.ok())
        return false;
    *op = std::move(parsed);
    return true;
}

bool fromJson(const QJsonObject &json, OperationEvent *event, FieldError *error)
{
    Reader reader(json, error);
    OperationEvent parsed;
    parsed.seq
            = reader.integer(u"seq"_s, true, 0, std::numeric_limits<qint64>::max() / 2).value_or(0);
    parsed.at = reader.time(u"at"_s, true).value_or(QDateTime());
    parsed.actor = reader.string(u"actor"_s, false, maxNameLength).value_or(QString());
    if (const auto kind = reader.string(u"kind"_s, true, maxNameLength)) {
        const auto parsedKind = eventKindFromWire(*kind);
        if (!parsedKind)
            return reader.fail(u"kind"_s, u"kind \"%1\" is not a known event kind."_s.arg(*kind));
        parsed.kind = *parsedKind;
    }
    std::optional<OperationStatus> status;
    if (!readStatus(reader, json, u"status"_s, true, &status))
        return false;
    parsed.status = status.value_or(OperationStatus::Pending);
    parsed.progressPercentage = reader.number(u"progressPercentage"_s, false, 0, 100).value_or(0);
    parsed.currentStep = int(reader.integer(u"currentStep"_s, false, 0, 1'000'000).value_or(0));
    parsed.stepDescription
            = reader.string(u"stepDescription"_s, false, maxErrorLength).value_or(QString());
    parsed.message = reader.string(u"message"_s, false, maxErrorLength).value_or(QString());
    if (!reader.ok())
        return false;
    *event = std::move(parsed);
    return true;
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

bool parseCreateRequest(const QJsonObject &json, CreateOperationRequest *request, FieldError *error)
{
    Reader reader(json, error);
    CreateOperationRequest parsed;
    if (const auto type = reader.string(u"operationType"_s, true, 64)) {
        if (!isValidOperationType(*type))
            return reader.fail(
                    u"operationType"_s,
                    u"operationType must start with a lowercase letter and hold only a-z, "
                    "0-9, '_', '.' and '-' (at most 64 characters)."_s);
        parsed.operationType = *type;
    }
    parsed.entityId = reader.string(u"entityId"_s, true, maxNameLength, false).value_or(QString());
    parsed.displayName = reader.string(u"displayName"_s, false, maxNameLength);
    if (reader.has(u"context"_s) && !reader.isNull(u"context"_s))
        parsed.context = reader.object(u"context"_s, false).value_or(QJsonObject());
    if (!readSteps(reader, u"steps"_s, &parsed.steps))
        return false;
    if (const auto total = reader.integer(u"totalSteps"_s, false, 0, maxSteps))
        parsed.totalSteps = int(*total);
    if (parsed.totalSteps && !parsed.steps.isEmpty() && *parsed.totalSteps != parsed.steps.size())
        return reader.fail(u"totalSteps"_s, u"totalSteps must equal the number of steps named."_s);
    if (reader.has(u"approval"_s) && !reader.isNull(u"approval"_s)) {
        if (const auto approval = reader.object(u"approval"_s, false)) {
            Reader approvalReader(*approval, error, u"approval"_s);
            const auto required
                    = approvalReader.integer(u"required"_s, true, 1, maxRequiredApprovals);
            if (!approvalReader.ok())
                return false;
            parsed.requiredApprovals = int(*required);
        }
    }
    if (reader.has(u"userId"_s))
        parsed.userId = reader.string(u"userId"_s, true, maxNameLength, false);
    parsed.cancellable = reader.boolean(u"cancellable"_s, false).value_or(true);
    if (reader.has(u"heartbeatSeconds"_s) && !reader.isNull(u"heartbeatSeconds"_s)) {
        if (const auto seconds = reader.integer(u"heartbeatSeconds"_s, false, minHeartbeatSeconds,
                                                maxHeartbeatSeconds))
            parsed.heartbeatSeconds = int(*seconds);
    }
    if (reader.ok() && parsed.context.contains(u"userId"_s)) {
        const QJsonValue owner = parsed.context.value(u"userId"_s);
        if (!owner.isString() || owner.toString().isEmpty())
            return reader.fail(u"context"_s, u"context.userId must be a non-empty string."_s);
        if (parsed.userId && *parsed.userId != owner.toString())
            return reader.fail(u"context"_s, u"context.userId must match userId."_s);
    }
    if (!reader.ok())
        return false;
    *request = std::move(parsed);
    return true;
}

bool parsePatchRequest(const QJsonObject &json, PatchOperationRequest *request, FieldError *error)
{
    Reader reader(json, error);
    PatchOperationRequest parsed;
    if (!readStatus(reader, json, u"status"_s, false, &parsed.status))
        return false;
    parsed.progressPercentage = reader.number(u"progressPercentage"_s, false, 0, 100);
    if (const auto step = reader.integer(u"currentStep"_s, false, 0, maxSteps))
        parsed.currentStep = int(*step);
    if (reader.has(u"stepDescription"_s)) {
        if (reader.isNull(u"stepDescription"_s))
            parsed.stepDescription = QString();
        else
            parsed.stepDescription = reader.string(u"stepDescription"_s, false, maxTextLength);
    }
    parsed.errorMessage = reader.nullableString(u"errorMessage"_s, maxErrorLength);
    if (reader.has(u"result"_s))
        parsed.result = json.value(u"result"_s);
    if (reader.has(u"context"_s))
        parsed.context = reader.object(u"context"_s, false);
    if (!reader.ok())
        return false;
    *request = std::move(parsed);
    return true;
}

bool parseVoteRequest(const QJsonObject &json, VoteRequest *request, FieldError *error)
{
    Reader reader(json, error);
    VoteRequest parsed;
    if (const auto decision = reader.string(u"decision"_s, true, maxNameLength)) {
        const auto value = voteDecisionFromWire(*decision);
        if (!value)
            return reader.fail(u"decision"_s, u"decision must be \"approve\" or \"deny\"."_s);
        parsed.decision = *value;
    }
    if (reader.has(u"reason"_s) && !reader.isNull(u"reason"_s))
        parsed.reason
                = reader.string(u"reason"_s, false, maxTextLength).value_or(QString()).trimmed();
    if (!reader.ok())
        return false;
    *request = parsed;
    return true;
}

bool parseCancelRequest(const QJsonObject &json, CancelRequest *request, FieldError *error)
{
    Reader reader(json, error);
    CancelRequest parsed;
    if (reader.has(u"reason"_s) && !reader.isNull(u"reason"_s))
        parsed.reason
                = reader.string(u"reason"_s, false, maxTextLength).value_or(QString()).trimmed();
    if (!reader.ok())
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
