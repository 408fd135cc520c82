#pragma once

#include <QAccessibleWidget>

class QObject;
class QString;

namespace optrack {

class ProgressRing;

/// What assistive technology reads of a ProgressRing: a progress bar from 0 to 100 whose
/// current value is the ring's (none while it spins without a percent), like
/// QProgressBar's own interface. ProgressRing announces each change with a
/// QAccessibleValueChangeEvent.
class ProgressRingAccessible final : public QAccessibleWidget, public QAccessibleValueInterface
{
public:
    explicit ProgressRingAccessible(ProgressRing *ring);

    /// For QAccessible::installFactory: an interface for a ProgressRing, else none.
    static QAccessibleInterface *create(const QString &className, QObject *object);

    void *interface_cast(QAccessible::InterfaceType type) override;
    QString text(QAccessible::Text textType) const override;

    QVariant currentValue() const override;
    void setCurrentValue(const QVariant &) override { }
    QVariant maximumValue() const override;
    QVariant minimumValue() const override;
    QVariant minimumStepSize() const override;

private:
    ProgressRing *ring() const;
};

} // namespace optrack
