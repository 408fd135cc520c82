#include "progressparser.h"

#include <QTest>

using namespace optrack::ctl;
using namespace Qt::StringLiterals;

/// The lines `run` turns into progress: the default PROGRESS/STEP lines, a custom pattern
/// for a tool's own meter, and the output that must not count.
class tst_ProgressParser final : public QObject
{
    Q_OBJECT

private slots:
    void defaultLines_data();
    void defaultLines();
    void customPattern_data();
    void customPattern();
    void badPatternsAreRefused_data();
    void badPatternsAreRefused();
};

void tst_ProgressParser::defaultLines_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<double>("percentage"); // -1: none
    QTest::addColumn<int>("step"); // -1: none
    QTest::addColumn<QString>("text"); // empty: none

    QTest::newRow("progress") << u"PROGRESS 40"_s << 40.0 << -1 << QString();
    QTest::newRow("progress with fraction") << u"PROGRESS 12.5"_s << 12.5 << -1 << QString();
    QTest::newRow("progress with comma") << u"PROGRESS 12,5"_s << 12.5 << -1 << QString();
    QTest::newRow("progress with percent sign") << u"PROGRESS 7%"_s << 7.0 << -1 << QString();
    QTest::newRow("progress padded") << u"  PROGRESS   99  "_s << 99.0 << -1 << QString();
    QTest::newRow("progress above 100 is clamped") << u"PROGRESS 250"_s << 100.0 << -1 << QString();
    QTest::newRow("step with text")
            << u"STEP 2 Uploading to s3"_s << -1.0 << 2 << u"Uploading to s3"_s;
    QTest::newRow("step alone") << u"STEP 3"_s << -1.0 << 3 << QString();
    QTest::newRow("lower case is output") << u"progress 40"_s << -1.0 << -1 << QString();
    QTest::newRow("inside a sentence is output")
            << u"the PROGRESS 40 line"_s << -1.0 << -1 << QString();
    QTest::newRow("no number") << u"PROGRESS"_s << -1.0 << -1 << QString();
    QTest::newRow("negative") << u"PROGRESS -5"_s << -1.0 << -1 << QString();
    QTest::newRow("trailing words") << u"PROGRESS 5 of 10"_s << -1.0 << -1 << QString();
    QTest::newRow("empty") << QString() << -1.0 << -1 << QString();
}

void tst_ProgressParser::defaultLines()
{
    QFETCH(QString, line);
    QFETCH(double, percentage);
    QFETCH(int, step);
    QFETCH(QString, text);

    const ProgressParser::Report report = ProgressParser().parse(line);
    QCOMPARE(report.percentage.has_value(), percentage >= 0);
    if (percentage >= 0)
        QCOMPARE(*report.percentage, percentage);
    QCOMPARE(report.step.has_value(), step >= 0);
    if (step >= 0)
        QCOMPARE(*report.step, step);
    QCOMPARE(report.text.has_value(), !text.isEmpty());
    if (!text.isEmpty())
        QCOMPARE(*report.text, text);
}

void tst_ProgressParser::customPattern_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("line");
    QTest::addColumn<double>("percentage"); // -1: none

    const QString rsync = uR"((\d+)%)"_s;
    QTest::newRow("rsync progress2")
            << rsync << u"    123,456,789  45%   12.34MB/s    0:00:10 (xfr#1, to-chk=0/1)"_s
            << 45.0;
    QTest::newRow("pv -n") << uR"(^\s*(\d+)\s*$)"_s << u"73"_s << 73.0;
    QTest::newRow("no match") << rsync << u"sending incremental file list"_s << -1.0;
    QTest::newRow("default line no longer counts") << rsync << u"PROGRESS 40"_s << -1.0;
    QTest::newRow("step lines still count") << rsync << u"STEP 1 Copy"_s << -1.0;
}

void tst_ProgressParser::customPattern()
{
    QFETCH(QString, pattern);
    QFETCH(QString, line);
    QFETCH(double, percentage);

    ProgressParser parser;
    QString error;
    QVERIFY2(parser.setPercentagePattern(pattern, &error), qPrintable(error));
    const ProgressParser::Report report = parser.parse(line);
    QCOMPARE(report.percentage.has_value(), percentage >= 0);
    if (percentage >= 0)
        QCOMPARE(*report.percentage, percentage);
    if (line.startsWith(u"STEP"_s))
        QCOMPARE(report.step, std::optional<int>(1));
}

void tst_ProgressParser::badPatternsAreRefused_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("no group") << uR"(\d+%)"_s << u"exactly one capture group"_s;
    QTest::newRow("two groups") << uR"((\d+)/(\d+))"_s << u"has 2"_s;
    QTest::newRow("invalid") << uR"((\d+)"_s << u"not a valid regular expression"_s;
}

void tst_ProgressParser::badPatternsAreRefused()
{
    QFETCH(QString, pattern);
    QFETCH(QString, mentions);

    ProgressParser parser;
    QString error;
    QVERIFY(!parser.setPercentagePattern(pattern, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    // The default still holds after a refusal.
    QCOMPARE(parser.parse(u"PROGRESS 5"_s).percentage, std::optional<double>(5));
}

QTEST_GUILESS_MAIN(tst_ProgressParser)
#include "tst_progressparser.moc"
