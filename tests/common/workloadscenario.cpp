#include "workloadscenario.h"

#include "apiclient.h"
#include "apihelpers.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QTest>

namespace optrack::testing {

using namespace Qt::StringLiterals;

WorkloadScenario::WorkloadScenario(ApiClient &client, QString reader)
    : m_client(client)
    , m_reader(std::move(reader))
{ }

const QStringList &WorkloadScenario::terminalStatuses()
{
    static const QStringList statuses{u"denied"_s, u"completed"_s, u"failed"_s, u"cancelled"_s};
    return statuses;
}

QByteArray WorkloadScenario::generatedFile(int rows, const QByteArray &date)
{
    QByteArray file = header;
    file.reserve(header.size() + qsizetype(rows) * 48);
    for (int i = 0; i < rows; ++i) {
        file += date + ",acc-" + QByteArray::number(i) + ',' + QByteArray::number(i % 1000) + '.'
                + QByteArray::number(i % 100).rightJustified(2, '0') + ",EUR,row "
                + QByteArray::number(i) + '\n';
    }
    return file;
}

QString WorkloadScenario::startUpload(const QString &user, const QByteArray &content,
                                      const QString &fileName)
{
    const ApiResponse response = m_client.upload(user, content, fileName);
    if (response.status != 202) {
        QTest::qFail(qPrintable(u"upload failed: "_s + response.describe()), __FILE__, __LINE__);
        return {};
    }
    return response.json.value(u"operationId"_s).toString();
}

QString WorkloadScenario::uploadStored(const QString &user, const QByteArray &content,
                                       const QString &fileName)
{
    const QString id = startUpload(user, content, fileName);
    if (id.isEmpty())
        return {};
    const QJsonObject done = waitUntilTerminal(id);
    if (statusOf(done) != u"completed"_s) {
        QTest::qFail(qPrintable(u"upload %1 ended %2: %3"_s.arg(
                             id, statusOf(done), done.value(u"errorMessage"_s).toString())),
                     __FILE__, __LINE__);
        return {};
    }
    return done.value(u"result"_s).toObject().value(u"fileId"_s).toString();
}

QString WorkloadScenario::startExport(const QString &user, const QString &format,
                                      const QString &dateRange)
{
    const ApiResponse response = m_client.post(
            u"/api/data/export"_s, user, {{u"format"_s, format}, {u"dateRange"_s, dateRange}});
    if (response.status != 202) {
        QTest::qFail(qPrintable(u"export failed: "_s + response.describe()), __FILE__, __LINE__);
        return {};
    }
    return response.json.value(u"operationId"_s).toString();
}

QByteArray WorkloadScenario::exported(const QString &user, const QString &format,
                                      const QString &dateRange)
{
    const QString id = startExport(user, format, dateRange);
    if (id.isEmpty())
        return {};
    const QJsonObject done = waitUntilTerminal(id);
    if (statusOf(done) != u"completed"_s) {
        QTest::qFail(qPrintable(u"export %1 ended %2: %3"_s.arg(
                             id, statusOf(done), done.value(u"errorMessage"_s).toString())),
                     __FILE__, __LINE__);
        return {};
    }
    const ApiResponse download = m_client.get(u"/api/exports/%1/download"_s.arg(id), user);
    if (download.status != 200) {
        QTest::qFail(qPrintable(u"download failed: "_s + download.describe()), __FILE__, __LINE__);
        return {};
    }
    return download.body;
}

QJsonArray WorkloadScenario::exportedRows(const QString &user, const QString &dateRange)
{
    const QByteArray body = exported(user, u"json"_s, dateRange);
    if (QTest::currentTestFailed())
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isArray()) {
        QTest::qFail(qPrintable(u"the JSON export is not an array: "_s + error.errorString()),
                     __FILE__, __LINE__);
        return {};
    }
    return document.array();
}

QJsonObject WorkloadScenario::operation(const QString &operationId)
{
    const ApiResponse response = m_client.get(operationPath(operationId), m_reader);
    if (response.status != 200) {
        QTest::qFail(qPrintable(u"read failed: "_s + response.describe()), __FILE__, __LINE__);
        return {};
    }
    return response.json;
}

QJsonObject WorkloadScenario::waitForStatus(const QString &operationId, const QStringList &statuses,
                                            int timeoutMs)
{
    QJsonObject latest;
    bool readFailed = false;
    const bool reached = QTest::qWaitFor(
            [&] {
                const ApiResponse response = m_client.get(operationPath(operationId), m_reader);
                readFailed = response.status != 200;
                latest = response.json;
                return readFailed || statuses.contains(statusOf(latest));
            },
            timeoutMs * timeoutScale());
    if (!reached || readFailed) {
        QTest::qFail(
                qPrintable(u"operation %1 did not reach %2; it is %3"_s.arg(
                        operationId, statuses.join(u'|'),
                        QString::fromUtf8(QJsonDocument(latest).toJson(QJsonDocument::Compact)))),
                __FILE__, __LINE__);
        return {};
    }
    return latest;
}

QJsonObject WorkloadScenario::waitUntilTerminal(const QString &operationId, int timeoutMs)
{
    return waitForStatus(operationId, terminalStatuses(), timeoutMs);
}

QJsonArray WorkloadScenario::events(const QString &operationId)
{
    const ApiResponse response = m_client.get(operationPath(operationId, u"/events"_s), m_reader);
    if (response.status != 200) {
        QTest::qFail(qPrintable(u"events failed: "_s + response.describe()), __FILE__, __LINE__);
        return {};
    }
    return response.json.value(u"events"_s).toArray();
}

QJsonArray WorkloadScenario::files(const QString &user)
{
    const ApiResponse response = m_client.get(u"/api/files"_s, user);
    if (response.status != 200) {
        QTest::qFail(qPrintable(u"file list failed: "_s + response.describe()), __FILE__, __LINE__);
        return {};
    }
    return response.json.value(u"files"_s).toArray();
}

QJsonObject WorkloadScenario::listedFile(const QString &user, const QString &fileId)
{
    for (const QJsonValue &value : files(user)) {
        if (value.toObject().value(u"fileId"_s).toString() == fileId)
            return value.toObject();
    }
    return {};
}

QStringList WorkloadScenario::fileIds(const QString &user)
{
    QStringList ids;
    for (const QJsonValue &value : files(user))
        ids.append(value.toObject().value(u"fileId"_s).toString());
    return ids;
}

} // namespace optrack::testing
