#include "operationtable.h"

#include <QTest>

using namespace optrack;
using namespace optrack::ctl;
using namespace Qt::StringLiterals;

namespace {

Operation makeOperation(const QString &id, OperationStatus status, double progress,
                        const QString &name, const QString &step)
{
    Operation operation;
    operation.operationId = id;
    operation.operationType = u"backup.nightly"_s;
    operation.displayName = name;
    operation.status = status;
    operation.progressPercentage = progress;
    operation.stepDescription = step;
    operation.updatedAt = QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);
    return operation;
}

} // namespace

/// The table of ls and watch: aligned columns under a header, why a failure ended in the
/// text column, one line per cell however the names look, and a width it keeps to.
class tst_OperationTable final : public QObject
{
    Q_OBJECT

private slots:
    void alignedUnderTheHeader();
    void textSaysWhyItFailed();
    void fitsTheWidthByShorteningTextThenName();
    void changeLineIsTabSeparated();
};

void tst_OperationTable::alignedUnderTheHeader()
{
    const QString table
            = OperationTable::render({makeOperation(u"op_1"_s, OperationStatus::InProgress, 42.7,
                                                    u"Nightly db"_s, u"Dumping"_s),
                                      makeOperation(u"op_22"_s, OperationStatus::WaitingForApproval,
                                                    0.5, u"Delete"_s, QString())});
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith(u"ID     STATUS"_s));
    const qsizetype statusColumn = lines[0].indexOf(u"STATUS"_s);
    const qsizetype progressColumn = lines[0].indexOf(u"PROGRESS"_s);
    QCOMPARE(lines[1].indexOf(u"in_progress"_s), statusColumn);
    QCOMPARE(lines[2].indexOf(u"waiting_for_approval"_s), statusColumn);
    QCOMPARE(lines[1].indexOf(u"42%"_s), progressColumn);
    QCOMPARE(lines[2].indexOf(u"0.5%"_s), progressColumn);
    QVERIFY(lines[1].endsWith(u"Dumping"_s));
    QVERIFY2(!lines[2].endsWith(u' '), "no trailing blanks");
}

void tst_OperationTable::textSaysWhyItFailed()
{
    Operation failed
            = makeOperation(u"op_1"_s, OperationStatus::Failed, 10, u"Copy"_s, u"Copying"_s);
    failed.errorMessage = u"disk full\nrsync: error 23"_s;
    QCOMPARE(OperationTable::cell(failed, OperationTable::Text), u"disk full rsync: error 23"_s);
    Operation named = makeOperation(u"op_2"_s, OperationStatus::Pending, 0, u"two\nlines"_s, {});
    QCOMPARE(OperationTable::cell(named, OperationTable::Name), u"two lines"_s);
}

void tst_OperationTable::fitsTheWidthByShorteningTextThenName()
{
    const Operation operation = makeOperation(
            u"op_1"_s, OperationStatus::InProgress, 50, u"A rather long display name here"_s,
            u"Uploading the third archive of seven to the bucket"_s);
    const QString wide = OperationTable::render({operation});
    const int natural = int(wide.split(u'\n').at(1).size());
    for (int width : {natural, natural - 20, 60}) {
        const QStringList lines = OperationTable::render({operation}, width).split(u'\n');
        for (const QString &line : lines)
            QVERIFY2(line.size() <= width, qPrintable(u"%1: %2"_s.arg(width).arg(line)));
        QVERIFY(lines.at(1).contains(u"op_1"_s));
        QVERIFY(lines.at(1).contains(u"in_progress"_s));
    }
    const QString narrow = OperationTable::render({operation}, natural - 20);
    QVERIFY(narrow.contains(u"A rather long display name here"_s));
    QVERIFY(narrow.contains(QChar(0x2026)));
}

void tst_OperationTable::changeLineIsTabSeparated()
{
    const QStringList fields
            = OperationTable::changeLine(makeOperation(u"op_1"_s, OperationStatus::Completed, 100,
                                                       u"Nightly\tdb"_s, u"Done"_s))
                      .split(u'\t');
    QCOMPARE(fields,
             (QStringList{u"2026-11-29T12:00:00.000Z"_s, u"op_1"_s, u"completed"_s, u"100%"_s,
                          u"backup.nightly"_s, u"Nightly db"_s, u"Done"_s}));
}

QTEST_GUILESS_MAIN(tst_OperationTable)
#include "tst_operationtable.moc"
