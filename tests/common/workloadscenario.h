#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace optrack::testing {

class ApiClient;

/// Steps the workload suites share: transaction files, uploads, exports and waiting for an
/// operation to reach a status. Like ApiScenario, failures fail the running test through
/// Qt Test and the members answer empty values; a caller checks QTest::currentTestFailed().
class WorkloadScenario
{
public:
    // A bound, not a figure: large workloads take many times longer on a loaded machine or
    // under the sanitizers than on a quiet one; a passing run never waits for it.
    static constexpr int settleTimeoutMs = 90'000;
    static inline const QByteArray header
            = QByteArrayLiteral("date,account,amount,currency,description\n");
    static inline const QByteArray exportHeader
            = QByteArrayLiteral("date,account,amount,currency,description,fileId\n");

    /// reader sees every operation (staff or service).
    explicit WorkloadScenario(ApiClient &client, QString reader = QStringLiteral("svc"));

    /// A valid file of rows rows, all dated date, accounts acc-0..acc-(rows-1).
    static QByteArray generatedFile(int rows, const QByteArray &date = "2026-03-15");

    /// Uploads and answers the new operation's id (empty unless 202).
    QString startUpload(const QString &user, const QByteArray &content, const QString &fileName);
    /// Uploads and waits for completion; answers the stored file's id.
    QString uploadStored(const QString &user, const QByteArray &content, const QString &fileName);
    /// Asks for an export and answers the new operation's id (empty unless 202).
    QString startExport(const QString &user, const QString &format, const QString &dateRange);
    /// Exports, waits for completion and downloads as the same user; the file's bytes.
    QByteArray exported(const QString &user, const QString &format, const QString &dateRange);
    /// The rows of a completed JSON export of dateRange, as user.
    QJsonArray exportedRows(const QString &user, const QString &dateRange);

    /// Reads the operation until its status is one of statuses; answers its last state.
    QJsonObject waitForStatus(const QString &operationId, const QStringList &statuses,
                              int timeoutMs = settleTimeoutMs);
    /// Reads the operation until it is terminal (denied, completed, failed, cancelled).
    QJsonObject waitUntilTerminal(const QString &operationId, int timeoutMs = settleTimeoutMs);
    QJsonObject operation(const QString &operationId);
    QJsonArray events(const QString &operationId);

    /// GET /api/files as user; the files array.
    QJsonArray files(const QString &user);
    /// The file in user's list; empty when it is not listed.
    QJsonObject listedFile(const QString &user, const QString &fileId);
    /// Every file id (of user's list).
    QStringList fileIds(const QString &user);

    static const QStringList &terminalStatuses();

private:
    ApiClient &m_client;
    QString m_reader;
};

} // namespace optrack::testing
