#include "apiconnection.h"

#include <QFile>
#include <QFileInfo>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

const QByteArray jsonContentType = QByteArrayLiteral("application/json");
const QByteArray idempotencyHeader = QByteArrayLiteral("Idempotency-Key");
const QByteArray deleteVerb = QByteArrayLiteral("DELETE");
const QByteArray postVerb = QByteArrayLiteral("POST");

/// The file name as it may appear inside a quoted Content-Disposition parameter.
QByteArray quotedFileName(const QString &fileName)
{
    QString safe = fileName;
    safe.replace(u'"', u'_').replace(u'\\', u'_').replace(u'\r', u'_').replace(u'\n', u'_');
    return '"' + safe.toUtf8() + '"';
}

} // namespace

ApiConnection::ApiConnection(QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
{ }

ApiConnection::ApiConnection(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
{ }

ApiConnection::~ApiConnection() = default;

void ApiConnection::setEndpoint(const QUrl &baseUrl, const QString &token)
{
    if (baseUrl == m_baseUrl && token == m_token)
        return;
    m_baseUrl = baseUrl;
    m_token = token;
    emit endpointChanged();
}

void ApiConnection::moveTo(const QUrl &baseUrl)
{
    if (baseUrl == m_baseUrl)
        return;
    m_baseUrl = baseUrl;
    emit endpointMoved();
}

QByteArray ApiConnection::userAgent()
{
    return QByteArrayLiteral("Optrack/" OPTRACK_VERSION);
}

QString ApiConnection::newIdempotencyKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QUrl ApiConnection::url(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    url.setQuery(query);
    return url;
}

QNetworkRequest ApiConnection::buildRequest(const QString &path, const QUrlQuery &query) const
{
    QNetworkRequest request(url(path, query));
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader("Accept", jsonContentType);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setTransferTimeout(int(m_transferTimeout.count()));
    return request;
}

QNetworkRequest ApiConnection::buildStreamRequest(qint64 since) const
{
    QNetworkRequest request
            = buildRequest(u"/api/stream"_s, QUrlQuery{{u"since"_s, QString::number(since)}});
    QUrl url = request.url();
    url.setScheme(url.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    request.setUrl(url);
    return request;
}

ApiCall *ApiConnection::start(ApiCall::Sender sender, QObject *parent,
                              const QString &idempotencyKey)
{
    auto *call = new ApiCall(std::move(sender), parent ? parent : this);
    call->setIdempotencyKey(idempotencyKey);
    call->send();
    return call;
}

ApiCall *ApiConnection::get(const QString &path, const QUrlQuery &query, const Headers &headers,
                            QObject *parent)
{
    QPointer<ApiConnection> self(this);
    return start(
            [self, path, query, headers](ApiStatus *error) -> QNetworkReply * {
                if (!self) {
                    *error = ApiStatus::failure(ErrorCategory::Aborted, tr("The app is closing."));
                    return nullptr;
                }
                QNetworkRequest request = self->buildRequest(path, query);
                for (const auto &[name, value] : headers)
                    request.setRawHeader(name, value);
                return self->m_manager->get(request);
            },
            parent);
}

ApiCall *ApiConnection::send(const QByteArray &verb, const QString &path, const QJsonObject &body,
                             const QString &idempotencyKey, QObject *parent)
{
    QPointer<ApiConnection> self(this);
    const QByteArray data = body.isEmpty() && verb == deleteVerb
            ? QByteArray()
            : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return start(
            [self, verb, path, data, idempotencyKey](ApiStatus *error) -> QNetworkReply * {
                if (!self) {
                    *error = ApiStatus::failure(ErrorCategory::Aborted, tr("The app is closing."));
                    return nullptr;
                }
                QNetworkRequest request = self->buildRequest(path);
                if (!idempotencyKey.isEmpty())
                    request.setRawHeader(idempotencyHeader, idempotencyKey.toLatin1());
                if (data.isEmpty() && verb == deleteVerb)
                    return self->m_manager->deleteResource(request);
                request.setHeader(QNetworkRequest::ContentTypeHeader, jsonContentType);
                if (verb == postVerb)
                    return self->m_manager->post(request, data);
                return self->m_manager->sendCustomRequest(request, verb, data);
            },
            parent, idempotencyKey);
}

ApiCall *ApiConnection::upload(const QString &path, const QString &filePath,
                               const QString &fieldName, const QString &idempotencyKey,
                               QObject *parent)
{
    QPointer<ApiConnection> self(this);
    return start(
            [self, path, filePath, fieldName, idempotencyKey](ApiStatus *error) -> QNetworkReply * {
                if (!self) {
                    *error = ApiStatus::failure(ErrorCategory::Aborted, tr("The app is closing."));
                    return nullptr;
                }
                auto *multiPart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
                auto *file = new QFile(filePath, multiPart);
                if (!file->open(QIODevice::ReadOnly)) {
                    *error = ApiStatus::failure(ErrorCategory::LocalFile,
                                                tr("Cannot read %1: %2. Check that the file exists "
                                                   "and may be read.")
                                                        .arg(filePath, file->errorString()));
                    delete multiPart;
                    return nullptr;
                }
                QHttpPart part;
                part.setRawHeader("Content-Disposition",
                                  "form-data; name=\"" + fieldName.toLatin1() + "\"; filename="
                                          + quotedFileName(QFileInfo(filePath).fileName()));
                part.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/csv"));
                part.setBodyDevice(file);
                multiPart->append(part);

                QNetworkRequest request = self->buildRequest(path);
                request.setRawHeader(idempotencyHeader, idempotencyKey.toLatin1());
                QNetworkReply *reply = self->m_manager->post(request, multiPart);
                multiPart->setParent(reply);
                return reply;
            },
            parent, idempotencyKey);
}

ApiCall *ApiConnection::download(const QString &path, const QString &targetPath, QObject *parent)
{
    QPointer<ApiConnection> self(this);
    auto *call = new ApiCall(
            [self, path](ApiStatus *error) -> QNetworkReply * {
                if (!self) {
                    *error = ApiStatus::failure(ErrorCategory::Aborted, tr("The app is closing."));
                    return nullptr;
                }
                QNetworkRequest request = self->buildRequest(path);
                request.setRawHeader("Accept", "*/*");
                return self->m_manager->get(request);
            },
            parent ? parent : this);
    call->setDownloadPath(targetPath);
    call->send();
    return call;
}

} // namespace optrack
