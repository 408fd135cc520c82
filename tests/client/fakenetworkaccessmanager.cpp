#include "fakenetworkaccessmanager.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

QString RecordedRequest::queryItem(const QString &key) const
{
    return QUrlQuery(request.url()).queryItemValue(key, QUrl::FullyDecoded);
}

bool RecordedRequest::hasQueryItem(const QString &key) const
{
    return QUrlQuery(request.url()).hasQueryItem(key);
}

FakeNetworkAccessManager::FakeNetworkAccessManager(QObject *parent)
    : QNetworkAccessManager(parent)
{ }

QList<RecordedRequest> FakeNetworkAccessManager::requestsTo(const QString &path) const
{
    QList<RecordedRequest> matching;
    for (const RecordedRequest &request : m_requests) {
        if (request.path() == path)
            matching.append(request);
    }
    return matching;
}

int FakeNetworkAccessManager::repliesInFlight() const
{
    int count = 0;
    for (const QPointer<CannedReply> &reply : m_replies) {
        if (reply && !reply->isFinished())
            ++count;
    }
    return count;
}

void FakeNetworkAccessManager::releaseHeld()
{
    for (const QPointer<CannedReply> &reply : std::as_const(m_replies)) {
        if (reply && !reply->isFinished())
            reply->release();
    }
}

QNetworkReply *FakeNetworkAccessManager::createRequest(Operation operation,
                                                       const QNetworkRequest &request,
                                                       QIODevice *outgoingData)
{
    RecordedRequest recorded;
    recorded.request = request;
    switch (operation) {
    case GetOperation:
        recorded.verb = "GET";
        break;
    case PostOperation:
        recorded.verb = "POST";
        break;
    case PutOperation:
        recorded.verb = "PUT";
        break;
    case DeleteOperation:
        recorded.verb = "DELETE";
        break;
    case HeadOperation:
        recorded.verb = "HEAD";
        break;
    case CustomOperation:
        recorded.verb = request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        break;
    case UnknownOperation:
        break;
    }
    if (outgoingData)
        recorded.body = outgoingData->readAll();
    m_requests.append(recorded);
    emit requestMade(recorded);
    const CannedResponse response
            = m_script ? m_script(recorded) : CannedResponse::json(404, R"({"error":"no script"})");
    auto *reply = new CannedReply(operation, request, response, this);
    m_replies.append(reply);
    return reply;
}
