#pragma once

#include "operationstatus.h"

#include <QWidget>

class QPainter;

namespace optrack {

/// A status shown as a badge: a dot in the status colour and the status label in a
/// rounded box of its tint. The widget is the detail panel's; the table's delegate paints
/// the same badge with paint(). Its accessible name says the status in words.
class StatusBadge final : public QWidget
{
    Q_OBJECT

public:
    explicit StatusBadge(QWidget *parent = nullptr);

    void setStatus(OperationStatus status);
    OperationStatus status() const { return m_status; }

    /// The room a badge needs in this font.
    static QSize sizeFor(OperationStatus status, const QFont &font);
    /// Paints the badge left-aligned and vertically centred in rect; the label is elided
    /// when rect is too narrow.
    static void paint(QPainter *painter, const QRect &rect, OperationStatus status,
                      const QPalette &palette, const QFont &font);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    OperationStatus m_status = OperationStatus::Pending;
};

} // namespace optrack
