#include "progressscreenshot.h"
#include "statuscolors.h"
#include "stepindicator.h"

#include <QImage>
#include <QLabel>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using optrack::StepIndicator;
using State = StepIndicator::StepState;

namespace {

const QStringList threeSteps = {u"Collect approvals"_s, u"Delete file"_s, u"Clean up"_s};
constexpr int colourTolerance = 40;

bool near(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue())
            <= colourTolerance;
}

/// A point inside step's marker, below the glyph in its middle.
QPoint insideMarker(const StepIndicator &indicator, int step)
{
    const double column = double(indicator.width()) / indicator.steps().size();
    const double radius = qRound(indicator.fontMetrics().height() * 1.6) / 2.0;
    return QPointF(column * (step - 0.5), radius + 1.0 + radius * 0.6).toPoint();
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
    void disabledGreysTheAccent();
    void sizeFollowsSteps();
    void statesSideBySide();
};

void tst_StepIndicator::states_data()
{
    QTest::addColumn<int>("current");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<QList<State>>("expected");
    QTest::addColumn<QString>("description");
    QTest::newRow("not started") << 0 << false
                                 << QList<State>{State::Pending, State::Pending, State::Pending}
                                 << u"Not started, 3 steps"_s;
    QTest::newRow("second running")
            << 2 << false << QList<State>{State::Done, State::Current, State::Pending}
            << u"Step 2 of 3: Delete file"_s;
    QTest::newRow("second failed")
            << 2 << true << QList<State>{State::Done, State::Failed, State::Pending}
            << u"Step 2 of 3 failed: Delete file"_s;
    QTest::newRow("past the last: all done")
            << 4 << false << QList<State>{State::Done, State::Done, State::Done}
            << u"All 3 steps done"_s;
}

void tst_StepIndicator::states()
{
    QFETCH(int, current);
    QFETCH(bool, failed);
    QFETCH(QList<State>, expected);
    QFETCH(QString, description);
    StepIndicator indicator;
    indicator.setSteps(threeSteps);
    indicator.setCurrentStep(current, failed);
    QCOMPARE(indicator.currentStep(), current);
    QCOMPARE(indicator.isFailed(), failed);
    for (int step = 1; step <= 3; ++step)
        QCOMPARE(indicator.stepState(step), expected.at(step - 1));
    QCOMPARE(indicator.accessibleDescription(), description);
}

void tst_StepIndicator::painted_data()
{
    states_data();
}

void tst_StepIndicator::painted()
{
    QFETCH(int, current);
    QFETCH(bool, failed);
    QFETCH(QList<State>, expected);
    StepIndicator indicator;
    indicator.setSteps(threeSteps);
    indicator.setCurrentStep(current, failed);
    indicator.resize(indicator.sizeHint());
    const QImage image = indicator.grab().toImage();
    const QPalette &palette = indicator.palette();
    for (int step = 1; step <= 3; ++step) {
        const QColor seen = image.pixelColor(insideMarker(indicator, step));
        QColor want;
        switch (expected.at(step - 1)) {
        case State::Done:
            want = palette.color(QPalette::Highlight);
            break;
        case State::Failed:
            want = optrack::StatusColors::color(optrack::StatusColors::Tone::Failure, palette);
            break;
        case State::Current:
            want = optrack::StatusColors::blend(palette.color(QPalette::Highlight),
                                                palette.color(QPalette::Base), 0.12);
            break;
        case State::Pending:
            want = palette.color(QPalette::Window);
            break;
        }
        QVERIFY2(near(seen, want),
                 qPrintable(u"step %1: want %2, saw %3"_s.arg(step).arg(want.name(), seen.name())));
    }
}

void tst_StepIndicator::disabledGreysTheAccent()
{
    StepIndicator indicator;
    indicator.setSteps(threeSteps);
    indicator.setCurrentStep(2);
    indicator.setEnabled(false);
    indicator.resize(indicator.sizeHint());
    const QImage image = indicator.grab().toImage();
    QPalette active = indicator.palette();
    active.setCurrentColorGroup(QPalette::Active);
    const QColor seen = image.pixelColor(insideMarker(indicator, 1));
    QVERIFY(near(seen,
                 optrack::StatusColors::color(optrack::StatusColors::Tone::Inactive, active)));
    QVERIFY(!near(seen, active.color(QPalette::Highlight)));
}

void tst_StepIndicator::sizeFollowsSteps()
{
    StepIndicator indicator;
    indicator.setSteps(threeSteps);
    const QSize three = indicator.sizeHint();
    indicator.setSteps(threeSteps + QStringList{u"Notify the owner"_s});
    QVERIFY(indicator.sizeHint().width() > three.width());
    QCOMPARE(indicator.sizeHint().height(), three.height());
    // Room for the markers and one line of names.
    QVERIFY(three.height() >= indicator.fontMetrics().height() * 2);
}

// The sheet of every state, saved for a person to look at: each indicator gets the height it
// asks for, its caption is whole, and five steps in 520 px keep one line of names, the name
// too long for its column cut short rather than wrapped.
void tst_StepIndicator::statesSideBySide()
{
    QWidget sheet;
    auto *layout = new QVBoxLayout(&sheet);
    layout->setSpacing(16);
    const QList<std::pair<int, bool>> rows = {{0, false}, {2, false}, {2, true}, {4, false}};
    QList<StepIndicator *> indicators;
    QList<QLabel *> captions;
    for (const auto &[step, failed] : rows) {
        auto *indicator = new StepIndicator(&sheet);
        indicator->setSteps(threeSteps);
        indicator->setCurrentStep(step, failed);
        captions.append(new QLabel(indicator->accessibleDescription(), &sheet));
        layout->addWidget(captions.last());
        layout->addWidget(indicator);
        indicators.append(indicator);
    }
    const QString longName = u"Validate rows in the transaction file"_s;
    auto *many = new StepIndicator(&sheet);
    many->setSteps({u"Upload"_s, longName, u"Store"_s, u"Index"_s, u"Notify"_s});
    many->setCurrentStep(2);
    captions.append(new QLabel(u"Five steps, a long name elided"_s, &sheet));
    layout->addWidget(captions.last());
    layout->addWidget(many);
    constexpr int sheetWidth = 520;
    sheet.resize(sheetWidth, sheet.sizeHint().height());
    sheet.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sheet));

    for (StepIndicator *indicator : std::as_const(indicators))
        QCOMPARE(indicator->height(), indicator->sizeHint().height());
    for (QLabel *caption : std::as_const(captions))
        QVERIFY2(caption->width() >= caption->sizeHint().width(), qPrintable(caption->text()));
    const int column = many->width() / many->steps().size();
    QVERIFY2(many->fontMetrics().horizontalAdvance(longName) > column,
             "the long name fits its column: the sheet no longer shows the elision");
    QCOMPARE(many->height(), indicators.constFirst()->height());
    optrack::testing::saveScreenshot(&sheet, u"stepindicator-states"_s);
}

QTEST_MAIN(tst_StepIndicator)
#include "tst_stepindicator.moc"
