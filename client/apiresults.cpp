#include "apiresults.h"

#include "jsonreader.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

using Need = JsonReader::Need;

/// The service's answers: a null field is an absent one, so a service of another version
/// that sends null for what this app requires reads as "is required".
JsonReader answerReader(const QJsonObject &json, FieldError *error)
{
    return JsonReader(json, error, QString(), JsonReader::Null::IsAbsent);
}

/// A time, or an invalid QDateTime when absent, null or empty.
QDateTime timeOrNone(JsonReader &json, const QString &key)
{
    if (json.string(key, Need::Optional).value_or(QString()).isEmpty())
        return {};
    return json.time(key, Need::Required).value_or(QDateTime());
}

/// {"p50": ..., ...} under key, leniently: a missing or malformed one has no figures.
JsonReader percentiles(JsonReader &json, const QString &key)
{
    return json.at(key, json.object().value(key).toObject());
}

bool readTypeMetrics(JsonReader &json, TypeMetrics *metrics)
{
    metrics->operationType = json.string(u"operationType"_s, Need::Required).value_or(QString());
    const QJsonObject counts = json.object(u"counts"_s, Need::Required).value_or(QJsonObject());
    JsonReader countsJson = json.at(u"counts"_s, counts);
    for (auto it = counts.begin(); json.ok() && it != counts.end(); ++it) {
        const std::optional<qint64> count = countsJson.integer(it.key(), Need::Required, 0);
        // A status this app does not know yet still counts towards the total.
        const std::optional<OperationStatus> status = statusFromWire(it.key());
        if (count && status)
            metrics->countsByStatus.insert(*status, *count);
    }
    metrics->total = json.integer(u"total"_s, Need::Required, 0).value_or(0);
    metrics->finished = json.integer(u"finished"_s, Need::Optional, 0).value_or(0);
    metrics->successRate = json.number(u"successRate"_s, Need::Optional);
    JsonReader duration = percentiles(json, u"durationSeconds"_s);
    metrics->p50Seconds = duration.number(u"p50"_s, Need::Optional);
    metrics->p95Seconds = duration.number(u"p95"_s, Need::Optional);
    JsonReader approvalWait = percentiles(json, u"approvalWaitSeconds"_s);
    metrics->approvalWaitP50Seconds = approvalWait.number(u"p50"_s, Need::Optional);
    return json.ok();
}

bool readRecentFailure(JsonReader &json, RecentFailure *failure)
{
    failure->operationId = json.string(u"operationId"_s, Need::Required).value_or(QString());
    failure->operationType = json.string(u"operationType"_s, Need::Optional).value_or(QString());
    failure->displayName = json.string(u"displayName"_s, Need::Optional).value_or(QString());
    failure->errorMessage = json.string(u"errorMessage"_s, Need::Optional).value_or(QString());
    failure->failedAt = timeOrNone(json, u"failedAt"_s);
    return json.ok();
}

bool readFile(JsonReader &json, FileInfo *file)
{
    file->fileId = json.string(u"fileId"_s, Need::Required).value_or(QString());
    file->fileName = json.string(u"fileName"_s, Need::Required).value_or(QString());
    file->fileSize = json.integer(u"fileSize"_s, Need::Required, 0).value_or(0);
    file->transactionCount = json.integer(u"transactionCount"_s, Need::Optional, 0).value_or(0);
    file->uploadedAt = timeOrNone(json, u"uploadedAt"_s);
    file->owner = json.string(u"owner"_s, Need::Optional).value_or(QString());
    return json.ok();
}

bool readOperation(JsonReader &json, Operation *operation)
{
    return codec::read(json, operation);
}

bool readEvent(JsonReader &json, OperationEvent *event)
{
    return codec::read(json, event);
}

/// json["operation"], the operation an action answers with.
bool readWrappedOperation(JsonReader &json, Operation *result)
{
    const std::optional<QJsonObject> object = json.object(u"operation"_s, Need::Required);
    if (!object)
        return false;
    JsonReader operation = json.at(u"operation"_s, *object);
    return codec::read(operation, result);
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
    JsonReader reader = answerReader(json, error);
    return readWrappedOperation(reader, result);
}

bool accepted(const QJsonObject &json, AcceptedOperation *result, FieldError *error)
{
    JsonReader reader = answerReader(json, error);
    AcceptedOperation parsed;
    parsed.operationId
            = reader.string(u"operationId"_s, Need::Required, JsonReader::unlimited, false)
                      .value_or(QString());
    parsed.status = reader.string(u"status"_s, Need::Optional).value_or(QString());
    parsed.message = reader.string(u"message"_s, Need::Optional).value_or(QString());
    if (!reader.ok())
        return false;
    *result = parsed;
    return true;
}

bool vote(const QJsonObject &json, VoteOutcome *result, FieldError *error)
{
    JsonReader reader = answerReader(json, error);
    VoteOutcome parsed;
    if (const auto decision = reader.string(u"finalDecision"_s, Need::Required)) {
        const std::optional<ApprovalDecision> finalDecision = approvalDecisionFromWire(*decision);
        if (!finalDecision)
            return reader.failWith(
                    u"finalDecision"_s,
                    QCoreApplication::translate("optrack::ApiResults", "\"%1\" is unknown.")
                            .arg(*decision));
        parsed.finalDecision = *finalDecision;
    }
    if (!reader.ok() || !readWrappedOperation(reader, &parsed.operation))
        return false;
    *result = parsed;
    return true;
}

bool operationPage(const QJsonObject &json, OperationPage *result, FieldError *error)
{
    JsonReader reader = answerReader(json, error);
    OperationPage page;
    page.operations = reader.objects<Operation>(u"operations"_s, Need::Required, readOperation)
                              .value_or(QList<Operation>());
    page.cursor = reader.integer(u"cursor"_s, Need::Required, 0).value_or(0);
    page.nextPageToken = reader.string(u"nextPageToken"_s, Need::Optional).value_or(QString());
    page.total = reader.integer(u"total"_s, Need::Optional, 0);
    page.version = reader.integer(u"version"_s, Need::Optional, 0);
    if (!reader.ok())
        return false;
    *result = std::move(page);
    return true;
}

bool counts(const QJsonObject &json, ServiceCounts *result, FieldError *error)
{
    JsonReader reader = answerReader(json, error);
    ServiceCounts parsed;
    parsed.version = reader.integer(u"version"_s, Need::Required, 0).value_or(0);
    parsed.total = reader.integer(u"total"_s, Need::Required, 0).value_or(0);
    parsed.needsMyVote = reader.integer(u"needsMyVote"_s, Need::Optional, 0).value_or(0);
    // Statuses this app does not know yet are left out; the total still counts them.
    const auto readStatuses = [&reader](const QString &key, const QJsonObject &object) {
        QMap<OperationStatus, qint64> result;
        JsonReader statuses = reader.at(key, object);
        for (auto it = object.begin(); statuses.ok() && it != object.end(); ++it) {
            const std::optional<qint64> count = statuses.integer(it.key(), Need::Required, 0);
            const std::optional<OperationStatus> status = statusFromWire(it.key());
            if (count && status)
                result.insert(*status, *count);
        }
        return result;
    };
    parsed.byStatus = readStatuses(
            u"byStatus"_s, reader.object(u"byStatus"_s, Need::Required).value_or(QJsonObject()));
    const QJsonObject types = reader.object(u"byType"_s, Need::Optional).value_or(QJsonObject());
    for (auto it = types.begin(); reader.ok() && it != types.end(); ++it)
        parsed.byType.insert(it.key(), readStatuses(u"byType."_s + it.key(), it->toObject()));
    if (!reader.ok())
        return false;
    *result = std::move(parsed);
    return true;
}

bool events(const QJsonObject &json, QList<OperationEvent> *result, FieldError *error)
{
    JsonReader reader = answerReader(json, error);
    std::optional<QList<OperationEvent>> events
            = reader.objects<OperationEvent>(u"events"_s, Need::Required, readEvent);
    if (!events)
        return false;
    *result = std::move(*events);
    return true;
}

bool files(const QJsonObject &json, QList<FileInfo> *result, FieldError *error)
{
    JsonReader reader = answerReader(json, error);
    std::optional<QList<FileInfo>> files
            = reader.objects<FileInfo>(u"files"_s, Need::Required, readFile);
    if (!files)
        return false;
    *result = std::move(*files);
    return true;
}

bool user(const QJsonObject &json, UserInfo *result, FieldError *error)
{
    JsonReader reader = answerReader(json, error);
    UserInfo parsed;
    parsed.userId = reader.string(u"userId"_s, Need::Required).value_or(QString());
    parsed.roles = reader.strings(u"roles"_s, Need::Required).value_or(QStringList());
    if (!reader.ok())
        return false;
    *result = parsed;
    return true;
}

bool metrics(const QJsonObject &json, MetricsSummary *result, FieldError *error)
{
    JsonReader reader = answerReader(json, error);
    MetricsSummary parsed;
    parsed.types = reader.objects<TypeMetrics>(u"types"_s, Need::Required, readTypeMetrics)
                           .value_or(QList<TypeMetrics>());
    parsed.recentFailures
            = reader.objects<RecentFailure>(u"recentFailures"_s, Need::Optional, readRecentFailure)
                      .value_or(QList<RecentFailure>());
    parsed.windowHours = int(reader.integer(u"windowHours"_s, Need::Optional, 0).value_or(0));
    parsed.since = timeOrNone(reader, u"since"_s);
    parsed.generatedAt = timeOrNone(reader, u"generatedAt"_s);
    if (!reader.ok())
        return false;
    *result = std::move(parsed);
    return true;
}

} // namespace decode
} // namespace optrack
