#include "statuspalette.h"
#include "stepindicator.h"
#include "widgettesting.h"

#include <QFontMetrics>
#include <QImage>
#include <QLabel>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using optrack::OperationStatus;
using optrack::StepIndicator;
using optrack::testing::describe;
using optrack::testing::near;
using Mode = StepIndicator::Mode;
using State = StepIndicator::StepState;

namespace {

const QStringList threeSteps = {u"Collect approvals"_s, u"Delete file"_s, u"Clean up"_s};

/// A point inside step's marker, below the glyph in its middle.
QPoint insideMarker(const StepIndicator &indicator, int step)
{
    const QRect marker = indicator.markerRect(step);
    return marker.center() + QPoint(0, marker.height() * 3 / 10);
}

/// Whether the name's rectangle holds text in the colour.
bool labelPainted(const QImage &image, const QRect &rect, const QColor &colour)
{
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            if (near(image.pixelColor(x, y), colour, 60))
                return true;
        }
    }
    return false;
}

void addModes()
{
    QTest::addColumn<Mode>("mode");
}

} // namespace

class tst_StepIndicator : public QObject
{
    Q_OBJECT

private slots:
    void states_data();
    void states();
    void painted_data();
    void painted();
    void cancelledGreysTheAccent_data();
    void cancelledGreysTheAccent();
    void unnamedStepsAreNumbered();
    void sizeFollowsSteps_data();
    void sizeFollowsSteps();
    void screenshot();
};

void tst_StepIndicator::states_data()
{
    QTest::addColumn<int>("current");
    QTest::addColumn<OperationStatus>("status");
    QTest::addColumn<QList<State>>("expected");
    QTest::addColumn<QString>("description");
    QTest::newRow("not started") << 0 << OperationStatus::Pending
                                 << QList<State>{State::Pending, State::Pending, State::Pending}
                                 << u"Not started, 3 steps"_s;
    QTest::newRow("second running") << 2 << OperationStatus::InProgress
                                    << QList<State>{State::Done, State::Current, State::Pending}
                                    << u"Step 2 of 3: Delete file"_s;
    QTest::newRow("waiting at the first")
            << 1 << OperationStatus::WaitingForApproval
            << QList<State>{State::Current, State::Pending, State::Pending}
            << u"Step 1 of 3: Collect approvals"_s;
    QTest::newRow("second failed") << 2 << OperationStatus::Failed
                                   << QList<State>{State::Done, State::Failed, State::Pending}
                                   << u"Step 2 of 3 failed: Delete file"_s;
    QTest::newRow("denied at the first")
            << 1 << OperationStatus::Denied
            << QList<State>{State::Failed, State::Pending, State::Pending}
            << u"Step 1 of 3 failed: Collect approvals"_s;
    QTest::newRow("failed before any step: the first")
            << 0 << OperationStatus::Failed
            << QList<State>{State::Failed, State::Pending, State::Pending}
            << u"Step 1 of 3 failed: Collect approvals"_s;
    QTest::newRow("cancelled at the second")
            << 2 << OperationStatus::Cancelled
            << QList<State>{State::Done, State::Stopped, State::Pending}
            << u"Stopped at step 2 of 3: Delete file"_s;
    QTest::newRow("completed: all done, whatever the step")
            << 2 << OperationStatus::Completed
            << QList<State>{State::Done, State::Done, State::Done} << u"All 3 steps done"_s;
    QTest::newRow("past the last: all done")
            << 4 << OperationStatus::InProgress
            << QList<State>{State::Done, State::Done, State::Done} << u"All 3 steps done"_s;
}

void tst_StepIndicator::states()
{
    QFETCH(int, current);
    QFETCH(OperationStatus, status);
    QFETCH(QList<State>, expected);
    QFETCH(QString, description);
    for (const Mode mode : {Mode::Row, Mode::Column}) {
        StepIndicator indicator(mode);
        indicator.setSteps(threeSteps);
        indicator.setProgress(current, status);
        QCOMPARE(indicator.currentStep(), current);
        QCOMPARE(indicator.status(), status);
        for (int step = 1; step <= 3; ++step)
            QCOMPARE(indicator.stepState(step), expected.at(step - 1));
        QCOMPARE(indicator.accessibleDescription(), description);
        // The tooltip lists every step with its state.
        QVERIFY(indicator.toolTip().contains(u"1. Collect approvals"_s));
        QVERIFY(indicator.toolTip().contains(u"3. Clean up"_s));
    }
}

void tst_StepIndicator::painted_data()
{
    addModes();
    QTest::addColumn<int>("current");
    QTest::addColumn<OperationStatus>("status");
    for (const auto &[name, mode] :
         {std::pair{"row", Mode::Row}, std::pair{"column", Mode::Column}}) {
        QTest::addRow("%s, running", name) << mode << 2 << OperationStatus::InProgress;
        QTest::addRow("%s, failed", name) << mode << 2 << OperationStatus::Failed;
        QTest::addRow("%s, denied", name) << mode << 1 << OperationStatus::Denied;
        QTest::addRow("%s, completed", name) << mode << 3 << OperationStatus::Completed;
        QTest::addRow("%s, not started", name) << mode << 0 << OperationStatus::Pending;
    }
}

void tst_StepIndicator::painted()
{
    QFETCH(Mode, mode);
    QFETCH(int, current);
    QFETCH(OperationStatus, status);
    StepIndicator indicator(mode);
    indicator.setSteps(threeSteps);
    indicator.setProgress(current, status);
    indicator.resize(indicator.sizeHint());
    const QImage image = indicator.grab().toImage();
    const QPalette &palette = indicator.palette();
    const QColor running = optrack::StatusPalette::color(OperationStatus::InProgress, palette);
    for (int step = 1; step <= 3; ++step) {
        const QColor seen = image.pixelColor(insideMarker(indicator, step));
        const QString where = u"step %1: "_s.arg(step);
        switch (indicator.stepState(step)) {
        case State::Done:
            QVERIFY2(near(seen, running), qPrintable(where + describe(seen, running)));
            break;
        case State::Failed: {
            // The status's own colour: red for a failure, crimson for a denial.
            const QColor want = optrack::StatusPalette::color(status, palette);
            QVERIFY2(near(seen, want), qPrintable(where + describe(seen, want)));
            break;
        }
        case State::Current:
            // A pale tint of the running colour: light, and of its hue.
            QVERIFY2(seen.lightness() > 200 && qAbs(seen.hsvHue() - running.hsvHue()) < 20
                             && seen.hsvSaturation() > 10,
                     qPrintable(where + seen.name()));
            break;
        case State::Pending:
            // Hollow: the window shows through.
            QVERIFY2(near(seen, palette.color(QPalette::Window), 12),
                     qPrintable(where + seen.name()));
            break;
        case State::Stopped:
            QFAIL("no step is stopped here");
        }
        // Every name is written out, in the colour of its state.
        const QColor ink = indicator.stepState(step) == State::Failed
                ? optrack::StatusPalette::color(status, palette)
                : indicator.stepState(step) == State::Pending
                ? optrack::StatusPalette::mutedText(palette)
                : palette.color(QPalette::WindowText);
        QVERIFY2(labelPainted(image, indicator.labelRect(step), ink), qPrintable(where));
    }
}

void tst_StepIndicator::cancelledGreysTheAccent_data()
{
    addModes();
    QTest::newRow("row") << Mode::Row;
    QTest::newRow("column") << Mode::Column;
}

void tst_StepIndicator::cancelledGreysTheAccent()
{
    QFETCH(Mode, mode);
    StepIndicator indicator(mode);
    indicator.setSteps(threeSteps);
    indicator.setProgress(2, OperationStatus::Cancelled);
    indicator.resize(indicator.sizeHint());
    const QImage image = indicator.grab().toImage();
    const QPalette &palette = indicator.palette();
    const QColor grey = optrack::StatusPalette::color(OperationStatus::Cancelled, palette);
    // Nothing is current any more: the done step and the stopped one are grey, not the
    // running colour, and the stopped one is no failure.
    for (int step : {1, 2}) {
        const QColor seen = image.pixelColor(insideMarker(indicator, step));
        QVERIFY2(near(seen, grey), qPrintable(describe(seen, grey)));
        QVERIFY(!near(seen, palette.color(QPalette::Highlight)));
        QVERIFY(!near(seen, optrack::StatusPalette::color(OperationStatus::Failed, palette)));
    }
}

void tst_StepIndicator::unnamedStepsAreNumbered()
{
    StepIndicator indicator(Mode::Column);
    indicator.setSteps({u"Receive file"_s}, 3);
    QCOMPARE(indicator.steps(), (QStringList{u"Receive file"_s, u"Step 2"_s, u"Step 3"_s}));
    indicator.setSteps({}, 0);
    QCOMPARE(indicator.stepCount(), 0);
    QCOMPARE(indicator.accessibleDescription(), u"No steps"_s);
}

void tst_StepIndicator::sizeFollowsSteps_data()
{
    addModes();
    QTest::newRow("row: wider") << Mode::Row;
    QTest::newRow("column: taller") << Mode::Column;
}

void tst_StepIndicator::sizeFollowsSteps()
{
    QFETCH(Mode, mode);
    StepIndicator indicator(mode);
    indicator.setSteps(threeSteps);
    const QSize three = indicator.sizeHint();
    indicator.setSteps(threeSteps + QStringList{u"Notify the owner"_s});
    const QSize four = indicator.sizeHint();
    const int lineHeight = indicator.fontMetrics().height();
    if (mode == Mode::Row) {
        QVERIFY(four.width() > three.width());
        QCOMPARE(four.height(), three.height());
        // Room for the markers and one line of names.
        QVERIFY(three.height() >= lineHeight * 2);
    } else {
        QVERIFY(four.height() > three.height());
        QVERIFY(three.height() >= lineHeight * 3);
    }
    // Markers never overlap each other or the names.
    indicator.resize(four);
    for (int step = 1; step <= 4; ++step) {
        QVERIFY(indicator.rect().contains(indicator.markerRect(step)));
        QVERIFY(!indicator.markerRect(step).intersects(indicator.labelRect(step)));
        if (step < 4)
            QVERIFY(!indicator.markerRect(step).intersects(indicator.markerRect(step + 1)));
    }
}

void tst_StepIndicator::screenshot()
{
    QWidget sheet;
    auto *layout = new QVBoxLayout(&sheet);
    layout->setSpacing(16);
    const QList<std::pair<int, OperationStatus>> rows = {{0, OperationStatus::Pending},
                                                         {2, OperationStatus::InProgress},
                                                         {2, OperationStatus::Failed},
                                                         {2, OperationStatus::Cancelled},
                                                         {3, OperationStatus::Completed}};
    QList<StepIndicator *> shortNames;
    for (const Mode mode : {Mode::Row, Mode::Column}) {
        for (const auto &[step, status] : rows) {
            auto *indicator = new StepIndicator(mode, &sheet);
            indicator->setSteps(threeSteps);
            indicator->setProgress(step, status);
            layout->addWidget(new QLabel(indicator->accessibleDescription(), &sheet));
            layout->addWidget(indicator);
            shortNames.append(indicator);
        }
    }
    auto *many = new StepIndicator(Mode::Row, &sheet);
    const QString longName = u"Validate every row of the transaction file"_s;
    many->setSteps({u"Upload"_s, longName, u"Store"_s, u"Index"_s, u"Notify"_s});
    many->setProgress(2, OperationStatus::InProgress);
    layout->addWidget(new QLabel(u"Five steps, a long name elided"_s, &sheet));
    layout->addWidget(many);
    sheet.resize(520, sheet.sizeHint().height());
    sheet.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sheet));

    // Short names are written in full at this width; a name too long for its column is
    // elided rather than written over its neighbours.
    for (const StepIndicator *indicator : std::as_const(shortNames)) {
        QVERIFY(indicator->width() >= indicator->minimumSizeHint().width());
        for (int step = 1; step <= indicator->stepCount(); ++step) {
            QFont bold = indicator->font();
            bold.setBold(true);
            QVERIFY2(indicator->labelRect(step).width() >= QFontMetrics(bold).horizontalAdvance(
                             indicator->steps().at(step - 1)),
                     qPrintable(indicator->steps().at(step - 1)));
        }
    }
    QVERIFY(many->labelRect(2).width() < many->fontMetrics().horizontalAdvance(longName));
    QVERIFY(!many->labelRect(2).intersects(many->labelRect(3)));
    optrack::testing::saveScreenshot(&sheet, u"stepindicator-states"_s);
}

QTEST_MAIN(tst_StepIndicator)
#include "tst_stepindicator.moc"
