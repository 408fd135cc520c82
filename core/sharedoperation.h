#pragma once

#include "operation.h"

#include <memory>

namespace optrack {

/// One state of an operation, held once and shared read-only: the feed and the table
/// model keep the same blocks instead of a copy each (an Operation is about 400 bytes
/// before its strings). A new state is a new block; a held one never changes.
using SharedOperation = std::shared_ptr<const Operation>;

} // namespace optrack
