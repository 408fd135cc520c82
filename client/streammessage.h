#pragma once

#include "operation.h"

#include <QString>

namespace optrack {

/// One text message of /api/stream, read without a socket so that it can be tested and
/// fuzzed on its own. A message {"type": "operation", "operation": {...}} carries a change;
/// messages of other types (the service may add some) carry nothing this client reads.
struct StreamMessage
{
    bool carriesOperation = false;
    Operation operation;

    /// Reads one message. False, with *error saying why, when it is not a JSON object or its
    /// operation is unreadable.
    static bool decode(const QString &message, StreamMessage *result, QString *error);
};

} // namespace optrack
