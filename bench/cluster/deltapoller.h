#pragma once

#include "latencies.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <vector>

namespace optrack::testing {
class ApiClient;
}

/// A client polling for changes as the app does, through every instance in turn:
/// GET /api/operations?scope=all&since=<cursor>, one poll in flight, a pause between polls
/// (none while a page comes back full). It checks that no version comes twice and that the
/// cursor never goes back, and keeps the latest version of each operation it saw, for the
/// caller to compare with what the writes were answered.
class DeltaPoller final : public QObject
{
    Q_OBJECT

public:
    static constexpr int pageLimit = 200;

    DeltaPoller(std::vector<optrack::testing::ApiClient *> instances, QString user, int intervalMs,
                QObject *parent = nullptr);

    void start();
    /// Stops pausing and polls each instance until it has nothing more, then emits drained()
    /// and stops.
    void drain();

    const Latencies &latencies() const { return m_latencies; }
    const QHash<QString, qint64> &latestVersions() const { return m_latest; }
    int repeatedVersions() const { return m_repeated; }
    int cursorSetbacks() const { return m_setbacks; }
    int failedPolls() const { return m_failed; }

signals:
    void drained();

private:
    void poll();
    void handlePage(int instance, qint64 sentAtNs, int status, const QJsonArray &operations,
                    qint64 cursor);

    std::vector<optrack::testing::ApiClient *> m_instances;
    QString m_user;
    QTimer m_pause;
    QElapsedTimer m_clock;
    Latencies m_latencies;
    QHash<QString, qint64> m_latest;
    QSet<qint64> m_versions;
    qint64 m_cursor = 0;
    std::size_t m_next = 0;
    /// While draining: instances still to be read to the end (-1 when not draining).
    int m_drainLeft = -1;
    qint64 m_drainFromNs = 0;
    int m_repeated = 0;
    int m_setbacks = 0;
    int m_failed = 0;
};
