#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QPair>

/// What a scripted request answers: an HTTP status with headers and a body, or a
/// transport failure (no status at all). `hold` keeps the reply open until
/// CannedReply::release() (to test requests in flight and aborts).
struct CannedResponse
{
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError transportError = QNetworkReply::NoError;
    bool hold = false;

    static CannedResponse json(int status, const QByteArray &body,
                               QList<QPair<QByteArray, QByteArray>> headers = {});
    static CannedResponse refused();
};

/// A QNetworkReply that plays a CannedResponse the way Qt's HTTP backend would:
/// the same NetworkError for each status, headers, then the body, asynchronously.
class CannedReply final : public QNetworkReply
{
    Q_OBJECT

public:
    CannedReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                const CannedResponse &response, QObject *parent = nullptr);

    /// Plays a held reply now.
    void release();
    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

    /// Qt's error for an HTTP status (QNetworkReplyHttpImpl's table).
    static QNetworkReply::NetworkError errorForStatus(int status);

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void play();

    CannedResponse m_response;
    QByteArray m_pending;
    bool m_done = false;
};
