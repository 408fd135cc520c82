#include "progressdelegate.h"

#include "operationtablemodel.h"
#include "placeholderdelegate.h"
#include "statuspalette.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace optrack {

namespace {

constexpr int barMaximum = 100;
constexpr int horizontalMargin = 4;
constexpr int verticalMargin = 3;
constexpr int preferredWidth = 120;

} // namespace

ProgressDelegate::ProgressDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QStyleOptionProgressBar ProgressDelegate::progressOption(const QStyleOptionViewItem &option,
                                                         double progress, OperationStatus status)
{
    QStyleOptionProgressBar bar;
    if (option.widget)
        bar.initFrom(option.widget);
    bar.state = option.state | QStyle::State_Horizontal;
    bar.direction = option.direction;
    bar.fontMetrics = option.fontMetrics;
    bar.palette = option.palette;
    bar.rect = option.rect.adjusted(horizontalMargin, verticalMargin, -horizontalMargin,
                                    -verticalMargin);
    bar.minimum = 0;
    bar.maximum = barMaximum;
    bar.progress = int(std::lround(std::clamp(progress, 0.0, double(barMaximum))));
    bar.textAlignment = Qt::AlignCenter;
    bar.textVisible = true;
    bar.text = QLocale().toString(progress, 'f', 0) + QLocale().percent();

    const bool running = status == OperationStatus::InProgress;
    if (running && progress <= 0) {
        // Nothing measured yet: the busy look, no "0%" that reads as stuck.
        bar.maximum = 0;
        bar.progress = 0;
        bar.textVisible = false;
        bar.text.clear();
    }
    bar.palette.setColor(QPalette::Highlight, StatusPalette::fill(status, option.palette));
    // Every chunk colour is saturated: white text stays readable on it.
    bar.palette.setColor(QPalette::HighlightedText, Qt::white);
    return bar;
}

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    const QVariant progress = index.data(OperationTableModel::ProgressRole);
    if (!progress.isValid()) {
        if (PlaceholderDelegate::paintIfPlaceholder(painter, option, index))
            return;
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const auto status = OperationStatus(index.data(OperationTableModel::StatusRole).toInt());
    const QStyleOptionProgressBar bar = progressOption(option, progress.toDouble(), status);
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), preferredWidth));
    return size;
}

} // namespace optrack
