#include "command.h"

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

constexpr int signalStatusBase = 128;

} // namespace

int Command::interruptedStatus(int signalNumber)
{
    return signalStatusBase + signalNumber;
}

Command::Command(const CommandContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{ }

void Command::interrupt(int signalNumber)
{
    finish(interruptedStatus(signalNumber));
}

void Command::finish(ExitStatus status)
{
    finish(toInt(status));
}

void Command::finish(int exitStatus)
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished(exitStatus);
}

void Command::finishWithError(const ApiStatus &status)
{
    console().printError(describe(status));
    finish(exitStatusFor(status.category));
}

void Command::finishWithUsage(const QString &sentence)
{
    console().printError(sentence);
    finish(ExitStatus::Usage);
}

QString Command::describe(const ApiStatus &status) const
{
    const QString service = m_context.endpoint.baseUrl.toDisplayString();
    switch (status.category) {
    case ErrorCategory::CannotConnect:
        // The client's sentences point at the app's settings; here the address came from
        // the command line or the environment.
        return u"Cannot connect to the service at %1. Check that it runs there and that "
               u"--server (or %2) is right."_s.arg(service,
                                                   QString::fromLatin1(environment::server));
    case ErrorCategory::Unauthorised:
        return u"The service at %1 did not accept the token from %2. Check the token."_s.arg(
                service, m_context.endpoint.tokenSource);
    default:
        break;
    }
    return status.message.isEmpty() ? categoryLabel(status.category) + u'.' : status.message;
}

} // namespace optrack::ctl
