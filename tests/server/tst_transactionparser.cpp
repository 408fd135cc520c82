#include "csvwriter.h"
#include "transactionparser.h"

#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

using Rows = QList<QByteArrayList>; // each: line, date, account, amount, currency, description

namespace {

constexpr qsizetype wholeInput = -1;
const QByteArray header = "date,account,amount,currency,description\n";
const QString needsHeader = u"it needs the header date,account,amount,currency,description"_s;

struct Outcome
{
    bool ok = false;
    QString error;
    Rows rows;
    qint64 rowCount = 0;
    qint64 bytesConsumed = 0;
};

QByteArrayList fieldsOf(const TransactionRow &row)
{
    return {QByteArray::number(row.line),
            row.date,
            row.account,
            row.amount,
            row.currency,
            row.description};
}

/// Feeds input in pieces of chunkSize bytes (or whole), taking rows after each piece.
Outcome parseInChunks(const QByteArray &input, qsizetype chunkSize)
{
    TransactionParser parser;
    Outcome outcome;
    outcome.ok = true;
    const qsizetype step
            = chunkSize == wholeInput ? std::max<qsizetype>(input.size(), 1) : chunkSize;
    for (qsizetype at = 0; at < input.size() && outcome.ok; at += step) {
        outcome.ok = parser.feed(input.constData() + at, std::min(step, input.size() - at));
        for (const TransactionRow &row : parser.takeRows())
            outcome.rows.append(fieldsOf(row));
    }
    if (outcome.ok)
        outcome.ok = parser.finish();
    for (const TransactionRow &row : parser.takeRows())
        outcome.rows.append(fieldsOf(row));
    outcome.error = parser.error();
    outcome.rowCount = parser.rowCount();
    outcome.bytesConsumed = parser.bytesConsumed();
    return outcome;
}

QByteArrayList row(qint64 line, const QByteArray &date, const QByteArray &account,
                   const QByteArray &amount, const QByteArray &currency,
                   const QByteArray &description)
{
    return {QByteArray::number(line), date, account, amount, currency, description};
}

} // namespace

class TestTransactionParser : public QObject
{
    Q_OBJECT

private slots:
    void validFile_data();
    void validFile();
    void badFile_data();
    void badFile();
    void explainedFormatIsAccepted();
    void rowsBeforeTheBadRowAreKept();
    void feedAfterFailureKeepsFirstError();
    void takeRowsHandsOverEachRowOnce();
    void csvRow_data();
    void csvRow();
    void roundTrip_data();
    void roundTrip();
};

void TestTransactionParser::validFile_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Rows>("rows");

    const QByteArray twoRows = "2026-03-01,Checking,-12.50,EUR,Lunch\n"
                               "2026-03-02,Savings,100,USD,Salary\n";
    const Rows twoRowsParsed = {row(2, "2026-03-01", "Checking", "-12.50", "EUR", "Lunch"),
                                row(3, "2026-03-02", "Savings", "100", "USD", "Salary")};

    QTest::newRow("LF line ends") << header + twoRows << twoRowsParsed;
    QByteArray crlf = header + twoRows;
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF line ends") << crlf << twoRowsParsed;
    QTest::newRow("no trailing newline") << header + twoRows.chopped(1) << twoRowsParsed;
    QTest::newRow("no trailing CRLF") << crlf.chopped(2) << twoRowsParsed;
    QTest::newRow("byte order mark") << "\xEF\xBB\xBF" + header + twoRows << twoRowsParsed;
    QTest::newRow("header only") << header << Rows();
    QTest::newRow("header only, no newline") << header.chopped(1) << Rows();
    QTest::newRow("header only, BOM and CRLF") << "\xEF\xBB\xBF" + header.chopped(1) + "\r\n"
                                               << Rows();
    QTest::newRow("quoted header")
            << QByteArray("\"date\",account,\"amount\",currency,description\n") + twoRows
            << twoRowsParsed;
    QTest::newRow("quoted commas and doubled quotes")
            << header + "2026-03-01,\"Acme, Inc.\",\"-1.00\",EUR,\"Lunch, \"\"team\"\" day\"\n"
            << Rows{row(2, "2026-03-01", "Acme, Inc.", "-1.00", "EUR", "Lunch, \"team\" day")};
    QTest::newRow("embedded newlines count as lines")
            << header + "2026-03-01,A,1,EUR,\"one\ntwo\nthree\"\n2026-03-02,B,2,EUR,x\n"
            << Rows{row(2, "2026-03-01", "A", "1", "EUR", "one\ntwo\nthree"),
                    row(5, "2026-03-02", "B", "2", "EUR", "x")};
    QTest::newRow("embedded CRLF kept in a CRLF file")
            << QByteArray(header.chopped(1)
                          + "\r\n2026-03-01,\"A\r\nB\",1,EUR,x\r\n"
                            "2026-03-02,C,2,EUR,y\r\n")
            << Rows{row(2, "2026-03-01", "A\r\nB", "1", "EUR", "x"),
                    row(4, "2026-03-02", "C", "2", "EUR", "y")};
    QTest::newRow("description omitted") << header + "2026-03-01,A,1,EUR\n"
                                         << Rows{row(2, "2026-03-01", "A", "1", "EUR", "")};
    QTest::newRow("description empty") << header + "2026-03-01,A,1,EUR,\n2026-03-02,B,2,EUR,\"\"\n"
                                       << Rows{row(2, "2026-03-01", "A", "1", "EUR", ""),
                                               row(3, "2026-03-02", "B", "2", "EUR", "")};
    QTest::newRow("spaces are data")
            << header + "2026-03-01, Main account ,1,EUR, padded \n"
            << Rows{row(2, "2026-03-01", " Main account ", "1", "EUR", " padded ")};
    QTest::newRow("UTF-8 text") << header
                    + "2026-03-01,Caf\xC3\xA9 \xC3\x9C,1,EUR,\xE2\x82\xAC \xE6\x97\xA5\n"
                                << Rows{row(2, "2026-03-01", "Caf\xC3\xA9 \xC3\x9C", "1", "EUR",
                                            "\xE2\x82\xAC \xE6\x97\xA5")};
    QTest::newRow("calendar edges") << header
                    + "2024-02-29,A,1,EUR,leap\n2000-02-29,A,1,EUR,leap 400\n"
                      "2026-12-31,A,1,EUR,\n0001-01-01,A,1,EUR,\n"
                                    << Rows{row(2, "2024-02-29", "A", "1", "EUR", "leap"),
                                            row(3, "2000-02-29", "A", "1", "EUR", "leap 400"),
                                            row(4, "2026-12-31", "A", "1", "EUR", ""),
                                            row(5, "0001-01-01", "A", "1", "EUR", "")};
    const QByteArray thirtyChars = "-1234567890123456789012345.123";
    QTest::newRow("amount forms kept exact")
            << header + "2026-03-01,A,+0,EUR,\n2026-03-01,A,-0.50,EUR,\n2026-03-01,A,007.10,EUR,\n"
                    + "2026-03-01,A," + thirtyChars + ",EUR,\n"
            << Rows{row(2, "2026-03-01", "A", "+0", "EUR", ""),
                    row(3, "2026-03-01", "A", "-0.50", "EUR", ""),
                    row(4, "2026-03-01", "A", "007.10", "EUR", ""),
                    row(5, "2026-03-01", "A", thirtyChars, "EUR", "")};
}

void TestTransactionParser::validFile()
{
    QFETCH(QByteArray, input);
    QFETCH(Rows, rows);

    for (const qsizetype chunkSize : {wholeInput, qsizetype(1), qsizetype(2), qsizetype(7)}) {
        const Outcome outcome = parseInChunks(input, chunkSize);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(outcome.error, QString());
        QCOMPARE(outcome.rows, rows);
        QCOMPARE(outcome.rowCount, rows.size());
        QCOMPARE(outcome.bytesConsumed, input.size());
    }
}

void TestTransactionParser::badFile_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");

    const QByteArray good = "2026-03-01,Checking,-12.50,EUR,Lunch\n";

    QTest::newRow("empty file") << QByteArray() << u"Line 1: the file is empty; "_s + needsHeader;
    QTest::newRow("only a byte order mark")
            << QByteArray("\xEF\xBB\xBF") << u"Line 1: the file is empty; "_s + needsHeader;
    QTest::newRow("half a byte order mark")
            << QByteArray("\xEF\xBB")
            << u"Line 1: the header must be date,account,amount,currency,description;"
               u" found 1 column"_s;
    QTest::newRow("blank first line")
            << "\n" + header << u"Line 1: the line is empty; "_s + needsHeader;
    QTest::newRow("header in capitals")
            << "Date,Account,Amount,Currency,Description\n" + good
            << u"Line 1: the header must be date,account,amount,currency,description;"
               u" column 1 is \"Date\""_s;
    QTest::newRow("header with spaces")
            << "date, account,amount,currency,description\n" + good
            << u"Line 1: the header must be date,account,amount,currency,description;"
               u" column 2 is \" account\""_s;
    QTest::newRow("header without description")
            << "date,account,amount,currency\n" + good
            << u"Line 1: the header must be date,account,amount,currency,description;"
               u" found 4 columns"_s;
    QTest::newRow("header with semicolons")
            << "date;account;amount;currency;description\n" + good
            << u"Line 1: the header must be date,account,amount,currency,description;"
               u" found 1 column"_s;
    QTest::newRow("blank line in the middle")
            << header + good + "\n" + good << u"Line 3: the line is empty"_s;
    QTest::newRow("blank CRLF line")
            << header + good + "\r\n" + good << u"Line 3: the line is empty"_s;
    QTest::newRow("two newlines at the end") << header + good + "\n"
                                             << u"Line 3: the line is empty"_s;
    QTest::newRow("seven columns") << header + good + "2026-03-01,A,1,EUR,x,y,z\n"
                                   << u"Line 3: expected 5 columns, found 7"_s;
    QTest::newRow("three columns") << header + "2026-03-01,A,1\n"
                                   << u"Line 2: expected 5 columns, found 3"_s;
    QTest::newRow("only spaces") << header + "   \n" << u"Line 2: expected 5 columns, found 1"_s;
    QTest::newRow("date with slashes")
            << header + "15/03/2026,A,1,EUR,\n"
            << u"Line 2: date \"15/03/2026\" is not in the form YYYY-MM-DD (e.g. 2026-03-15)"_s;
    QTest::newRow("date without zero padding")
            << header + "2026-3-15,A,1,EUR,\n"
            << u"Line 2: date \"2026-3-15\" is not in the form YYYY-MM-DD (e.g. 2026-03-15)"_s;
    QTest::newRow("date empty") << header + ",A,1,EUR,\n"
                                << u"Line 2: date \"\" is not in the form YYYY-MM-DD"
                                   u" (e.g. 2026-03-15)"_s;
    QTest::newRow("February 30th") << header + "2026-02-30,A,1,EUR,\n"
                                   << u"Line 2: date \"2026-02-30\" is not a real calendar date"_s;
    QTest::newRow("February 29th, not a leap year")
            << header + good + "2100-02-29,A,1,EUR,\n"
            << u"Line 3: date \"2100-02-29\" is not a real calendar date"_s;
    QTest::newRow("month 13") << header + "2026-13-01,A,1,EUR,\n"
                              << u"Line 2: date \"2026-13-01\" is not a real calendar date"_s;
    QTest::newRow("day 0") << header + "2026-01-00,A,1,EUR,\n"
                           << u"Line 2: date \"2026-01-00\" is not a real calendar date"_s;
    QTest::newRow("year 0") << header + "0000-01-01,A,1,EUR,\n"
                            << u"Line 2: date \"0000-01-01\" is not a real calendar date"_s;
    QTest::newRow("account empty") << header + "2026-03-01,,1,EUR,\n"
                                   << u"Line 2: account is empty"_s;
    QTest::newRow("account blank") << header + "2026-03-01,\" \t \",1,EUR,\n"
                                   << u"Line 2: account is empty"_s;
    QTest::newRow("account not UTF-8")
            << header + "2026-03-01,Caf\xE9,1,EUR,\n"
            << u"Line 2: account is not valid UTF-8 (save the file as UTF-8)"_s;
    QTest::newRow("amount with a decimal comma")
            << header + good + good + "2026-03-01,A,\"12,50\",EUR,\n"
            << u"Line 4: amount \"12,50\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("amount with thousands separator")
            << header + "2026-03-01,A,\"1,000.00\",EUR,\n"
            << u"Line 2: amount \"1,000.00\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("amount with exponent")
            << header + "2026-03-01,A,1e5,EUR,\n"
            << u"Line 2: amount \"1e5\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("amount without leading digit")
            << header + "2026-03-01,A,-.5,EUR,\n"
            << u"Line 2: amount \"-.5\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("amount ending in a dot")
            << header + "2026-03-01,A,5.,EUR,\n"
            << u"Line 2: amount \"5.\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("amount with spaces")
            << header + "2026-03-01,A, 5,EUR,\n"
            << u"Line 2: amount \" 5\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("amount empty")
            << header + "2026-03-01,A,,EUR,\n"
            << u"Line 2: amount \"\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("amount of 31 characters")
            << header + "2026-03-01,A,1234567890123456789012345678901,EUR,\n"
            << u"Line 2: amount \"1234567890123456789012345678901\" is longer than"
               u" 30 characters"_s;
    QTest::newRow("tab and CRLF shown escaped")
            << header + "2026-03-01,A,\"1\t\r\n2\",EUR,\n"
            << u"Line 2: amount \"1\\t\\r\\n2\" is not a decimal number with a '.'"
               u" (e.g. -12.50)"_s;
    QTest::newRow("long value cut to 40 characters")
            << header + "2026-03-01,A," + QByteArray(50, 'x') + ",EUR,\n"
            << u"Line 2: amount \""_s + QString(40, u'x')
                    + u"…\" is not a decimal number with a '.' (e.g. -12.50)"_s;
    QTest::newRow("currency in lower case")
            << header + good + good + good + good + good + "2026-03-01,A,1,usd,\n"
            << u"Line 7: currency \"usd\" must be three capital letters (e.g. EUR)"_s;
    QTest::newRow("currency of four letters")
            << header + "2026-03-01,A,1,EURO,\n"
            << u"Line 2: currency \"EURO\" must be three capital letters (e.g. EUR)"_s;
    QTest::newRow("currency symbol")
            << header + "2026-03-01,A,1,\xE2\x82\xAC,\n"
            << u"Line 2: currency \"€\" must be three capital letters (e.g. EUR)"_s;
    QTest::newRow("currency empty")
            << header + "2026-03-01,A,1,,x\n"
            << u"Line 2: currency \"\" must be three capital letters (e.g. EUR)"_s;
    QTest::newRow("description not UTF-8")
            << header + "2026-03-01,A,1,EUR,\xC3\x28\n"
            << u"Line 2: description is not valid UTF-8 (save the file as UTF-8)"_s;
    QTest::newRow("description with an overlong encoding")
            << header + "2026-03-01,A,1,EUR,\xC0\xAF\n"
            << u"Line 2: description is not valid UTF-8 (save the file as UTF-8)"_s;
    QTest::newRow("quoted field not closed")
            << header + good + good + "2026-03-01,A,1,EUR,\"Lunch\n" + good
            << u"Line 4: a quoted field is not closed"_s;
    QTest::newRow("stray quote in an unquoted field")
            << header + "2026-03-01,Bob\"s,1,EUR,\n"
            << u"Line 2: account has a quote but does not start with one (put the field in"
               u" quotes and write each quote inside it twice: \"\")"_s;
    QTest::newRow("text after a closing quote")
            << header + "2026-03-01,A,1,EUR,\"Lunch\" at noon\n"
            << u"Line 2: description has text after its closing quote (a quote inside a"
               u" quoted field is written twice: \"\")"_s;
    QTest::newRow("stray quote in an extra column")
            << header + "2026-03-01,A,1,EUR,x,a\"b\n"
            << u"Line 2: column 6 has a quote but does not start with one (put the field in"
               u" quotes and write each quote inside it twice: \"\")"_s;
    QTest::newRow("line counted after embedded newlines")
            << header + "2026-03-01,A,1,EUR,\"one\ntwo\nthree\"\n2026-03-01,A,1,EUR,\"a\nb\"\n"
                    + "2026-03-01,A,1,usd,\n"
            << u"Line 7: currency \"usd\" must be three capital letters (e.g. EUR)"_s;
    QTest::newRow("bad record starts before its embedded newline")
            << header + "2026-03-01,A,1,\"EU\nR\",x\n"
            << u"Line 2: currency \"EU\\nR\" must be three capital letters (e.g. EUR)"_s;
    QByteArray crlfFile = header + good + "2026-03-01,A,1,EUR,\"a\nb\"\n2026-03-01,A,x,EUR,\n";
    crlfFile.replace("\n", "\r\n");
    QTest::newRow("CRLF file, line counted") << crlfFile
                                             << u"Line 5: amount \"x\" is not a decimal number"
                                                u" with a '.' (e.g. -12.50)"_s;
}

void TestTransactionParser::badFile()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);

    for (const qsizetype chunkSize : {wholeInput, qsizetype(1), qsizetype(3)}) {
        const Outcome outcome = parseInChunks(input, chunkSize);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error, error);
    }
}

void TestTransactionParser::explainedFormatIsAccepted()
{
    // What the upload dialog and Getting started show is a file the service takes.
    TransactionParser parser;
    const QByteArray file = TransactionFormat::header.toByteArray() + '\n'
            + TransactionFormat::exampleRow.toByteArray() + '\n';
    QVERIFY(parser.feed(file));
    QVERIFY2(parser.finish(), qPrintable(parser.error()));
    QCOMPARE(parser.rowCount(), 1);
    const std::vector<TransactionRow> rows = parser.takeRows();
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows.front().description, QByteArray("Coffee, beans"));
}

void TestTransactionParser::rowsBeforeTheBadRowAreKept()
{
    const QByteArray input = header + "2026-03-01,A,1,EUR,\n2026-03-02,B,2,EUR,\n"
            + "2026-03-03,C,x,EUR,\n2026-03-04,D,4,EUR,\n";
    TransactionParser parser;
    QVERIFY(!parser.feed(input));
    QCOMPARE(parser.rowCount(), 2);
    const std::vector<TransactionRow> rows = parser.takeRows();
    QCOMPARE(rows.size(), 2u);
    QCOMPARE(rows.back().account, "B");
    QVERIFY(!parser.finish());
    QCOMPARE(parser.error(),
             u"Line 4: amount \"x\" is not a decimal number with a '.' (e.g. -12.50)"_s);
}

void TestTransactionParser::feedAfterFailureKeepsFirstError()
{
    TransactionParser parser;
    QVERIFY(!parser.feed(QByteArray(header + "2026-03-01,A,1,eur,\n")));
    const QString first = parser.error();
    QVERIFY(!parser.feed(QByteArrayView("2026-99-01,A,1,EUR,\n")));
    QVERIFY(!parser.finish());
    QCOMPARE(parser.error(), first);
    QCOMPARE(parser.rowCount(), 0);
}

void TestTransactionParser::takeRowsHandsOverEachRowOnce()
{
    constexpr int rowTotal = 1000;
    QByteArray input = header;
    for (int i = 0; i < rowTotal; ++i)
        input += "2026-03-01,Account " + QByteArray::number(i) + ",1.00,EUR,\"a, b\"\n";

    TransactionParser parser;
    std::vector<TransactionRow> collected;
    constexpr qsizetype chunkSize = 997; // rows straddle chunks
    qsizetype takes = 0;
    for (qsizetype at = 0; at < input.size(); at += chunkSize) {
        QVERIFY(parser.feed(input.constData() + at, std::min(chunkSize, input.size() - at)));
        std::vector<TransactionRow> rows = parser.takeRows();
        if (!rows.empty())
            ++takes;
        std::move(rows.begin(), rows.end(), std::back_inserter(collected));
        QVERIFY(parser.takeRows().empty());
    }
    QVERIFY(parser.finish());
    QVERIFY(parser.takeRows().empty());
    QVERIFY(takes > 1);
    QCOMPARE(parser.rowCount(), rowTotal);
    QCOMPARE(collected.size(), size_t(rowTotal));
    for (int i = 0; i < rowTotal; ++i) {
        QCOMPARE(collected[i].line, i + 2);
        QCOMPARE(collected[i].account, "Account " + QByteArray::number(i));
        QCOMPARE(collected[i].description, "a, b");
    }
}

void TestTransactionParser::csvRow_data()
{
    QTest::addColumn<QByteArrayList>("fields");
    QTest::addColumn<QByteArray>("written");

    QTest::newRow("plain") << QByteArrayList{"2026-03-01", "A", "-1.50", "EUR", "Lunch"}
                           << QByteArray("2026-03-01,A,-1.50,EUR,Lunch\n");
    QTest::newRow("empty fields") << QByteArrayList{"a", "", "b", ""} << QByteArray("a,,b,\n");
    QTest::newRow("comma") << QByteArrayList{"a,b", "c"} << QByteArray("\"a,b\",c\n");
    QTest::newRow("quotes doubled")
            << QByteArrayList{"say \"hi\"", "x"} << QByteArray("\"say \"\"hi\"\"\",x\n");
    QTest::newRow("newline") << QByteArrayList{"a\nb"} << QByteArray("\"a\nb\"\n");
    QTest::newRow("carriage return") << QByteArrayList{"a\rb"} << QByteArray("\"a\rb\"\n");
    QTest::newRow("edge spaces") << QByteArrayList{" a", "b ", "c d"}
                                 << QByteArray("\" a\",\"b \",c d\n");
    QTest::newRow("one empty field") << QByteArrayList{""} << QByteArray("\"\"\n");
    QTest::newRow("UTF-8 untouched")
            << QByteArrayList{"\xE2\x82\xAC"} << QByteArray("\xE2\x82\xAC\n");
}

void TestTransactionParser::csvRow()
{
    QFETCH(QByteArrayList, fields);
    QFETCH(QByteArray, written);

    std::vector<QByteArrayView> views(fields.cbegin(), fields.cend());
    QByteArray out = "prefix\n";
    appendCsvRow(out, views);
    QCOMPARE(out, "prefix\n" + written);
}

void TestTransactionParser::roundTrip_data()
{
    QTest::addColumn<QByteArrayList>("fields");

    QTest::newRow("plain") << QByteArrayList{"2026-03-01", "Checking", "-12.50", "EUR", "Lunch"};
    QTest::newRow("commas") << QByteArrayList{"2026-03-01", "Acme, Inc.", "1", "EUR", "a,b,,c"};
    QTest::newRow("quotes") << QByteArrayList{"2026-03-01", "\"", "1", "EUR", "\"quoted\" \"\""};
    QTest::newRow("newlines") << QByteArrayList{"2026-03-01", "A\nB", "1", "EUR",
                                                "line\r\nbreak\nand\rcr"};
    QTest::newRow("spaces") << QByteArrayList{"2026-03-01", " A ", "1", "EUR", "\t tab "};
    QTest::newRow("empty description") << QByteArrayList{"2026-03-01", "A", "1", "EUR", ""};
    QTest::newRow("UTF-8") << QByteArrayList{"2026-03-01", "K\xC3\xB6ln", "1", "EUR",
                                             "\xE6\x97\xA5\xE6\x9C\xAC, \"\xE2\x82\xAC\""};
}

void TestTransactionParser::roundTrip()
{
    QFETCH(QByteArrayList, fields);

    QByteArray file;
    appendCsvRow(file, {"date", "account", "amount", "currency", "description"});
    constexpr int copies = 3;
    for (int i = 0; i < copies; ++i)
        appendCsvRow(file, {fields[0], fields[1], fields[2], fields[3], fields[4]});

    for (const qsizetype chunkSize : {wholeInput, qsizetype(1)}) {
        const Outcome outcome = parseInChunks(file, chunkSize);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(outcome.rows.size(), copies);
        for (const QByteArrayList &parsed : outcome.rows)
            QCOMPARE(parsed.mid(1), fields);
    }
}

QTEST_GUILESS_MAIN(TestTransactionParser)
#include "tst_transactionparser.moc"
