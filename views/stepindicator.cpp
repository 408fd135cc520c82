#include "stepindicator.h"

#include "operation.h"
#include "statuspalette.h"

#include <QEvent>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr double rowMarkerToFontHeight = 1.6;
constexpr int columnMarkerPadding = 4;
constexpr int columnRowSpacing = 6;
constexpr int columnTextGap = 8;
constexpr int columnMinimumTextWidth = 120;
constexpr double columnNumberScale = 0.85;
constexpr double connectorGapRatio = 0.25;
constexpr int rowColumnPadding = 16;
constexpr int labelInset = 2;
constexpr double pendingBorderAmount = 0.35;
constexpr double currentFillAmount = 0.12;

bool stopsWork(OperationStatus status)
{
    return status == OperationStatus::Failed || status == OperationStatus::Denied
            || status == OperationStatus::Cancelled;
}

QFont boldFont(QFont font)
{
    font.setBold(true);
    return font;
}

} // namespace

StepIndicator::StepIndicator(Mode mode, QWidget *parent)
    : QWidget(parent)
    , m_mode(mode)
{
    setAccessibleName(tr("Steps"));
    setSizePolicy(mode == Mode::Row ? QSizePolicy::Expanding : QSizePolicy::Preferred,
                  QSizePolicy::Fixed);
    updateDescription();
}

void StepIndicator::setSteps(const QStringList &names, int totalSteps)
{
    QStringList steps = names;
    for (int step = int(steps.size()) + 1; step <= totalSteps; ++step)
        steps.append(tr("Step %1").arg(step));
    if (steps == m_steps)
        return;
    m_steps = steps;
    updateGeometry();
    updateDescription();
    update();
}

void StepIndicator::setProgress(int currentStep, OperationStatus status)
{
    currentStep = qMax(0, currentStep);
    if (currentStep == m_currentStep && status == m_status)
        return;
    m_currentStep = currentStep;
    m_status = status;
    updateDescription();
    update();
}

void StepIndicator::setOperation(const Operation &operation)
{
    setSteps(operation.steps, operation.totalSteps);
    setProgress(operation.currentStep, operation.status);
}

int StepIndicator::effectiveStep() const
{
    if (m_status == OperationStatus::Completed)
        return stepCount() + 1;
    // Work that stopped before its first step is shown stopped at the first.
    if (stopsWork(m_status))
        return qBound(1, m_currentStep, qMax(1, stepCount()));
    return m_currentStep;
}

StepIndicator::StepState StepIndicator::stepState(int step) const
{
    const int current = effectiveStep();
    if (step < current)
        return StepState::Done;
    if (step > current)
        return StepState::Pending;
    switch (m_status) {
    case OperationStatus::Failed:
    case OperationStatus::Denied:
        return StepState::Failed;
    case OperationStatus::Cancelled:
        return StepState::Stopped;
    default:
        return StepState::Current;
    }
}

int StepIndicator::markerDiameter() const
{
    const int fontHeight = fontMetrics().height();
    return m_mode == Mode::Row ? qRound(fontHeight * rowMarkerToFontHeight)
                               : fontHeight + columnMarkerPadding;
}

int StepIndicator::rowHeight() const
{
    return fontMetrics().height() + columnRowSpacing * 2;
}

QRect StepIndicator::markerRect(int step) const
{
    const int diameter = markerDiameter();
    if (m_mode == Mode::Column)
        return {0, (step - 1) * rowHeight() + (rowHeight() - diameter) / 2, diameter, diameter};
    const double column = double(width()) / qMax(1, stepCount());
    return {qRound(column * (step - 0.5) - diameter / 2.0), 1, diameter, diameter};
}

QRect StepIndicator::labelRect(int step) const
{
    const int diameter = markerDiameter();
    if (m_mode == Mode::Column) {
        const int left = diameter + columnTextGap;
        return {left, (step - 1) * rowHeight(), width() - left, rowHeight()};
    }
    const double column = double(width()) / qMax(1, stepCount());
    const int top = diameter + 2 + fontMetrics().height() / 3;
    return {qRound(column * (step - 1)) + labelInset, top, qRound(column) - 2 * labelInset,
            QFontMetrics(boldFont(font())).height()};
}

QSize StepIndicator::sizeHint() const
{
    const QFontMetrics bold(boldFont(font()));
    const int diameter = markerDiameter();
    const int count = qMax(1, stepCount());
    if (m_mode == Mode::Column) {
        int text = columnMinimumTextWidth;
        for (const QString &step : m_steps)
            text = qMax(text, bold.horizontalAdvance(step));
        return {diameter + columnTextGap + text, rowHeight() * stepCount()};
    }
    int column = diameter + rowColumnPadding;
    for (const QString &step : m_steps)
        column = qMax(column,
                      qMin(maximumColumnWidth, bold.horizontalAdvance(step) + rowColumnPadding));
    return {column * count, diameter + 2 + fontMetrics().height() / 3 + bold.height() + 2};
}

QSize StepIndicator::minimumSizeHint() const
{
    const int diameter = markerDiameter();
    if (m_mode == Mode::Column)
        return {diameter + columnTextGap + columnMinimumTextWidth, rowHeight() * stepCount()};
    const int count = qMax(1, stepCount());
    return {(diameter + rowColumnPadding / 2) * count, sizeHint().height()};
}

void StepIndicator::paintEvent(QPaintEvent *)
{
    const int count = stepCount();
    if (count == 0)
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    const QColor muted = StatusPalette::mutedText(pal);
    // A cancelled operation's steps turn grey: nothing is current any more.
    const QColor accent = StatusPalette::color(m_status == OperationStatus::Cancelled
                                                       ? OperationStatus::Cancelled
                                                       : OperationStatus::InProgress,
                                               pal);
    const QColor pendingBorder
            = StatusPalette::blend(text, pal.color(QPalette::Window), pendingBorderAmount);
    const qreal diameter = markerDiameter();
    const qreal penWidth = qMax(1.5, diameter / 12.0);

    // Connectors first, so that the markers sit on top of them.
    for (int step = 1; step < count; ++step) {
        const QRectF from = markerRect(step);
        const QRectF to = markerRect(step + 1);
        const qreal gap = m_mode == Mode::Row ? diameter * connectorGapRatio : 2.0;
        const bool done = stepState(step) == StepState::Done;
        painter.setPen(QPen(done ? accent : pendingBorder, penWidth, Qt::SolidLine, Qt::RoundCap));
        if (m_mode == Mode::Row) {
            if (to.left() - gap > from.right() + gap)
                painter.drawLine(QPointF(from.right() + gap, from.center().y()),
                                 QPointF(to.left() - gap, to.center().y()));
        } else {
            painter.drawLine(QPointF(from.center().x(), from.bottom() + gap),
                             QPointF(to.center().x(), to.top() - gap));
        }
    }

    const QColor stopped = StatusPalette::color(m_status, pal);
    for (int step = 1; step <= count; ++step) {
        paintMarker(painter, step, accent);
        const StepState state = stepState(step);
        const bool emphasised = state != StepState::Done && state != StepState::Pending;
        const QFont labelFont = emphasised ? boldFont(font()) : font();
        painter.setFont(labelFont);
        painter.setPen(state == StepState::Failed            ? stopped
                               : state == StepState::Pending ? muted
                                                             : text);
        const QRect rect = labelRect(step);
        const Qt::Alignment alignment = m_mode == Mode::Row ? Qt::AlignHCenter | Qt::AlignTop
                                                            : Qt::AlignLeft | Qt::AlignVCenter;
        painter.drawText(rect, alignment,
                         QFontMetrics(labelFont).elidedText(m_steps.at(step - 1), Qt::ElideRight,
                                                            rect.width()));
    }
}

void StepIndicator::paintMarker(QPainter &painter, int step, const QColor &accent) const
{
    const QPalette &pal = palette();
    const qreal diameter = markerDiameter();
    const qreal penWidth = qMax(1.5, diameter / 12.0);
    const QRectF outer = markerRect(step);
    const QRectF marker = outer.adjusted(penWidth / 2, penWidth / 2, -penWidth / 2, -penWidth / 2);
    const QPointF centre = outer.center();
    QFont numberFont = font();
    if (m_mode == Mode::Column)
        numberFont.setPointSizeF(numberFont.pointSizeF() * columnNumberScale);

    switch (stepState(step)) {
    case StepState::Done: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(accent);
        painter.drawEllipse(marker);
        // A check, not only a colour, says "done".
        QPainterPath check;
        check.moveTo(centre.x() - diameter * 0.2, centre.y() + diameter * 0.01);
        check.lineTo(centre.x() - diameter * 0.05, centre.y() + diameter * 0.16);
        check.lineTo(centre.x() + diameter * 0.21, centre.y() - diameter * 0.14);
        painter.setPen(QPen(pal.color(QPalette::HighlightedText), penWidth * 1.3, Qt::SolidLine,
                            Qt::RoundCap, Qt::RoundJoin));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(check);
        break;
    }
    case StepState::Current:
        painter.setPen(QPen(accent, penWidth));
        painter.setBrush(
                StatusPalette::blend(accent, pal.color(QPalette::Base), currentFillAmount));
        painter.drawEllipse(marker);
        painter.setFont(boldFont(numberFont));
        painter.setPen(accent);
        painter.drawText(marker, Qt::AlignCenter, QString::number(step));
        break;
    case StepState::Failed: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(StatusPalette::color(m_status, pal));
        painter.drawEllipse(marker);
        const qreal d = diameter * 0.16;
        painter.setPen(
                QPen(pal.color(QPalette::Base), penWidth * 1.3, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(centre + QPointF(-d, -d), centre + QPointF(d, d));
        painter.drawLine(centre + QPointF(-d, d), centre + QPointF(d, -d));
        break;
    }
    case StepState::Stopped: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(StatusPalette::color(OperationStatus::Cancelled, pal));
        painter.drawEllipse(marker);
        const qreal d = diameter * 0.2;
        painter.setPen(
                QPen(pal.color(QPalette::Base), penWidth * 1.3, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(centre + QPointF(-d, 0), centre + QPointF(d, 0));
        break;
    }
    case StepState::Pending: {
        const QColor text = pal.color(QPalette::WindowText);
        painter.setPen(
                QPen(StatusPalette::blend(text, pal.color(QPalette::Window), pendingBorderAmount),
                     penWidth));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(marker);
        painter.setFont(numberFont);
        painter.setPen(StatusPalette::mutedText(pal));
        painter.drawText(marker, Qt::AlignCenter, QString::number(step));
        break;
    }
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

void StepIndicator::updateDescription()
{
    const int count = stepCount();
    const int current = effectiveStep();
    QString summary;
    if (count == 0)
        summary = tr("No steps");
    else if (current > count)
        summary = count == 1 ? tr("The step is done") : tr("All %1 steps done").arg(count);
    else if (current == 0)
        summary = count == 1 ? tr("Not started, 1 step") : tr("Not started, %1 steps").arg(count);
    else if (stepState(current) == StepState::Failed)
        summary = tr("Step %1 of %2 failed: %3")
                          .arg(current)
                          .arg(count)
                          .arg(m_steps.at(current - 1));
    else if (stepState(current) == StepState::Stopped)
        summary = tr("Stopped at step %1 of %2: %3")
                          .arg(current)
                          .arg(count)
                          .arg(m_steps.at(current - 1));
    else
        summary = tr("Step %1 of %2: %3").arg(current).arg(count).arg(m_steps.at(current - 1));
    setAccessibleDescription(summary);

    QStringList lines{summary};
    for (int step = 1; step <= count; ++step) {
        QString state;
        switch (stepState(step)) {
        case StepState::Done:
            state = tr("done");
            break;
        case StepState::Current:
            state = tr("current");
            break;
        case StepState::Failed:
            state = tr("failed here");
            break;
        case StepState::Stopped:
            state = tr("stopped here");
            break;
        case StepState::Pending:
            state = tr("pending");
            break;
        }
        lines.append(tr("%1. %2 (%3)").arg(step).arg(m_steps.at(step - 1), state));
    }
    setToolTip(lines.join(u'\n'));
}

} // namespace optrack
