#pragma once

#include "operation.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// Operations for the model tests: fixed times, so tests compare exact values.
namespace testoperations {

inline QDateTime baseTime()
{
    return QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);
}

inline optrack::Operation make(const QString &id, qint64 version = 1,
                               optrack::OperationStatus status
                               = optrack::OperationStatus::InProgress,
                               double progress = 0, const QString &owner = QStringLiteral("alice"))
{
    optrack::Operation operation;
    operation.operationId = id;
    operation.operationType = QStringLiteral("file_upload");
    operation.entityId = QStringLiteral("entity_") + id;
    operation.displayName = QStringLiteral("Uploading ") + id;
    operation.status = status;
    operation.progressPercentage = progress;
    operation.totalSteps = 3;
    operation.currentStep = 1;
    operation.stepDescription = QStringLiteral("Reading rows");
    operation.context = QJsonObject{{QStringLiteral("userId"), owner}};
    operation.createdAt = baseTime();
    operation.updatedAt = baseTime();
    operation.version = version;
    return operation;
}

} // namespace testoperations
