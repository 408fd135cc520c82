#include "progressringaccessible.h"

#include "progressring.h"

#include <QtMath>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int fullPercent = 100;

} // namespace

ProgressRingAccessible::ProgressRingAccessible(ProgressRing *ring)
    : QAccessibleWidget(ring, QAccessible::ProgressBar)
{ }

QAccessibleInterface *ProgressRingAccessible::create(const QString &className, QObject *object)
{
    auto *ring = qobject_cast<ProgressRing *>(object);
    if (!ring || className != QLatin1StringView(ProgressRing::staticMetaObject.className()))
        return nullptr;
    return new ProgressRingAccessible(ring);
}

ProgressRing *ProgressRingAccessible::ring() const
{
    return static_cast<ProgressRing *>(widget());
}

void *ProgressRingAccessible::interface_cast(QAccessible::InterfaceType type)
{
    if (type == QAccessible::ValueInterface)
        return static_cast<QAccessibleValueInterface *>(this);
    return QAccessibleWidget::interface_cast(type);
}

QString ProgressRingAccessible::text(QAccessible::Text textType) const
{
    // The value as words, as a screen reader says a progress bar's.
    if (textType == QAccessible::Value)
        return ring()->isIndeterminate() ? QString() : ring()->text();
    return QAccessibleWidget::text(textType);
}

QVariant ProgressRingAccessible::currentValue() const
{
    if (ring()->isIndeterminate())
        return {};
    return qFloor(ring()->value());
}

QVariant ProgressRingAccessible::maximumValue() const
{
    return fullPercent;
}

QVariant ProgressRingAccessible::minimumValue() const
{
    return 0;
}

QVariant ProgressRingAccessible::minimumStepSize() const
{
    return 1;
}

} // namespace optrack
