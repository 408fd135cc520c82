#pragma once

#include "operationstatus.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace optrack {

enum class EventKind { Created, Updated, Status, Vote, Decision, Cancel, Timeout, Retry };

QString eventKindToWire(EventKind kind);
std::optional<EventKind> eventKindFromWire(QStringView wire);

/// One entry of an operation's audit trail.
struct OperationEvent
{
    qint64 seq = 0;
    QDateTime at;
    QString actor;
    EventKind kind = EventKind::Created;
    OperationStatus status = OperationStatus::Pending;
    double progressPercentage = 0;
    int currentStep = 0;
    QString stepDescription;
    QString message;

    friend bool operator==(const OperationEvent &, const OperationEvent &) = default;
};

} // namespace optrack
