#pragma once

#include <QDateTime>
#include <QString>

namespace optrack {

/// How the app's picture of the service is kept current. The client's feed decides it;
/// the views show it. One enum for both, so a new state cannot be known to one side only.
enum class ConnectionState {
    Connecting, ///< Signing in or loading the first picture.
    Live, ///< Changes arrive as pushes while the stream answers.
    Polling, ///< Changes are asked for at the service's pace.
    NotResponding, ///< The service is reached but has stopped answering.
    Offline, ///< The service cannot be reached; the next try is planned.
};

/// What the views are told about the link to the service: its state, when the next try
/// comes (Offline), why, and when the service last confirmed what is on screen.
struct ConnectionInfo
{
    ConnectionState state = ConnectionState::Connecting;
    /// Whole seconds until the next try while Offline; -1 when none is planned.
    int secondsToNextTry = -1;
    /// A sentence saying why, while Offline or NotResponding.
    QString reason;
    /// When the service last confirmed the operations shown (invalid: never).
    QDateTime confirmedAt;

    /// What is shown is current: changes arrive (Live) or are asked for and answered
    /// (Polling). Anything else shows what was known at confirmedAt.
    bool isCurrent() const
    {
        return state == ConnectionState::Live || state == ConnectionState::Polling;
    }

    friend bool operator==(const ConnectionInfo &, const ConnectionInfo &) = default;
};

} // namespace optrack
