#include "apihelpers.h"

#include "apiclient.h"

#include <QRegularExpression>

#include <algorithm>

namespace optrack::testing {

using namespace Qt::StringLiterals;

namespace {
constexpr int cursorWalkLimit = 1000;
constexpr int maxCursorWalkPages = 1000;
} // namespace

QString operationPath(const QString &operationId, const QString &suffix)
{
    return u"/api/operations/"_s + operationId + suffix;
}

QString idOf(const QJsonObject &operation)
{
    return operation.value(u"operationId"_s).toString();
}

QString statusOf(const QJsonObject &operation)
{
    return operation.value(u"status"_s).toString();
}

QString ownerOf(const QJsonObject &operation)
{
    return operation.value(u"context"_s).toObject().value(u"userId"_s).toString();
}

qint64 versionOf(const QJsonObject &operation)
{
    return operation.value(u"version"_s).toInteger(-1);
}

QStringList idsOf(const QJsonArray &operations)
{
    QStringList ids;
    for (const QJsonValue &value : operations)
        ids.append(idOf(value.toObject()));
    return ids;
}

QSet<QString> idSetOf(const QJsonArray &operations)
{
    const QStringList ids = idsOf(operations);
    return {ids.cbegin(), ids.cend()};
}

QJsonObject withoutEstimate(QJsonObject operation)
{
    operation.remove(u"etaSeconds"_s);
    operation.remove(u"timeRemaining"_s);
    return operation;
}

int timeoutScale()
{
    static const int scale
            = std::max(1, qEnvironmentVariableIntValue("OPTRACK_TEST_TIMEOUT_SCALE"));
    return scale;
}

bool isWireTime(const QJsonValue &value)
{
    static const QRegularExpression pattern(
            u"\\A\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\z"_s);
    return value.isString() && pattern.match(value.toString()).hasMatch();
}

qint64 latestCursor(ApiClient &client, const QString &user)
{
    qint64 cursor = 0;
    for (int page = 0; page < maxCursorWalkPages; ++page) {
        const ApiResponse response = client.get(
                u"/api/operations?scope=all&limit=%1&since=%2"_s.arg(cursorWalkLimit).arg(cursor),
                user);
        if (response.status == 304)
            return cursor;
        if (response.status != 200)
            return -1;
        if (response.operations().isEmpty())
            return cursor;
        cursor = response.json.value(u"cursor"_s).toInteger(-1);
        if (cursor < 0)
            return -1;
    }
    return -1;
}

} // namespace optrack::testing
