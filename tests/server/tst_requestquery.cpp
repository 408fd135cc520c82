// The one reader of query parameters: whole numbers from digits alone, the list query and
// the stream's since, without a service.
#include "requestquery.h"

#include <QTest>

#include <limits>

using namespace optrack;
using namespace Qt::StringLiterals;

class tst_RequestQuery final : public QObject
{
    Q_OBJECT

private slots:
    void wholeNumber_data();
    void wholeNumber();
    void listQuery_data();
    void listQuery();
    void since_data();
    void since();
};

void tst_RequestQuery::wholeNumber_data()
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

void tst_RequestQuery::wholeNumber()
{
    QFETCH(QString, text);
    QFETCH(qint64, value);
    const std::optional<qint64> parsed
            = requestquery::wholeNumber(text, 0, std::numeric_limits<qint64>::max());
    QCOMPARE(parsed.value_or(-1), value);
}

void tst_RequestQuery::listQuery_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("refusedField"); // empty: accepted
    QTest::addColumn<int>("limit");
    QTest::newRow("nothing") << QString() << QString() << requestquery::defaultListLimit;
    QTest::newRow("limit 5") << u"limit=5"_s << QString() << 5;
    QTest::newRow("limit at most") << u"limit=1000"_s << QString() << requestquery::maxListLimit;
    QTest::newRow("limit 0") << u"limit=0"_s << u"limit"_s << 0;
    QTest::newRow("limit too large") << u"limit=1001"_s << u"limit"_s << 0;
    QTest::newRow("limit with NUL") << u"limit=5%00"_s << u"limit"_s << 0;
    QTest::newRow("limit with space") << u"limit=%205"_s << u"limit"_s << 0;
    QTest::newRow("unknown scope") << u"scope=everyone"_s << u"scope"_s << 0;
    QTest::newRow("unknown status") << u"status=done"_s << u"status"_s << 0;
    QTest::newRow("bad type") << u"operationType=a%20b"_s << u"operationType"_s << 0;
    QTest::newRow("since negative") << u"since=-1"_s << u"since"_s << 0;
}

void tst_RequestQuery::listQuery()
{
    QFETCH(QString, query);
    QFETCH(QString, refusedField);
    QFETCH(int, limit);
    ListQuery list;
    FieldError error;
    const bool accepted = requestquery::parseListQuery(QUrlQuery(query), &list, &error);
    QCOMPARE(accepted, refusedField.isEmpty());
    if (accepted)
        QCOMPARE(list.limit, limit);
    else
        QCOMPARE(error.field, refusedField);
}

void tst_RequestQuery::since_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<qint64>("since"); // -1: unset
    QTest::newRow("absent") << QString() << true << qint64(-1);
    QTest::newRow("zero") << u"since=0"_s << true << qint64(0);
    QTest::newRow("version") << u"since=123"_s << true << qint64(123);
    QTest::newRow("empty") << u"since="_s << false << qint64(-1);
    QTest::newRow("hex") << u"since=0x10"_s << false << qint64(-1);
    QTest::newRow("beyond qint64") << u"since=9223372036854775808"_s << false << qint64(-1);
}

void tst_RequestQuery::since()
{
    QFETCH(QString, query);
    QFETCH(bool, accepted);
    QFETCH(qint64, since);
    std::optional<qint64> read;
    FieldError error;
    QCOMPARE(requestquery::parseSince(QUrlQuery(query), &read, &error), accepted);
    QCOMPARE(read.value_or(-1), since);
    if (!accepted)
        QCOMPARE(error.field, u"since"_s);
}

QTEST_GUILESS_MAIN(tst_RequestQuery)
#include "tst_requestquery.moc"
