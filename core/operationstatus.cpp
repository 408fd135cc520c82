#include "operationstatus.h"

#include <array>

namespace optrack {

namespace {

struct StatusInfo
{
    OperationStatus status;
    const char16_t *wire;
    const char16_t *label;
    bool terminal;
};

constexpr std::array<StatusInfo, OperationStatusCount> statusTable{{
        {OperationStatus::Pending, u"pending", u"Pending", false},
        {OperationStatus::InProgress, u"in_progress", u"In progress", false},
        {OperationStatus::WaitingForApproval, u"waiting_for_approval", u"Waiting for approval",
         false},
        {OperationStatus::Approved, u"approved", u"Approved", false},
        {OperationStatus::Denied, u"denied", u"Denied", true},
        {OperationStatus::Completed, u"completed", u"Completed", true},
        {OperationStatus::Failed, u"failed", u"Failed", true},
        {OperationStatus::Cancelled, u"cancelled", u"Cancelled", true},
}};

const StatusInfo &info(OperationStatus status)
{
    return statusTable.at(static_cast<std::size_t>(status));
}

} // namespace

QString statusToWire(OperationStatus status)
{
    return QString::fromUtf16(info(status).wire);
}

std::optional<OperationStatus> statusFromWire(QStringView wire)
{
    for (const StatusInfo &entry : statusTable) {
        if (wire == QStringView(entry.wire))
            return entry.status;
    }
    return std::nullopt;
}

QString statusLabel(OperationStatus status)
{
    return QString::fromUtf16(info(status).label);
}

bool isTerminal(OperationStatus status)
{
    return info(status).terminal;
}

bool isMoveAllowed(OperationStatus from, OperationStatus to)
{
    using S = OperationStatus;
    switch (from) {
    case S::Pending:
        return to == S::InProgress || to == S::WaitingForApproval || to == S::Failed
                || to == S::Cancelled;
    case S::InProgress:
        return to == S::InProgress || to == S::WaitingForApproval || to == S::Completed
                || to == S::Failed || to == S::Cancelled;
    case S::WaitingForApproval:
        return to == S::Approved || to == S::Denied || to == S::Failed || to == S::Cancelled;
    case S::Approved:
        return to == S::InProgress || to == S::Completed || to == S::Failed || to == S::Cancelled;
    case S::Denied:
    case S::Completed:
    case S::Failed:
    case S::Cancelled:
        return false;
    }
    return false;
}

QList<OperationStatus> allStatuses()
{
    QList<OperationStatus> result;
    result.reserve(OperationStatusCount);
    for (const StatusInfo &entry : statusTable)
        result.append(entry.status);
    return result;
}

} // namespace optrack
