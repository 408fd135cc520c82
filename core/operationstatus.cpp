#include "operationstatus.h"

#include <QCoreApplication>

#include <array>

namespace optrack {

namespace {

struct StatusInfo
{
    OperationStatus status;
    const char16_t *wire;
    /// English; statusLabel() gives it in the app's language (the service has no translator).
    const char *label;
    bool terminal;
};

constexpr std::array<StatusInfo, OperationStatusCount> statusTable{{
        {OperationStatus::Pending, u"pending",
         QT_TRANSLATE_NOOP("optrack::OperationStatus", "Pending"), false},
        {OperationStatus::InProgress, u"in_progress",
         QT_TRANSLATE_NOOP("optrack::OperationStatus", "In progress"), false},
        {OperationStatus::WaitingForApproval, u"waiting_for_approval",
         QT_TRANSLATE_NOOP("optrack::OperationStatus", "Waiting for approval"), false},
        {OperationStatus::Approved, u"approved",
         QT_TRANSLATE_NOOP("optrack::OperationStatus", "Approved"), false},
        {OperationStatus::Denied, u"denied",
         QT_TRANSLATE_NOOP("optrack::OperationStatus", "Denied"), true},
        {OperationStatus::Completed, u"completed",
         QT_TRANSLATE_NOOP("optrack::OperationStatus", "Completed"), true},
        {OperationStatus::Failed, u"failed",
         QT_TRANSLATE_NOOP("optrack::OperationStatus", "Failed"), true},
        {OperationStatus::Cancelled, u"cancelled",
         QT_TRANSLATE_NOOP("optrack::OperationStatus", "Cancelled"), true},
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
    return QCoreApplication::translate("optrack::OperationStatus", info(status).label);
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
