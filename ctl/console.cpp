#include "console.h"

#include <QJsonDocument>

#include <cerrno>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace optrack::ctl {

using namespace Qt::StringLiterals;

Console::Console(bool json)
    : m_json(json)
{ }

bool Console::print(const QString &text) const
{
    return writeAll(standardOutput, text.toUtf8());
}

bool Console::printLine(const QString &line) const
{
    return writeAll(standardOutput, QByteArray(line.toUtf8() + '\n'));
}

bool Console::printJson(const QJsonObject &object) const
{
    return writeAll(standardOutput,
                    QByteArray(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n'));
}

void Console::printError(const QString &sentence) const
{
    writeAll(standardError, QByteArray("optrackctl: " + sentence.toUtf8() + '\n'));
}

bool Console::isTerminal()
{
    return ::isatty(standardOutput) == 1;
}

bool Console::isInputTerminal()
{
    return ::isatty(STDIN_FILENO) == 1;
}

bool Console::outputClosed()
{
    // A pipe's writing end reports POLLERR once nobody can read it any more.
    pollfd output{standardOutput, 0, 0};
    return ::poll(&output, 1, 0) == 1 && (output.revents & (POLLERR | POLLHUP)) != 0;
}

QSize Console::terminalSize()
{
    winsize size{};
    if (::ioctl(standardOutput, TIOCGWINSZ, &size) != 0 || size.ws_col == 0 || size.ws_row == 0)
        return fallbackTerminalSize;
    return QSize(size.ws_col, size.ws_row);
}

bool Console::writeAll(int fd, QByteArrayView bytes)
{
    const char *data = bytes.data();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, size_t(left));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += written;
        left -= written;
    }
    return true;
}

} // namespace optrack::ctl
