#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace optrack::testing {

class ApiClient;

/// "/api/operations/<id><suffix>".
QString operationPath(const QString &operationId, const QString &suffix = {});

QString idOf(const QJsonObject &operation);
QString statusOf(const QJsonObject &operation);
QString ownerOf(const QJsonObject &operation);
qint64 versionOf(const QJsonObject &operation);
QStringList idsOf(const QJsonArray &operations);
QSet<QString> idSetOf(const QJsonArray &operations);

/// The operation without its ETA fields: the estimate may be recomputed on read, so tests
/// that compare states across reads leave it out.
QJsonObject withoutEstimate(QJsonObject operation);

/// How many times longer than usual a test may wait for work the service does (the
/// environment's OPTRACK_TEST_TIMEOUT_SCALE, 1 by default): a sanitizer build runs the
/// workloads several times slower.
int timeoutScale();

/// True for RFC 3339 UTC with milliseconds (2026-11-29T12:00:00.000Z).
bool isWireTime(const QJsonValue &value);

/// Polls scope=all with since until nothing new is left, as user (staff, admin or service);
/// the cursor reached, or -1 when a poll failed.
qint64 latestCursor(ApiClient &client, const QString &user);

} // namespace optrack::testing
