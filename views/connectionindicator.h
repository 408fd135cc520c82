#pragma once

#include "connectionstate.h"

#include <QString>
#include <QWidget>

class QLabel;

namespace optrack {

/// The connection state in the status bar: a dot and a word (Live, Polling,
/// Connecting…, Offline — retrying in N s), the reason as a tooltip.
class ConnectionIndicator final : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionIndicator(QWidget *parent = nullptr);

    /// secondsToNextTry is -1 when no try is planned.
    void setConnectionState(ConnectionState state, int secondsToNextTry, const QString &reason);
    ConnectionState state() const { return m_state; }
    QString text() const;

    /// The sentence shown for a state ("Live", "Offline — retrying in 12 s").
    static QString describe(ConnectionState state, int secondsToNextTry);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateDot();

    QLabel *m_dot = nullptr;
    QLabel *m_label = nullptr;
    ConnectionState m_state = ConnectionState::Connecting;
};

} // namespace optrack
