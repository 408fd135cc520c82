#pragma once

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
    /// The values of the client's OperationFeed::ConnectionState, in its order.
    enum State { Connecting, Live, Polling, Offline };
    Q_ENUM(State)

    explicit ConnectionIndicator(QWidget *parent = nullptr);

    /// state is an OperationFeed::ConnectionState; secondsToNextTry is -1 when no try
    /// is planned.
    void setConnectionState(int state, int secondsToNextTry, const QString &reason);
    State state() const { return m_state; }
    QString text() const;

    /// The sentence shown for a state ("Live", "Offline — retrying in 12 s").
    static QString describe(State state, int secondsToNextTry);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateDot();

    QLabel *m_dot = nullptr;
    QLabel *m_label = nullptr;
    State m_state = Connecting;
};

} // namespace optrack
