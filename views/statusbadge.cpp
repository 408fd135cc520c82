#include "statusbadge.h"

#include "statusstyle.h"

#include <QEvent>
#include <QPainter>

namespace optrack {

StatusBadge::StatusBadge(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setAccessibleName(tr("Status: %1").arg(statusLabel(m_status)));
}

void StatusBadge::setStatus(OperationStatus status)
{
    if (status == m_status)
        return;
    m_status = status;
    setAccessibleName(tr("Status: %1").arg(statusLabel(m_status)));
    updateGeometry();
    update();
}

QSize StatusBadge::sizeHint() const
{
    return StatusStyle::badgeSize(m_status, font());
}

QSize StatusBadge::minimumSizeHint() const
{
    return sizeHint();
}

void StatusBadge::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    StatusStyle::paintBadge(&painter, rect(), m_status, palette(), font());
}

void StatusBadge::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

} // namespace optrack
