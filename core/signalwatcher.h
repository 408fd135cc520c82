#pragma once

#include <QObject>

class QSocketNotifier;

namespace optrack {

/// Turns SIGTERM and SIGINT into a Qt signal on the event loop (through a self-pipe: a
/// signal handler may only write a byte). optrackd drains and exits on it; the app quits
/// the normal way, so Ctrl+C in a terminal also stops its local service.
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
