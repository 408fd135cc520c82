#pragma once

#include "operationstore.h"

#include <QHash>
#include <QPair>

#include <optional>

namespace optrack {

/// The answers remembered for Idempotency-Keys: per user and key, for 24 hours, forgotten
/// with their operation. The registry adds a record with the change that creates the
/// operation (so it is durable with it) and drops it again when that change fails.
class IdempotencyCache
{
public:
    /// The stored records, at start; those older than 24 hours are left out.
    void load(QList<IdempotencyRecord> records);
    /// The record of a user's key while it holds (24 hours).
    std::optional<IdempotencyRecord> find(const QString &userId, const QString &key) const;
    bool contains(const QString &userId, const QString &key) const;
    void insert(const IdempotencyRecord &record);
    void remove(const QString &userId, const QString &key);
    /// Forgets every key that answered with the operation (it was removed).
    void forgetOperation(const QString &operationId);

private:
    static QDateTime oldestKept();

    QHash<QPair<QString, QString>, IdempotencyRecord> m_records;
};

} // namespace optrack
