#include "multipart.h"

#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

// What curl sends for: curl -F file=@transactions.csv -F note=hello URL
const QByteArray curlBoundary = "------------------------d74496d66958873e";
const QByteArray curlContentType = "multipart/form-data; boundary=" + curlBoundary;

QByteArray curlFilePart(const QByteArray &fileName, const QByteArray &payload)
{
    return "--" + curlBoundary + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
            + "Content-Type: text/csv\r\n\r\n" + payload + "\r\n";
}

QByteArray curlClosing()
{
    return "--" + curlBoundary + "--\r\n";
}

/// name, fileName, contentType, payload of each part.
using Parts = QList<QByteArrayList>;

Parts describe(const QByteArray &body, const QList<MultipartPart> &parts)
{
    Parts described;
    for (const MultipartPart &part : parts) {
        described.append(
                {part.name, part.fileName, part.contentType, part.payload(body).toByteArray()});
    }
    return described;
}

} // namespace

class TestMultipart : public QObject
{
    Q_OBJECT

private slots:
    void parsesBody_data();
    void parsesBody();
    void rejectsBody_data();
    void rejectsBody();
    void payloadIsNotCopied();
};

void TestMultipart::parsesBody_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Parts>("parts");

    const QByteArray csv = "date,account,amount,currency,description\r\n2026-03-01,A,1,EUR,x\n";

    QTest::newRow("curl, one file")
            << curlContentType << curlFilePart("transactions.csv", csv) + curlClosing()
            << Parts{{"file", "transactions.csv", "text/csv", csv}};
    QTest::newRow("curl, a field and a file")
            << curlContentType
            << "--" + curlBoundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                    + "hello\r\n" + curlFilePart("t.csv", csv) + curlClosing()
            << Parts{{"note", "", "", "hello"}, {"file", "t.csv", "text/csv", csv}};
    QTest::newRow("traversal name kept verbatim as a label")
            << curlContentType << curlFilePart("../../etc/x.csv", csv) + curlClosing()
            << Parts{{"file", "../../etc/x.csv", "text/csv", csv}};
    QTest::newRow("quoted boundary with a space")
            << QByteArray("multipart/form-data; boundary=\"simple boundary\"")
            << QByteArray("--simple boundary\r\nContent-Disposition: form-data; name=a\r\n\r\n"
                          "1\r\n--simple boundary--\r\n")
            << Parts{{"a", "", "", "1"}};
    QTest::newRow("case-insensitive names")
            << QByteArray("Multipart/Form-Data;Boundary=xyz; charset=utf-8")
            << QByteArray("--xyz\r\ncontent-disposition: Form-Data; NAME=\"a\"\r\n"
                          "CONTENT-TYPE: application/octet-stream\r\n\r\nbin\r\n--xyz--")
            << Parts{{"a", "", "application/octet-stream", "bin"}};
    QTest::newRow("preamble, padding and epilogue")
            << QByteArray("multipart/form-data; boundary=b")
            << QByteArray("This is a preamble.\r\n--b  \t\r\nContent-Disposition: form-data;"
                          " name=\"a\"\r\n\r\nvalue\r\n--b--\r\nThis is an epilogue.\r\n")
            << Parts{{"a", "", "", "value"}};
    QTest::newRow("boundary look-alikes inside the payload")
            << QByteArray("multipart/form-data; boundary=b")
            << QByteArray("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                          "x\r\n--bb\r\n--b-\r\n--b x\r\n--b--\r\n")
            << Parts{{"a", "", "", "x\r\n--bb\r\n--b-\r\n--b x"}};
    QTest::newRow("empty payload")
            << curlContentType << curlFilePart("empty.csv", "") + curlClosing()
            << Parts{{"file", "empty.csv", "text/csv", ""}};
    QTest::newRow("filename with escaped quotes and a semicolon")
            << QByteArray("multipart/form-data; boundary=b")
            << QByteArray("--b\r\nContent-Disposition: form-data; name=\"file\";"
                          " filename=\"my \\\"best\\\"; file.csv\"\r\n\r\nx\r\n--b--\r\n")
            << Parts{{"file", "my \"best\"; file.csv", "", "x"}};
    QTest::newRow("filename* in UTF-8 wins")
            << QByteArray("multipart/form-data; boundary=b")
            << QByteArray("--b\r\nContent-Disposition: form-data; name=\"file\"; "
                          "filename=\"rates.csv\";"
                          " filename*=UTF-8''%E2%82%AC%20rates.csv\r\n\r\nx\r\n--b--\r\n")
            << Parts{{"file", "\xE2\x82\xAC rates.csv", "", "x"}};
    QTest::newRow("raw UTF-8 filename")
            << curlContentType << curlFilePart("K\xC3\xB6ln.csv", "x") + curlClosing()
            << Parts{{"file", "K\xC3\xB6ln.csv", "text/csv", "x"}};
    QTest::newRow("closing boundary right after the first")
            << QByteArray("multipart/form-data; boundary=b") << QByteArray("--b--\r\n") << Parts{};
}

void TestMultipart::parsesBody()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(Parts, parts);

    QList<MultipartPart> parsed{MultipartPart{"stale", {}, {}, 0, 0}};
    QString error;
    QVERIFY2(parseMultipart(body, contentType, &parsed, &error), qPrintable(error));
    QCOMPARE(describe(body, parsed), parts);
}

void TestMultipart::rejectsBody_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");

    const QByteArray simple = "multipart/form-data; boundary=b";
    const QByteArray part = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";

    QTest::newRow("no Content-Type")
            << QByteArray() << part + "\r\n--b--"
            << u"the request has no Content-Type; it must be multipart/form-data"_s;
    QTest::newRow("not multipart") << QByteArray("application/json") << QByteArray("{}")
                                   << u"the request is not multipart/form-data (its Content-Type is"
                                      u" \"application/json\")"_s;
    QTest::newRow("multipart/mixed")
            << QByteArray("multipart/mixed; boundary=b") << part + "\r\n--b--"
            << u"the request is not multipart/form-data (its Content-Type is"
               u" \"multipart/mixed; boundary=b\")"_s;
    QTest::newRow("no boundary") << QByteArray("multipart/form-data") << part + "\r\n--b--"
                                 << u"the multipart/form-data Content-Type has no boundary"_s;
    QTest::newRow("empty boundary")
            << QByteArray("multipart/form-data; boundary=\"\"") << part + "\r\n--b--"
            << u"the multipart/form-data Content-Type has no boundary"_s;
    QTest::newRow("unterminated quoted boundary")
            << QByteArray("multipart/form-data; boundary=\"b") << part + "\r\n--b--"
            << u"the Content-Type \"multipart/form-data; boundary=\"b\" is malformed"_s;
    QTest::newRow("boundary over 70 characters")
            << "multipart/form-data; boundary=" + QByteArray(71, 'x') << part
            << u"the multipart boundary is longer than 70 characters"_s;
    QTest::newRow("boundary absent from the body")
            << simple << QByteArray("hello")
            << u"the body does not contain the boundary \"--b\" from the Content-Type"_s;
    QTest::newRow("missing closing boundary")
            << simple << part << u"the body ends without the closing boundary \"--b--\""_s;
    QTest::newRow("missing closing boundary after a delimiter")
            << simple << part + "\r\n--b\r\n"
            << u"the body ends without the closing boundary \"--b--\""_s;
    QTest::newRow("LF instead of CRLF")
            << simple << QByteArray("--b\nContent-Disposition: form-data; name=a\n\nx\n--b--\n")
            << u"the body does not contain the boundary \"--b\" from the Content-Type"_s;
    QTest::newRow("header line without a colon")
            << simple << QByteArray("--b\r\nContent-Disposition form-data\r\n\r\nx\r\n--b--")
            << u"part 1: the header line \"Content-Disposition form-data\" is not"
               u" \"Name: value\""_s;
    QTest::newRow("folded header line")
            << simple
            << QByteArray("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type: text/csv;"
                          "\r\n charset=utf-8\r\n\r\nx\r\n--b--")
            << u"part 1: the header line \" charset=utf-8\" is not \"Name: value\""_s;
    QTest::newRow("headers without the empty line")
            << simple << QByteArray("--b\r\nContent-Disposition: form-data; name=a\r\n--b--\r\n")
            << u"part 1: its headers do not end with an empty line"_s;
    QTest::newRow("no Content-Disposition")
            << simple << QByteArray("--b\r\nContent-Type: text/csv\r\n\r\nx\r\n--b--")
            << u"part 1: it has no Content-Disposition header"_s;
    QTest::newRow("attachment, not form-data")
            << simple
            << QByteArray("--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--")
            << u"part 1: its Content-Disposition is \"attachment\", not form-data"_s;
    QTest::newRow("no name")
            << simple
            << QByteArray("--b\r\nContent-Disposition: form-data; filename=a.csv\r\n\r\nx\r\n--b--")
            << u"part 1: its Content-Disposition has no name"_s;
    QTest::newRow("unterminated quoted name")
            << simple
            << QByteArray("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--")
            << u"part 1: its Content-Disposition \"form-data; name=\"a\" is malformed"_s;
    QTest::newRow("second part numbered")
            << simple << part + "\r\n--b\r\nContent-Disposition: form-data\r\n\r\ny\r\n--b--"
            << u"part 2: its Content-Disposition has no name"_s;
}

void TestMultipart::rejectsBody()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);

    QList<MultipartPart> parts;
    QString message;
    QVERIFY(!parseMultipart(body, contentType, &parts, &message));
    QCOMPARE(message, error);
}

void TestMultipart::payloadIsNotCopied()
{
    constexpr qsizetype payloadSize = 8 * 1024 * 1024;
    QByteArray payload(payloadSize, 'a');
    // CRLF and dashes all through the payload, none of them a boundary.
    for (qsizetype i = 0; i + 8 < payloadSize; i += 4096)
        payload.replace(i, 8, "\r\n--d744");
    const QByteArray body = curlFilePart("big.csv", payload) + curlClosing();

    QList<MultipartPart> parts;
    QString error;
    QVERIFY2(parseMultipart(body, curlContentType, &parts, &error), qPrintable(error));
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts[0].size, payloadSize);
    const QByteArrayView view = parts[0].payload(body);
    QCOMPARE(view.data(), body.constData() + parts[0].offset);
    QVERIFY(view == payload);
}

QTEST_GUILESS_MAIN(TestMultipart)
#include "tst_multipart.moc"
