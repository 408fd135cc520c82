#include "apiclient.h"

#include "optrackdprocess.h"

#include <QEventLoop>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTest>
#include <QTimer>

#include <algorithm>

namespace optrack::testing {

using namespace Qt::StringLiterals;

namespace {
// The transfer timeout fires first; the spy's wait is a backstop.
constexpr int waitMarginMs = 2'000;
} // namespace

ApiClient::ApiClient(const OptrackdProcess *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
{
    configure(&m_manager);
    for (int i = 0; i < asyncManagerCount; ++i) {
        m_asyncManagers.push_back(std::make_unique<QNetworkAccessManager>());
        configure(m_asyncManagers.back().get());
    }
}

ApiClient::~ApiClient() = default;

void ApiClient::configure(QNetworkAccessManager *manager)
{
    // A proxy from the environment must never see loopback test traffic.
    manager->setProxy(QNetworkProxy::NoProxy);
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QUrl ApiClient::url(const QString &pathAndQuery) const
{
    const QUrl base = m_baseUrl.isEmpty() ? m_server->baseUrl() : m_baseUrl;
    return base.resolved(QUrl(pathAndQuery));
}

QString ApiClient::requestLine(const ApiRequest &request)
{
    return QString::fromLatin1(request.method) + u' ' + request.path + u" as "_s
            + (request.user.isEmpty() ? u"(no token)"_s : request.user);
}

QNetworkReply *ApiClient::start(QNetworkAccessManager *manager, const ApiRequest &request,
                                int timeoutMs) const
{
    QNetworkRequest networkRequest(url(request.path));
    networkRequest.setTransferTimeout(timeoutMs);
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!request.user.isEmpty()) {
        networkRequest.setRawHeader("Authorization"_ba,
                                    "Bearer "_ba + m_server->token(request.user).toUtf8());
    }
    if (!request.formParts.isEmpty()) {
        for (const auto &[name, value] : request.headers)
            networkRequest.setRawHeader(name, value);
        auto *multiPart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        for (const FormPart &part : request.formParts)
            multiPart->append(formPart(part));
        QNetworkReply *reply
                = manager->sendCustomRequest(networkRequest, request.method, multiPart);
        multiPart->setParent(reply);
        return reply;
    }
    QByteArray body;
    const bool hasBody = request.json || request.rawBody;
    if (request.json)
        body = QJsonDocument(*request.json).toJson(QJsonDocument::Compact);
    else if (request.rawBody)
        body = *request.rawBody;
    if (hasBody)
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    for (const auto &[name, value] : request.headers)
        networkRequest.setRawHeader(name, value);
    if (hasBody)
        return manager->sendCustomRequest(networkRequest, request.method, body);
    return manager->sendCustomRequest(networkRequest, request.method);
}

QHttpPart ApiClient::formPart(const FormPart &part)
{
    QHttpPart httpPart;
    // Written out by hand so a file name goes on the wire verbatim ("../../x.csv" included).
    QByteArray disposition = "form-data; name=\"" + part.name + '"';
    if (part.fileName)
        disposition += "; filename=\"" + part.fileName->toUtf8() + '"';
    httpPart.setRawHeader("Content-Disposition"_ba, disposition);
    if (!part.contentType.isEmpty())
        httpPart.setRawHeader("Content-Type"_ba, part.contentType);
    httpPart.setBody(part.data);
    return httpPart;
}

ApiResponse ApiClient::toResponse(QNetworkReply *reply, const QString &requestLine)
{
    ApiResponse response;
    response.requestLine = requestLine;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.networkError = reply->error();
    response.errorString = reply->errorString();
    response.headers = reply->rawHeaderPairs();
    response.body = reply->readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        response.json = document.object();
        response.isJsonObject = true;
    }
    return response;
}

ApiResponse ApiClient::send(const ApiRequest &request, int timeoutMs)
{
    QNetworkReply *reply = start(&m_manager, request, timeoutMs);
    if (!reply->isFinished()) {
        // An event loop of its own rather than QSignalSpy::wait(), which returns at once
        // once the running test has failed: later checks still see real answers.
        QEventLoop loop;
        QTimer backstop;
        backstop.setSingleShot(true);
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        connect(&backstop, &QTimer::timeout, &loop, &QEventLoop::quit);
        backstop.start(timeoutMs + waitMarginMs);
        loop.exec();
    }
    if (!reply->isFinished())
        reply->abort();
    ApiResponse response = toResponse(reply, requestLine(request));
    reply->deleteLater();
    return response;
}

ApiResponse ApiClient::request(const QByteArray &method, const QString &path, const QString &user,
                               const QJsonObject &body, const HeaderList &headers)
{
    ApiRequest request{method, path, user, std::nullopt, std::nullopt, headers, {}};
    if (method != "GET"_ba && method != "HEAD"_ba && method != "DELETE"_ba)
        request.json = body;
    return send(request);
}

ApiResponse ApiClient::get(const QString &path, const QString &user, const HeaderList &headers)
{
    return send(ApiRequest::get(path, user, headers));
}

ApiResponse ApiClient::post(const QString &path, const QString &user, const QJsonObject &body,
                            const HeaderList &headers)
{
    return send(ApiRequest::post(path, user, body, headers));
}

ApiResponse ApiClient::patch(const QString &path, const QString &user, const QJsonObject &body,
                             const HeaderList &headers)
{
    return send(ApiRequest::patch(path, user, body, headers));
}

ApiResponse ApiClient::upload(const QString &user, const QByteArray &content,
                              const QString &fileName, const HeaderList &headers)
{
    return send(ApiRequest::multipart(u"/api/files/upload"_s, user,
                                      {{"file"_ba, fileName, content}}, headers));
}

QList<ApiResponse> ApiClient::sendAll(const QList<ApiRequest> &requests, int timeoutMs)
{
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    QList<QNetworkReply *> replies;
    for (const ApiRequest &request : requests) {
        managers.push_back(std::make_unique<QNetworkAccessManager>());
        configure(managers.back().get());
        replies.append(start(managers.back().get(), request, timeoutMs));
    }
    const auto allFinished = [&replies] {
        return std::all_of(replies.cbegin(), replies.cend(),
                           [](const QNetworkReply *reply) { return reply->isFinished(); });
    };
    if (!allFinished())
        static_cast<void>(QTest::qWaitFor(allFinished, timeoutMs + waitMarginMs));
    QList<ApiResponse> responses;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        if (!replies.at(i)->isFinished())
            replies.at(i)->abort();
        responses.append(toResponse(replies.at(i), requestLine(requests.at(i))));
        delete replies.at(i);
    }
    return responses;
}

void ApiClient::sendAsync(const ApiRequest &request,
                          std::function<void(const ApiResponse &)> callback)
{
    QNetworkAccessManager *manager = m_asyncManagers.at(m_nextAsyncManager).get();
    m_nextAsyncManager = (m_nextAsyncManager + 1) % m_asyncManagers.size();
    QNetworkReply *reply = start(manager, request, requestTimeoutMs);
    ++m_inFlight;
    const QString line = requestLine(request);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, line, callback = std::move(callback)] {
                --m_inFlight;
                const ApiResponse response = toResponse(reply, line);
                reply->deleteLater();
                callback(response);
            });
}

} // namespace optrack::testing
