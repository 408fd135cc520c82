#include "apistatus.h"

#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

class tst_ApiStatus final : public QObject
{
    Q_OBJECT

private slots:
    void mapsNetworkErrors_data();
    void mapsNetworkErrors();
    void serviceSentenceWins_data();
    void serviceSentenceWins();
    void everyFailureHasASentence();
};

void tst_ApiStatus::mapsNetworkErrors_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<ErrorCategory>("category");

    QTest::newRow("200 ok") << QNetworkReply::NoError << 200 << ErrorCategory::None;
    QTest::newRow("202 accepted") << QNetworkReply::NoError << 202 << ErrorCategory::None;
    QTest::newRow("304 not modified") << QNetworkReply::NoError << 304 << ErrorCategory::None;
    QTest::newRow("302 not followed")
            << QNetworkReply::NoError << 302 << ErrorCategory::ServiceError;
    QTest::newRow("refused") << QNetworkReply::ConnectionRefusedError << 0
                             << ErrorCategory::CannotConnect;
    QTest::newRow("host not found")
            << QNetworkReply::HostNotFoundError << 0 << ErrorCategory::CannotConnect;
    QTest::newRow("transfer timeout")
            << QNetworkReply::OperationCanceledError << 0 << ErrorCategory::TimedOut;
    QTest::newRow("timeout") << QNetworkReply::TimeoutError << 0 << ErrorCategory::TimedOut;
    QTest::newRow("closed before answering")
            << QNetworkReply::RemoteHostClosedError << 0 << ErrorCategory::CannotConnect;
    QTest::newRow("closed mid-answer")
            << QNetworkReply::RemoteHostClosedError << 200 << ErrorCategory::UnreadableAnswer;
    QTest::newRow("proxy") << QNetworkReply::ProxyConnectionRefusedError << 0
                           << ErrorCategory::CannotConnect;
    QTest::newRow("tls") << QNetworkReply::SslHandshakeFailedError << 0
                         << ErrorCategory::CannotConnect;
    QTest::newRow("protocol failure")
            << QNetworkReply::ProtocolFailure << 0 << ErrorCategory::UnreadableAnswer;
    QTest::newRow("400") << QNetworkReply::ProtocolInvalidOperationError << 400
                         << ErrorCategory::BadRequest;
    QTest::newRow("401") << QNetworkReply::AuthenticationRequiredError << 401
                         << ErrorCategory::Unauthorised;
    QTest::newRow("403") << QNetworkReply::ContentAccessDenied << 403 << ErrorCategory::Forbidden;
    QTest::newRow("404") << QNetworkReply::ContentNotFoundError << 404 << ErrorCategory::NotFound;
    QTest::newRow("409") << QNetworkReply::ContentConflictError << 409 << ErrorCategory::Conflict;
    QTest::newRow("413") << QNetworkReply::UnknownContentError << 413
                         << ErrorCategory::PayloadTooLarge;
    QTest::newRow("429") << QNetworkReply::UnknownContentError << 429 << ErrorCategory::BadRequest;
    QTest::newRow("500") << QNetworkReply::InternalServerError << 500
                         << ErrorCategory::ServiceError;
    QTest::newRow("502") << QNetworkReply::UnknownServerError << 502 << ErrorCategory::ServiceError;
    QTest::newRow("503") << QNetworkReply::ServiceUnavailableError << 503
                         << ErrorCategory::ServiceError;
}

void tst_ApiStatus::mapsNetworkErrors()
{
    QFETCH(QNetworkReply::NetworkError, error);
    QFETCH(int, httpStatus);
    QFETCH(ErrorCategory, category);

    const ApiStatus status = statusForNetworkError(error, httpStatus, {}, u"detail"_s);
    QCOMPARE(status.category, category);
    QCOMPARE(status.httpStatus, httpStatus);
    QCOMPARE(status.ok(), category == ErrorCategory::None);
    QCOMPARE(status.notModified(), httpStatus == 304 && category == ErrorCategory::None);
}

void tst_ApiStatus::serviceSentenceWins_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<int>("httpStatus");

    QTest::newRow("409") << QNetworkReply::ContentConflictError << 409;
    QTest::newRow("500") << QNetworkReply::InternalServerError << 500;
}

void tst_ApiStatus::serviceSentenceWins()
{
    QFETCH(QNetworkReply::NetworkError, error);
    QFETCH(int, httpStatus);

    const QString sentence = u"The operation already finished; it cannot be cancelled."_s;
    QCOMPARE(statusForNetworkError(error, httpStatus, sentence).message, sentence);
    QVERIFY(statusForNetworkError(error, httpStatus).message != sentence);
}

void tst_ApiStatus::everyFailureHasASentence()
{
    const QList<QPair<QNetworkReply::NetworkError, int>> failures = {
            {QNetworkReply::ConnectionRefusedError, 0},
            {QNetworkReply::UnknownNetworkError, 0},
            {QNetworkReply::AuthenticationRequiredError, 401},
            {QNetworkReply::UnknownServerError, 502},
            {QNetworkReply::UnknownContentError, 413},
            {QNetworkReply::ProtocolUnknownError, 0},
    };
    for (const auto &[error, httpStatus] : failures) {
        const ApiStatus status = statusForNetworkError(error, httpStatus);
        QVERIFY2(status.message.endsWith(u'.'), qPrintable(status.message));
        QVERIFY(!categoryLabel(status.category).isEmpty());
    }
}

QTEST_GUILESS_MAIN(tst_ApiStatus)
#include "tst_apistatus.moc"
