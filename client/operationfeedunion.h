#pragma once

#include "operation.h"
#include "sharedoperation.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

namespace optrack {

class OperationFeed;

/// Several feeds seen as one: the union of their operations. Someone who starts work and
/// also approves needs two scopes (their own operations, and those waiting for their
/// vote); the table and the notifier take this union. News of an operation is passed on
/// from whichever feed has it (the table keeps only newer versions); an operation leaves
/// only once no feed holds it.
class OperationFeedUnion final : public QObject
{
    Q_OBJECT

public:
    explicit OperationFeedUnion(QObject *parent = nullptr);

    void addFeed(OperationFeed *feed);
    QList<OperationFeed *> feeds() const;

    /// Asks every running feed now (OperationFeed::refresh()).
    void refresh();

    bool contains(const QString &operationId) const;
    /// The newest state any feed holds.
    std::optional<Operation> operation(const QString &operationId) const;
    /// How many distinct operations the feeds hold together.
    qsizetype size() const;
    /// A feed runs, and every running feed has finished its first load.
    bool isFirstLoadDone() const;

signals:
    /// `firstLoad`: the news comes from a feed's first load (what was already there).
    void sharedOperationsChanged(const QList<optrack::SharedOperation> &changed, bool firstLoad);
    /// Operations no feed holds any more: removed, or dropped as old history.
    void operationsRemoved(const QStringList &operationIds);
    /// Everything is gone; what the other feeds still hold follows as news.
    void cleared();

private:
    void forwardRemoved(const OperationFeed *from, const QStringList &operationIds);
    void forwardCleared(const OperationFeed *from);

    QList<QPointer<OperationFeed>> m_feeds;
};

} // namespace optrack
