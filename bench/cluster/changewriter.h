#pragma once

#include "latencies.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <deque>
#include <vector>

namespace optrack::testing {
class ApiClient;
}
class PushLatencies;

/// Writes changes at a fixed rate through the instances in turn, as one user: a POST that
/// creates an operation, then PATCHes of its progress (steps 1..patchesPerOperation), each
/// PATCH sent only once the operation's previous change was answered. Every change is noted
/// in PushLatencies as it leaves.
class ChangeWriter final : public QObject
{
    Q_OBJECT

public:
    ChangeWriter(std::vector<optrack::testing::ApiClient *> instances, QString user,
                 int patchesPerOperation, const QElapsedTimer &clock, PushLatencies &pushes,
                 QObject *parent = nullptr);

    void start(double perSecond, int seconds);
    /// Every change sent and answered.
    bool isDone() const { return m_stopped && m_inFlight == 0; }

    int posts() const { return m_posts; }
    int patches() const { return m_patches; }
    int failures() const { return m_failures; }
    /// From sending a change to its answer (2xx once durable).
    const Latencies &answers() const { return m_answers; }
    /// Each operation's version as its latest change was answered.
    const QHash<QString, qint64> &finalVersions() const { return m_finalVersions; }

private:
    struct Next
    {
        QString operationId;
        QString entityId;
        int step = 0;
    };

    void tick();
    void send();

    std::vector<optrack::testing::ApiClient *> m_instances;
    QString m_user;
    int m_patchesPerOperation;
    const QElapsedTimer &m_clock;
    PushLatencies &m_pushes;
    QTimer m_ticker;
    qint64 m_startNs = 0;
    double m_perSecond = 0;
    qint64 m_durationNs = 0;
    /// Operations whose previous change was answered, oldest first.
    std::deque<Next> m_ready;
    QHash<QString, qint64> m_finalVersions;
    Latencies m_answers;
    int m_sent = 0;
    int m_inFlight = 0;
    int m_posts = 0;
    int m_patches = 0;
    int m_failures = 0;
    bool m_stopped = false;
};
