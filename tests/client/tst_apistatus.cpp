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
    void everyFailureHasASentence_data();
    void everyFailureHasASentence();
    void detailFollowsTheSentence();
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

void tst_ApiStatus::everyFailureHasASentence_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("advice");

    // What a person reads in the status bar: what went wrong, then what to do about it.
    QTest::newRow("refused") << QNetworkReply::ConnectionRefusedError << 0
                             << u"the connection was refused"_s
                             << u"Check that the service is running"_s;
    QTest::newRow("host not found") << QNetworkReply::HostNotFoundError << 0
                                    << u"host name was not found"_s << u"Check the address"_s;
    QTest::newRow("no network") << QNetworkReply::UnknownNetworkError << 0
                                << u"Cannot connect to the service"_s << u"Check the network"_s;
    QTest::newRow("timeout") << QNetworkReply::TimeoutError << 0 << u"did not answer in time"_s
                             << u"try again"_s;
    QTest::newRow("closed before answering")
            << QNetworkReply::RemoteHostClosedError << 0 << u"closed the connection"_s
            << u"try again shortly"_s;
    QTest::newRow("not http") << QNetworkReply::ProtocolUnknownError << 0
                              << u"must start with http:// or https://"_s << QString();
    QTest::newRow("401") << QNetworkReply::AuthenticationRequiredError << 401
                         << u"did not accept your token"_s << u"Sign in again"_s;
    QTest::newRow("403") << QNetworkReply::ContentAccessDenied << 403 << u"may not do this"_s
                         << u"Ask an administrator"_s;
    QTest::newRow("404") << QNetworkReply::ContentNotFoundError << 404
                         << u"does not have this item"_s << u"Refresh"_s;
    QTest::newRow("409") << QNetworkReply::ContentConflictError << 409
                         << u"changed on the service"_s << u"Refresh and try again"_s;
    QTest::newRow("413") << QNetworkReply::UnknownContentError << 413
                         << u"larger than the service accepts"_s << u"smaller files"_s;
    QTest::newRow("429") << QNetworkReply::UnknownContentError << 429 << u"busy"_s
                         << u"Try again in a moment"_s;
    QTest::newRow("418") << QNetworkReply::UnknownContentError << 418
                         << u"refused the request as invalid (HTTP 418)"_s << QString();
    QTest::newRow("500") << QNetworkReply::InternalServerError << 500 << u"(HTTP 500)"_s
                         << u"tell the service's administrator"_s;
    QTest::newRow("502") << QNetworkReply::UnknownServerError << 502
                         << u"not available right now (HTTP 502)"_s << u"Try again in a moment"_s;
}

void tst_ApiStatus::everyFailureHasASentence()
{
    QFETCH(QNetworkReply::NetworkError, error);
    QFETCH(int, httpStatus);
    QFETCH(QString, cause);
    QFETCH(QString, advice);

    const ApiStatus status = statusForNetworkError(error, httpStatus);
    const QString &message = status.message;
    QVERIFY2(message.contains(cause), qPrintable(message));
    // The advice comes after the cause, as the next thing to read.
    if (!advice.isEmpty()) {
        QVERIFY2(message.indexOf(advice) > message.indexOf(cause), qPrintable(message));
    }
    // A whole sentence: a capital first, a full stop last, nothing left unfilled.
    QVERIFY2(message.front().isUpper(), qPrintable(message));
    QVERIFY2(message.endsWith(u'.'), qPrintable(message));
    QVERIFY2(!message.contains(u'%'), qPrintable(message));
    const QString label = categoryLabel(status.category);
    QVERIFY(!label.isEmpty());
    QVERIFY(label != categoryLabel(ErrorCategory::None));
}

void tst_ApiStatus::detailFollowsTheSentence()
{
    // Qt's own wording of an unusual transport failure goes after the sentence, in brackets,
    // so that the person reads the plain sentence first and support still sees the cause.
    const QString detail = u"Network unreachable"_s;
    const ApiStatus status
            = statusForNetworkError(QNetworkReply::UnknownNetworkError, 0, {}, detail);
    QCOMPARE(status.message,
             u"Cannot connect to the service. Check the network. (Network unreachable)"_s);
    QCOMPARE(statusForNetworkError(QNetworkReply::ConnectionRefusedError, 0, {}, detail)
                     .message.contains(detail),
             false);
}

QTEST_GUILESS_MAIN(tst_ApiStatus)
#include "tst_apistatus.moc"
