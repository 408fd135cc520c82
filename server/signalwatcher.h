#pragma once

#include <QObject>

class QSocketNotifier;

namespace optrack {

/// Turns SIGTERM and SIGINT into a Qt signal (through a self-pipe: a signal handler may
/// only write a byte).
class SignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    void handleActivated();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace optrack
