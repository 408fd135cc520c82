#include "dashboardfixtures.h"
#include "exportdialog.h"

#include <QDateEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace optrack;

class tst_ExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void dateRange_data();
    void dateRange();
    void formatFollowsTheChoice();
    void endBeforeStartIsRefused();
    void typingAYearSelectsNothingElse();
    void screenshots();
};

void tst_ExportDialog::dateRange_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<QString>("range");
    QTest::newRow("year") << int(ExportDialog::Year) << QDate(2026, 1, 1) << QDate() << u"2026"_s;
    QTest::newRow("month from any day")
            << int(ExportDialog::Month) << QDate(2026, 10, 17) << QDate() << u"2026-10"_s;
    QTest::newRow("january pads") << int(ExportDialog::Month) << QDate(2027, 1, 31) << QDate()
                                  << u"2027-01"_s;
    QTest::newRow("days") << int(ExportDialog::Days) << QDate(2026, 10, 1) << QDate(2026, 10, 31)
                          << u"2026-10-01..2026-10-31"_s;
    QTest::newRow("one day") << int(ExportDialog::Days) << QDate(2026, 3, 9) << QDate(2026, 3, 9)
                             << u"2026-03-09..2026-03-09"_s;
}

void tst_ExportDialog::dateRange()
{
    QFETCH(int, kind);
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(QString, range);
    ExportDialog dialog;
    switch (ExportDialog::RangeKind(kind)) {
    case ExportDialog::Year:
        dialog.setYear(from.year());
        break;
    case ExportDialog::Month:
        dialog.setMonth(from);
        break;
    case ExportDialog::Days:
        dialog.setDays(from, to);
        break;
    }
    QCOMPARE(dialog.rangeKind(), ExportDialog::RangeKind(kind));
    QCOMPARE(dialog.dateRange(), range);
    QCOMPARE(ExportDialog::dateRangeFor(ExportDialog::RangeKind(kind), from, to), range);
    QVERIFY(dialog.isValid());
    QVERIFY(dialog.startButton()->isEnabled());
    QVERIFY(dialog.summaryText().contains(range));
}

void tst_ExportDialog::formatFollowsTheChoice()
{
    ExportDialog dialog;
    QCOMPARE(dialog.format(), u"csv"_s);
    auto *json = dialog.findChild<QRadioButton *>();
    QVERIFY(json);
    for (QRadioButton *button : dialog.findChildren<QRadioButton *>()) {
        if (button->accessibleName() == u"JSON format"_s)
            json = button;
    }
    QTest::mouseClick(json, Qt::LeftButton);
    QCOMPARE(dialog.format(), u"json"_s);
    QVERIFY(dialog.summaryText().contains(u"JSON"_s));
    dialog.setFormat(u"csv"_s);
    QCOMPARE(dialog.format(), u"csv"_s);
}

void tst_ExportDialog::endBeforeStartIsRefused()
{
    ExportDialog dialog;
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.setDays(QDate(2026, 10, 31), QDate(2026, 10, 1));
    QVERIFY(!dialog.isValid());
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY(dialog.problem().contains(u"2026-10-31"_s));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(&dialog, Qt::Key_Return);
    dialog.accept();
    QVERIFY(accepted.isEmpty());
    QVERIFY(dialog.isVisible());

    // Another range kind ignores the days, and fixing the days clears the problem.
    dialog.setRangeKind(ExportDialog::Month);
    QVERIFY(dialog.isValid());
    dialog.setDays(QDate(2026, 10, 1), QDate(2026, 10, 1));
    QVERIFY(dialog.isValid());
    QVERIFY(dialog.startButton()->isEnabled());
}

void tst_ExportDialog::typingAYearSelectsNothingElse()
{
    ExportDialog dialog;
    dialog.setYear(2024);
    auto *year = dialog.findChild<QSpinBox *>();
    QVERIFY(year);
    QVERIFY(year->isEnabled());
    const QList<QDateEdit *> dates = dialog.findChildren<QDateEdit *>();
    QCOMPARE(dates.size(), 3);
    for (QDateEdit *edit : dates)
        QVERIFY(!edit->isEnabled());
    year->selectAll();
    QTest::keyClicks(year, u"2025"_s);
    QCOMPARE(dialog.dateRange(), u"2025"_s);
}

void tst_ExportDialog::screenshots()
{
    ExportDialog dialog;
    dialog.setMonth(QDate(2026, 10, 1));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dashboardfixtures::saveScreenshot(&dialog, u"export-dialog"_s);
    const QStringList unnamed = dashboardfixtures::unnamedControls(&dialog);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    dialog.setDays(QDate(2026, 10, 31), QDate(2026, 10, 1));
    dashboardfixtures::saveScreenshot(&dialog, u"export-dialog-invalid"_s);
}

QTEST_MAIN(tst_ExportDialog)
#include "tst_exportdialog.moc"
