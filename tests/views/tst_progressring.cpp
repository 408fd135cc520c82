#include "progressring.h"
#include "statuspalette.h"
#include "widgettesting.h"

#include <QAccessible>
#include <QGridLayout>
#include <QImage>
#include <QLabel>
#include <QTest>
#include <QtMath>

using namespace Qt::StringLiterals;
using optrack::OperationStatus;
using optrack::ProgressRing;
using optrack::testing::near;

namespace {

constexpr int side = 120;

/// Whether some pixel on the ray from the ring's centre at an angle (clockwise from
/// 12 o'clock) has the colour, looking from half the radius out to the edge. The test
/// does not know how thick the ring is or where exactly its stroke lies.
bool rayHas(const QImage &image, const QRect &ring, double degreesClockwise, const QColor &colour)
{
    const QPointF centre = QRectF(ring).center();
    const double radius = qMin(ring.width(), ring.height()) / 2.0;
    const double radians = qDegreesToRadians(degreesClockwise);
    for (double distance = radius * 0.5; distance < radius; distance += 0.5) {
        const QPoint point = QPointF(centre.x() + distance * qSin(radians),
                                     centre.y() - distance * qCos(radians))
                                     .toPoint();
        if (image.rect().contains(point) && near(image.pixelColor(point), colour))
            return true;
    }
    return false;
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

/// Whether the centre of the ring shows text: some pixel there in the text colour.
bool centreHasText(const QImage &image, const QRect &ring, const QColor &text)
{
    const QRect centre(ring.center() - QPoint(ring.width() / 5, ring.height() / 8),
                       QSize(ring.width() * 2 / 5, ring.height() / 4));
    for (int y = centre.top(); y <= centre.bottom(); ++y) {
        for (int x = centre.left(); x <= centre.right(); ++x) {
            if (near(image.pixelColor(x, y), text, 60))
                return true;
        }
    }
    return false;
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
    void statusColours_data();
    void statusColours();
    void indeterminateSpins();
    void assistiveTechnologyReadsTheValue();
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
    const QImage image = ring.grab().toImage();
    for (const int angle : arcAngles)
        QVERIFY2(rayHas(image, ring.rect(), angle, ring.arcColor()),
                 qPrintable(u"no arc at %1°"_s.arg(angle)));
    for (const int angle : trackAngles) {
        QVERIFY2(!rayHas(image, ring.rect(), angle, ring.arcColor()),
                 qPrintable(u"arc at %1°, where only the track belongs"_s.arg(angle)));
        QVERIFY2(rayHas(image, ring.rect(), angle, ring.trackColor()),
                 qPrintable(u"no track at %1°"_s.arg(angle)));
    }
}

void tst_ProgressRing::statusColours_data()
{
    QTest::addColumn<OperationStatus>("status");
    QTest::addColumn<int>("minimumHue");
    QTest::addColumn<int>("maximumHue");
    // Hue ranges in degrees; -1 for a grey (no hue). Running follows the highlight.
    QTest::newRow("waiting: amber") << OperationStatus::WaitingForApproval << 25 << 45;
    QTest::newRow("completed: green") << OperationStatus::Completed << 90 << 150;
    QTest::newRow("failed: red") << OperationStatus::Failed << 0 << 10;
    QTest::newRow("denied: crimson") << OperationStatus::Denied << 320 << 345;
    QTest::newRow("approved: teal") << OperationStatus::Approved << 160 << 185;
    QTest::newRow("cancelled: grey") << OperationStatus::Cancelled << -1 << -1;
}

void tst_ProgressRing::statusColours()
{
    QFETCH(OperationStatus, status);
    QFETCH(int, minimumHue);
    QFETCH(int, maximumHue);
    ProgressRing ring;
    ring.resize(side, side);
    ring.setValue(50);
    QCOMPARE(ring.arcColor(), ring.palette().color(QPalette::Highlight)); // running
    ring.setStatus(status);
    QCOMPARE(ring.status(), status);
    const QColor arc = ring.arcColor();
    if (minimumHue < 0)
        QVERIFY2(arc.hsvSaturation() < 20, qPrintable(arc.name()));
    else
        QVERIFY2(arc.hsvHue() >= minimumHue && arc.hsvHue() <= maximumHue, qPrintable(arc.name()));
    // The colour of the status everywhere else: the table's badge, the detail panel.
    QCOMPARE(arc, optrack::StatusPalette::color(status, ring.palette()));
    QVERIFY(rayHas(ring.grab().toImage(), ring.rect(), 90, arc));
}

void tst_ProgressRing::indeterminateSpins()
{
    ProgressRing ring;
    ring.resize(side, side);
    ring.setIndeterminate(true);
    ring.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ring));
    const int firstAngle = ring.spinnerAngle();
    const QImage first = ring.grab().toImage();
    QTRY_VERIFY(ring.spinnerAngle() != firstAngle);
    QTRY_VERIFY(ring.grab().toImage() != first);
    QVERIFY(ring.text().isEmpty());

    // A percent stops the spinner: the picture no longer changes by itself.
    ring.setIndeterminate(false);
    ring.setValue(40);
    const int stoppedAngle = ring.spinnerAngle();
    QCOMPARE(ring.grab().toImage(), ring.grab().toImage());
    QCOMPARE(ring.spinnerAngle(), stoppedAngle);
    QCOMPARE(ring.text(), u"40%"_s);
}

namespace {

/// The value changes told to assistive technology.
QList<QVariant> toldValues;

void recordValueChange(QAccessibleEvent *event)
{
    if (event->type() == QAccessible::ValueChanged)
        toldValues.append(static_cast<QAccessibleValueChangeEvent *>(event)->value());
}

} // namespace

void tst_ProgressRing::assistiveTechnologyReadsTheValue()
{
    ProgressRing ring;
    ring.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ring));
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(&ring);
    QVERIFY(iface);
    QCOMPARE(iface->role(), QAccessible::ProgressBar);
    QAccessibleValueInterface *value = iface->valueInterface();
    QVERIFY(value);
    QCOMPARE(value->minimumValue().toInt(), 0);
    QCOMPARE(value->maximumValue().toInt(), 100);

    toldValues.clear();
    QAccessible::installUpdateHandler(recordValueChange);
    QAccessible::setActive(true);
    ring.setValue(40.7);
    QCOMPARE(value->currentValue().toInt(), 40);
    QCOMPARE(iface->text(QAccessible::Value), u"40%"_s);
    ring.setValue(40.9); // the same whole percent: nothing new to tell
    ring.setValue(55);
    ring.setIndeterminate(true);
    QVERIFY(!value->currentValue().isValid());
    QAccessible::installUpdateHandler(nullptr);
    if (QAccessible::isActive()) {
        QCOMPARE(toldValues.size(), 3);
        QCOMPARE(toldValues.at(0).toInt(), 40);
        QCOMPARE(toldValues.at(1).toInt(), 55);
        QVERIFY(!toldValues.at(2).isValid());
    }
}

void tst_ProgressRing::darkTheme()
{
    ProgressRing ring;
    ring.setPalette(darkPalette());
    ring.resize(side, side);
    ring.setValue(60);
    ring.setStatus(OperationStatus::Completed);
    // A dark theme gets the lighter green, and the track stays distinguishable from the
    // window.
    QVERIFY(ring.arcColor().lightness() > darkPalette().color(QPalette::Window).lightness() + 80);
    QVERIFY(!near(ring.trackColor(), darkPalette().color(QPalette::Window)));
    const QImage image = ring.grab().toImage();
    QVERIFY(rayHas(image, ring.rect(), 100, ring.arcColor()));
    QVERIFY(rayHas(image, ring.rect(), 300, ring.trackColor()));
    QVERIFY(!rayHas(image, ring.rect(), 300, ring.arcColor()));
}

void tst_ProgressRing::screenshot()
{
    struct State
    {
        QString caption;
        double value;
        bool indeterminate;
        OperationStatus status;
    };
    const QList<State> states = {
            {u"Indeterminate"_s, 0, true, OperationStatus::InProgress},
            {u"Running 40%"_s, 40, false, OperationStatus::InProgress},
            {u"Waiting at 10%"_s, 10, false, OperationStatus::WaitingForApproval},
            {u"Completed"_s, 100, false, OperationStatus::Completed},
            {u"Failed at 62%"_s, 62, false, OperationStatus::Failed},
            {u"Cancelled at 25%"_s, 25, false, OperationStatus::Cancelled},
    };
    for (const bool dark : {false, true}) {
        QWidget sheet;
        if (dark) {
            sheet.setPalette(darkPalette());
            sheet.setAutoFillBackground(true);
        }
        auto *grid = new QGridLayout(&sheet);
        grid->setHorizontalSpacing(24);
        QList<ProgressRing *> rings;
        for (int i = 0; i < states.size(); ++i) {
            auto *ring = new ProgressRing(&sheet);
            ring->setFixedSize(side, side);
            ring->setIndeterminate(states[i].indeterminate);
            ring->setValue(states[i].value);
            ring->setStatus(states[i].status);
            grid->addWidget(ring, 0, i, Qt::AlignCenter);
            auto *caption = new QLabel(states[i].caption, &sheet);
            grid->addWidget(caption, 1, i, Qt::AlignCenter);
            rings.append(ring);
        }
        sheet.show();
        QVERIFY(QTest::qWaitForWindowExposed(&sheet));
        const QImage image = optrack::testing::picture(&sheet);
        for (int i = 0; i < states.size(); ++i) {
            const ProgressRing *ring = rings.at(i);
            const QRect where(ring->mapTo(&sheet, QPoint()), ring->size());
            QCOMPARE(ring->size(), QSize(side, side));
            // Each ring in its status colour, with its percentage readable in the centre.
            const double degrees = states[i].indeterminate ? -1 : states[i].value * 3.6 / 2;
            if (degrees >= 0) {
                QVERIFY2(rayHas(image, where, degrees, ring->arcColor()),
                         qPrintable(states[i].caption));
                QVERIFY2(centreHasText(image, where, ring->palette().color(QPalette::WindowText)),
                         qPrintable(states[i].caption));
            } else {
                QVERIFY(!centreHasText(image, where, ring->palette().color(QPalette::WindowText)));
            }
        }
        optrack::testing::saveScreenshot(
                &sheet, dark ? u"progressring-states-dark"_s : u"progressring-states"_s);
    }
}

QTEST_MAIN(tst_ProgressRing)
#include "tst_progressring.moc"
