#pragma once

#include "commandspec.h"

#include <QString>

namespace optrack::ctl {

/// `optrackctl --help`: everything a man page needs (help2man reads it): the commands with
/// all their options, the global options, the environment, the exit statuses, examples.
QString generalHelp();
/// `optrackctl COMMAND --help`: that command, and the global options.
QString commandHelp(const CommandSpec &command);

} // namespace optrack::ctl
