#pragma once

#include <QString>

namespace optrack {

/// Where optrackd keeps its data and finds its configuration when the command line does not
/// say: systemd's StateDirectory= and ConfigurationDirectory= (the unit sets both), else the
/// user's data folder and the system's configuration directory.
struct ServicePaths
{
    static constexpr auto configFileName = "optrackd.json";

    /// fromCommandLine, else $STATE_DIRECTORY, else the user's application data folder.
    static QString dataDir(const QString &fromCommandLine);
    /// fromCommandLine, else optrackd.json in $CONFIGURATION_DIRECTORY, else
    /// SYSCONFDIR/optrack/optrackd.json (/etc/optrack/optrackd.json for the packages).
    static QString configFile(const QString &fromCommandLine);
};

} // namespace optrack
