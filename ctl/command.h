#pragma once

#include "apistatus.h"
#include "commandline.h"
#include "console.h"
#include "endpoint.h"
#include "exitstatus.h"

#include <QObject>
#include <QString>

namespace optrack {
class ApiConnection;
}

namespace optrack::ctl {

/// What every command works with: its command line, the connection to the service and
/// where to write.
struct CommandContext
{
    const CommandLine *line = nullptr;
    ApiConnection *connection = nullptr;
    Console *console = nullptr;
    Endpoint endpoint;
};

/// One run of one optrackctl command. It starts on start(), talks to the service
/// asynchronously and ends with exactly one finished(exitStatus); main() exits with it.
class Command : public QObject
{
    Q_OBJECT

public:
    /// The exit status after SIGINT or SIGTERM, as a shell reports it: 128 + the signal.
    static int interruptedStatus(int signalNumber);

    explicit Command(const CommandContext &context, QObject *parent = nullptr);

    virtual void start() = 0;
    /// SIGINT or SIGTERM arrived. By default the command ends at once with 128 + signal.
    virtual void interrupt(int signalNumber);

    bool isFinished() const { return m_finished; }

signals:
    void finished(int exitStatus);

protected:
    void finish(ExitStatus status);
    void finish(int exitStatus);
    /// The sentence for a failed request on stderr, then finish with its category's status.
    void finishWithError(const ApiStatus &status);
    /// A command line that cannot run: the sentence on stderr, exit status 2.
    void finishWithUsage(const QString &sentence);
    /// The one sentence a person reads for a failed request.
    QString describe(const ApiStatus &status) const;

    const CommandLine &line() const { return *m_context.line; }
    ApiConnection *connection() const { return m_context.connection; }
    const Console &console() const { return *m_context.console; }
    const Endpoint &endpoint() const { return m_context.endpoint; }

private:
    CommandContext m_context;
    bool m_finished = false;
};

} // namespace optrack::ctl
