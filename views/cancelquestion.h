#pragma once

#include <QMessageBox>

class QPushButton;

namespace optrack {

/// The one question before an operation is cancelled, from the detail panel, the main
/// window's Delete key and a progress window alike. "Keep running" is the default and the
/// escape; the destructive choice is worded as what it does and carries no icon (no green
/// tick on a cancel). Emits confirmed() only for "Cancel operation".
class CancelQuestion final : public QMessageBox
{
    Q_OBJECT

public:
    explicit CancelQuestion(const QString &operationName, QWidget *parent = nullptr);

    QPushButton *cancelButton() const { return m_cancelButton; }
    QPushButton *keepButton() const { return m_keepButton; }

signals:
    void confirmed();

private:
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_keepButton = nullptr;
};

} // namespace optrack
