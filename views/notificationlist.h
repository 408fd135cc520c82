#pragma once

#include <QFrame>
#include <QPointer>

class QLabel;
class QListView;
class QModelIndex;
class QPushButton;

namespace optrack {

class EmptyOverlay;
class NotificationModel;

/// The bell's list of messages, newest first, each whole (wrapped, never cut) with its
/// time; a click or Enter on one leads to its operation, and a saved file's message opens
/// its folder. Closing the list marks everything in it as read.
class NotificationList final : public QFrame
{
    Q_OBJECT

public:
    static constexpr int listWidth = 440;
    static constexpr int listHeight = 360;

    explicit NotificationList(QWidget *parent = nullptr);

    void setModel(NotificationModel *model);
    /// Shows the list as a popup whose bottom right corner is at `bottomRight`, kept
    /// on the screen.
    void popUp(const QPoint &bottomRight);
    QListView *view() const { return m_view; }
    QPushButton *clearButton() const { return m_clearButton; }

signals:
    void operationRequested(const QString &operationId);

protected:
    void hideEvent(QHideEvent *event) override;

private:
    void activate(const QModelIndex &index);
    void updateEmpty();

    QPointer<NotificationModel> m_model;
    QLabel *m_heading = nullptr;
    QPushButton *m_clearButton = nullptr;
    QListView *m_view = nullptr;
    EmptyOverlay *m_empty = nullptr;
};

} // namespace optrack
