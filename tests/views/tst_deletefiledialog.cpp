#include "dashboardfixtures.h"
#include "deletefiledialog.h"
#include "emptyoverlay.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace optrack;

namespace {

QJsonObject file(const QString &id, const QString &name, qint64 size, int transactions,
                 int hoursAgo, const QString &owner)
{
    return QJsonObject{
            {u"fileId"_s, id},
            {u"fileName"_s, name},
            {u"fileSize"_s, double(size)},
            {u"transactionCount"_s, transactions},
            {u"uploadedAt"_s, toWireTime(dashboardfixtures::now().addSecs(-3600LL * hoursAgo))},
            {u"owner"_s, owner},
    };
}

QJsonArray files()
{
    return {
            file(u"file_41"_s, u"transactions-2026-10.csv"_s, 8'421'337, 120'000, 5, u"alice"_s),
            file(u"file_42"_s, u"report-q3.csv"_s, 1'234, 18, 30, u"alice"_s),
            file(u"file_43"_s, u"payroll-eu-week46.csv"_s, 412'993, 3'120, 50, u"dave"_s),
            file(u"file_44"_s, u"payroll-eu-week47.csv"_s, 415'020, 3'164, 2, u"dave"_s),
            file(u"file_45"_s, u"vendors-2025.csv"_s, 96'100, 880, 200, u"dave"_s),
            file(u"file_46"_s, u"refunds-week46.csv"_s, 22'750, 301, 75, u"bob"_s),
    };
}

/// A dialog with testers on its models before the files arrive.
struct Dialog
{
    DeleteFileDialog dialog;
    QAbstractItemModelTester modelTester{dialog.fileModel()};
    QAbstractItemModelTester proxyTester{dialog.filterModel()};
};

} // namespace

class tst_DeleteFileDialog : public QObject
{
    Q_OBJECT

private slots:
    void listsTheFiles();
    void searchNarrowsTheList_data();
    void searchNarrowsTheList();
    void choosingEnablesDelete();
    void enterOnARowAccepts();
    void refusalIsToldInTheDialog();
    void refreshKeepsTheChoice();
    void emptyListSaysSo();
    void screenshot();
};

void tst_DeleteFileDialog::listsTheFiles()
{
    Dialog fixture;
    fixture.dialog.setFiles(files());
    QCOMPARE(fixture.dialog.filterModel()->rowCount(), 6);
    // Newest upload first.
    QCOMPARE(fixture.dialog.filterModel()->index(0, DeleteFileDialog::FileName).data().toString(),
             u"payroll-eu-week47.csv"_s);
    const QModelIndex size = fixture.dialog.filterModel()->index(0, DeleteFileDialog::Size);
    QCOMPARE(size.data().toString(), QLocale().formattedDataSize(415'020));
    fixture.dialog.fileView()->sortByColumn(DeleteFileDialog::Size, Qt::DescendingOrder);
    QCOMPARE(fixture.dialog.filterModel()->index(0, DeleteFileDialog::FileName).data().toString(),
             u"transactions-2026-10.csv"_s);
}

void tst_DeleteFileDialog::searchNarrowsTheList_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rows");
    QTest::newRow("name") << u"payroll"_s << 2;
    QTest::newRow("owner") << u"dave"_s << 3;
    QTest::newRow("case-insensitive") << u"REPORT"_s << 1;
    QTest::newRow("nothing") << u"invoices"_s << 0;
}

void tst_DeleteFileDialog::searchNarrowsTheList()
{
    QFETCH(QString, text);
    QFETCH(int, rows);
    Dialog fixture;
    fixture.dialog.setFiles(files());
    QTest::keyClicks(fixture.dialog.searchField(), text);
    QCOMPARE(fixture.dialog.filterModel()->rowCount(), rows);
}

void tst_DeleteFileDialog::choosingEnablesDelete()
{
    Dialog fixture;
    DeleteFileDialog &dialog = fixture.dialog;
    dialog.setFiles(files());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy requested(&dialog, &DeleteFileDialog::deletionRequested);
    QVERIFY(dialog.selectedFileId().isEmpty());
    QVERIFY(!dialog.deleteButton()->isEnabled());
    dialog.accept();
    QVERIFY(requested.isEmpty());

    QVERIFY(dialog.selectFile(u"file_42"_s));
    QCOMPARE(dialog.selectedFileId(), u"file_42"_s);
    QCOMPARE(dialog.selectedFileName(), u"report-q3.csv"_s);
    QVERIFY(dialog.deleteButton()->isEnabled());
    QTest::mouseClick(dialog.deleteButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.constFirst().at(0).toString(), u"file_42"_s);
    QCOMPARE(requested.constFirst().at(1).toString(), u"report-q3.csv"_s);
    // It waits for the service's answer: no second request meanwhile, then it closes.
    QVERIFY(dialog.isBusy());
    QVERIFY(!dialog.deleteButton()->isEnabled());
    QTest::mouseClick(dialog.deleteButton(), Qt::LeftButton);
    dialog.accept();
    QCOMPARE(requested.size(), 1);
    QVERIFY(accepted.isEmpty());
    dialog.finishRequest(true);
    QCOMPARE(accepted.size(), 1);
}

void tst_DeleteFileDialog::refusalIsToldInTheDialog()
{
    Dialog fixture;
    DeleteFileDialog &dialog = fixture.dialog;
    dialog.setFiles(files());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy requested(&dialog, &DeleteFileDialog::deletionRequested);
    QVERIFY(dialog.selectFile(u"file_42"_s));
    QTest::mouseClick(dialog.deleteButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    const QString refusal = u"A deletion of report-q3.csv is already waiting for approval "
                            u"(op_d204); cancel that one first."_s;
    dialog.finishRequest(false, refusal);
    // Told here, whole, and the dialog stays for another choice.
    QVERIFY(dialog.isVisible());
    QVERIFY(accepted.isEmpty());
    QVERIFY(dialog.refusalText().endsWith(refusal));
    auto *label = dialog.findChild<QLabel *>(u"refusal"_s);
    QVERIFY(label && label->isVisible());
    QVERIFY(label->height() >= label->heightForWidth(label->width()));
    QVERIFY(dialog.deleteButton()->isEnabled());
    dashboardfixtures::saveScreenshot(&dialog, u"delete-refused"_s);
    // Asking again clears it while the service answers.
    QTest::mouseClick(dialog.deleteButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 2);
    QVERIFY(dialog.refusalText().isEmpty());
}

void tst_DeleteFileDialog::enterOnARowAccepts()
{
    Dialog fixture;
    DeleteFileDialog &dialog = fixture.dialog;
    dialog.setFiles(files());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::keyClicks(dialog.searchField(), u"vendors"_s);
    QTest::keyClick(dialog.searchField(), Qt::Key_Tab);
    QVERIFY(dialog.fileView()->hasFocus());
    QCOMPARE(dialog.selectedFileId(), u"file_45"_s); // the one row left
    QVERIFY(dialog.deleteButton()->isEnabled());
    QSignalSpy requested(&dialog, &DeleteFileDialog::deletionRequested);
    QTest::keyClick(dialog.fileView(), Qt::Key_Return);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.constFirst().at(0).toString(), u"file_45"_s);
    dialog.finishRequest(true);
    QCOMPARE(accepted.size(), 1);
}

void tst_DeleteFileDialog::refreshKeepsTheChoice()
{
    Dialog fixture;
    fixture.dialog.setFiles(files());
    QVERIFY(fixture.dialog.selectFile(u"file_43"_s));
    QJsonArray fewer = files();
    fewer.removeAt(0);
    fixture.dialog.setFiles(fewer);
    QCOMPARE(fixture.dialog.selectedFileId(), u"file_43"_s);
    QCOMPARE(fixture.dialog.filterModel()->rowCount(), 5);
}

void tst_DeleteFileDialog::emptyListSaysSo()
{
    Dialog fixture;
    fixture.dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fixture.dialog));
    fixture.dialog.setFiles({});
    auto *empty = fixture.dialog.fileView()->viewport()->findChild<EmptyOverlay *>();
    QVERIFY(empty && empty->isVisible());
    QCOMPARE(empty->text(), u"No stored files. Upload one first."_s);
    fixture.dialog.setFiles(files());
    QVERIFY(!empty->isVisible());
    QTest::keyClicks(fixture.dialog.searchField(), u"zzz"_s);
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), u"No file matches the search."_s);
}

void tst_DeleteFileDialog::screenshot()
{
    Dialog fixture;
    fixture.dialog.setFiles(files());
    fixture.dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fixture.dialog));
    QVERIFY(fixture.dialog.selectFile(u"file_42"_s));
    dashboardfixtures::saveScreenshot(&fixture.dialog, u"delete-file-dialog"_s);
    const QStringList unnamed = dashboardfixtures::unnamedControls(&fixture.dialog);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(tst_DeleteFileDialog)
#include "tst_deletefiledialog.moc"
