#pragma once

#include "operation.h"

#include <QJsonArray>
#include <QList>

namespace benchdata {

/// Operations shaped like the service's: a mix of types and statuses, approvals on
/// deletions, error messages on failures, a context and a result. Each one is written
/// as JSON and read back with the codec, so its strings are allocated the way the
/// feed's are.
QList<optrack::Operation> realisticOperations(int count, quint32 seed);

/// The same operations as the service writes them in a list page. `firstIndex` numbers
/// them (file names, times and versions), so that pages of one data set differ.
QJsonArray realisticOperationsJson(int count, quint32 seed, int firstIndex = 0);

} // namespace benchdata
