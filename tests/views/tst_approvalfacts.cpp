#include "approvalfacts.h"
#include "approvalpanel.h"
#include "operationmetatype.h"
#include "widgettesting.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace optrack;
using Row = ApprovalFacts::Row;
using Rows = QList<Row>;

Q_DECLARE_METATYPE(Rows)

namespace {

const QDateTime now(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);

Operation deletion()
{
    Operation operation;
    operation.operationId = u"op_d1"_s;
    operation.operationType = u"file_deletion"_s;
    operation.displayName = u"Deleting march.csv"_s;
    operation.status = OperationStatus::WaitingForApproval;
    operation.context = QJsonObject{{u"fileId"_s, u"file_282cc4d844e23c94"_s},
                                    {u"fileName"_s, u"march.csv"_s},
                                    {u"fileSize"_s, 1'572'864},
                                    {u"transactionCount"_s, 12'500},
                                    {u"userId"_s, u"alice"_s}};
    operation.createdAt = now.addSecs(-12 * 60);
    Approval approval;
    approval.required = 2;
    approval.approvals = 1;
    approval.votes = {{u"bob"_s, VoteDecision::Approve, u"Superseded"_s, now.addSecs(-300)}};
    approval.expiresAt = now.addSecs(3 * 3600 + 20 * 60);
    operation.approval = approval;
    return operation;
}

QString local(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

class tst_ApprovalFacts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rows_data();
    void rows();
    void readableKey_data();
    void readableKey();
    void timeout_data();
    void timeout();
    void panelShowsTheFactsBesideTheButtons();
    void noVotesIsSaidOnce();
};

void tst_ApprovalFacts::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
}

void tst_ApprovalFacts::rows_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<Rows>("expected");

    const Operation file = deletion();
    const QString requested = local(file.createdAt) + u" (about 12 minutes ago)"_s;
    const QString timesOut
            = u"in about 3 hours 20 minutes ("_s + local(file.approval->expiresAt) + u')';
    QTest::newRow("a deletion: the file, its size, rows and owner")
            << file
            << Rows{{u"File"_s, u"march.csv"_s},
                    {u"Size"_s, QLocale().formattedDataSize(1'572'864)},
                    {u"Rows"_s, u"12,500 transactions"_s},
                    {u"Owner"_s, u"alice"_s},
                    {u"Requested"_s, requested},
                    {u"Votes so far"_s, u"1 of 2 approvals: bob approved"_s},
                    {u"Times out"_s, timesOut}};

    Operation custom = deletion();
    custom.operationType = u"invoice.pay"_s;
    custom.context = QJsonObject{{u"batch"_s, u"2026-11"_s},
                                 {u"invoiceCount"_s, 1234},
                                 {u"total_amount"_s, 98765.5},
                                 {u"urgent"_s, false},
                                 {u"vendors"_s, QJsonArray{u"ACME"_s, u"Globex"_s}},
                                 {u"userId"_s, u"ingest-bot"_s}};
    custom.approval->votes.clear();
    custom.approval->approvals = 0;
    custom.approval->required = 1;
    QTest::newRow("any other type: its context in words")
            << custom
            << Rows{{u"Batch"_s, u"2026-11"_s},
                    {u"Invoice count"_s, u"1,234"_s},
                    {u"Total amount"_s, u"98,765.5"_s},
                    {u"Urgent"_s, u"no"_s},
                    {u"Vendors"_s, u"[\"ACME\",\"Globex\"]"_s},
                    {u"Owner"_s, u"ingest-bot"_s},
                    {u"Requested"_s, requested},
                    {u"Votes so far"_s, u"0 of 1 approval: none yet"_s},
                    {u"Times out"_s, timesOut}};

    Operation unnamed = deletion();
    unnamed.context.remove(u"fileName"_s);
    unnamed.context.remove(u"transactionCount"_s);
    unnamed.approval->expiresAt = {};
    QTest::newRow("a deletion with less on the wire: what there is")
            << unnamed
            << Rows{{u"File"_s, u"file_282cc4d844e23c94"_s},
                    {u"Size"_s, QLocale().formattedDataSize(1'572'864)},
                    {u"Owner"_s, u"alice"_s},
                    {u"Requested"_s, requested},
                    {u"Votes so far"_s, u"1 of 2 approvals: bob approved"_s}};
}

void tst_ApprovalFacts::rows()
{
    QFETCH(Operation, operation);
    QFETCH(Rows, expected);
    const Rows rows = ApprovalFacts::rows(operation, now);
    for (qsizetype i = 0; i < qMin(rows.size(), expected.size()); ++i) {
        QCOMPARE(rows.at(i).label, expected.at(i).label);
        QCOMPARE(rows.at(i).value, expected.at(i).value);
    }
    QCOMPARE(rows.size(), expected.size());
}

void tst_ApprovalFacts::readableKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("words");
    QTest::newRow("one word") << u"batch"_s << u"Batch"_s;
    QTest::newRow("camel case") << u"invoiceCount"_s << u"Invoice count"_s;
    QTest::newRow("snake case") << u"total_amount"_s << u"Total amount"_s;
    QTest::newRow("dotted") << u"source.system"_s << u"Source system"_s;
}

void tst_ApprovalFacts::readableKey()
{
    QFETCH(QString, key);
    QFETCH(QString, words);
    QCOMPARE(ApprovalFacts::readableKey(key), words);
}

void tst_ApprovalFacts::timeout_data()
{
    QTest::addColumn<qint64>("secondsLeft");
    QTest::addColumn<QString>("start");
    QTest::newRow("a day") << qint64(86'400) << u"in about 24 hours ("_s;
    QTest::newRow("minutes") << qint64(600) << u"in about 10 minutes ("_s;
    QTest::newRow("passed") << qint64(-5) << u"now ("_s;
}

void tst_ApprovalFacts::timeout()
{
    QFETCH(qint64, secondsLeft);
    QFETCH(QString, start);
    const QString text = ApprovalFacts::timeout(now.addSecs(secondsLeft), now);
    QVERIFY2(text.startsWith(start), qPrintable(text));
    QVERIFY(text.endsWith(local(now.addSecs(secondsLeft)) + u')'));
}

void tst_ApprovalFacts::panelShowsTheFactsBesideTheButtons()
{
    for (const auto mode : {ApprovalPanel::Mode::Column, ApprovalPanel::Mode::Window}) {
        ApprovalPanel panel(mode);
        panel.resize(360, 420);
        Operation operation = deletion();
        // Against the real clock: the panel counts down from now.
        operation.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60);
        operation.approval->expiresAt = QDateTime::currentDateTimeUtc().addSecs(7200);
        panel.setOperation(operation);
        panel.setVoteState(ApprovalPanel::VoteState::Needed);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.isDecisionShown());
        QCOMPARE(panel.factLabel(u"File"_s)->text(), u"march.csv"_s);
        QVERIFY(panel.factLabel(u"Times out"_s)->text().startsWith(u"in about 2 hours"_s));
        // Every fact is readable in full, and the buttons sit right below them.
        for (const Row &fact : panel.facts())
            QVERIFY2(testing::showsWholeText(panel.factLabel(fact.label)), qPrintable(fact.label));
        const QLabel *last = panel.factLabel(u"Times out"_s);
        const int factsBottom = last->mapTo(&panel, QPoint(0, last->height())).y();
        const int buttonsTop = panel.approveButton()->mapTo(&panel, QPoint()).y();
        QVERIFY(buttonsTop >= factsBottom);
        QVERIFY(buttonsTop - factsBottom < panel.fontMetrics().height() * 2);
        QVERIFY(panel.approveButton()->isEnabled());

        // Sent: the buttons stay where they were, disabled, and the panel says so.
        const QRect before = panel.approveButton()->geometry();
        panel.setVoteState(ApprovalPanel::VoteState::Sent);
        QVERIFY(panel.approveButton()->isVisible());
        QVERIFY(!panel.approveButton()->isEnabled());
        QVERIFY(!panel.denyButton()->isEnabled());
        QCOMPARE(panel.approveButton()->geometry(), before);
        testing::saveScreenshot(&panel,
                                mode == ApprovalPanel::Mode::Column ? u"approval-facts-column"_s
                                                                    : u"approval-facts-window"_s);

        // Decided: no facts, no buttons, only the tally and the votes.
        operation.status = OperationStatus::InProgress;
        operation.approval->decision = ApprovalDecision::Approved;
        panel.setOperation(operation);
        QVERIFY(!panel.isDecisionShown());
        QVERIFY(panel.facts().isEmpty());
    }
}

void tst_ApprovalFacts::noVotesIsSaidOnce()
{
    const auto noVotesShown = [](const ApprovalPanel &panel) {
        for (const QLabel *label : panel.findChildren<QLabel *>()) {
            if (label->text() == u"No votes yet."_s && label->isVisibleTo(&panel))
                return true;
        }
        return false;
    };
    ApprovalPanel panel(ApprovalPanel::Mode::Column);
    Operation operation = deletion();
    operation.approval->approvals = 0;
    operation.approval->votes.clear();
    panel.setOperation(operation);
    panel.setVoteState(ApprovalPanel::VoteState::Needed);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    // Waiting: "Votes so far" among the facts says it; no second line under them.
    QCOMPARE(panel.factLabel(u"Votes so far"_s)->text(), u"0 of 2 approvals: none yet"_s);
    QVERIFY(!noVotesShown(panel));
    // Decided without a vote (the approval ran out): the list says there were none.
    operation.status = OperationStatus::Failed;
    panel.setOperation(operation);
    QVERIFY(!panel.isDecisionShown());
    QVERIFY(noVotesShown(panel));
}

QTEST_MAIN(tst_ApprovalFacts)
#include "tst_approvalfacts.moc"
