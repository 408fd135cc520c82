#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace optrack::bench {

/// A data folder for the app's embedded service, seeded through the API: the local
/// accounts' configuration and tokens written the way the app keeps them (in the token
/// file of `appDataDir`), then `count` operations created and moved as "me" (a mix of
/// running, waiting, failed and finished ones). Returns the ids of the running ones.
struct SeedResult
{
    bool ok = false;
    QString error;
    QStringList runningIds;
    QStringList allIds;
    double seconds = 0;
};

/// `appDataDir` is the app's QStandardPaths::AppDataLocation (its tokens.json lives there).
SeedResult seedLocalService(const QString &appDataDir, const QString &dataDir, int count);

/// The base URL and token of "me" for a running local service of `dataDir`.
QString localToken(const QString &appDataDir, const QString &dataDir, const QString &userId);

/// The machine's load average (/proc/loadavg's first three figures): the benchmarks run
/// on a shared machine, so each report says how busy it was.
QString loadAverage();

/// Runs the event loop until `condition` holds or `timeoutMs` passes.
bool waitUntil(const std::function<bool()> &condition, int timeoutMs);

/// The value below which the fraction `p` (0 to 1) of `values` lies; 0 for none.
double percentile(QList<double> values, double p);

/// The largest of `values`; 0 for none.
double maximum(const QList<double> &values);

} // namespace optrack::bench
