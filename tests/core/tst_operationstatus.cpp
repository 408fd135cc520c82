#include "operationstatus.h"

#include <QTest>

using namespace optrack;

class tst_OperationStatus final : public QObject
{
    Q_OBJECT

private slots:
    void wireNamesRoundTrip();
};

void tst_OperationStatus::wireNamesRoundTrip()
{
    for (OperationStatus status : allStatuses())
        QCOMPARE(statusFromWire(statusToWire(status)), status);
    QVERIFY(!statusFromWire(u"bogus"));
}

QTEST_GUILESS_MAIN(tst_OperationStatus)
#include "tst_operationstatus.moc"
