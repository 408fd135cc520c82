#include "operationstatus.h"

#include <QSet>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

/// The contract's "Allowed moves" (/work/shared/spec/api.md), written out by hand so
/// the test does not read the table it checks.
const QSet<QString> &allowedMoves()
{
    static const QSet<QString> moves{
            u"pending->in_progress"_s,
            u"pending->waiting_for_approval"_s,
            u"pending->failed"_s,
            u"pending->cancelled"_s,
            u"in_progress->in_progress"_s,
            u"in_progress->waiting_for_approval"_s,
            u"in_progress->completed"_s,
            u"in_progress->failed"_s,
            u"in_progress->cancelled"_s,
            u"waiting_for_approval->approved"_s,
            u"waiting_for_approval->denied"_s,
            u"waiting_for_approval->failed"_s,
            u"waiting_for_approval->cancelled"_s,
            u"approved->in_progress"_s,
            u"approved->completed"_s,
            u"approved->failed"_s,
            u"approved->cancelled"_s,
    };
    return moves;
}

constexpr int allowedMoveCount = 17;

} // namespace

class tst_OperationStatus final : public QObject
{
    Q_OBJECT

private slots:
    void allStatusesListsEachOnce();
    void isMoveAllowed_data();
    void isMoveAllowed();
    void terminal_data();
    void terminal();
    void terminalStatusesHaveNoWayOut_data();
    void terminalStatusesHaveNoWayOut();
    void wireNamesRoundTrip_data();
    void wireNamesRoundTrip();
    void unknownWireNamesRejected_data();
    void unknownWireNamesRejected();
    void labels_data();
    void labels();
};

void tst_OperationStatus::allStatusesListsEachOnce()
{
    const QList<OperationStatus> statuses = allStatuses();
    QCOMPARE(statuses.size(), OperationStatusCount);
    QSet<QString> wires;
    for (OperationStatus status : statuses)
        wires.insert(statusToWire(status));
    QCOMPARE(wires.size(), OperationStatusCount);
    QCOMPARE(allowedMoves().size(), allowedMoveCount);
}

void tst_OperationStatus::isMoveAllowed_data()
{
    QTest::addColumn<OperationStatus>("from");
    QTest::addColumn<OperationStatus>("to");
    QTest::addColumn<bool>("allowed");

    int rows = 0;
    int allowedRows = 0;
    for (OperationStatus from : allStatuses()) {
        for (OperationStatus to : allStatuses()) {
            const QString name = statusToWire(from) + u"->"_s + statusToWire(to);
            const bool allowed = allowedMoves().contains(name);
            QTest::newRow(qPrintable(name)) << from << to << allowed;
            ++rows;
            allowedRows += allowed ? 1 : 0;
        }
    }
    // Every ordered pair, and every allowed move of the contract named by a real status.
    QCOMPARE(rows, OperationStatusCount * OperationStatusCount);
    QCOMPARE(allowedRows, allowedMoveCount);
}

void tst_OperationStatus::isMoveAllowed()
{
    QFETCH(OperationStatus, from);
    QFETCH(OperationStatus, to);
    QFETCH(bool, allowed);
    QCOMPARE(optrack::isMoveAllowed(from, to), allowed);
}

void tst_OperationStatus::terminal_data()
{
    QTest::addColumn<OperationStatus>("status");
    QTest::addColumn<bool>("terminal");
    QTest::newRow("pending") << OperationStatus::Pending << false;
    QTest::newRow("in_progress") << OperationStatus::InProgress << false;
    QTest::newRow("waiting_for_approval") << OperationStatus::WaitingForApproval << false;
    QTest::newRow("approved") << OperationStatus::Approved << false;
    QTest::newRow("denied") << OperationStatus::Denied << true;
    QTest::newRow("completed") << OperationStatus::Completed << true;
    QTest::newRow("failed") << OperationStatus::Failed << true;
    QTest::newRow("cancelled") << OperationStatus::Cancelled << true;
}

void tst_OperationStatus::terminal()
{
    QFETCH(OperationStatus, status);
    QFETCH(bool, terminal);
    QCOMPARE(isTerminal(status), terminal);
}

void tst_OperationStatus::terminalStatusesHaveNoWayOut_data()
{
    terminal_data();
}

void tst_OperationStatus::terminalStatusesHaveNoWayOut()
{
    QFETCH(OperationStatus, status);
    QFETCH(bool, terminal);
    int exits = 0;
    for (OperationStatus to : allStatuses())
        exits += optrack::isMoveAllowed(status, to) ? 1 : 0;
    // Nothing changes a terminal operation; every other status can at least fail or be cancelled.
    if (terminal) {
        QCOMPARE(exits, 0);
    } else {
        QVERIFY(optrack::isMoveAllowed(status, OperationStatus::Failed));
        QVERIFY(optrack::isMoveAllowed(status, OperationStatus::Cancelled));
    }
}

void tst_OperationStatus::wireNamesRoundTrip_data()
{
    QTest::addColumn<OperationStatus>("status");
    QTest::addColumn<QString>("wire");
    QTest::newRow("pending") << OperationStatus::Pending << u"pending"_s;
    QTest::newRow("in_progress") << OperationStatus::InProgress << u"in_progress"_s;
    QTest::newRow("waiting_for_approval")
            << OperationStatus::WaitingForApproval << u"waiting_for_approval"_s;
    QTest::newRow("approved") << OperationStatus::Approved << u"approved"_s;
    QTest::newRow("denied") << OperationStatus::Denied << u"denied"_s;
    QTest::newRow("completed") << OperationStatus::Completed << u"completed"_s;
    QTest::newRow("failed") << OperationStatus::Failed << u"failed"_s;
    QTest::newRow("cancelled") << OperationStatus::Cancelled << u"cancelled"_s;
}

void tst_OperationStatus::wireNamesRoundTrip()
{
    QFETCH(OperationStatus, status);
    QFETCH(QString, wire);
    QCOMPARE(statusToWire(status), wire);
    QCOMPARE(statusFromWire(wire), std::optional<OperationStatus>(status));
}

void tst_OperationStatus::unknownWireNamesRejected_data()
{
    QTest::addColumn<QString>("wire");
    QTest::newRow("empty") << QString();
    QTest::newRow("done") << u"done"_s;
    QTest::newRow("capitalised") << u"Pending"_s;
    QTest::newRow("label") << u"In progress"_s;
    QTest::newRow("hyphen") << u"in-progress"_s;
    QTest::newRow("camelCase") << u"waitingForApproval"_s;
    QTest::newRow("leading space") << u" pending"_s;
    QTest::newRow("trailing space") << u"failed "_s;
    QTest::newRow("american spelling") << u"canceled"_s;
    QTest::newRow("prefix") << u"complete"_s;
}

void tst_OperationStatus::unknownWireNamesRejected()
{
    QFETCH(QString, wire);
    QCOMPARE(statusFromWire(wire), std::nullopt);
}

void tst_OperationStatus::labels_data()
{
    QTest::addColumn<OperationStatus>("status");
    for (OperationStatus status : allStatuses())
        QTest::newRow(qPrintable(statusToWire(status))) << status;
}

void tst_OperationStatus::labels()
{
    QFETCH(OperationStatus, status);
    const QString label = statusLabel(status);
    QVERIFY(!label.trimmed().isEmpty());
    // A label is for people: no wire underscores, starts with a capital letter.
    QVERIFY2(!label.contains(u'_'), qPrintable(label));
    QVERIFY2(label.at(0).isUpper(), qPrintable(label));

    int sameLabel = 0;
    for (OperationStatus other : allStatuses())
        sameLabel += statusLabel(other) == label ? 1 : 0;
    QCOMPARE(sameLabel, 1);
}

QTEST_GUILESS_MAIN(tst_OperationStatus)
#include "tst_operationstatus.moc"
