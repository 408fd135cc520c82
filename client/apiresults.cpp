#include "apiresults.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

bool fail(FieldError *error, const QString &field, const QString &message)
{
    if (error) {
        error->field = field;
        error->message = message;
    }
    return false;
}

bool readString(const QJsonObject &json, const QString &key, QString *value, FieldError *error,
                bool required = true)
{
    const QJsonValue field = json.value(key);
    if (field.isUndefined() || field.isNull()) {
        if (required)
            return fail(
                    error, key,
                    QCoreApplication::translate("optrack::ApiResults", "%1 is missing.").arg(key));
        return true;
    }
    if (!field.isString())
        return fail(error, key,
                    QCoreApplication::translate("optrack::ApiResults", "%1 is not text.").arg(key));
    *value = field.toString();
    return true;
}

bool readCount(const QJsonObject &json, const QString &key, qint64 *value, FieldError *error,
               bool required = true)
{
    const QJsonValue field = json.value(key);
    if (field.isUndefined() || field.isNull()) {
        if (required)
            return fail(
                    error, key,
                    QCoreApplication::translate("optrack::ApiResults", "%1 is missing.").arg(key));
        return true;
    }
    const double number = field.toDouble(-1);
    if (!field.isDouble() || number < 0 || std::floor(number) != number)
        return fail(error, key,
                    QCoreApplication::translate("optrack::ApiResults", "%1 is not a whole number.")
                            .arg(key));
    *value = qint64(number);
    return true;
}

bool readArray(const QJsonObject &json, const QString &key, QJsonArray *array, FieldError *error)
{
    const QJsonValue field = json.value(key);
    if (!field.isArray())
        return fail(
                error, key,
                QCoreApplication::translate("optrack::ApiResults", "%1 is not a list.").arg(key));
    *array = field.toArray();
    return true;
}

bool readObjectAt(const QJsonArray &array, qsizetype index, const QString &key, QJsonObject *object,
                  FieldError *error)
{
    if (!array.at(index).isObject())
        return fail(error, u"%1[%2]"_s.arg(key).arg(index),
                    QCoreApplication::translate("optrack::ApiResults", "%1[%2] is not an object.")
                            .arg(key)
                            .arg(index));
    *object = array.at(index).toObject();
    return true;
}

/// Names the element of a list in a nested error ("operations[3].status").
bool failInside(FieldError *error, const QString &prefix)
{
    if (error)
        error->field = error->field.isEmpty() ? prefix : prefix + u'.' + error->field;
    return false;
}

/// Reads json[key], a list of objects, each through readOne; an error inside an element
/// names it ("operations[3].status").
template<typename T, typename ReadOne>
bool readList(const QJsonObject &json, const QString &key, QList<T> *list, FieldError *error,
              ReadOne readOne)
{
    QJsonArray array;
    if (!readArray(json, key, &array, error))
        return false;
    QList<T> parsed;
    parsed.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        QJsonObject object;
        if (!readObjectAt(array, i, key, &object, error))
            return false;
        T value;
        if (!readOne(object, &value, error))
            return failInside(error, u"%1[%2]"_s.arg(key).arg(i));
        parsed.append(std::move(value));
    }
    *list = std::move(parsed);
    return true;
}

bool readOptionalNumber(const QJsonObject &json, const QString &key, std::optional<double> *value,
                        FieldError *error)
{
    const QJsonValue field = json.value(key);
    if (field.isUndefined() || field.isNull()) {
        value->reset();
        return true;
    }
    if (!field.isDouble())
        return fail(
                error, key,
                QCoreApplication::translate("optrack::ApiResults", "%1 is not a number.").arg(key));
    *value = field.toDouble();
    return true;
}

bool readTime(const QJsonObject &json, const QString &key, QDateTime *value, FieldError *error)
{
    QString text;
    if (!readString(json, key, &text, error, false))
        return false;
    if (text.isEmpty())
        return true;
    *value = fromWireTime(text);
    if (!value->isValid())
        return fail(
                error, key,
                QCoreApplication::translate("optrack::ApiResults", "%1 is not a time.").arg(key));
    return true;
}

bool readTypeMetrics(const QJsonObject &json, TypeMetrics *metrics, FieldError *error)
{
    if (!readString(json, u"operationType"_s, &metrics->operationType, error))
        return false;
    const QJsonValue counts = json.value(u"counts"_s);
    if (!counts.isObject())
        return fail(error, u"counts"_s,
                    QCoreApplication::translate("optrack::ApiResults", "counts is not an object."));
    const QJsonObject countObject = counts.toObject();
    for (auto it = countObject.begin(); it != countObject.end(); ++it) {
        qint64 count = 0;
        if (!readCount(countObject, it.key(), &count, error))
            return failInside(error, u"counts"_s);
        // A status this app does not know yet still counts towards the total.
        if (const std::optional<OperationStatus> status = statusFromWire(it.key()))
            metrics->countsByStatus.insert(*status, count);
    }
    if (!readCount(json, u"total"_s, &metrics->total, error)
        || !readCount(json, u"finished"_s, &metrics->finished, error, false)
        || !readOptionalNumber(json, u"successRate"_s, &metrics->successRate, error)) {
        return false;
    }
    const QJsonObject duration = json.value(u"durationSeconds"_s).toObject();
    if (!readOptionalNumber(duration, u"p50"_s, &metrics->p50Seconds, error)
        || !readOptionalNumber(duration, u"p95"_s, &metrics->p95Seconds, error)) {
        return failInside(error, u"durationSeconds"_s);
    }
    const QJsonObject approvalWait = json.value(u"approvalWaitSeconds"_s).toObject();
    if (!readOptionalNumber(approvalWait, u"p50"_s, &metrics->approvalWaitP50Seconds, error))
        return failInside(error, u"approvalWaitSeconds"_s);
    return true;
}

bool readRecentFailure(const QJsonObject &json, RecentFailure *failure, FieldError *error)
{
    return readString(json, u"operationId"_s, &failure->operationId, error)
            && readString(json, u"operationType"_s, &failure->operationType, error, false)
            && readString(json, u"displayName"_s, &failure->displayName, error, false)
            && readString(json, u"errorMessage"_s, &failure->errorMessage, error, false)
            && readTime(json, u"failedAt"_s, &failure->failedAt, error);
}

} // namespace

ApiStatus unreadableStatus(const FieldError &error, int httpStatus)
{
    QString detail = error.message;
    if (detail.isEmpty())
        detail = QCoreApplication::translate("optrack::ApiResults",
                                             "%1 is not what the service should send.")
                         .arg(error.field);
    return ApiStatus::failure(
            ErrorCategory::UnreadableAnswer,
            QCoreApplication::translate(
                    "optrack::ApiResults",
                    "The service's answer could not be read: %1 The app may be older "
                    "than the service.")
                    .arg(detail.endsWith(u'.') ? detail : detail + u'.'),
            httpStatus);
}

namespace decode {

bool operation(const QJsonObject &json, Operation *result, FieldError *error)
{
    return codec::fromJson(json, result, error);
}

bool wrappedOperation(const QJsonObject &json, Operation *result, FieldError *error)
{
    const QJsonValue value = json.value(u"operation"_s);
    if (!value.isObject())
        return fail(error, u"operation"_s,
                    QCoreApplication::translate("optrack::ApiResults", "operation is missing."));
    if (!codec::fromJson(value.toObject(), result, error))
        return failInside(error, u"operation"_s);
    return true;
}

bool accepted(const QJsonObject &json, AcceptedOperation *result, FieldError *error)
{
    AcceptedOperation parsed;
    if (!readString(json, u"operationId"_s, &parsed.operationId, error)
        || !readString(json, u"status"_s, &parsed.status, error, false)
        || !readString(json, u"message"_s, &parsed.message, error, false)) {
        return false;
    }
    if (parsed.operationId.isEmpty())
        return fail(error, u"operationId"_s,
                    QCoreApplication::translate("optrack::ApiResults", "operationId is empty."));
    *result = parsed;
    return true;
}

bool vote(const QJsonObject &json, VoteOutcome *result, FieldError *error)
{
    VoteOutcome parsed;
    QString decision;
    if (!readString(json, u"finalDecision"_s, &decision, error))
        return false;
    const std::optional<ApprovalDecision> finalDecision = approvalDecisionFromWire(decision);
    if (!finalDecision)
        return fail(error, u"finalDecision"_s,
                    QCoreApplication::translate("optrack::ApiResults",
                                                "finalDecision \"%1\" is unknown.")
                            .arg(decision));
    parsed.finalDecision = *finalDecision;
    if (!wrappedOperation(json, &parsed.operation, error))
        return false;
    *result = parsed;
    return true;
}

bool operationPage(const QJsonObject &json, OperationPage *result, FieldError *error)
{
    OperationPage page;
    const auto readOperation
            = [](const QJsonObject &object, Operation *operation, FieldError *fieldError) {
                  return codec::fromJson(object, operation, fieldError);
              };
    if (!readList(json, u"operations"_s, &page.operations, error, readOperation)
        || !readCount(json, u"cursor"_s, &page.cursor, error)
        || !readString(json, u"nextPageToken"_s, &page.nextPageToken, error, false)) {
        return false;
    }
    *result = std::move(page);
    return true;
}

bool events(const QJsonObject &json, QList<OperationEvent> *result, FieldError *error)
{
    return readList(json, u"events"_s, result, error,
                    [](const QJsonObject &object, OperationEvent *event, FieldError *fieldError) {
                        return codec::fromJson(object, event, fieldError);
                    });
}

bool files(const QJsonObject &json, QList<FileInfo> *result, FieldError *error)
{
    return readList(json, u"files"_s, result, error,
                    [](const QJsonObject &object, FileInfo *file, FieldError *fieldError) {
                        QString uploadedAt;
                        if (!readString(object, u"fileId"_s, &file->fileId, fieldError)
                            || !readString(object, u"fileName"_s, &file->fileName, fieldError)
                            || !readCount(object, u"fileSize"_s, &file->fileSize, fieldError)
                            || !readCount(object, u"transactionCount"_s, &file->transactionCount,
                                          fieldError, false)
                            || !readString(object, u"uploadedAt"_s, &uploadedAt, fieldError, false)
                            || !readString(object, u"owner"_s, &file->owner, fieldError, false)) {
                            return false;
                        }
                        file->uploadedAt = fromWireTime(uploadedAt);
                        if (!uploadedAt.isEmpty() && !file->uploadedAt.isValid())
                            return fail(fieldError, u"uploadedAt"_s,
                                        QCoreApplication::translate("optrack::ApiResults",
                                                                    "uploadedAt is not a time."));
                        return true;
                    });
}

bool user(const QJsonObject &json, UserInfo *result, FieldError *error)
{
    UserInfo parsed;
    QJsonArray roles;
    if (!readString(json, u"userId"_s, &parsed.userId, error)
        || !readArray(json, u"roles"_s, &roles, error)) {
        return false;
    }
    for (const QJsonValue &role : std::as_const(roles)) {
        if (!role.isString())
            return fail(error, u"roles"_s,
                        QCoreApplication::translate("optrack::ApiResults",
                                                    "roles holds something that is not text."));
        parsed.roles.append(role.toString());
    }
    *result = parsed;
    return true;
}

bool metrics(const QJsonObject &json, MetricsSummary *result, FieldError *error)
{
    MetricsSummary parsed;
    if (!readList(json, u"types"_s, &parsed.types, error, readTypeMetrics))
        return false;
    if (json.contains(u"recentFailures"_s)
        && !readList(json, u"recentFailures"_s, &parsed.recentFailures, error, readRecentFailure)) {
        return false;
    }
    qint64 windowHours = 0;
    if (!readCount(json, u"windowHours"_s, &windowHours, error, false)
        || !readTime(json, u"since"_s, &parsed.since, error)
        || !readTime(json, u"generatedAt"_s, &parsed.generatedAt, error)) {
        return false;
    }
    parsed.windowHours = int(windowHours);
    *result = std::move(parsed);
    return true;
}

} // namespace decode
} // namespace optrack
