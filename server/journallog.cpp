#include "journallog.h"

#include <QList>
#include <QString>

#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

namespace optrack {

void JournalLog::install()
{
    s_journal = stderrIsJournal();
    qInstallMessageHandler(&JournalLog::handle);
}

bool JournalLog::stderrIsJournal()
{
    // systemd.exec(5): "device:inode" of the stream it connected; stderr may since have been
    // redirected elsewhere, so it must still be that very file.
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    const qsizetype colon = stream.indexOf(':');
    if (colon <= 0)
        return false;
    bool deviceOk = false;
    bool inodeOk = false;
    const qulonglong device = stream.left(colon).toULongLong(&deviceOk);
    const qulonglong inode = stream.mid(colon + 1).toULongLong(&inodeOk);
    struct stat error = {};
    return deviceOk && inodeOk && ::fstat(STDERR_FILENO, &error) == 0
            && qulonglong(error.st_dev) == device && qulonglong(error.st_ino) == inode;
}

int JournalLog::priority(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return LOG_DEBUG;
    case QtInfoMsg:
        return LOG_INFO;
    case QtWarningMsg:
        return LOG_WARNING;
    case QtCriticalMsg:
        return LOG_ERR;
    case QtFatalMsg:
        return LOG_CRIT;
    }
    return LOG_INFO;
}

void JournalLog::write(QtMsgType type, const QByteArray &text)
{
    QByteArray out;
    const QByteArray prefix = s_journal || stderrIsJournal()
            ? '<' + QByteArray::number(priority(type)) + '>'
            : QByteArray();
    // The journal makes an entry of each line: each carries the priority.
    for (const QByteArray &line : text.split('\n'))
        out += prefix + line + '\n';
    std::fwrite(out.constData(), 1, size_t(out.size()), stderr);
    std::fflush(stderr);
}

void JournalLog::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    write(type, qFormatLogMessage(type, context, message).toLocal8Bit());
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace optrack
