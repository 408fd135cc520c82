#pragma once

#include <QObject>
#include <QPointer>

class QAbstractItemView;

namespace optrack {

class OperationWindowModel;

/// Tells an OperationWindowModel which of its rows a view shows, whenever the view scrolls,
/// resizes or its rows change, so that the model loads the blocks under the view. The view
/// may show the model through proxies that keep its rows (no filtering of their own).
class VisibleRowsFollower final : public QObject
{
    Q_OBJECT

public:
    VisibleRowsFollower(QAbstractItemView *view, OperationWindowModel *model);

    /// Reports the shown rows now.
    void report();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QAbstractItemView> m_view;
    QPointer<OperationWindowModel> m_model;
};

} // namespace optrack
