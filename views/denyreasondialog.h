#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace optrack {

/// Asks an approver why they deny an operation: the reason goes to the owner in the
/// operation's error ("Denied by bob: <reason>"), so Deny stays disabled until one is
/// written.
class DenyReasonDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit DenyReasonDialog(const QString &operationName, QWidget *parent = nullptr);

    QString reason() const;
    void setReason(const QString &reason);
    QPushButton *denyButton() const { return m_denyButton; }

private:
    void updateButtons();

    QPlainTextEdit *m_reasonEdit = nullptr;
    QPushButton *m_denyButton = nullptr;
};

} // namespace optrack
