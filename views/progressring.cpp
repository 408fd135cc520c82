#include "progressring.h"

#include "progressringaccessible.h"
#include "statuspalette.h"

#include <QAccessible>
#include <QEvent>
#include <QFontMetricsF>
#include <QPainter>
#include <QtMath>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int fullCircleDegrees = 360;
constexpr int twelveOClockDegrees = 90;
constexpr int qtAngleUnitsPerDegree = 16;
constexpr double penWidthRatio = 0.085;
constexpr double fontSizeRatio = 0.32;
constexpr double textWidthRatio = 0.8;
constexpr int minimumFontPixels = 9;
constexpr double trackAmount = 0.14;

} // namespace

ProgressRing::ProgressRing(QWidget *parent)
    : QWidget(parent)
{
    // Once per program, before the first interface is asked for.
    static const bool factoryInstalled = [] {
        QAccessible::installFactory(&ProgressRingAccessible::create);
        return true;
    }();
    Q_UNUSED(factoryInstalled);
    setAccessibleName(tr("Progress"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    m_spinner.setStartValue(0);
    m_spinner.setEndValue(fullCircleDegrees);
    m_spinner.setDuration(spinDurationMs);
    m_spinner.setLoopCount(-1);
    connect(&m_spinner, &QVariantAnimation::valueChanged, this, [this](const QVariant &angle) {
        m_spinnerAngle = angle.toInt();
        update();
    });
    updateAccessibleDescription();
}

QString ProgressRing::text() const
{
    if (m_indeterminate)
        return {};
    // Floor: a ring that reads 100% must be finished.
    return tr("%1%").arg(qFloor(m_value));
}

QColor ProgressRing::arcColor() const
{
    return StatusPalette::color(m_status, palette());
}

QColor ProgressRing::trackColor() const
{
    return StatusPalette::blend(palette().color(QPalette::WindowText),
                                palette().color(QPalette::Window), trackAmount);
}

QSize ProgressRing::sizeHint() const
{
    return {defaultDiameter, defaultDiameter};
}

QSize ProgressRing::minimumSizeHint() const
{
    return {minimumDiameter, minimumDiameter};
}

void ProgressRing::setValue(double percent)
{
    percent = qBound(0.0, percent, 100.0);
    if (qFuzzyCompare(percent + 1.0, m_value + 1.0))
        return;
    m_value = percent;
    updateAccessibleDescription();
    update();
}

void ProgressRing::setIndeterminate(bool indeterminate)
{
    if (m_indeterminate == indeterminate)
        return;
    m_indeterminate = indeterminate;
    updateAnimation();
    updateAccessibleDescription();
    update();
}

void ProgressRing::setStatus(OperationStatus status)
{
    if (m_status == status)
        return;
    m_status = status;
    update();
}

QRectF ProgressRing::ringRect(qreal penWidth) const
{
    const qreal side = qMin(width(), height()) - penWidth - 2.0;
    QRectF rect(0, 0, side, side);
    rect.moveCenter(QRectF(this->rect()).center());
    return rect;
}

void ProgressRing::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal diameter = qMin(width(), height());
    const qreal penWidth = qMax(3.0, diameter * penWidthRatio);
    const QRectF rect = ringRect(penWidth);

    painter.setPen(QPen(trackColor(), penWidth, Qt::SolidLine, Qt::FlatCap));
    painter.drawEllipse(rect);

    QPen arcPen(arcColor(), penWidth, Qt::SolidLine, Qt::RoundCap);
    painter.setPen(arcPen);
    // Qt counts angles counter-clockwise from 3 o'clock; negative spans run clockwise.
    if (m_indeterminate) {
        const int start = twelveOClockDegrees - m_spinnerAngle;
        painter.drawArc(rect, start * qtAngleUnitsPerDegree,
                        -spinnerSpanDegrees * qtAngleUnitsPerDegree);
    } else if (m_value >= 100.0) {
        painter.drawEllipse(rect);
    } else if (m_value > 0) {
        const int span
                = qMax(1, qRound(m_value * fullCircleDegrees * qtAngleUnitsPerDegree / 100.0));
        painter.drawArc(rect, twelveOClockDegrees * qtAngleUnitsPerDegree, -span);
    }

    const QString centre = text();
    if (centre.isEmpty())
        return;
    painter.setFont(centreFont(rect.width() - 2 * penWidth));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(rect, Qt::AlignCenter, centre);
}

QFont ProgressRing::centreFont(qreal innerDiameter) const
{
    // One size for every value, chosen so that the widest text, "100%", keeps clear of the ring.
    QFont font = this->font();
    font.setWeight(QFont::DemiBold);
    int pixelSize = qMax(minimumFontPixels, qRound(innerDiameter * fontSizeRatio));
    const QString widest = tr("%1%").arg(100);
    for (; pixelSize > minimumFontPixels; --pixelSize) {
        font.setPixelSize(pixelSize);
        if (QFontMetricsF(font).horizontalAdvance(widest) <= innerDiameter * textWidthRatio)
            break;
    }
    font.setPixelSize(pixelSize);
    return font;
}

void ProgressRing::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateAnimation();
}

void ProgressRing::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateAnimation();
}

void ProgressRing::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        update();
}

void ProgressRing::updateAnimation()
{
    // Spin only while someone can see it: a hidden dialog costs no repaints.
    const bool spin = m_indeterminate && isVisible();
    if (spin && m_spinner.state() != QAbstractAnimation::Running)
        m_spinner.start();
    else if (!spin && m_spinner.state() != QAbstractAnimation::Stopped)
        m_spinner.stop();
}

void ProgressRing::updateAccessibleDescription()
{
    setAccessibleDescription(m_indeterminate ? tr("Working, progress not known yet")
                                             : tr("%1 complete").arg(text()));
    // Told as it changes, by whole percents, as QProgressBar does.
    const int announce = m_indeterminate ? -1 : qFloor(m_value);
    if (announce == m_announcedValue)
        return;
    m_announcedValue = announce;
    if (QAccessible::isActive()) {
        QAccessibleValueChangeEvent event(this, announce < 0 ? QVariant() : QVariant(announce));
        QAccessible::updateAccessibility(&event);
    }
}

} // namespace optrack
