#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace optrack {

/// The lifecycle of a tracked operation. The last four are terminal.
enum class OperationStatus {
    Pending,
    InProgress,
    WaitingForApproval,
    Approved,
    Denied,
    Completed,
    Failed,
    Cancelled,
};

inline constexpr int OperationStatusCount = 8;

/// The wire name ("waiting_for_approval").
QString statusToWire(OperationStatus status);
/// Parses a wire name; std::nullopt for anything else.
std::optional<OperationStatus> statusFromWire(QStringView wire);
/// A label for people ("Waiting for approval").
QString statusLabel(OperationStatus status);
bool isTerminal(OperationStatus status);
/// The contract's table of allowed moves. Approved and denied are reachable only
/// through votes; isMoveAllowed() still lists them, the API layer guards that.
bool isMoveAllowed(OperationStatus from, OperationStatus to);
QList<OperationStatus> allStatuses();

} // namespace optrack
