#pragma once

#include "connectionstate.h"

#include <QFrame>
#include <QString>
#include <QTimer>

class QLabel;
class QPushButton;

namespace optrack {

/// The banner above the operations table while what it shows is not current: the service
/// cannot be reached ("Offline — retrying in 12 s: <reason>") or is reached but does not
/// answer ("Not responding"), and how old the operations below are ("as of 12:04:31,
/// updated 40 s ago"), with a Retry now button. It counts down and ages by itself between
/// updates and hides once the connection is current again; the table keeps what it showed.
class OfflineBanner final : public QFrame
{
    Q_OBJECT

public:
    explicit OfflineBanner(QWidget *parent = nullptr);

    /// Shown while the state is Offline or NotResponding.
    void setConnection(const ConnectionInfo &info);
    /// The headline ("Offline — retrying in 12 s: <reason>").
    QString text() const;
    /// The line about the age of what is shown.
    QString ageText() const;
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
    QLabel *m_ageLabel = nullptr;
    QPushButton *m_retryButton = nullptr;
    QTimer m_tick;
    ConnectionInfo m_info;
    /// The headline as plain text.
    QString m_text;
    bool m_updatingColours = false;
};

} // namespace optrack
