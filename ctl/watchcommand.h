#pragma once

#include "command.h"
#include "operation.h"
#include "operationfeed.h"

#include <QHash>
#include <QTimer>

#include <chrono>

namespace optrack::ctl {

class OperationFollower;

/// `watch [ID]`: operations as they change. Without ID it follows the scope through
/// OperationFeed (pushes, polling when they fail) until interrupted; with ID it follows
/// that operation until it ends. On a terminal the table is redrawn in place (bursts of
/// pushes are one redraw); into a pipe every change is one line, or one JSON object.
class WatchCommand final : public Command
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds redrawDelay{100};
    /// How often a pipe is checked for a reader that has gone (changes may be rare).
    static constexpr std::chrono::milliseconds readerCheckInterval{500};

    explicit WatchCommand(const CommandContext &context, QObject *parent = nullptr);

    void start() override;
    /// Ctrl+C is how watching ends: exit status 0.
    void interrupt(int signalNumber) override;

private:
    void watchScope();
    void watchOne(const QString &operationId);
    void handleChanged(const QList<optrack::Operation> &changed);
    void handleRemoved(const QStringList &operationIds);
    void handleFeedState(const ConnectionInfo &info);
    void handleFeedError(const ApiStatus &status);
    void handleFollowed(const Operation &operation);
    void handleFollowError(const ApiStatus &status);
    /// Prints one change into a pipe; false when the reader has gone.
    bool printChange(const Operation &operation);
    void redraw();
    QString stateLine() const;

    OperationFeed *m_feed = nullptr;
    OperationFollower *m_follower = nullptr;
    QHash<QString, Operation> m_operations;
    QTimer m_redrawTimer;
    QTimer m_readerCheck;
    ConnectionState m_state = ConnectionState::Connecting;
    QString m_stateReason;
    bool m_terminal = false;
    bool m_loaded = false;
    bool m_toldOffline = false;
};

} // namespace optrack::ctl
