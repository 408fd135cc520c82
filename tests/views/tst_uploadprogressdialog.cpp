#include "dashboardfixtures.h"
#include "uploadprogressdialog.h"

#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace optrack;

class tst_UploadProgressDialog : public QObject
{
    Q_OBJECT

private slots:
    void percentFollowsTheBytes_data();
    void percentFollowsTheBytes();
    void cancelAsksToAbort();
    void failureStaysWithItsReason();
};

void tst_UploadProgressDialog::percentFollowsTheBytes_data()
{
    QTest::addColumn<qint64>("sent");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<int>("percent");
    QTest::newRow("unknown total is busy") << qint64(4096) << qint64(-1) << -1;
    QTest::newRow("zero total is busy") << qint64(0) << qint64(0) << -1;
    QTest::newRow("none sent") << qint64(0) << qint64(8'000'000) << 0;
    QTest::newRow("forty percent") << qint64(3'200'000) << qint64(8'000'000) << 40;
    QTest::newRow("all sent") << qint64(8'000'000) << qint64(8'000'000) << 100;
}

void tst_UploadProgressDialog::percentFollowsTheBytes()
{
    QFETCH(qint64, sent);
    QFETCH(qint64, total);
    QFETCH(int, percent);
    UploadProgressDialog dialog(u"transactions-2026-11.csv"_s);
    QCOMPARE(dialog.percent(), -1);
    dialog.setProgress(sent, total);
    QCOMPARE(dialog.percent(), percent);
    QVERIFY(dialog.detailText().startsWith(QLocale().formattedDataSize(sent)));
}

void tst_UploadProgressDialog::cancelAsksToAbort()
{
    UploadProgressDialog dialog(u"transactions-2026-11.csv"_s);
    dialog.setProgress(3'200'000, 8'000'000);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dashboardfixtures::saveScreenshot(&dialog, u"upload-progress"_s);
    QSignalSpy cancel(&dialog, &UploadProgressDialog::cancelRequested);
    QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
    QCOMPARE(cancel.size(), 1);
    QVERIFY(!dialog.isVisible());
}

void tst_UploadProgressDialog::failureStaysWithItsReason()
{
    UploadProgressDialog dialog(u"transactions-2026-11.csv"_s);
    dialog.setProgress(1'000, 8'000'000);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setFailed(u"The file is larger than the service accepts (at most 50 MB)."_s);
    dialog.setProgress(2'000, 8'000'000); // late progress changes nothing
    QVERIFY(dialog.isFailed());
    QCOMPARE(dialog.detailText(),
             u"The upload failed: The file is larger than the service accepts (at most 50 MB)."_s);
    QCOMPARE(dialog.cancelButton()->text(), u"Close"_s);
    QVERIFY(dialog.isVisible());
    dashboardfixtures::saveScreenshot(&dialog, u"upload-failed"_s);
    QSignalSpy cancel(&dialog, &UploadProgressDialog::cancelRequested);
    QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
    QVERIFY(cancel.isEmpty());
    QVERIFY(!dialog.isVisible());
}

QTEST_MAIN(tst_UploadProgressDialog)
#include "tst_uploadprogressdialog.moc"
