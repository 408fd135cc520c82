#pragma once

#include "operationstatus.h"

#include <QStringList>
#include <QWidget>

namespace optrack {

struct Operation;

/// An operation's steps, numbered and joined by lines: done steps carry a check, the
/// current one is ringed and its name bold, pending ones are grey; where a failure or a
/// denial stopped the work the step is crossed in the status colour, where a cancel
/// stopped it the step is a grey bar. Each state differs in shape and weight as well as
/// colour. Row mode lays the steps out side by side with the names below (the progress
/// window); Column mode lists them downwards with the names beside (the detail panel).
/// Steps count from 1 like an operation's currentStep: 0 means none has started.
class StepIndicator final : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { Row, Column };
    Q_ENUM(Mode)
    enum class StepState { Done, Current, Failed, Stopped, Pending };
    Q_ENUM(StepState)

    static constexpr int maximumColumnWidth = 180;

    explicit StepIndicator(Mode mode = Mode::Row, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    /// The names shown: the operation's own, then "Step N" up to its total.
    QStringList steps() const { return m_steps; }
    int stepCount() const { return int(m_steps.size()); }
    int currentStep() const { return m_currentStep; }
    OperationStatus status() const { return m_status; }
    /// The state of step (counting from 1).
    StepState stepState(int step) const;
    /// Where step's marker is drawn (counting from 1), in the widget's coordinates.
    QRect markerRect(int step) const;
    /// Where step's name is drawn (counting from 1).
    QRect labelRect(int step) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    /// names may be fewer than totalSteps: the rest are called "Step N".
    void setSteps(const QStringList &names, int totalSteps = 0);
    /// Where the operation is: a completed one has every step done.
    void setProgress(int currentStep, optrack::OperationStatus status);
    /// Both of the above from an operation.
    void setOperation(const optrack::Operation &operation);

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int markerDiameter() const;
    int rowHeight() const;
    /// The step the work stopped at or is on; past the last when all are done.
    int effectiveStep() const;
    void paintMarker(QPainter &painter, int step, const QColor &accent) const;
    void updateDescription();

    Mode m_mode;
    QStringList m_steps;
    int m_currentStep = 0;
    OperationStatus m_status = OperationStatus::Pending;
};

} // namespace optrack
