#pragma once

#include "operationstatus.h"

#include <QStringList>
#include <QWidget>

namespace optrack {

/// An operation's steps as a numbered vertical list: done steps ticked, the current
/// one highlighted (crossed when the operation failed there), pending ones muted.
/// Each state differs in shape and weight as well as colour.
class StepList final : public QWidget
{
    Q_OBJECT

public:
    enum class StepState { Done, Current, Failed, Pending };
    Q_ENUM(StepState)

    explicit StepList(QWidget *parent = nullptr);

    /// steps may be empty (then "Step N" is shown for each of totalSteps);
    /// currentStep counts from 1.
    void setSteps(const QStringList &steps, int totalSteps, int currentStep,
                  OperationStatus status);
    int stepCount() const { return int(m_names.size()); }
    StepState stepState(int index) const;
    QString stepName(int index) const { return m_names.value(index); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;
    void updateAccessibleText();

    QStringList m_names;
    int m_current = 0;
    OperationStatus m_status = OperationStatus::Pending;
};

} // namespace optrack
