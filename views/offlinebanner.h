#pragma once

#include "connectionstate.h"

#include <QFrame>
#include <QString>
#include <QTimer>

class QLabel;
class QPushButton;

namespace optrack {

/// The banner above the operations table while the service cannot be reached:
/// "Offline — retrying in 12 s: <reason>" and a Retry now button. It counts down by
/// itself between updates and hides once the connection is back; the table below
/// keeps what it showed.
class OfflineBanner final : public QFrame
{
    Q_OBJECT

public:
    explicit OfflineBanner(QWidget *parent = nullptr);

    /// Only Offline shows the banner.
    void setConnectionState(ConnectionState state, int secondsToNextTry, const QString &reason);
    QString text() const;
    QPushButton *retryButton() const { return m_retryButton; }

signals:
    void retryNowRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void tick();
    void updateText();
    void updateColours();

    QLabel *m_icon = nullptr;
    QLabel *m_label = nullptr;
    QPushButton *m_retryButton = nullptr;
    QTimer m_countdown;
    int m_seconds = -1;
    QString m_reason;
    bool m_updatingColours = false;
};

} // namespace optrack
