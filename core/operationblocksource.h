#pragma once

#include "operationwindowquery.h"
#include "sharedoperation.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace optrack {

/// One answer of an OperationBlockSource: rows [offset, offset + operations.size()) of
/// the query's order, as the service held them at `version`, and how many operations
/// match the query in all.
struct OperationBlock
{
    int offset = 0;
    int total = 0;
    qint64 version = 0;
    QList<SharedOperation> operations;
};

/// Where a windowed table gets the rows it shows: blocks of a query's order by offset.
/// The client's OperationHistoryClient asks the service; tests answer from memory. Every
/// request is answered later (never inside requestBlock()) by exactly one blockReady()
/// or blockFailed() carrying its ticket, unless cancelAll() came first.
class OperationBlockSource : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /// Asks for `limit` rows from `offset`; returns the ticket its answer carries.
    virtual quint64 requestBlock(const OperationWindowQuery &query, int offset, int limit) = 0;
    /// Forgets every request in flight: none of them is answered.
    virtual void cancelAll() = 0;

signals:
    void blockReady(quint64 ticket, const optrack::OperationBlock &block);
    void blockFailed(quint64 ticket, const QString &reason);
};

} // namespace optrack

Q_DECLARE_METATYPE(optrack::OperationBlock)
