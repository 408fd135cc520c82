#pragma once

#include "operationstatus.h"

#include <QVariantAnimation>
#include <QWidget>

namespace optrack {

/// A circular progress indicator: a track and an arc drawn clockwise from 12 o'clock, the
/// percentage in its centre. Without a percent yet it spins an indeterminate arc. The arc
/// has the colour of the operation's status (StatusPalette), so it reads the same as the
/// status everywhere else, in light and dark themes. Assistive technology reads it as a
/// progress bar (ProgressRingAccessible) and hears each whole percent as it changes.
class ProgressRing final : public QWidget
{
    Q_OBJECT
    Q_PROPERTY(double value READ value WRITE setValue)
    Q_PROPERTY(bool indeterminate READ isIndeterminate WRITE setIndeterminate)

public:
    static constexpr int defaultDiameter = 120;
    static constexpr int minimumDiameter = 48;
    static constexpr int spinDurationMs = 1400;
    static constexpr int spinnerSpanDegrees = 100;

    explicit ProgressRing(QWidget *parent = nullptr);

    /// 0 to 100.
    double value() const { return m_value; }
    bool isIndeterminate() const { return m_indeterminate; }
    OperationStatus status() const { return m_status; }
    /// What the centre shows: "40%", or nothing while indeterminate.
    QString text() const;
    /// The colour of the arc for the status and palette.
    QColor arcColor() const;
    QColor trackColor() const;
    /// Where the indeterminate arc starts, in degrees clockwise from 12 o'clock.
    int spinnerAngle() const { return m_spinnerAngle; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

public slots:
    void setValue(double percent);
    void setIndeterminate(bool indeterminate);
    void setStatus(optrack::OperationStatus status);

protected:
    void paintEvent(QPaintEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateAnimation();
    void updateAccessibleDescription();
    QRectF ringRect(qreal penWidth) const;
    QFont centreFont(qreal innerDiameter) const;

    QVariantAnimation m_spinner;
    double m_value = 0;
    bool m_indeterminate = false;
    OperationStatus m_status = OperationStatus::InProgress;
    int m_spinnerAngle = 0;
    /// The whole percent last told to assistive technology (-1: none, spinning).
    int m_announcedValue = -2;
};

} // namespace optrack
