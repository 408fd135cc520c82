#include "servicepaths.h"

#include <QDir>
#include <QStandardPaths>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// The first directory of a variable systemd sets (several are separated by colons).
QString systemdDirectory(const char *variable)
{
    return qEnvironmentVariable(variable).section(u':', 0, 0);
}

} // namespace

QString ServicePaths::dataDir(const QString &fromCommandLine)
{
    if (!fromCommandLine.isEmpty())
        return fromCommandLine;
    const QString state = systemdDirectory("STATE_DIRECTORY");
    if (!state.isEmpty())
        return state;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString ServicePaths::configFile(const QString &fromCommandLine)
{
    if (!fromCommandLine.isEmpty())
        return fromCommandLine;
    const QString configuration = systemdDirectory("CONFIGURATION_DIRECTORY");
    const QString directory = configuration.isEmpty()
            ? QStringLiteral(OPTRACK_SYSCONFDIR "/optrack")
            : configuration;
    return QDir(directory).filePath(QString::fromLatin1(configFileName));
}

} // namespace optrack
