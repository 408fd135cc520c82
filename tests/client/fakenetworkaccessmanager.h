#pragma once

#include "cannedreply.h"

#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>

#include <functional>

/// One request the code under test made.
struct RecordedRequest
{
    QByteArray verb;
    QNetworkRequest request;
    QByteArray body;

    QString path() const { return request.url().path(); }
    QString queryItem(const QString &key) const;
    bool hasQueryItem(const QString &key) const;
};

/// A QNetworkAccessManager whose answers come from a script instead of the network.
class FakeNetworkAccessManager final : public QNetworkAccessManager
{
    Q_OBJECT

public:
    using Script = std::function<CannedResponse(const RecordedRequest &request)>;

    explicit FakeNetworkAccessManager(QObject *parent = nullptr);

    void setScript(Script script) { m_script = std::move(script); }
    QList<RecordedRequest> requests() const { return m_requests; }
    QList<RecordedRequest> requestsTo(const QString &path) const;
    void clearRequests() { m_requests.clear(); }
    /// Replies still open (held, or not yet played).
    int repliesInFlight() const;
    /// Plays every held reply.
    void releaseHeld();

signals:
    void requestMade(const RecordedRequest &request);

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    Script m_script;
    QList<RecordedRequest> m_requests;
    QList<QPointer<CannedReply>> m_replies;
};
