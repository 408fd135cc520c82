#include "stepindicator.h"

#include "statuscolors.h"

#include <QEvent>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

namespace optrack {

namespace {

constexpr double markerToFontHeight = 1.6;
constexpr double connectorGapRatio = 0.25;
constexpr int columnPadding = 16;
constexpr double pendingBorderAmount = 0.35;
constexpr double currentFillAmount = 0.12;

} // namespace

StepIndicator::StepIndicator(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Steps"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    updateAccessibleDescription();
}

StepIndicator::StepState StepIndicator::stepState(int step) const
{
    if (step < m_currentStep)
        return StepState::Done;
    if (step > m_currentStep)
        return StepState::Pending;
    return m_failed ? StepState::Failed : StepState::Current;
}

int StepIndicator::markerDiameter() const
{
    return qRound(fontMetrics().height() * markerToFontHeight);
}

int StepIndicator::labelGap() const
{
    return fontMetrics().height() / 3;
}

QSize StepIndicator::sizeHint() const
{
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    int column = markerDiameter() + columnPadding;
    for (const QString &step : m_steps)
        column = qMax(column,
                      qMin(maximumColumnWidth, metrics.horizontalAdvance(step) + columnPadding));
    const int count = qMax(1, int(m_steps.size()));
    return {column * count, markerDiameter() + labelGap() + metrics.height() + 2};
}

QSize StepIndicator::minimumSizeHint() const
{
    const int count = qMax(1, int(m_steps.size()));
    return {(markerDiameter() + columnPadding / 2) * count, sizeHint().height()};
}

void StepIndicator::setSteps(const QStringList &steps)
{
    if (m_steps == steps)
        return;
    m_steps = steps;
    updateGeometry();
    updateAccessibleDescription();
    update();
}

void StepIndicator::setCurrentStep(int step, bool failed)
{
    step = qMax(0, step);
    if (m_currentStep == step && m_failed == failed)
        return;
    m_currentStep = step;
    m_failed = failed;
    updateAccessibleDescription();
    update();
}

void StepIndicator::paintEvent(QPaintEvent *)
{
    const int count = int(m_steps.size());
    if (count == 0)
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    // Text keeps the active colours so that it stays readable; disabled (a cancelled
    // operation) only the accent turns grey, as nothing is current any more.
    QPalette pal = palette();
    pal.setCurrentColorGroup(QPalette::Active);
    const QColor text = pal.color(QPalette::WindowText);
    const QColor muted = StatusColors::color(StatusColors::Tone::Inactive, pal);
    const QColor accent = isEnabled() ? pal.color(QPalette::Highlight) : muted;
    const QColor pendingBorder
            = StatusColors::blend(text, pal.color(QPalette::Window), pendingBorderAmount);
    const QColor failure = StatusColors::color(StatusColors::Tone::Failure, pal);

    const qreal column = qreal(width()) / count;
    const qreal diameter = markerDiameter();
    const qreal radius = diameter / 2.0;
    const qreal penWidth = qMax(1.5, diameter / 12.0);
    const qreal centreY = radius + 1.0;

    // Connectors first, so that the markers sit on top of them.
    for (int i = 0; i + 1 < count; ++i) {
        const qreal from = column * (i + 0.5) + radius + diameter * connectorGapRatio;
        const qreal to = column * (i + 1.5) - radius - diameter * connectorGapRatio;
        if (to <= from)
            continue;
        const bool done = stepState(i + 1) == StepState::Done;
        painter.setPen(QPen(done ? accent : pendingBorder, penWidth, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(QPointF(from, centreY), QPointF(to, centreY));
    }

    QFont numberFont = font();
    numberFont.setBold(true);
    QFont labelFont = font();
    QFont currentLabelFont = font();
    currentLabelFont.setBold(true);
    const qreal labelTop = diameter + 2.0 + labelGap();

    for (int i = 0; i < count; ++i) {
        const int step = i + 1;
        const StepState state = stepState(step);
        const QPointF centre(column * (i + 0.5), centreY);
        const QRectF marker(centre.x() - radius + penWidth / 2, centre.y() - radius + penWidth / 2,
                            diameter - penWidth, diameter - penWidth);
        QColor labelColor = text;
        switch (state) {
        case StepState::Done: {
            painter.setPen(Qt::NoPen);
            painter.setBrush(accent);
            painter.drawEllipse(marker);
            QPainterPath check;
            const qreal s = diameter;
            check.moveTo(centre.x() - s * 0.2, centre.y() + s * 0.01);
            check.lineTo(centre.x() - s * 0.05, centre.y() + s * 0.16);
            check.lineTo(centre.x() + s * 0.21, centre.y() - s * 0.14);
            painter.setPen(QPen(pal.color(QPalette::HighlightedText), penWidth * 1.3, Qt::SolidLine,
                                Qt::RoundCap, Qt::RoundJoin));
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(check);
            break;
        }
        case StepState::Current:
            painter.setPen(QPen(accent, penWidth));
            painter.setBrush(
                    StatusColors::blend(accent, pal.color(QPalette::Base), currentFillAmount));
            painter.drawEllipse(marker);
            painter.setFont(numberFont);
            painter.setPen(accent);
            painter.drawText(marker, Qt::AlignCenter, QString::number(step));
            break;
        case StepState::Failed: {
            painter.setPen(Qt::NoPen);
            painter.setBrush(failure);
            painter.drawEllipse(marker);
            const qreal d = diameter * 0.16;
            painter.setPen(
                    QPen(pal.color(QPalette::Base), penWidth * 1.3, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(centre + QPointF(-d, -d), centre + QPointF(d, d));
            painter.drawLine(centre + QPointF(-d, d), centre + QPointF(d, -d));
            labelColor = failure;
            break;
        }
        case StepState::Pending:
            painter.setPen(QPen(pendingBorder, penWidth));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(marker);
            painter.setFont(labelFont);
            painter.setPen(muted);
            painter.drawText(marker, Qt::AlignCenter, QString::number(step));
            labelColor = muted;
            break;
        }

        const bool emphasised = state == StepState::Current || state == StepState::Failed;
        painter.setFont(emphasised ? currentLabelFont : labelFont);
        const QFontMetrics metrics(painter.font());
        const QRectF labelRect(column * i + 2, labelTop, column - 4, metrics.height());
        painter.setPen(labelColor);
        painter.drawText(labelRect, Qt::AlignHCenter | Qt::AlignTop,
                         metrics.elidedText(m_steps.at(i), Qt::ElideRight, int(labelRect.width())));
    }
}

void StepIndicator::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        update();
}

void StepIndicator::updateAccessibleDescription()
{
    const int count = int(m_steps.size());
    QString description;
    if (count == 0)
        description = tr("No steps");
    else if (m_currentStep == 0)
        description
                = count == 1 ? tr("Not started, 1 step") : tr("Not started, %1 steps").arg(count);
    else if (m_currentStep > count)
        description = count == 1 ? tr("The step is done") : tr("All %1 steps done").arg(count);
    else if (m_failed)
        description = tr("Step %1 of %2 failed: %3")
                              .arg(m_currentStep)
                              .arg(count)
                              .arg(m_steps.at(m_currentStep - 1));
    else
        description = tr("Step %1 of %2: %3")
                              .arg(m_currentStep)
                              .arg(count)
                              .arg(m_steps.at(m_currentStep - 1));
    setAccessibleDescription(description);
    setToolTip(description);
}

} // namespace optrack
