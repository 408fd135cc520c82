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

bool near(const QColor &a, const QColor &b);

/// Whether the ray from the picture's centre at an angle clockwise from 12 o'clock meets a
/// pixel of this colour. The test reads where the ring is from the picture, not from the
/// widget's own geometry: a ring drawn in the wrong place fails.
bool rayMeets(const QImage &image, double degreesClockwise, const QColor &colour)
{
    const QPointF centre = QRectF(image.rect()).center();
    const double radians = qDegreesToRadians(degreesClockwise);
    const double reach = qMin(image.width(), image.height()) / 2.0;
    for (double r = 0; r < reach; r += 0.5) {
        const QPoint point
                = QPointF(centre.x() + r * qSin(radians), centre.y() - r * qCos(radians)).toPoint();
        if (image.rect().contains(point) && near(image.pixelColor(point), colour))
            return true;
    }
    return false;
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
    void statesSideBySide();
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
        QVERIFY2(rayMeets(image, angle, ring.arcColor()),
                 qPrintable(u"no arc at %1°"_s.arg(angle)));
    }
    for (const int angle : trackAngles) {
        QVERIFY2(rayMeets(image, angle, ring.trackColor()),
                 qPrintable(u"no track at %1°"_s.arg(angle)));
        QVERIFY2(!rayMeets(image, angle, ring.arcColor()),
                 qPrintable(u"arc at %1°, past the value"_s.arg(angle)));
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
    QVERIFY(rayMeets(render(ring), 90, expected));
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
    QVERIFY(rayMeets(image, 100, ring.arcColor()));
    QVERIFY(rayMeets(image, 300, ring.trackColor()));
    QVERIFY(!rayMeets(image, 300, ring.arcColor()));
}

// The sheet of every state, light and dark, saved for a person to look at; each ring shows
// its value in its tone and leaves the rest of the circle to the track, and no caption is cut.
void tst_ProgressRing::statesSideBySide()
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
    constexpr double degreesPerPercent = 3.6;
    constexpr int spinnerProbeStep = 10;
    for (const bool dark : {false, true}) {
        QWidget sheet;
        if (dark) {
            sheet.setPalette(darkPalette());
            sheet.setAutoFillBackground(true);
        }
        auto *grid = new QGridLayout(&sheet);
        grid->setHorizontalSpacing(24);
        QList<ProgressRing *> rings;
        QList<QLabel *> captions;
        for (int i = 0; i < states.size(); ++i) {
            auto *ring = new ProgressRing(&sheet);
            ring->setFixedSize(side, side);
            ring->setIndeterminate(states[i].indeterminate);
            ring->setValue(states[i].value);
            ring->setTone(states[i].tone);
            grid->addWidget(ring, 0, i, Qt::AlignCenter);
            auto *caption = new QLabel(states[i].caption, &sheet);
            grid->addWidget(caption, 1, i, Qt::AlignCenter);
            rings.append(ring);
            captions.append(caption);
        }
        sheet.show();
        QVERIFY(QTest::qWaitForWindowExposed(&sheet));
        for (int i = 0; i < states.size(); ++i) {
            const State &state = states[i];
            const QImage picture = render(*rings[i]);
            const QColor arc = rings[i]->arcColor();
            QVERIFY(arc.isValid());
            if (state.indeterminate) {
                bool spinnerSeen = false;
                for (int angle = 0; angle < 360 && !spinnerSeen; angle += spinnerProbeStep)
                    spinnerSeen = rayMeets(picture, angle, arc);
                QVERIFY2(spinnerSeen, qPrintable(state.caption));
            } else {
                const double arcEnd = state.value * degreesPerPercent;
                QVERIFY2(rayMeets(picture, arcEnd / 2, arc), qPrintable(state.caption));
                if (state.value < 100) {
                    const double past = (arcEnd + 360) / 2;
                    QVERIFY2(!rayMeets(picture, past, arc), qPrintable(state.caption));
                    QVERIFY2(rayMeets(picture, past, rings[i]->trackColor()),
                             qPrintable(state.caption));
                }
            }
            // Each tone its own colour, on either theme.
            for (int j = 0; j < i; ++j) {
                if (states[j].tone != state.tone)
                    QVERIFY(!near(rings[j]->arcColor(), arc));
            }
            QVERIFY2(captions[i]->width() >= captions[i]->sizeHint().width(),
                     qPrintable(state.caption));
        }
        optrack::testing::saveScreenshot(
                &sheet, dark ? u"progressring-states-dark"_s : u"progressring-states"_s);
    }
}

QTEST_MAIN(tst_ProgressRing)
#include "tst_progressring.moc"
