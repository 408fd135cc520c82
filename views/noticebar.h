#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace optrack {

/// A calm notice above the operations: something the user should know and can act on,
/// not an alarm (an information icon, a tint of the window, the whole sentence, and "Got
/// it" to put it away for good).
class NoticeBar final : public QFrame
{
    Q_OBJECT

public:
    explicit NoticeBar(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const;
    QLabel *label() const { return m_label; }
    QPushButton *dismissButton() const { return m_dismissButton; }

signals:
    /// "Got it": the user has read it and it goes.
    void dismissed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateColours();

    QLabel *m_icon = nullptr;
    QLabel *m_label = nullptr;
    QPushButton *m_dismissButton = nullptr;
    bool m_updatingColours = false;
};

} // namespace optrack
