#pragma once

#include <QPointer>
#include <QToolButton>

namespace optrack {

class NotificationList;
class NotificationModel;

/// The bell in the status bar: the number of unread messages beside it (in the failure
/// colour while one of them is a failure). A click opens the list, where each message is
/// whole and leads to its operation.
class NotificationBell final : public QToolButton
{
    Q_OBJECT

public:
    explicit NotificationBell(QWidget *parent = nullptr);

    void setModel(NotificationModel *model);
    NotificationList *list() const { return m_list; }
    /// Opens the list above the bell.
    void openList();

signals:
    /// A message was chosen in the list: show its operation.
    void operationRequested(const QString &operationId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateLook();

    QPointer<NotificationModel> m_model;
    NotificationList *m_list = nullptr;
};

} // namespace optrack
