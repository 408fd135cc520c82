#pragma once

#include <QString>
#include <QStringList>

namespace optrack {

/// A copy of a data directory taken while the service runs, and its way back.
///
/// backup(): each database through SQLite's VACUUM INTO (a consistent snapshot that neither
/// waits for the service's writers nor holds them up), optrack.db before files.db before the
/// files' bytes, so whatever the operations say is finished is in the copy: an operation
/// completes only after its file or export is stored. Then the stored files, exports and
/// kept uploads, and a manifest (backup.json). It is written as TARGET.part and renamed to
/// TARGET once whole and checked, so a TARGET is never half a backup.
///
/// restore(): checks the backup (manifest, integrity, no schema newer than this program) and
/// copies it into an empty data directory, again by way of a .part directory.
class DataBackup
{
public:
    static constexpr auto manifestName = "backup.json";

    static bool backup(const QString &dataDir, const QString &target, QString *error);
    static bool restore(const QString &backup, const QString &dataDir, QString *error);

private:
    static const QStringList &folders();
};

} // namespace optrack
