#pragma once

#include <QObject>

class QSocketNotifier;

namespace optrack {

/// Turns SIGINT and SIGTERM into a signal on the event loop (the self-pipe pattern), so
/// Ctrl+C in a terminal quits the app the normal way and the local service is stopped.
class QuitSignals final : public QObject
{
    Q_OBJECT

public:
    explicit QuitSignals(QObject *parent = nullptr);
    ~QuitSignals() override;

signals:
    void quitRequested();

private:
    void handleReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace optrack
