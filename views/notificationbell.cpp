#include "notificationbell.h"

#include "notificationlist.h"
#include "notificationmodel.h"
#include "operationstatus.h"
#include "statuspalette.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr int iconSize = 16;

/// A bell drawn in `color`: a dome on a rim, and the clapper below.
QPixmap bellPixmap(const QColor &color, qreal ratio)
{
    QPixmap pixmap(QSize(iconSize, iconSize) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    QPainterPath dome;
    dome.moveTo(2.0, 12.0);
    dome.cubicTo(3.5, 10.5, 3.5, 8.5, 3.5, 7.0);
    dome.cubicTo(3.5, 3.5, 5.5, 1.5, 8.0, 1.5);
    dome.cubicTo(10.5, 1.5, 12.5, 3.5, 12.5, 7.0);
    dome.cubicTo(12.5, 8.5, 12.5, 10.5, 14.0, 12.0);
    dome.closeSubpath();
    painter.drawPath(dome);
    painter.drawRoundedRect(QRectF(1.5, 11.5, 13.0, 1.6), 0.8, 0.8);
    painter.drawEllipse(QRectF(6.3, 13.2, 3.4, 2.6));
    return pixmap;
}

} // namespace

NotificationBell::NotificationBell(QWidget *parent)
    : QToolButton(parent)
    , m_list(new NotificationList(this))
{
    setObjectName(u"notificationBell"_s);
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setFocusPolicy(Qt::TabFocus);
    connect(this, &QToolButton::clicked, this, &NotificationBell::openList);
    connect(m_list, &NotificationList::operationRequested, this,
            &NotificationBell::operationRequested);
    updateLook();
}

void NotificationBell::setModel(NotificationModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_list->setModel(model);
    if (model)
        connect(model, &NotificationModel::unreadChanged, this, &NotificationBell::updateLook);
    updateLook();
}

void NotificationBell::openList()
{
    const QPoint topRight = mapToGlobal(rect().topRight());
    m_list->popUp(topRight);
}

void NotificationBell::changeEvent(QEvent *event)
{
    QToolButton::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateLook();
}

void NotificationBell::updateLook()
{
    const int unread = m_model ? m_model->unreadCount() : 0;
    const bool failure = m_model && m_model->hasUnreadFailure();
    const QColor color = failure ? StatusPalette::color(OperationStatus::Failed, palette())
                                 : palette().color(QPalette::ButtonText);
    setIcon(QIcon(bellPixmap(color, devicePixelRatioF())));
    setText(unread > 0 ? QString::number(unread) : QString());
    QFont bold = font();
    bold.setBold(unread > 0);
    setFont(bold);
    const QString summary = unread == 0 ? tr("Messages: none unread")
            : failure ? tr("Messages: %n unread, a failure among them", nullptr, unread)
                      : tr("Messages: %n unread", nullptr, unread);
    setToolTip(summary);
    setAccessibleName(tr("Messages"));
    setAccessibleDescription(summary);
}

} // namespace optrack
