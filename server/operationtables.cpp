#include "operationtables.h"

#include "operationcodec.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QVariant>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

const QString versionKey = u"version"_s;
const QString eventSeqKey = u"eventSeq"_s;

/// A document as text: PostgreSQL's text columns take no bytes, SQLite's take either.
QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QDateTime fromMsecs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

/// Runs a whole-table read forward-only: PostgreSQL then streams the rows instead of
/// holding the whole result in memory.
bool select(QSqlQuery &query, const QString &sql, QString *error)
{
    query.setForwardOnly(true);
    if (query.exec(sql))
        return true;
    *error = u"%1 (%2)"_s.arg(query.lastError().text(), sql);
    return false;
}

} // namespace

OperationTables::OperationTables(const QSqlDatabase &db)
    : m_db(db)
    , m_upsertOperation(db)
    , m_insertEvent(db)
    , m_upsertKey(db)
    , m_upsertHeartbeat(db)
    , m_removeOperation(db)
    , m_removeEvents(db)
    , m_removeKeys(db)
    , m_removeHeartbeat(db)
    , m_upsertMeta(db)
{ }

bool OperationTables::prepare(QString *error)
{
    const std::pair<QSqlQuery *, QString> statements[] = {
            {&m_upsertOperation,
             u"INSERT INTO operations (id, version, document) VALUES (?, ?, ?)"
             " ON CONFLICT (id) DO UPDATE SET version = excluded.version,"
             " document = excluded.document"_s},
            {&m_insertEvent,
             u"INSERT INTO events (seq, operation_id, document) VALUES (?, ?, ?)"_s},
            {&m_upsertKey,
             u"INSERT INTO idempotency (user_id, key, request_hash, status, body, operation_id,"
             " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET"
             " request_hash = excluded.request_hash, status = excluded.status,"
             " body = excluded.body, operation_id = excluded.operation_id,"
             " created_at = excluded.created_at"_s},
            {&m_upsertHeartbeat,
             u"INSERT INTO heartbeats (operation_id, reported_at) VALUES (?, ?)"
             " ON CONFLICT (operation_id) DO UPDATE SET reported_at = excluded.reported_at"_s},
            {&m_removeOperation, u"DELETE FROM operations WHERE id = ?"_s},
            {&m_removeEvents, u"DELETE FROM events WHERE operation_id = ?"_s},
            {&m_removeKeys, u"DELETE FROM idempotency WHERE operation_id = ?"_s},
            {&m_removeHeartbeat, u"DELETE FROM heartbeats WHERE operation_id = ?"_s},
            {&m_upsertMeta,
             u"INSERT INTO meta (key, value) VALUES (?, ?)"
             " ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s},
    };
    for (const auto &[query, sql] : statements) {
        if (!query->prepare(sql)) {
            *error = u"%1 (%2)"_s.arg(query->lastError().text(), sql);
            return false;
        }
    }
    return true;
}

bool OperationTables::run(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    *error = query.lastError().text();
    return false;
}

bool OperationTables::commit(const QList<const WriteBatch *> &batches, qint64 *version,
                             QString *error, const std::function<bool(QString *error)> &beside)
{
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    qint64 highest = 0;
    qint64 eventSeq = 0;
    bool ok = true;
    for (const WriteBatch *batch : batches) {
        ok = write(*batch, error);
        if (!ok)
            break;
        highest = std::max(highest, batch->version);
        for (const auto &entry : batch->events)
            eventSeq = std::max(eventSeq, entry.second.seq);
    }
    ok = ok && writeCounters(highest, eventSeq, error);
    ok = ok && (!beside || beside(error));
    if (ok && !m_db.commit()) {
        *error = m_db.lastError().text();
        ok = false;
    }
    if (!ok) {
        m_db.rollback();
        return false;
    }
    *version = highest;
    return true;
}

bool OperationTables::write(const WriteBatch &batch, QString *error)
{
    for (const Operation &op : batch.operations) {
        m_upsertOperation.bindValue(0, op.operationId);
        m_upsertOperation.bindValue(1, op.version);
        m_upsertOperation.bindValue(2, compact(codec::toJson(op)));
        if (!run(m_upsertOperation, error))
            return false;
    }
    for (const auto &[operationId, event] : batch.events) {
        m_insertEvent.bindValue(0, event.seq);
        m_insertEvent.bindValue(1, operationId);
        m_insertEvent.bindValue(2, compact(codec::toJson(event)));
        if (!run(m_insertEvent, error))
            return false;
    }
    for (const IdempotencyRecord &record : batch.idempotency) {
        m_upsertKey.bindValue(0, record.userId);
        m_upsertKey.bindValue(1, record.key);
        m_upsertKey.bindValue(2, record.requestHash);
        m_upsertKey.bindValue(3, record.status);
        m_upsertKey.bindValue(4, record.body);
        m_upsertKey.bindValue(5, record.operationId);
        m_upsertKey.bindValue(6, record.createdAt.toMSecsSinceEpoch());
        if (!run(m_upsertKey, error))
            return false;
    }
    for (const HeartbeatRecord &heartbeat : batch.heartbeats) {
        m_upsertHeartbeat.bindValue(0, heartbeat.operationId);
        m_upsertHeartbeat.bindValue(1, heartbeat.at.toMSecsSinceEpoch());
        if (!run(m_upsertHeartbeat, error))
            return false;
    }
    for (const QString &id : batch.removedOperations) {
        for (QSqlQuery *query :
             {&m_removeOperation, &m_removeEvents, &m_removeKeys, &m_removeHeartbeat}) {
            query->bindValue(0, id);
            if (!run(*query, error))
                return false;
        }
    }
    return true;
}

bool OperationTables::writeCounters(qint64 version, qint64 eventSeq, QString *error)
{
    for (const auto &[key, value] : {std::pair{versionKey, version}, {eventSeqKey, eventSeq}}) {
        if (value <= 0)
            continue;
        m_upsertMeta.bindValue(0, key);
        m_upsertMeta.bindValue(1, value);
        if (!run(m_upsertMeta, error))
            return false;
    }
    return true;
}

bool OperationTables::readOperation(const QByteArray &document, Operation *op, QString *error)
{
    QJsonObject json;
    FieldError fieldError;
    if (codec::parseObject(document, &json, &fieldError) && codec::fromJson(json, op, &fieldError))
        return true;
    *error = u"A stored operation cannot be read: %1"_s.arg(fieldError.message);
    return false;
}

bool OperationTables::readEvent(const QByteArray &document, OperationEvent *event, QString *error)
{
    QJsonObject json;
    FieldError fieldError;
    if (codec::parseObject(document, &json, &fieldError)
        && codec::fromJson(json, event, &fieldError))
        return true;
    *error = u"A stored event cannot be read: %1"_s.arg(fieldError.message);
    return false;
}

bool OperationTables::load(const QSqlDatabase &db, StoredState *state, QString *error)
{
    QSqlQuery query(db);
    if (!select(query, u"SELECT document FROM operations"_s, error))
        return false;
    while (query.next()) {
        Operation op;
        if (!readOperation(query.value(0).toByteArray(), &op, error))
            return false;
        state->lastVersion = std::max(state->lastVersion, op.version);
        state->operations.append(std::move(op));
    }
    if (!select(query, u"SELECT operation_id, document FROM events ORDER BY seq"_s, error))
        return false;
    while (query.next()) {
        OperationEvent event;
        if (!readEvent(query.value(1).toByteArray(), &event, error))
            return false;
        state->lastEventSeq = std::max(state->lastEventSeq, event.seq);
        state->events[query.value(0).toString()].append(std::move(event));
    }
    return loadWriterState(db, state, error);
}

bool OperationTables::loadWriterState(const QSqlDatabase &db, StoredState *state, QString *error)
{
    QSqlQuery query(db);
    if (!select(query,
                u"SELECT user_id, key, request_hash, status, body, operation_id, created_at"
                " FROM idempotency"_s,
                error))
        return false;
    while (query.next()) {
        IdempotencyRecord record;
        record.userId = query.value(0).toString();
        record.key = query.value(1).toString();
        record.requestHash = query.value(2).toByteArray();
        record.status = query.value(3).toInt();
        record.body = query.value(4).toByteArray();
        record.operationId = query.value(5).toString();
        record.createdAt = fromMsecs(query.value(6));
        state->idempotency.append(std::move(record));
    }
    if (!select(query, u"SELECT operation_id, reported_at FROM heartbeats"_s, error))
        return false;
    while (query.next())
        state->heartbeats.insert(query.value(0).toString(), fromMsecs(query.value(1)));
    if (!select(query, u"SELECT key, value FROM meta"_s, error))
        return false;
    while (query.next()) {
        const QString key = query.value(0).toString();
        if (key == versionKey)
            state->lastVersion = std::max(state->lastVersion, query.value(1).toLongLong());
        else if (key == eventSeqKey)
            state->lastEventSeq = std::max(state->lastEventSeq, query.value(1).toLongLong());
    }
    return true;
}

} // namespace optrack
