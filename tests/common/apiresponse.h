#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QString>

#include <optional>

namespace optrack::testing {

/// What the server answered to one request: status 0 means no HTTP answer at all
/// (see networkError). json is the body when it is a JSON object.
struct ApiResponse
{
    QString requestLine;
    int status = 0;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorString;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray body;
    QJsonObject json;
    bool isJsonObject = false;

    bool isSuccess() const { return status >= 200 && status < 300; }
    bool hasHeader(const QByteArray &name) const;
    /// The header's value (case-insensitive name); empty when absent.
    QByteArray header(const QByteArray &name) const;
    /// Retry-After in seconds; std::nullopt when absent or not a whole number.
    std::optional<qint64> retryAfterSeconds() const;

    QString errorCode() const { return json.value(QStringLiteral("code")).toString(); }
    QString errorMessage() const { return json.value(QStringLiteral("error")).toString(); }
    QJsonArray operations() const { return json.value(QStringLiteral("operations")).toArray(); }

    /// "PATCH /api/operations/x -> 409: {...}" for failure messages.
    QString describe() const;
};

} // namespace optrack::testing

/// QVERIFY that a response has the expected status, printing what came back otherwise.
/// The response expression is evaluated once.
#define EXPECT_STATUS(response, expected) \
    do { \
        const ::optrack::testing::ApiResponse &expectStatusResponse_ = (response); \
        QVERIFY2(expectStatusResponse_.status == (expected), \
                 qPrintable(QStringLiteral("expected %1, got ").arg(expected) \
                            + expectStatusResponse_.describe())); \
    } while (false)
