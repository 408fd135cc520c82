#pragma once

#include <QLabel>

class QAbstractItemView;

namespace optrack {

/// A sentence over an item view's empty viewport ("No operations match these
/// filters."), kept the size of the viewport. The owner shows and hides it.
class EmptyOverlay final : public QLabel
{
    Q_OBJECT

public:
    explicit EmptyOverlay(QAbstractItemView *view);

    /// Shows the text when empty is true, hides the overlay otherwise.
    void showWhen(bool empty, const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_viewport = nullptr;
};

} // namespace optrack
