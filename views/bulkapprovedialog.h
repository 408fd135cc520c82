#pragma once

#include "operation.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QPushButton;
class QTreeWidget;

namespace optrack {

/// "Approve selected…": lists every operation the approver is about to approve (name,
/// type, owner, what it concerns, when it was asked for) and asks once. Keep is the
/// default button, so Enter never approves a batch by accident.
class BulkApproveDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit BulkApproveDialog(const QList<Operation> &operations, QWidget *parent = nullptr);

    /// The operations listed, in the order shown.
    QStringList operationIds() const { return m_ids; }
    QTreeWidget *list() const { return m_list; }
    QPushButton *approveButton() const { return m_approveButton; }
    QPushButton *keepButton() const { return m_keepButton; }

private:
    QStringList m_ids;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_approveButton = nullptr;
    QPushButton *m_keepButton = nullptr;
};

} // namespace optrack
