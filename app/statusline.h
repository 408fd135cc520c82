#pragma once

#include <QLabel>
#include <QString>
#include <QTimer>

class QStatusBar;

namespace optrack {

/// The status bar's passing messages (what an action did, a notice without a tray),
/// beside the connection indicator instead of over it: QStatusBar::showMessage() would
/// hide the indicator, and the connection state must stay in sight.
class StatusLine final : public QLabel
{
    Q_OBJECT

public:
    /// Adds itself to `statusBar`, after the widgets already there.
    explicit StatusLine(QStatusBar *statusBar);

    /// Shows `text` for `timeoutMs` (0: until the next message); failures are marked.
    void showMessage(const QString &text, int timeoutMs, bool failure = false);
    void clearMessage();

private:
    QTimer m_clearTimer;
};

} // namespace optrack
