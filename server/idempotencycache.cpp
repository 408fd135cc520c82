#include "idempotencycache.h"

namespace optrack {

namespace {

constexpr int keptDays = 1;

} // namespace

QDateTime IdempotencyCache::oldestKept()
{
    return QDateTime::currentDateTimeUtc().addDays(-keptDays);
}

void IdempotencyCache::load(QList<IdempotencyRecord> records)
{
    const QDateTime expiry = oldestKept();
    for (IdempotencyRecord &record : records) {
        if (record.createdAt > expiry)
            m_records.insert({record.userId, record.key}, std::move(record));
    }
}

std::optional<IdempotencyRecord> IdempotencyCache::find(const QString &userId,
                                                        const QString &key) const
{
    const auto it = m_records.constFind({userId, key});
    if (it == m_records.cend() || it->createdAt <= oldestKept())
        return std::nullopt;
    return *it;
}

bool IdempotencyCache::contains(const QString &userId, const QString &key) const
{
    return m_records.contains({userId, key});
}

void IdempotencyCache::insert(const IdempotencyRecord &record)
{
    m_records.insert({record.userId, record.key}, record);
}

void IdempotencyCache::remove(const QString &userId, const QString &key)
{
    m_records.remove({userId, key});
}

void IdempotencyCache::forgetOperation(const QString &operationId)
{
    m_records.removeIf(
            [&operationId](const auto &entry) { return entry.value().operationId == operationId; });
}

} // namespace optrack
