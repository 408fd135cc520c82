#pragma once

#include "command.h"

#include <memory>

namespace optrack::ctl {

/// The command object for the command line's command.
std::unique_ptr<Command> makeCommand(const CommandContext &context);

} // namespace optrack::ctl
