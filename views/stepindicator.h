#pragma once

#include <QStringList>
#include <QWidget>

namespace optrack {

/// A row of numbered steps joined by lines: done steps carry a check, the current step is
/// ringed and its name bold, pending steps are grey, a failed step is red with a cross.
/// Steps count from 1 like an operation's currentStep: 0 means none has started, a step
/// past the last means all are done.
class StepIndicator final : public QWidget
{
    Q_OBJECT

public:
    enum class StepState { Done, Current, Pending, Failed };
    Q_ENUM(StepState)

    static constexpr int maximumColumnWidth = 180;

    explicit StepIndicator(QWidget *parent = nullptr);

    QStringList steps() const { return m_steps; }
    int currentStep() const { return m_currentStep; }
    bool isFailed() const { return m_failed; }
    /// The state of step (counting from 1).
    StepState stepState(int step) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    void setSteps(const QStringList &steps);
    void setCurrentStep(int step, bool failed = false);

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int markerDiameter() const;
    int labelGap() const;
    void updateAccessibleDescription();

    QStringList m_steps;
    int m_currentStep = 0;
    bool m_failed = false;
};

} // namespace optrack
