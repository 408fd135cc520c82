#include "eventdelegate.h"

#include "focuscue.h"
#include "operationeventmodel.h"
#include "statuspalette.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDateTime>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QStyle>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int lineX = 10;
constexpr int dotDiameter = 9;
constexpr int textLeft = 24;
constexpr int rightMargin = 6;
constexpr int verticalPadding = 4;
constexpr int lineGap = 1;

QColor kindColor(EventKind kind, OperationStatus status, const QPalette &palette)
{
    switch (kind) {
    case EventKind::Created:
        return StatusPalette::color(OperationStatus::Pending, palette);
    case EventKind::Updated:
    case EventKind::Retry:
        return StatusPalette::color(OperationStatus::InProgress, palette);
    case EventKind::Vote:
        return StatusPalette::color(OperationStatus::WaitingForApproval, palette);
    case EventKind::Status:
    case EventKind::Decision:
        return StatusPalette::color(status, palette);
    case EventKind::Cancel:
        return StatusPalette::color(OperationStatus::Cancelled, palette);
    case EventKind::Timeout:
        return StatusPalette::color(OperationStatus::Failed, palette);
    }
    return palette.color(QPalette::Text);
}

QString timeText(const QDateTime &at)
{
    if (!at.isValid())
        return {};
    const QDateTime local = at.toLocalTime();
    const QLocale locale;
    if (local.date() == QDate::currentDate())
        return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local, QLocale::ShortFormat);
}

} // namespace

EventDelegate::EventDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QString EventDelegate::kindLabel(EventKind kind)
{
    switch (kind) {
    case EventKind::Created:
        return tr("Created");
    case EventKind::Updated:
        return tr("Progress");
    case EventKind::Status:
        return tr("Status");
    case EventKind::Vote:
        return tr("Vote");
    case EventKind::Decision:
        return tr("Decision");
    case EventKind::Cancel:
        return tr("Cancelled");
    case EventKind::Timeout:
        return tr("Timed out");
    case EventKind::Retry:
        return tr("Retried");
    }
    return {};
}

void EventDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    background.icon = {};
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const auto kind = EventKind(index.data(OperationEventModel::KindRole).toInt());
    const auto status = OperationStatus(index.data(OperationEventModel::StatusRole).toInt());
    const QString actor = index.data(OperationEventModel::ActorRole).toString();
    const QDateTime at = index.data(OperationEventModel::AtRole).toDateTime();
    const QString message = index.data(Qt::DisplayRole).toString();
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted = StatusPalette::muted(
            text, palette.color(selected ? QPalette::Highlight : QPalette::Base));

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect rect = option.rect;
    const QFontMetrics metrics(option.font);
    const int firstLineCentre = rect.top() + verticalPadding + metrics.height() / 2;

    // The timeline: a line through the dots, open at the first and last entries.
    const bool first = index.row() == 0;
    const bool last = index.row() == index.model()->rowCount(index.parent()) - 1;
    painter->setPen(QPen(StatusPalette::blend(palette.color(QPalette::Text),
                                              palette.color(QPalette::Base), 0.25),
                         1.5));
    painter->drawLine(QPointF(rect.left() + lineX, first ? firstLineCentre : rect.top()),
                      QPointF(rect.left() + lineX, last ? firstLineCentre : rect.bottom() + 1));
    painter->setPen(QPen(palette.color(QPalette::Base), 2));
    painter->setBrush(kindColor(kind, status, palette));
    painter->drawEllipse(QPointF(rect.left() + lineX + 0.5, firstLineCentre + 0.5),
                         dotDiameter / 2.0, dotDiameter / 2.0);

    const int left = rect.left() + textLeft;
    const int right = rect.right() - rightMargin;
    const QString when = timeText(at);
    const int whenWidth = metrics.horizontalAdvance(when);
    painter->setFont(option.font);
    painter->setPen(muted);
    painter->drawText(
            QRect(right - whenWidth, rect.top() + verticalPadding, whenWidth, metrics.height()),
            Qt::AlignRight | Qt::AlignVCenter, when);

    QFont boldFont = option.font;
    boldFont.setBold(true);
    const QFontMetrics boldMetrics(boldFont);
    const QString label = kindLabel(kind);
    const int headWidth = right - whenWidth - left - rightMargin;
    const QString kindText = boldMetrics.elidedText(label, Qt::ElideRight, headWidth);
    painter->setFont(boldFont);
    painter->setPen(text);
    painter->drawText(QRect(left, rect.top() + verticalPadding, headWidth, metrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, kindText);
    const int actorLeft = left + boldMetrics.horizontalAdvance(kindText);
    if (!actor.isEmpty() && actorLeft < left + headWidth) {
        painter->setFont(option.font);
        painter->setPen(muted);
        const int actorWidth = left + headWidth - actorLeft;
        painter->drawText(
                QRect(actorLeft, rect.top() + verticalPadding, actorWidth, metrics.height()),
                Qt::AlignLeft | Qt::AlignVCenter,
                metrics.elidedText(u" · "_s + actor, Qt::ElideRight, actorWidth));
    }

    painter->setFont(option.font);
    painter->setPen(text);
    const QRect messageRect(left, rect.top() + verticalPadding + metrics.height() + lineGap,
                            right - left, metrics.height());
    painter->drawText(messageRect, Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(message, Qt::ElideRight, messageRect.width()));
    painter->restore();
    paintFocusCue(painter, option);
}

bool EventDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                              const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && view && event->type() == QEvent::ToolTip && index.isValid()) {
        const auto kind = EventKind(index.data(OperationEventModel::KindRole).toInt());
        const QString tip = kindLabel(kind) + u": "_s + index.data(Qt::DisplayRole).toString()
                + u'\n' + index.data(Qt::ToolTipRole).toString();
        QToolTip::showText(event->globalPos(), tip, view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

QSize EventDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    return {textLeft + metrics.horizontalAdvance(u"Decision · someone  00:00"_s),
            metrics.height() * 2 + lineGap + verticalPadding * 2};
}

} // namespace optrack
