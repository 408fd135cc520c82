#include "dashboardfixtures.h"
#include "transactionformat.h"
#include "uploaddialog.h"

#include <QApplication>
#include <QDir>
#include <QFontInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace optrack;

/// Upload file…: the expected first line is on screen before a file is picked.
class tst_UploadDialog : public QObject
{
    Q_OBJECT

private slots:
    void showsTheExpectedHeader();
    void uploadNeedsAFile();
    void typedPathIsUploaded();
};

void tst_UploadDialog::showsTheExpectedHeader()
{
    UploadDialog dialog(QDir::tempPath());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.headerLabel()->text(), u"date,account,amount,currency,description"_s);
    QCOMPARE(dialog.headerLabel()->text().toUtf8(), TransactionFormat::header.toByteArray());
    // Whole, in a fixed-width font, and selectable to copy.
    QVERIFY(testing::showsWholeText(dialog.headerLabel()));
    QVERIFY(dialog.headerLabel()->font().fixedPitch()
            || QFontInfo(dialog.headerLabel()->font()).fixedPitch());
    QVERIFY(dialog.headerLabel()->textInteractionFlags() & Qt::TextSelectableByMouse);
    // The example row is a line the service accepts: the header's five columns.
    bool sawExample = false;
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->text() == QString::fromUtf8(TransactionFormat::exampleRow)) {
            sawExample = true;
            QVERIFY(testing::showsWholeText(label));
        }
    }
    QVERIFY(sawExample);
    dashboardfixtures::saveScreenshot(&dialog, u"upload-dialog"_s);
}

void tst_UploadDialog::uploadNeedsAFile()
{
    UploadDialog dialog(QDir::tempPath());
    QSignalSpy chosen(&dialog, &UploadDialog::fileChosen);
    QVERIFY(!dialog.uploadButton()->isEnabled());
    dialog.setFilePath(u"   "_s);
    QVERIFY(!dialog.uploadButton()->isEnabled());
    QCOMPARE(chosen.size(), 0);
}

void tst_UploadDialog::typedPathIsUploaded()
{
    UploadDialog dialog(QDir::tempPath());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy chosen(&dialog, &UploadDialog::fileChosen);
    auto *path = dialog.findChild<QLineEdit *>();
    QVERIFY(path);
    path->setFocus();
    QTest::keyClicks(path, u"/tmp/ledger.csv"_s);
    QVERIFY(dialog.uploadButton()->isEnabled());
    QTest::keyClick(path, Qt::Key_Return);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.at(0).at(0).toString(), u"/tmp/ledger.csv"_s);
    QVERIFY(!dialog.isVisible());
}

QTEST_MAIN(tst_UploadDialog)
#include "tst_uploaddialog.moc"
