#include "votedelegate.h"

#include "operation.h"
#include "statuspalette.h"
#include "votelistmodel.h"

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

constexpr int leftMargin = 4;
constexpr int rightMargin = 6;
constexpr int verticalPadding = 4;
constexpr int lineGap = 1;
constexpr int gap = 8;

VoteDecision decisionOf(const QModelIndex &index)
{
    return VoteDecision(index.siblingAtColumn(VoteListModel::Decision)
                                .data(VoteListModel::RawValueRole)
                                .toInt());
}

} // namespace

VoteDelegate::VoteDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QString VoteDelegate::decisionText(const QModelIndex &index)
{
    return decisionOf(index) == VoteDecision::Approve ? tr("✓ Approved") : tr("✗ Denied");
}

void VoteDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted = StatusPalette::muted(
            text, palette.color(selected ? QPalette::Highlight : QPalette::Base));
    const bool approve = decisionOf(index) == VoteDecision::Approve;
    const OperationStatus hue = approve ? OperationStatus::Approved : OperationStatus::Denied;

    const QString voter = index.siblingAtColumn(VoteListModel::Voter).data().toString();
    QString reason = index.siblingAtColumn(VoteListModel::Reason).data().toString();

    painter->save();
    const QFontMetrics metrics(option.font);
    QFont bold = option.font;
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    const QRect rect = option.rect.adjusted(leftMargin, verticalPadding, -rightMargin, 0);
    const QRect firstLine(rect.left(), rect.top(), rect.width(), metrics.height());

    const QString decision = decisionText(index);
    const QString shownTime = VoteDelegate::shownTime(index, option.font, firstLine.width());
    const int timeWidth = shownTime.isEmpty() ? -gap : metrics.horizontalAdvance(shownTime);
    painter->setFont(option.font);
    painter->setPen(muted);
    painter->drawText(firstLine, Qt::AlignRight | Qt::AlignVCenter, shownTime);

    int x = firstLine.left();
    const int limit = firstLine.right() - timeWidth - gap;
    const QString voterText = boldMetrics.elidedText(voter, Qt::ElideRight, limit - x);
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(QRect(x, firstLine.top(), limit - x, firstLine.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, voterText);
    x += boldMetrics.horizontalAdvance(voterText) + gap;
    if (x < limit) {
        painter->setPen(selected ? text : StatusPalette::badgeText(hue, palette));
        painter->drawText(QRect(x, firstLine.top(), limit - x, firstLine.height()),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          boldMetrics.elidedText(decision, Qt::ElideRight, limit - x));
    }

    QFont reasonFont = option.font;
    const bool noReason = reason.isEmpty();
    if (noReason) {
        reason = tr("No reason given");
        reasonFont.setItalic(true);
    }
    painter->setFont(reasonFont);
    painter->setPen(noReason ? muted : text);
    const QRect secondLine(rect.left(), firstLine.bottom() + 1 + lineGap, rect.width(),
                           metrics.height());
    painter->drawText(
            secondLine, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(reasonFont).elidedText(reason, Qt::ElideRight, secondLine.width()));
    painter->restore();
}

QString VoteDelegate::shownTime(const QModelIndex &index, const QFont &font, int width)
{
    QFont bold = font;
    bold.setBold(true);
    const QFontMetrics metrics(font);
    const QFontMetrics boldMetrics(bold);
    const int needed = boldMetrics.horizontalAdvance(
                               index.siblingAtColumn(VoteListModel::Voter).data().toString())
            + gap + boldMetrics.horizontalAdvance(decisionText(index)) + gap;
    const QString full = index.siblingAtColumn(VoteListModel::Time).data().toString();
    if (needed + metrics.horizontalAdvance(full) <= width)
        return full;
    const qint64 msecs = index.siblingAtColumn(VoteListModel::Time)
                                 .data(VoteListModel::RawValueRole)
                                 .toLongLong();
    const QString timeOfDay = QLocale().toString(
            QDateTime::fromMSecsSinceEpoch(msecs).toLocalTime().time(), QLocale::ShortFormat);
    if (needed + metrics.horizontalAdvance(timeOfDay) <= width)
        return timeOfDay;
    return {};
}

QSize VoteDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    return {metrics.horizontalAdvance(u"someone  ✓ Approved  00:00"_s) + leftMargin + rightMargin,
            metrics.height() * 2 + lineGap + verticalPadding * 2};
}

bool VoteDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                             const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && view && event->type() == QEvent::ToolTip && index.isValid()) {
        const QString reason = index.siblingAtColumn(VoteListModel::Reason).data().toString();
        const QString tip
                = tr("%1 %2 at %3")
                          .arg(index.siblingAtColumn(VoteListModel::Voter).data().toString(),
                               decisionText(index).mid(2).toLower(),
                               index.siblingAtColumn(VoteListModel::Time).data().toString())
                + (reason.isEmpty() ? QString() : u"\n"_s + reason);
        QToolTip::showText(event->globalPos(), tip, view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace optrack
