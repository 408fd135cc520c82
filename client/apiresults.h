#pragma once

#include "apicall.h"
#include "apistatus.h"
#include "operation.h"
#include "operationcodec.h"
#include "operationevent.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace optrack {

/// Receives the outcome of one action and its typed result (default-made on failure).
template<typename T>
using ResultHandler = std::function<void(const ApiStatus &status, const T &result)>;

/// 202 answers of upload, delete, export and retry: the operation that does the work.
struct AcceptedOperation
{
    QString operationId;
    QString status;
    QString message;
};

/// POST /api/operations/{id}/votes.
struct VoteOutcome
{
    ApprovalDecision finalDecision = ApprovalDecision::Pending;
    Operation operation;
};

/// One page of GET /api/operations.
struct OperationPage
{
    QList<Operation> operations;
    qint64 cursor = 0;
    QString nextPageToken;
    /// Operations matching the query in all, and the version the page is consistent
    /// with: answers to a windowed list (`sort`, `offset`) carry them.
    std::optional<qint64> total;
    std::optional<qint64> version;
};

/// GET /api/operations/counts (and the stream's "counts" messages): the service's exact
/// counts of the operations a scope covers, per status and per type and status.
struct ServiceCounts
{
    qint64 version = 0;
    qint64 total = 0;
    QMap<OperationStatus, qint64> byStatus;
    QMap<QString, QMap<OperationStatus, qint64>> byType;
    qint64 needsMyVote = 0;

    qint64 statusCount(OperationStatus status) const { return byStatus.value(status); }
};

/// One stored transaction file of GET /api/files.
struct FileInfo
{
    QString fileId;
    QString fileName;
    qint64 fileSize = 0;
    qint64 transactionCount = 0;
    QDateTime uploadedAt;
    QString owner;
};

/// GET /api/me.
struct UserInfo
{
    QString userId;
    QStringList roles;

    bool hasRole(const QString &role) const { return roles.contains(role); }
};

/// One operation type's line of GET /api/metrics/summary.
struct TypeMetrics
{
    QString operationType;
    QMap<OperationStatus, qint64> countsByStatus;
    qint64 total = 0;
    /// Terminal ones among `total`.
    qint64 finished = 0;
    /// Completed among finished ones, 0..1; unset while none finished.
    std::optional<double> successRate;
    /// Durations of completed operations, when there are any.
    std::optional<double> p50Seconds;
    std::optional<double> p95Seconds;
    /// How long approval took (median), when anything waited for it.
    std::optional<double> approvalWaitP50Seconds;
};

/// A recent failure listed by the metrics summary.
struct RecentFailure
{
    QString operationId;
    QString operationType;
    QString displayName;
    QString errorMessage;
    QDateTime failedAt;
};

/// GET /api/metrics/summary (staff, admin): the service's figures over a window.
struct MetricsSummary
{
    QList<TypeMetrics> types;
    QList<RecentFailure> recentFailures;
    int windowHours = 0;
    QDateTime since;
    QDateTime generatedAt;
};

/// Strict readers of the service's answers: false with the field named when the
/// answer does not have the shape the contract gives it.
namespace decode {

bool operation(const QJsonObject &json, Operation *result, FieldError *error);
/// An answer that carries the operation in "operation" (cancel).
bool wrappedOperation(const QJsonObject &json, Operation *result, FieldError *error);
bool accepted(const QJsonObject &json, AcceptedOperation *result, FieldError *error);
bool vote(const QJsonObject &json, VoteOutcome *result, FieldError *error);
bool operationPage(const QJsonObject &json, OperationPage *result, FieldError *error);
bool events(const QJsonObject &json, QList<OperationEvent> *result, FieldError *error);
bool counts(const QJsonObject &json, ServiceCounts *result, FieldError *error);
bool files(const QJsonObject &json, QList<FileInfo> *result, FieldError *error);
bool user(const QJsonObject &json, UserInfo *result, FieldError *error);
bool metrics(const QJsonObject &json, MetricsSummary *result, FieldError *error);

} // namespace decode

/// The status of an answer that arrived but did not have the contract's shape.
ApiStatus unreadableStatus(const FieldError &error, int httpStatus);

/// Decodes the call's JSON answer with `decoder` and hands the typed result to
/// `handler`, unless `receiver` was given and has been destroyed since.
template<typename T, typename Decoder>
void deliverResult(ApiCall *call, const QObject *receiver, ResultHandler<T> handler,
                   Decoder decoder)
{
    const QPointer<const QObject> guard(receiver);
    const bool guarded = receiver != nullptr;
    call->setInterpreter([guard, guarded, handler = std::move(handler),
                          decoder](ApiStatus *status, const QJsonObject &json) {
        T value{};
        if (status->ok() && !status->notModified()) {
            FieldError error;
            if (!decoder(json, &value, &error)) {
                *status = unreadableStatus(error, status->httpStatus);
                value = T{};
            }
        }
        if (handler && (!guarded || guard))
            handler(*status, value);
    });
}

} // namespace optrack
