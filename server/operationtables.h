#pragma once

#include "operationstore.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>

namespace optrack {

/// The tables that hold the service's operations — operations, events, idempotency,
/// heartbeats and meta (the version and event counters) — read and written in SQL that
/// SQLite and PostgreSQL both take, so each store adds only its connection, schema and
/// transactions, and what is stored is the same in both. Lives on its connection's thread.
class OperationTables final
{
public:
    /// Prepares the write statements on db (which must stay open while this lives).
    explicit OperationTables(const QSqlDatabase &db);

    /// Whether every statement could be prepared; false with *error otherwise.
    bool prepare(QString *error);

    /// Writes batches in one transaction (a group commit) with the counters (the highest
    /// version and event sequence); on failure rolls back and gives *error. *version: the
    /// highest version written.
    /// beside (when given) runs last in the same transaction (a store's own statements).
    bool commit(const QList<const WriteBatch *> &batches, qint64 *version, QString *error,
                const std::function<bool(QString *error)> &beside = {});

    /// Everything stored, as a store's open() hands it over.
    static bool load(const QSqlDatabase &db, StoredState *state, QString *error);
    /// All but the operations and their events: the counters, the Idempotency-Key answers
    /// and the heartbeats (what an instance that followed needs to write).
    static bool loadWriterState(const QSqlDatabase &db, StoredState *state, QString *error);

    /// A stored document read back; false with *error naming what is wrong.
    static bool readOperation(const QByteArray &document, Operation *op, QString *error);
    static bool readEvent(const QByteArray &document, OperationEvent *event, QString *error);

private:
    bool write(const WriteBatch &batch, QString *error);
    bool writeCounters(qint64 version, qint64 eventSeq, QString *error);
    bool run(QSqlQuery &query, QString *error);

    QSqlDatabase m_db;
    QSqlQuery m_upsertOperation;
    QSqlQuery m_insertEvent;
    QSqlQuery m_upsertKey;
    QSqlQuery m_upsertHeartbeat;
    QSqlQuery m_removeOperation;
    QSqlQuery m_removeEvents;
    QSqlQuery m_removeKeys;
    QSqlQuery m_removeHeartbeat;
    QSqlQuery m_upsertMeta;
};

} // namespace optrack
