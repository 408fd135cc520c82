#pragma once

#include "apistatus.h"
#include "operationstatus.h"

#include <QList>
#include <QString>

namespace optrack::ctl {

/// optrackctl's exit statuses. Scripts branch on them, so they are part of the program's
/// interface: documented in --help and docs/producers.md, never renumbered.
enum class ExitStatus : int {
    Success = 0,
    Failure = 1, ///< Anything not listed: the service failed, an answer was unreadable.
    Usage = 2, ///< The command line is wrong, or the service refused a value in it (400).
    Denied = 3,
    Failed = 4,
    Cancelled = 5,
    TimedOut = 6,
    CannotConnect = 7,
    Unauthorised = 8,
    Forbidden = 9,
    NotFound = 10,
    Conflict = 11,
};

/// One documented exit status: its number and what it means.
struct ExitStatusDoc
{
    int code = 0;
    QString meaning;
};

int toInt(ExitStatus status);
ExitStatus exitStatusFor(ErrorCategory category);
/// How an operation ended, for `wait --for end`, `watch ID` and `run`: completed is
/// success; denied, failed and cancelled have their own statuses. Not for live statuses.
ExitStatus exitStatusForEnd(OperationStatus status);
/// Every status in order, for the help text.
QList<ExitStatusDoc> documentedExitStatuses();

} // namespace optrack::ctl
