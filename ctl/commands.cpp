#include "commands.h"

#include "listcommand.h"
#include "producercommand.h"
#include "runcommand.h"
#include "waitcommand.h"
#include "watchcommand.h"

namespace optrack::ctl {

using namespace Qt::StringLiterals;

std::unique_ptr<Command> makeCommand(const CommandContext &context)
{
    const QString name = context.line->command()->name;
    if (name == u"wait"_s)
        return std::make_unique<WaitCommand>(context);
    if (name == u"run"_s)
        return std::make_unique<RunCommand>(context);
    if (name == u"ls"_s)
        return std::make_unique<ListCommand>(context);
    if (name == u"watch"_s)
        return std::make_unique<WatchCommand>(context);
    return std::make_unique<ProducerCommand>(context);
}

} // namespace optrack::ctl
