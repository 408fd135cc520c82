#pragma once

#include "latencies.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <vector>

/// Every change the bench sends and when each instance's stream pushed it. A change is named
/// by its operation's entityId and its step: 0 for the POST that creates the operation, k for
/// the k-th PATCH, which sets progressPercentage to k. A push of a later step also shows the
/// earlier ones (a later state holds them), so it closes them too.
class PushLatencies final
{
public:
    PushLatencies(int instanceCount, const QElapsedTimer &clock);

    /// Notes the change as sent now through instance `through`.
    void sent(const QString &entityId, int step, int through);
    /// A push on instance `instance`'s stream; pushes of other operations are ignored.
    void pushed(int instance, const QJsonObject &operation);

    int sentCount() const { return m_sent; }
    /// Changes sent and not yet pushed, counted once per instance that has not pushed them.
    int unseenCount() const { return m_sent * m_instanceCount - m_seen; }

    /// From sending a change to its push on the instance it was written through.
    const Latencies &throughInstance() const { return m_through; }
    /// From sending a change to its push on each other instance.
    const Latencies &otherInstances() const { return m_others; }
    const Latencies &onInstance(int instance) const { return m_perInstance.at(instance); }

private:
    struct Change
    {
        qint64 sentAtNs = 0;
        int through = 0;
    };
    struct Entity
    {
        std::vector<Change> changes;
        /// Per instance, the highest step its stream has pushed (-1: none yet).
        std::vector<int> pushedUpTo;
    };

    const int m_instanceCount;
    const QElapsedTimer &m_clock;
    QHash<QString, Entity> m_entities;
    Latencies m_through;
    Latencies m_others;
    std::vector<Latencies> m_perInstance;
    int m_sent = 0;
    int m_seen = 0;
};
