#include "filesclient.h"

#include "apiconnection.h"

#include <QUrl>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

QString encoded(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

} // namespace

FilesClient::FilesClient(ApiConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{ }

ApiCall *FilesClient::list(const QObject *receiver, ResultHandler<QList<FileInfo>> handler)
{
    ApiCall *call = m_connection->get(u"/api/files"_s);
    deliverResult(call, receiver, std::move(handler), &decode::files);
    return call;
}

ApiCall *FilesClient::upload(const QString &filePath, const QObject *receiver,
                             ResultHandler<AcceptedOperation> handler)
{
    ApiCall *call = m_connection->upload(u"/api/files/upload"_s, filePath,
                                         QString::fromLatin1(uploadField),
                                         ApiConnection::newIdempotencyKey());
    deliverResult(call, receiver, std::move(handler), &decode::accepted);
    return call;
}

ApiCall *FilesClient::deleteFile(const QString &fileId, const QObject *receiver,
                                 ResultHandler<AcceptedOperation> handler)
{
    ApiCall *call = m_connection->send("DELETE", u"/api/files/"_s + encoded(fileId), {},
                                       ApiConnection::newIdempotencyKey());
    deliverResult(call, receiver, std::move(handler), &decode::accepted);
    return call;
}

ApiCall *FilesClient::exportData(ExportFormat format, const QString &dateRange,
                                 const QObject *receiver, ResultHandler<AcceptedOperation> handler)
{
    const QJsonObject body{{u"format"_s, format == ExportFormat::Csv ? u"csv"_s : u"json"_s},
                           {u"dateRange"_s, dateRange}};
    ApiCall *call = m_connection->send("POST", u"/api/data/export"_s, body,
                                       ApiConnection::newIdempotencyKey());
    deliverResult(call, receiver, std::move(handler), &decode::accepted);
    return call;
}

ApiCall *FilesClient::downloadExport(const QString &operationId, const QString &targetPath,
                                     const QObject *receiver, ResultHandler<QString> handler)
{
    ApiCall *call = m_connection->download(
            u"/api/exports/"_s + encoded(operationId) + u"/download"_s, targetPath);
    deliverResult(call, receiver, std::move(handler),
                  [targetPath](const QJsonObject &, QString *result, FieldError *) {
                      *result = targetPath;
                      return true;
                  });
    return call;
}

} // namespace optrack
