#include "pushlatencies.h"

using namespace Qt::StringLiterals;

PushLatencies::PushLatencies(int instanceCount, const QElapsedTimer &clock)
    : m_instanceCount(instanceCount)
    , m_clock(clock)
    , m_perInstance(std::size_t(instanceCount))
{ }

void PushLatencies::sent(const QString &entityId, int step, int through)
{
    Entity &entity = m_entities[entityId];
    if (entity.pushedUpTo.empty())
        entity.pushedUpTo.assign(std::size_t(m_instanceCount), -1);
    if (std::size_t(step) >= entity.changes.size())
        entity.changes.resize(std::size_t(step) + 1);
    entity.changes[std::size_t(step)] = {m_clock.nsecsElapsed(), through};
    ++m_sent;
}

void PushLatencies::pushed(int instance, const QJsonObject &operation)
{
    const qint64 now = m_clock.nsecsElapsed();
    const auto found = m_entities.find(operation.value(u"entityId"_s).toString());
    if (found == m_entities.end())
        return;
    Entity &entity = *found;
    const int step = operation.value(u"progressPercentage"_s).toInt();
    int &upTo = entity.pushedUpTo[std::size_t(instance)];
    // Steps not sent yet cannot have been pushed; a step sent as a PATCH that lost its race
    // with a later one is still closed by the later push.
    const int last = std::min(step, int(entity.changes.size()) - 1);
    for (int s = upTo + 1; s <= last; ++s) {
        const Change &change = entity.changes[std::size_t(s)];
        const qint64 latency = now - change.sentAtNs;
        (change.through == instance ? m_through : m_others).add(latency);
        m_perInstance[std::size_t(instance)].add(latency);
        ++m_seen;
    }
    upTo = std::max(upTo, last);
}
