#pragma once

#include "operationstatus.h"

#include <QWidget>

namespace optrack {

/// A status shown as a badge (label and colour) outside item views: the detail panel's
/// header. Its accessible name says the status in words.
class StatusBadge final : public QWidget
{
    Q_OBJECT

public:
    explicit StatusBadge(QWidget *parent = nullptr);

    void setStatus(OperationStatus status);
    OperationStatus status() const { return m_status; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    OperationStatus m_status = OperationStatus::Pending;
};

} // namespace optrack
