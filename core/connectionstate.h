#pragma once

namespace optrack {

/// How the app's picture of the service is kept current. The client's feed decides it;
/// the views show it. One enum for both, so a new state cannot be known to one side only.
enum class ConnectionState {
    Connecting, ///< Signing in or loading the first picture.
    Live, ///< Changes arrive as pushes while the stream answers.
    Polling, ///< Changes are asked for at the service's pace.
    Offline, ///< The service cannot be reached; the next try is planned.
};

} // namespace optrack
