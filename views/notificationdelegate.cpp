#include "notificationdelegate.h"

#include "notificationmodel.h"
#include "operationstatus.h"
#include "statuspalette.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>

namespace optrack {

namespace {

constexpr int margin = 8;
constexpr int markSize = 8;
constexpr int gap = 6;
constexpr int lineGap = 2;
constexpr int fallbackWidth = 400;

/// Each kind borrows the hue of the status it resembles.
OperationStatus hueOf(NotificationModel::Kind kind)
{
    switch (kind) {
    case NotificationModel::Kind::Failure:
        return OperationStatus::Failed;
    case NotificationModel::Kind::Success:
        return OperationStatus::Completed;
    case NotificationModel::Kind::NeedsVote:
        return OperationStatus::WaitingForApproval;
    case NotificationModel::Kind::Info:
        break;
    }
    return OperationStatus::InProgress;
}

QString timeText(const QDateTime &at)
{
    const QLocale locale;
    if (at.date() == QDate::currentDate())
        return locale.toString(at.time(), QLocale::ShortFormat);
    return locale.toString(at, QLocale::ShortFormat);
}

} // namespace

NotificationDelegate::NotificationDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

NotificationDelegate::Layout NotificationDelegate::layoutFor(const QStyleOptionViewItem &option,
                                                             const QModelIndex &index,
                                                             int width) const
{
    QFont titleFont = option.font;
    titleFont.setBold(true);
    const QFontMetrics titleMetrics(titleFont);
    const QFontMetrics textMetrics(option.font);
    const QString title = index.data(NotificationModel::TitleRole).toString();
    const QString text = index.data(NotificationModel::TextRole).toString();
    const QString time = timeText(index.data(NotificationModel::AtRole).toDateTime());

    Layout layout;
    const int left = option.rect.left() + margin + markSize + gap;
    const int right = option.rect.left() + width - margin;
    const int textWidth = std::max(1, right - left);
    int y = option.rect.top() + margin;
    const int timeWidth = textMetrics.horizontalAdvance(time);
    layout.time = QRect(right - timeWidth, y, timeWidth, textMetrics.height());
    if (!title.isEmpty()) {
        const int titleWidth = std::max(1, textWidth - timeWidth - gap);
        const QRect titleBox
                = titleMetrics.boundingRect(QRect(left, y, titleWidth, 0), Qt::TextWordWrap, title);
        layout.title = QRect(left, y, titleWidth, titleBox.height());
        y += titleBox.height() + lineGap;
    }
    const int textRight = title.isEmpty() ? textWidth - timeWidth - gap : textWidth;
    const QRect textBox = textMetrics.boundingRect(QRect(left, y, std::max(1, textRight), 0),
                                                   Qt::TextWordWrap, text);
    layout.text = QRect(left, y, std::max(1, textRight), textBox.height());
    y += textBox.height();
    layout.mark = QRect(option.rect.left() + margin,
                        option.rect.top() + margin + (textMetrics.height() - markSize) / 2,
                        markSize, markSize);
    layout.height = y + margin - option.rect.top();
    return layout;
}

QSize NotificationDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    // As wide as the list's viewport: the height follows from wrapping at that width.
    const auto *view = qobject_cast<const QAbstractItemView *>(parent());
    const int width = view ? view->viewport()->width() : fallbackWidth;
    QStyleOptionViewItem sized = option;
    sized.rect = QRect(0, 0, width, 0);
    return {width, layoutFor(sized, index, width).height};
}

void NotificationDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem base = option;
    initStyleOption(&base, index);
    base.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget);

    const Layout layout = layoutFor(option, index, option.rect.width());
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const QPalette &palette = option.palette;
    const QColor textColor = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted = StatusPalette::blend(textColor, palette.color(QPalette::Base), 0.65);
    const auto kind = NotificationModel::Kind(index.data(NotificationModel::KindRole).toInt());
    const bool unread = index.data(NotificationModel::UnreadRole).toBool();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor hue = StatusPalette::color(hueOf(kind), palette);
    painter->setPen(hue);
    painter->setBrush(unread ? hue : Qt::transparent);
    painter->drawEllipse(QRectF(layout.mark).adjusted(0.5, 0.5, -0.5, -0.5));

    const QString title = index.data(NotificationModel::TitleRole).toString();
    if (!title.isEmpty()) {
        QFont titleFont = option.font;
        titleFont.setBold(true);
        painter->setFont(titleFont);
        painter->setPen(textColor);
        painter->drawText(layout.title, Qt::TextWordWrap, title);
    }
    painter->setFont(option.font);
    painter->setPen(textColor);
    painter->drawText(layout.text, Qt::TextWordWrap,
                      index.data(NotificationModel::TextRole).toString());
    painter->setPen(selected ? textColor : muted);
    painter->drawText(layout.time, Qt::AlignRight,
                      timeText(index.data(NotificationModel::AtRole).toDateTime()));
    painter->restore();
}

} // namespace optrack
