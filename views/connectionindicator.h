#pragma once

#include "connectionstate.h"

#include <QColor>
#include <QPalette>
#include <QString>
#include <QWidget>

class QLabel;

namespace optrack {

/// The connection state in the status bar: a dot and a word (Live, Polling,
/// Connecting…, Not responding, Offline — retrying in N s), the reason and the time the
/// operations shown were last confirmed as a tooltip. A permanent status bar widget: a
/// status tip never hides it.
class ConnectionIndicator final : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionIndicator(QWidget *parent = nullptr);

    void setConnection(const ConnectionInfo &info);
    ConnectionState state() const { return m_info.state; }
    QString text() const;

    /// The words shown for a state ("Live", "Not responding", "Offline — retrying in 12 s").
    static QString describe(ConnectionState state, int secondsToNextTry);
    /// The state's colour, wherever it is shown (the dot here, a progress window's footer).
    static QColor colorOf(ConnectionState state, const QPalette &palette);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateDot();

    QLabel *m_dot = nullptr;
    QLabel *m_label = nullptr;
    ConnectionInfo m_info;
};

} // namespace optrack
