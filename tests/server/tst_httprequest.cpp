// The configuration's "http" object and the request parser's own checks, without a service.
#include "httplimits.h"
#include "httprequest.h"
#include "requestparser.h"

#include <QJsonObject>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

class tst_HttpRequest final : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void readsValues();
    void refusesBadValues_data();
    void refusesBadValues();
    void parsesAHead();
    void wholeNumber_data();
    void wholeNumber();
};

void tst_HttpRequest::defaults()
{
    QString error;
    const std::optional<HttpLimits> limits = HttpLimits::fromJson({}, &error);
    QVERIFY2(limits, qPrintable(error));
    QCOMPARE(limits->maxHeaderBytes, 16 * 1024);
    QCOMPARE(limits->maxConnections, 4096);
    QCOMPARE(limits->streamQueueBytes, 1024 * 1024);
}

void tst_HttpRequest::readsValues()
{
    QString error;
    const std::optional<HttpLimits> limits = HttpLimits::fromJson(
            {{u"maxConnections"_s, 12}, {u"streamQueueBytes"_s, 65536}, {u"authDelayMs"_s, 0}},
            &error);
    QVERIFY2(limits, qPrintable(error));
    QCOMPARE(limits->maxConnections, 12);
    QCOMPARE(limits->streamQueueBytes, 65536);
    QCOMPARE(limits->authDelayMs, 0);
    QCOMPARE(limits->maxHeaderBytes, 16 * 1024); // untouched
}

void tst_HttpRequest::refusesBadValues_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown key") << QJsonObject{{u"maxConections"_s, 5}} << u"maxConections"_s;
    QTest::newRow("text") << QJsonObject{{u"maxConnections"_s, u"5"_s}} << u"maxConnections"_s;
    QTest::newRow("fraction") << QJsonObject{{u"idleTimeoutMs"_s, 1.5}} << u"idleTimeoutMs"_s;
    QTest::newRow("below range") << QJsonObject{{u"maxConnections"_s, 0}} << u"maxConnections"_s;
    QTest::newRow("above range") << QJsonObject{{u"maxHeaderBytes"_s, 1e9}} << u"maxHeaderBytes"_s;
    QTest::newRow("line above head")
            << QJsonObject{{u"maxHeaderBytes"_s, 2048}, {u"maxRequestLineBytes"_s, 4096}}
            << u"maxRequestLineBytes"_s;
}

void tst_HttpRequest::refusesBadValues()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, named);
    QString error;
    QVERIFY(!HttpLimits::fromJson(json, &error));
    QVERIFY2(error.contains(named), qPrintable(error));
}

void tst_HttpRequest::parsesAHead()
{
    const HttpLimits limits;
    RequestParser parser(limits);
    HttpRequest request;
    parser.reset(&request);
    const QByteArray head = "PATCH /api/operations/op%201?since=4&x=%2F HTTP/1.1\r\n"
                            "Host: example\r\nauthorization: Bearer abc\r\n"
                            "Content-Length: 12\r\n\r\n";
    QVERIFY2(parser.parseHead(head), qPrintable(parser.errorMessage()));
    QCOMPARE(request.method(), HttpMethod::Patch);
    QCOMPARE(request.rawPath(), "/api/operations/op%201"_ba);
    QCOMPARE(request.path(), u"/api/operations/op 1"_s);
    QCOMPARE(request.rawQuery(), "since=4&x=%2F"_ba);
    QCOMPARE(request.query().queryItemValue(u"x"_s, QUrl::FullyDecoded), u"/"_s);
    QCOMPARE(request.header("Authorization"), "Bearer abc"_ba);
    QVERIFY(!request.hasHeader("Cookie"));
    QCOMPARE(parser.contentLength(), 12);
    QVERIFY(parser.keepAlive());
    QVERIFY(!parser.isComplete());
}

void tst_HttpRequest::wholeNumber_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("value"); // -1: refused
    QTest::newRow("digits") << u"42"_s << qint64(42);
    QTest::newRow("zero") << u"0"_s << qint64(0);
    QTest::newRow("18 digits") << u"999999999999999999"_s << qint64(999999999999999999);
    QTest::newRow("19 digits") << u"1000000000000000000"_s << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("NUL after") << u"5"_s + QChar(0) << qint64(-1);
    QTest::newRow("space before") << u" 5"_s << qint64(-1);
    QTest::newRow("sign") << u"+5"_s << qint64(-1);
    QTest::newRow("negative") << u"-5"_s << qint64(-1);
    QTest::newRow("Arabic-Indic digit") << QString(QChar(0x0665)) << qint64(-1);
}

void tst_HttpRequest::wholeNumber()
{
    QFETCH(QString, text);
    QFETCH(qint64, value);
    const std::optional<qint64> parsed = HttpRequest::wholeNumber(text);
    QCOMPARE(parsed.value_or(-1), value);
}

QTEST_GUILESS_MAIN(tst_HttpRequest)
#include "tst_httprequest.moc"
