#include "commandspec.h"

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

QCommandLineOption valued(const char *name, const QString &description, const QString &valueName,
                          const QString &defaultValue = {})
{
    return QCommandLineOption(QString::fromLatin1(name), description, valueName, defaultValue);
}

QCommandLineOption flag(const char *name, const QString &description)
{
    return QCommandLineOption(QString::fromLatin1(name), description);
}

// Options shared by start and run: one definition each.
QCommandLineOption typeOption()
{
    return valued(option::type,
                  u"The operation type: a lower-case word such as backup.nightly "
                  u"([a-z][a-z0-9_.-], at most 64 characters). Required."_s,
                  u"T"_s);
}

QCommandLineOption entityOption()
{
    return valued(option::entity,
                  u"What the operation acts on: a file, a database, a customer. Required."_s,
                  u"E"_s);
}

QCommandLineOption nameOption()
{
    return valued(option::name, u"The name people see in the app (default: \"T E\")."_s, u"N"_s);
}

QCommandLineOption stepNameOption()
{
    return valued(option::step,
                  u"The name of a step; repeat it for every step, in order. The app shows the "
                  u"steps and which one runs."_s,
                  u"S"_s);
}

QCommandLineOption approvalOption()
{
    return flag(option::approval,
                u"The operation needs an approver's vote before the work may start: it is "
                u"moved to waiting_for_approval at once."_s);
}

QCommandLineOption contextOption()
{
    return valued(option::context,
                  u"Extra detail shown with the operation (repeat it for more keys)."_s,
                  u"KEY=VALUE"_s);
}

QCommandLineOption reasonOption(const QString &what)
{
    return valued(option::reason, what, u"R"_s);
}

QCommandLineOption statusFilterOption()
{
    return valued(option::status,
                  u"Only operations in these statuses (comma-separated): pending, in_progress, "
                  u"waiting_for_approval, approved, denied, completed, failed, cancelled."_s,
                  u"S,..."_s);
}

QCommandLineOption typeFilterOption()
{
    return valued(option::type, u"Only operations of these types (comma-separated)."_s, u"T,..."_s);
}

QCommandLineOption scopeOption()
{
    return valued(option::scope,
                  u"mine (the default: the account's own operations), all (staff, admin and "
                  u"service accounts) or approvals (those waiting for the account's vote)."_s,
                  u"mine|all|approvals"_s, u"mine"_s);
}

QList<CommandSpec> makeSpecs()
{
    QList<CommandSpec> specs;

    specs.append({
            .name = u"start"_s,
            .synopsis = u"--type T --entity E [--name N] [--step S]... [--approval] "
                        u"[--heartbeat SECONDS] [--context KEY=VALUE]... [--idempotency-key K]"_s,
            .summary = u"Start an operation and print its id."_s,
            .description = u"Creates an operation owned by the account (status pending, or "
                           u"waiting_for_approval when it needs a vote) and prints its id. "
                           u"Report on it with update, complete and fail."_s,
            .options
            = {typeOption(), entityOption(), nameOption(), stepNameOption(), approvalOption(),
               valued(option::heartbeat,
                      u"The service fails the operation when no report (update, "
                      u"complete, fail; an update with no options is a heartbeat) "
                      u"comes within SECONDS, 5 to 86400."_s,
                      u"SECONDS"_s),
               contextOption(),
               valued(option::idempotencyKey,
                      u"Sending the same key again (within 24 hours) answers with the "
                      u"operation the first start made instead of making another: "
                      u"safe to retry."_s,
                      u"K"_s)},
            .requiredOptions
            = {QString::fromLatin1(option::type), QString::fromLatin1(option::entity)},
    });

    specs.append({
            .name = u"update"_s,
            .synopsis = u"ID [--progress P] [--step N] [--text T]"_s,
            .summary = u"Report progress; with no options, a heartbeat."_s,
            .description = u"Reports progress on operation ID. A pending or approved operation "
                           u"moves to in_progress. With no options it only says the producer "
                           u"is alive. Prints nothing."_s,
            .options = {valued(option::progress, u"The percentage done, 0 to 100."_s, u"P"_s),
                        valued(option::step,
                               u"The step now running, counted from 1 (its name becomes the "
                               u"text unless --text is given)."_s,
                               u"N"_s),
                        valued(option::text, u"What is happening now, in a few words."_s, u"T"_s)},
            .argumentNames = u"ID"_s,
            .minArguments = 1,
            .maxArguments = 1,
    });

    specs.append({
            .name = u"complete"_s,
            .synopsis = u"ID [--result JSON]"_s,
            .summary = u"End an operation as completed."_s,
            .description = u"Ends operation ID as completed at 100%. A pending operation is "
                           u"moved to in_progress first."_s,
            .options = {valued(option::result,
                               u"What the work produced, as JSON (an object, a number, a "
                               u"\"string\")."_s,
                               u"JSON"_s)},
            .argumentNames = u"ID"_s,
            .minArguments = 1,
            .maxArguments = 1,
    });

    specs.append({
            .name = u"fail"_s,
            .synopsis = u"ID --error MESSAGE"_s,
            .summary = u"End an operation as failed."_s,
            .description = u"Ends operation ID as failed; the app shows MESSAGE."_s,
            .options
            = {valued(option::error, u"Why it failed, in words a person can act on. Required."_s,
                      u"MESSAGE"_s)},
            .requiredOptions = {QString::fromLatin1(option::error)},
            .argumentNames = u"ID"_s,
            .minArguments = 1,
            .maxArguments = 1,
    });

    specs.append({
            .name = u"cancel"_s,
            .synopsis = u"ID [--reason R]"_s,
            .summary = u"Cancel an operation."_s,
            .description = u"Cancels operation ID (its owner or an admin; a service account "
                           u"cancels the operations it reports on)."_s,
            .options = {reasonOption(u"Why, shown in the audit trail."_s)},
            .argumentNames = u"ID"_s,
            .minArguments = 1,
            .maxArguments = 1,
    });

    specs.append({
            .name = u"vote"_s,
            .synopsis = u"ID approve|deny [--reason R]"_s,
            .summary = u"Approve or deny an operation that waits for approval."_s,
            .description = u"Votes on operation ID (approvers; never on one's own operation) "
                           u"and prints the decision so far: pending, approved or denied."_s,
            .options = {reasonOption(u"Why; a denial shows it to the owner."_s)},
            .argumentNames = u"ID approve|deny"_s,
            .minArguments = 2,
            .maxArguments = 2,
    });

    specs.append({
            .name = u"wait"_s,
            .synopsis = u"ID [--for approval|end] [--timeout SECONDS]"_s,
            .summary = u"Wait until an operation is decided or ends."_s,
            .description = u"Blocks until operation ID is approved or denied (--for approval) "
                           u"or ends (--for end, the default), following pushes from the "
                           u"service and polling when they are not available. Prints the "
                           u"outcome; the exit status tells it: 0 approved or completed, 3 "
                           u"denied, 4 failed, 5 cancelled, 6 timed out."_s,
            .options
            = {valued(option::waitFor,
                      u"approval: until the vote decides; end: until the operation "
                      u"ends."_s,
                      u"approval|end"_s, u"end"_s),
               valued(option::timeout, u"Give up after SECONDS (exit status 6)."_s, u"SECONDS"_s)},
            .argumentNames = u"ID"_s,
            .minArguments = 1,
            .maxArguments = 1,
    });

    specs.append({
            .name = u"run"_s,
            .synopsis = u"--type T --entity E [--name N] [--step S]... [--approval] "
                        u"[--heartbeat SECONDS] [--progress-regex RE] [--context KEY=VALUE]... "
                        u"[--] COMMAND [ARGS]..."_s,
            .summary = u"Run a command as a tracked operation."_s,
            .description
            = u"Starts an operation, waits for approval first when it needs a vote (exit "
              u"status 3 without running anything when denied), runs COMMAND with its output "
              u"passed through, and turns lines \"PROGRESS <percent>\" and \"STEP <n> "
              u"<text>\" on its stdout or stderr into progress. It sends heartbeats while "
              u"COMMAND runs, and ends the operation completed when COMMAND exits 0, else "
              u"failed with the exit status and the last lines COMMAND wrote to stderr. A "
              u"cancel from the app or the API stops COMMAND (SIGTERM to its process group, "
              u"SIGKILL 5 seconds later; exit status 5); Ctrl+C or SIGTERM to optrackctl "
              u"cancels the operation and stops COMMAND the same way (exit status 130 or 143; "
              u"twice: SIGKILL at once). Otherwise optrackctl exits with COMMAND's status "
              u"(128+N when signal N ended it). COMMAND runs in its own process group with "
              u"OPTRACK_OPERATION_ID set, and reads optrackctl's stdin unless that is a "
              u"terminal. With --json, the operation as it ended is the last line on "
              u"stdout."_s,
            .options
            = {typeOption(), entityOption(), nameOption(), stepNameOption(), approvalOption(),
               valued(option::heartbeat,
                      u"The service fails the operation when optrackctl stops "
                      u"reporting for SECONDS, 5 to 86400 (default 60); it reports "
                      u"well within that."_s,
                      u"SECONDS"_s, u"60"_s),
               valued(option::progressRegex,
                      u"A regular expression with one capture group for the "
                      u"percentage, matched against each output line instead of "
                      u"\"PROGRESS <n>\" (lines end at \\n or \\r), e.g. "
                      u"'(\\d+)%' for rsync --info=progress2."_s,
                      u"RE"_s),
               contextOption()},
            .requiredOptions
            = {QString::fromLatin1(option::type), QString::fromLatin1(option::entity)},
            .argumentNames = u"COMMAND"_s,
            .minArguments = 1,
            .maxArguments = CommandSpec::unlimited,
            .optionsEndAtFirstArgument = true,
    });

    specs.append({
            .name = u"ls"_s,
            .synopsis = u"[--status S,...] [--type T,...] [--scope mine|all|approvals]"_s,
            .summary = u"List operations."_s,
            .description = u"Prints a table of the operations in the scope, newest first: id, "
                           u"status, progress, type, name and what is happening now (or why it "
                           u"failed)."_s,
            .options = {statusFilterOption(), typeFilterOption(), scopeOption()},
    });

    specs.append({
            .name = u"watch"_s,
            .synopsis = u"[ID] [--status S,...] [--type T,...] [--scope mine|all|approvals]"_s,
            .summary = u"Watch operations change."_s,
            .description = u"Shows the operations of the scope (or operation ID) as they "
                           u"change. On a terminal the table is redrawn in place as the "
                           u"service pushes changes; when the output is a pipe or a file, "
                           u"every change is one line (tab-separated: updated, id, status, "
                           u"progress, type, name, text) or, with --json, one JSON object. "
                           u"Without ID it runs until interrupted (exit status 0); with ID it "
                           u"ends with the operation, with the exit status of wait --for end."_s,
            .options = {statusFilterOption(), typeFilterOption(), scopeOption()},
            .maxArguments = 1,
    });
    return specs;
}

} // namespace

const QList<CommandSpec> &commandSpecs()
{
    static const QList<CommandSpec> specs = makeSpecs();
    return specs;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &spec : commandSpecs()) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

QList<QCommandLineOption> globalOptions()
{
    return {
            valued(option::server,
                   u"The service's address, e.g. http://127.0.0.1:8080 (default: "
                   u"$OPTRACK_SERVER)."_s,
                   u"URL"_s),
            valued(option::tokenFile,
                   u"Read the bearer token from FILE (default: the token in $OPTRACK_TOKEN)."_s,
                   u"FILE"_s),
            flag(option::json,
                 u"Machine-readable output: the service's JSON on stdout, one object per line."_s),
            flag(option::verbose, u"Also print the network library's diagnostics on stderr."_s),
            QCommandLineOption({u"h"_s, QString::fromLatin1(option::help)},
                               u"Show this help (with a command: that command's help)."_s),
            flag(option::version, u"Show the version."_s),
    };
}

} // namespace optrack::ctl
