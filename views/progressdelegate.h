#pragma once

#include "operationstatus.h"

#include <QStyleOptionProgressBar>
#include <QStyledItemDelegate>

namespace optrack {

/// Paints the Progress column as a progress bar through the style (themes apply):
/// the percentage as text, a busy bar while an operation runs at 0 %, and the chunk
/// in the status's colour once it failed, was denied or completed. Reads
/// OperationTableModel::ProgressRole and StatusRole.
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ProgressDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The bar's option for a progress and status: shared with the tests, which check
    /// the text and the indeterminate range without painting.
    static QStyleOptionProgressBar progressOption(const QStyleOptionViewItem &option,
                                                  double progress, OperationStatus status);
};

} // namespace optrack
