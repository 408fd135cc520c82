#pragma once

#include "apiresults.h"

#include <QObject>
#include <QPointer>

namespace optrack {

class ApiConnection;

enum class ExportFormat { Csv, Json };

/// Transaction files and exports: list, upload (multipart, with upload progress),
/// delete, export and download an export to a file. Upload, delete and export each
/// carry a fresh Idempotency-Key, kept when the same ApiCall is sent again.
class FilesClient final : public QObject
{
    Q_OBJECT

public:
    static constexpr auto uploadField = "file";

    explicit FilesClient(ApiConnection *connection, QObject *parent = nullptr);

    ApiCall *list(const QObject *receiver = nullptr, ResultHandler<QList<FileInfo>> handler = {});
    /// POST /api/files/upload; watch ApiCall::uploadProgress.
    ApiCall *upload(const QString &filePath, const QObject *receiver = nullptr,
                    ResultHandler<AcceptedOperation> handler = {});
    /// DELETE /api/files/{fileId}: starts an operation that waits for approval.
    ApiCall *deleteFile(const QString &fileId, const QObject *receiver = nullptr,
                        ResultHandler<AcceptedOperation> handler = {});
    /// POST /api/data/export; `dateRange` is YYYY, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD.
    ApiCall *exportData(ExportFormat format, const QString &dateRange,
                        const QObject *receiver = nullptr,
                        ResultHandler<AcceptedOperation> handler = {});
    /// GET /api/exports/{operationId}/download into `targetPath` (replaced only when
    /// the whole file arrived); the handler gets the path.
    ApiCall *downloadExport(const QString &operationId, const QString &targetPath,
                            const QObject *receiver = nullptr, ResultHandler<QString> handler = {});

private:
    QPointer<ApiConnection> m_connection;
};

} // namespace optrack
