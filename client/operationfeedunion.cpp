#include "operationfeedunion.h"

#include "operationfeed.h"

namespace optrack {

OperationFeedUnion::OperationFeedUnion(QObject *parent)
    : QObject(parent)
{ }

void OperationFeedUnion::addFeed(OperationFeed *feed)
{
    m_feeds.append(feed);
    connect(feed, &OperationFeed::sharedOperationsChanged, this,
            [this, feed](const QList<SharedOperation> &changed) {
                emit sharedOperationsChanged(changed, !feed->isFirstLoadDone());
            });
    connect(feed, &OperationFeed::operationsRemoved, this,
            [this, feed](const QStringList &ids) { forwardRemoved(feed, ids); });
    // Dropped history is no longer held either: the table and the notifier let it go.
    connect(feed, &OperationFeed::operationsDropped, this,
            [this, feed](const QStringList &ids) { forwardRemoved(feed, ids); });
    connect(feed, &OperationFeed::cleared, this, [this, feed] { forwardCleared(feed); });
}

QList<OperationFeed *> OperationFeedUnion::feeds() const
{
    QList<OperationFeed *> feeds;
    for (const QPointer<OperationFeed> &feed : m_feeds) {
        if (feed)
            feeds.append(feed);
    }
    return feeds;
}

void OperationFeedUnion::refresh()
{
    for (const QPointer<OperationFeed> &feed : std::as_const(m_feeds)) {
        if (feed && feed->isRunning())
            feed->refresh();
    }
}

bool OperationFeedUnion::contains(const QString &operationId) const
{
    for (const QPointer<OperationFeed> &feed : m_feeds) {
        if (feed && feed->contains(operationId))
            return true;
    }
    return false;
}

std::optional<Operation> OperationFeedUnion::operation(const QString &operationId) const
{
    SharedOperation newest;
    for (const QPointer<OperationFeed> &feed : m_feeds) {
        if (!feed)
            continue;
        const SharedOperation held = feed->operations().value(operationId);
        if (held && (!newest || held->version > newest->version))
            newest = held;
    }
    if (!newest)
        return std::nullopt;
    return *newest;
}

qsizetype OperationFeedUnion::size() const
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < m_feeds.size(); ++i) {
        if (!m_feeds.at(i))
            continue;
        const QHash<QString, SharedOperation> &operations = m_feeds.at(i)->operations();
        for (auto it = operations.cbegin(); it != operations.cend(); ++it) {
            // Counted in the first feed that holds it.
            bool earlier = false;
            for (qsizetype j = 0; j < i && !earlier; ++j)
                earlier = m_feeds.at(j) && m_feeds.at(j)->contains(it.key());
            count += earlier ? 0 : 1;
        }
    }
    return count;
}

bool OperationFeedUnion::isFirstLoadDone() const
{
    bool anyRunning = false;
    for (const QPointer<OperationFeed> &feed : m_feeds) {
        if (!feed || !feed->isRunning())
            continue;
        anyRunning = true;
        if (!feed->isFirstLoadDone())
            return false;
    }
    return anyRunning;
}

void OperationFeedUnion::forwardRemoved(const OperationFeed *from, const QStringList &operationIds)
{
    QStringList gone;
    for (const QString &id : operationIds) {
        bool elsewhere = false;
        for (const QPointer<OperationFeed> &feed : std::as_const(m_feeds)) {
            if (feed && feed != from && feed->contains(id)) {
                elsewhere = true;
                break;
            }
        }
        if (!elsewhere)
            gone.append(id);
    }
    if (!gone.isEmpty())
        emit operationsRemoved(gone);
}

void OperationFeedUnion::forwardCleared(const OperationFeed *from)
{
    emit cleared();
    for (const QPointer<OperationFeed> &feed : std::as_const(m_feeds)) {
        if (!feed || feed == from || feed->operations().isEmpty())
            continue;
        const QList<SharedOperation> held = feed->operations().values();
        emit sharedOperationsChanged(held, !feed->isFirstLoadDone());
    }
}

} // namespace optrack
