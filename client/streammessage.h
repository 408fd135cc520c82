#pragma once

#include "apiresults.h"
#include "operation.h"

#include <QString>

#include <optional>

namespace optrack {

/// One text message of /api/stream, read without a socket so that it can be tested and
/// fuzzed on its own. A message {"type": "operation", "operation": {...}} carries a change;
/// {"type": "counts", "counts": {...}} the service's counts for the subscriber's widest scope
/// (as GET /api/operations/counts answers them); messages of other types (the service may add
/// some), and counts this client cannot read, carry nothing it reads.
struct StreamMessage
{
    bool carriesOperation = false;
    Operation operation;
    std::optional<ServiceCounts> counts;

    /// Reads one message. False, with *error saying why, when it is not a JSON object or its
    /// operation is unreadable.
    static bool decode(const QString &message, StreamMessage *result, QString *error);
};

} // namespace optrack
