#include "progressring.h"
#include "progressscreenshot.h"
#include "statuscolors.h"

#include <QGridLayout>
#include <QImage>
#include <QLabel>
#include <QTest>
#include <QVBoxLayout>
#include <QtMath>

using namespace Qt::StringLiterals;
using optrack::ProgressRing;

Q_DECLARE_METATYPE(optrack::StatusColors::Tone)

namespace {

constexpr int side = 120;
constexpr int colourTolerance = 40;

/// The point in the middle of the ring's stroke at an angle clockwise from 12 o'clock.
QPoint pointOnRing(const ProgressRing &ring, double degreesClockwise)
{
    const double diameter = qMin(ring.width(), ring.height());
    const double penWidth = qMax(3.0, diameter * 0.085);
    const double radius = (diameter - penWidth - 2.0) / 2.0;
    const QPointF centre = QRectF(ring.rect()).center();
    const double radians = qDegreesToRadians(degreesClockwise);
    return QPointF(centre.x() + radius * qSin(radians), centre.y() - radius * qCos(radians))
            .toPoint();
}

bool near(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue())
            <= colourTolerance;
}

QImage render(ProgressRing &ring)
{
    return ring.grab().toImage();
}

QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    return dark;
}

} // namespace

class tst_ProgressRing : public QObject
{
    Q_OBJECT

private slots:
    void text_data();
    void text();
    void arcFromTwelveClockwise_data();
    void arcFromTwelveClockwise();
    void toneColours_data();
    void toneColours();
    void indeterminateSpins();
    void darkTheme();
    void screenshot();
};

void tst_ProgressRing::text_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << 0.0 << u"0%"_s;
    QTest::newRow("forty") << 40.0 << u"40%"_s;
    QTest::newRow("fraction floors, 100% only when done") << 99.6 << u"99%"_s;
    QTest::newRow("hundred") << 100.0 << u"100%"_s;
    QTest::newRow("above clamps") << 150.0 << u"100%"_s;
    QTest::newRow("below clamps") << -5.0 << u"0%"_s;
}

void tst_ProgressRing::text()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    ProgressRing ring;
    ring.setValue(value);
    QCOMPARE(ring.text(), expected);
    QVERIFY(ring.accessibleDescription().contains(expected));
    ring.setIndeterminate(true);
    QVERIFY(ring.text().isEmpty());
}

void tst_ProgressRing::arcFromTwelveClockwise_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QList<int>>("arcAngles");
    QTest::addColumn<QList<int>>("trackAngles");
    // Angles clockwise from 12 o'clock, away from the round caps at the arc's ends.
    QTest::newRow("40%") << 40.0 << QList<int>{20, 90, 120} << QList<int>{180, 270, 330};
    QTest::newRow("75%") << 75.0 << QList<int>{45, 180, 250} << QList<int>{300, 330};
    QTest::newRow("10%") << 10.0 << QList<int>{18} << QList<int>{90, 180, 270};
    QTest::newRow("0%") << 0.0 << QList<int>{} << QList<int>{30, 90, 180, 270};
    QTest::newRow("100%") << 100.0 << QList<int>{0, 90, 180, 270, 350} << QList<int>{};
}

void tst_ProgressRing::arcFromTwelveClockwise()
{
    QFETCH(double, value);
    QFETCH(QList<int>, arcAngles);
    QFETCH(QList<int>, trackAngles);
    ProgressRing ring;
    ring.resize(side, side);
    ring.setValue(value);
    const QImage image = render(ring);
    for (const int angle : arcAngles) {
        const QColor seen = image.pixelColor(pointOnRing(ring, angle));
        QVERIFY2(near(seen, ring.arcColor()),
                 qPrintable(u"arc expected at %1°, saw %2"_s.arg(angle).arg(seen.name())));
    }
    for (const int angle : trackAngles) {
        const QColor seen = image.pixelColor(pointOnRing(ring, angle));
        QVERIFY2(near(seen, ring.trackColor()),
                 qPrintable(u"track expected at %1°, saw %2"_s.arg(angle).arg(seen.name())));
    }
}

void tst_ProgressRing::toneColours_data()
{
    QTest::addColumn<ProgressRing::Tone>("tone");
    QTest::addColumn<optrack::StatusColors::Tone>("statusTone");
    QTest::newRow("running: highlight")
            << ProgressRing::Tone::Running << optrack::StatusColors::Tone::Running;
    QTest::newRow("waiting: amber")
            << ProgressRing::Tone::Waiting << optrack::StatusColors::Tone::Waiting;
    QTest::newRow("completed: green")
            << ProgressRing::Tone::Success << optrack::StatusColors::Tone::Success;
    QTest::newRow("failed: red") << ProgressRing::Tone::Failure
                                 << optrack::StatusColors::Tone::Failure;
    QTest::newRow("cancelled: grey")
            << ProgressRing::Tone::Inactive << optrack::StatusColors::Tone::Inactive;
}

void tst_ProgressRing::toneColours()
{
    QFETCH(ProgressRing::Tone, tone);
    QFETCH(optrack::StatusColors::Tone, statusTone);
    ProgressRing ring;
    ring.resize(side, side);
    ring.setValue(50);
    ring.setTone(tone);
    const QColor expected = optrack::StatusColors::color(statusTone, ring.palette());
    QCOMPARE(ring.arcColor(), expected);
    QVERIFY(near(render(ring).pixelColor(pointOnRing(ring, 90)), expected));
    if (tone == ProgressRing::Tone::Running)
        QCOMPARE(expected, ring.palette().color(QPalette::Highlight));
    else
        QVERIFY(expected != ring.palette().color(QPalette::Highlight));
}

void tst_ProgressRing::indeterminateSpins()
{
    ProgressRing ring;
    ring.resize(side, side);
    ring.setIndeterminate(true);
    ring.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ring));
    const int firstAngle = ring.spinnerAngle();
    const QImage first = render(ring);
    QTRY_VERIFY(ring.spinnerAngle() != firstAngle);
    QTRY_VERIFY(render(ring) != first);
    QVERIFY(ring.text().isEmpty());

    // A percent stops the spinner: the picture no longer changes by itself.
    ring.setIndeterminate(false);
    ring.setValue(40);
    const int stoppedAngle = ring.spinnerAngle();
    QCOMPARE(render(ring), render(ring));
    QCOMPARE(ring.spinnerAngle(), stoppedAngle);
    QCOMPARE(ring.text(), u"40%"_s);
}

void tst_ProgressRing::darkTheme()
{
    ProgressRing ring;
    ring.setPalette(darkPalette());
    ring.resize(side, side);
    ring.setValue(60);
    ring.setTone(ProgressRing::Tone::Success);
    // A dark theme gets the lighter green, and the track stays distinguishable from the window.
    QVERIFY(ring.arcColor().lightness() > darkPalette().color(QPalette::Window).lightness() + 80);
    QVERIFY(!near(ring.trackColor(), darkPalette().color(QPalette::Window)));
    const QImage image = render(ring);
    QVERIFY(near(image.pixelColor(pointOnRing(ring, 100)), ring.arcColor()));
    QVERIFY(near(image.pixelColor(pointOnRing(ring, 300)), ring.trackColor()));
}

void tst_ProgressRing::screenshot()
{
    struct State
    {
        QString caption;
        double value;
        bool indeterminate;
        ProgressRing::Tone tone;
    };
    const QList<State> states = {
            {u"Indeterminate"_s, 0, true, ProgressRing::Tone::Running},
            {u"Running 40%"_s, 40, false, ProgressRing::Tone::Running},
            {u"Waiting at 10%"_s, 10, false, ProgressRing::Tone::Waiting},
            {u"Completed"_s, 100, false, ProgressRing::Tone::Success},
            {u"Failed at 62%"_s, 62, false, ProgressRing::Tone::Failure},
            {u"Cancelled at 25%"_s, 25, false, ProgressRing::Tone::Inactive},
    };
    for (const bool dark : {false, true}) {
        QWidget sheet;
        if (dark) {
            sheet.setPalette(darkPalette());
            sheet.setAutoFillBackground(true);
        }
        auto *grid = new QGridLayout(&sheet);
        grid->setHorizontalSpacing(24);
        for (int i = 0; i < states.size(); ++i) {
            auto *ring = new ProgressRing(&sheet);
            ring->setFixedSize(side, side);
            ring->setIndeterminate(states[i].indeterminate);
            ring->setValue(states[i].value);
            ring->setTone(states[i].tone);
            grid->addWidget(ring, 0, i, Qt::AlignCenter);
            grid->addWidget(new QLabel(states[i].caption, &sheet), 1, i, Qt::AlignCenter);
        }
        sheet.show();
        QVERIFY(QTest::qWaitForWindowExposed(&sheet));
        optrack::testing::saveScreenshot(
                &sheet, dark ? u"progressring-states-dark"_s : u"progressring-states"_s);
    }
}

QTEST_MAIN(tst_ProgressRing)
#include "tst_progressring.moc"
