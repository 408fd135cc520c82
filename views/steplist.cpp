#include "steplist.h"

#include "statusstyle.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int rowSpacing = 6;
constexpr int circleTextGap = 8;
constexpr int minimumTextWidth = 120;
constexpr double connectorWidth = 1.5;

} // namespace

StepList::StepList(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Steps"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void StepList::setSteps(const QStringList &steps, int totalSteps, int currentStep,
                        OperationStatus status)
{
    QStringList names = steps;
    for (int index = int(names.size()); index < totalSteps; ++index)
        names.append(tr("Step %1").arg(index + 1));
    if (names == m_names && currentStep == m_current && status == m_status)
        return;
    m_names = names;
    m_current = currentStep;
    m_status = status;
    updateAccessibleText();
    updateGeometry();
    update();
}

StepList::StepState StepList::stepState(int index) const
{
    const int number = index + 1;
    if (m_status == OperationStatus::Completed)
        return StepState::Done;
    if (number < m_current)
        return StepState::Done;
    if (number == m_current) {
        const bool stopped = m_status == OperationStatus::Failed
                || m_status == OperationStatus::Denied || m_status == OperationStatus::Cancelled;
        return stopped ? StepState::Failed : StepState::Current;
    }
    return StepState::Pending;
}

int StepList::rowHeight() const
{
    return fontMetrics().height() + rowSpacing * 2;
}

QSize StepList::sizeHint() const
{
    int width = minimumTextWidth;
    for (const QString &name : m_names)
        width = std::max(width, fontMetrics().horizontalAdvance(name));
    const int circle = fontMetrics().height() + 4;
    return {circle + circleTextGap + width, rowHeight() * int(m_names.size())};
}

QSize StepList::minimumSizeHint() const
{
    const int circle = fontMetrics().height() + 4;
    return {circle + circleTextGap + minimumTextWidth, rowHeight() * int(m_names.size())};
}

void StepList::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const int height = rowHeight();
    const int circle = fontMetrics().height() + 4;
    const QColor doneColor = StatusStyle::accent(OperationStatus::Completed, pal);
    const QColor failedColor = StatusStyle::accent(OperationStatus::Failed, pal);
    const QColor currentColor = pal.color(QPalette::Highlight);
    const QColor muted
            = StatusStyle::blend(pal.color(QPalette::Text), pal.color(QPalette::Base), 0.45);

    for (int index = 0; index < m_names.size(); ++index) {
        const StepState state = stepState(index);
        const QRectF circleRect(0.5, index * height + (height - circle) / 2.0 + 0.5, circle - 1,
                                circle - 1);
        if (index + 1 < m_names.size()) {
            painter.setPen(QPen(stepState(index + 1) == StepState::Pending ? muted : doneColor,
                                connectorWidth));
            const double x = circleRect.center().x();
            painter.drawLine(QPointF(x, circleRect.bottom() + 2),
                             QPointF(x, circleRect.bottom() + height - circle + 2));
        }

        QFont numberFont = font();
        numberFont.setBold(true);
        numberFont.setPointSizeF(font().pointSizeF() * 0.85);
        painter.setFont(numberFont);
        switch (state) {
        case StepState::Done: {
            painter.setPen(Qt::NoPen);
            painter.setBrush(doneColor);
            painter.drawEllipse(circleRect);
            // A tick, not only a colour, says "done".
            QPainterPath tick;
            const QRectF r = circleRect.adjusted(circle * 0.27, circle * 0.3, -circle * 0.27,
                                                 -circle * 0.3);
            tick.moveTo(r.left(), r.center().y());
            tick.lineTo(r.left() + r.width() * 0.4, r.bottom());
            tick.lineTo(r.right(), r.top());
            painter.setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(tick);
            break;
        }
        case StepState::Current:
            painter.setPen(Qt::NoPen);
            painter.setBrush(currentColor);
            painter.drawEllipse(circleRect);
            painter.setPen(pal.color(QPalette::HighlightedText));
            painter.drawText(circleRect, Qt::AlignCenter, QString::number(index + 1));
            break;
        case StepState::Failed: {
            painter.setPen(Qt::NoPen);
            painter.setBrush(failedColor);
            painter.drawEllipse(circleRect);
            const QRectF r = circleRect.adjusted(circle * 0.32, circle * 0.32, -circle * 0.32,
                                                 -circle * 0.32);
            painter.setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(r.topLeft(), r.bottomRight());
            painter.drawLine(r.topRight(), r.bottomLeft());
            break;
        }
        case StepState::Pending:
            painter.setPen(QPen(muted, connectorWidth));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(circleRect.adjusted(0.75, 0.75, -0.75, -0.75));
            painter.drawText(circleRect, Qt::AlignCenter, QString::number(index + 1));
            break;
        }

        QFont nameFont = font();
        nameFont.setBold(state == StepState::Current || state == StepState::Failed);
        painter.setFont(nameFont);
        painter.setPen(state == StepState::Pending ? muted : pal.color(QPalette::Text));
        const QRect textRect(circle + circleTextGap, index * height,
                             width() - circle - circleTextGap, height);
        painter.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetrics(nameFont).elidedText(m_names.at(index), Qt::ElideRight,
                                                           textRect.width()));
    }
}

void StepList::updateAccessibleText()
{
    QStringList lines;
    for (int index = 0; index < m_names.size(); ++index) {
        QString state;
        switch (stepState(index)) {
        case StepState::Done:
            state = tr("done");
            break;
        case StepState::Current:
            state = tr("current");
            break;
        case StepState::Failed:
            state = tr("stopped here");
            break;
        case StepState::Pending:
            state = tr("pending");
            break;
        }
        lines.append(tr("Step %1: %2 (%3)").arg(index + 1).arg(m_names.at(index), state));
    }
    setAccessibleDescription(lines.join(u"; "_s));
    setToolTip(lines.join(u'\n'));
}

} // namespace optrack
