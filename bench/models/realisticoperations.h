#pragma once

#include "operation.h"

#include <QList>

namespace benchdata {

/// Operations shaped like the service's: a mix of types and statuses, approvals on
/// deletions, error messages on failures, a context and a result. Each one is written
/// as JSON and read back with the codec, so its strings are allocated the way the
/// feed's are.
QList<optrack::Operation> realisticOperations(int count, quint32 seed);

} // namespace benchdata
