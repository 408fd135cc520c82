#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace optrack {

/// optrackd's log on stderr. When stderr is the journal ($JOURNAL_STREAM names it, as systemd
/// sets it for a service), every line starts with its priority the way sd-daemon(3) writes it
/// (<3> error, <4> warning, <6> info, <7> debug), so `journalctl -p warning` filters; anywhere
/// else the lines stay as Qt formats them (QT_MESSAGE_PATTERN applies).
class JournalLog
{
public:
    /// Installs the message handler; call once, first thing in main().
    static void install();
    /// Writes one line of text to stderr at a priority (errors of the command line, before
    /// any logging category applies).
    static void write(QtMsgType type, const QByteArray &text);

    static bool stderrIsJournal();
    /// The syslog priority of a Qt message type.
    static int priority(QtMsgType type);

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);

    static inline bool s_journal = false;
};

} // namespace optrack
