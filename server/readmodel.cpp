#include "readmodel.h"

#include "accessrules.h"

#include <QDateTime>

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr int retryAfterWaiting = 30;
constexpr int retryAfterPending = 2;
constexpr int retryAfterMoving = 1;
constexpr int retryAfterQuiet = 5;
constexpr qint64 movingWindowMsecs = 10'000;

QString encodePageToken(qint64 createdMs, const QString &id)
{
    const QByteArray raw = QByteArray::number(createdMs) + '|' + id.toUtf8();
    return QString::fromLatin1(
            raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool decodePageToken(const QString &token, qint64 *createdMs, QString *id)
{
    const auto decoded = QByteArray::fromBase64Encoding(
            token.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QByteArray &raw = decoded.decoded;
    const qsizetype bar = raw.indexOf('|');
    if (bar <= 0)
        return false;
    bool ok = false;
    *createdMs = raw.left(bar).toLongLong(&ok);
    *id = QString::fromUtf8(raw.mid(bar + 1));
    return ok && !id->isEmpty();
}

} // namespace

void ReadModel::load(const QList<Operation> &operations,
                     QHash<QString, QList<OperationEvent>> events, qint64 version)
{
    m_publishedVersion = version;
    m_events = std::move(events);
    for (const Operation &op : operations) {
        m_byVersion.emplace(op.version, op.operationId);
        m_byCreated.emplace(op.createdAt.toMSecsSinceEpoch(), op.operationId);
        m_published.insert(op.operationId, PublishedOperation(op));
    }
}

void ReadModel::apply(const WriteBatch &batch)
{
    for (const QString &id : batch.removedOperations) {
        const auto it = m_published.constFind(id);
        if (it == m_published.cend())
            continue;
        m_byVersion.erase(it->operation.version);
        m_byCreated.erase({it->operation.createdAt.toMSecsSinceEpoch(), id});
        m_events.remove(id);
        m_published.erase(it);
    }
    for (const Operation &op : batch.operations) {
        const auto old = m_published.constFind(op.operationId);
        if (old != m_published.cend())
            m_byVersion.erase(old->operation.version);
        else
            m_byCreated.emplace(op.createdAt.toMSecsSinceEpoch(), op.operationId);
        m_byVersion.emplace(op.version, op.operationId);
        // Serialised here, once per version, for every answer and push that carries it.
        m_published.insert(op.operationId, PublishedOperation(op));
    }
    for (const auto &[id, event] : batch.events)
        m_events[id].append(event);
    m_publishedVersion = std::max(m_publishedVersion, batch.version);
}

const Operation *ReadModel::find(const QString &operationId) const
{
    const PublishedOperation *published = at(operationId);
    return published ? &published->operation : nullptr;
}

const PublishedOperation *ReadModel::published(const QString &operationId) const
{
    return at(operationId);
}

const PublishedOperation *ReadModel::at(const QString &operationId) const
{
    const auto it = m_published.constFind(operationId);
    return it == m_published.cend() ? nullptr : &*it;
}

QList<OperationEvent> ReadModel::events(const QString &operationId) const
{
    return m_events.value(operationId);
}

QStringList ReadModel::terminalBefore(const QDateTime &cutoff) const
{
    QStringList ids;
    for (const PublishedOperation &published : m_published) {
        const Operation &op = published.operation;
        if (op.isTerminal() && op.completedAt && *op.completedAt < cutoff)
            ids.append(op.operationId);
    }
    return ids;
}

bool ReadModel::canSee(const UserAccount &caller, const Operation &op)
{
    return op.owner() == caller.userId || access::mayListAll(caller.roles)
            || access::isApproverOf(caller.roles, op);
}

bool ReadModel::inScope(const UserAccount &caller, const Operation &op, ListQuery::Scope scope,
                        bool forDelta)
{
    switch (scope) {
    case ListQuery::Scope::Mine:
        return op.owner() == caller.userId;
    case ListQuery::Scope::All:
        return canSee(caller, op);
    case ListQuery::Scope::Approvals:
        // A delta keeps reporting operations after the vote, so a client sees them leave.
        return forDelta ? access::isApproverOf(caller.roles, op) && op.owner() != caller.userId
                        : access::mayVoteOn(caller.userId, caller.roles, op);
    }
    return false;
}

int ReadModel::retryAfterSeconds(const Operation &op)
{
    if (op.isTerminal())
        return 0;
    if (op.status == OperationStatus::WaitingForApproval)
        return retryAfterWaiting;
    if (op.status == OperationStatus::Pending)
        return retryAfterPending;
    const qint64 quiet = QDateTime::currentMSecsSinceEpoch() - op.updatedAt.toMSecsSinceEpoch();
    return quiet < movingWindowMsecs ? retryAfterMoving : retryAfterQuiet;
}

void ReadModel::delta(const UserAccount &caller, const ListQuery &query, ListResult *result) const
{
    qint64 cursor = *query.since;
    for (auto it = m_byVersion.upper_bound(*query.since); it != m_byVersion.end(); ++it) {
        const PublishedOperation *published = at(it->second);
        const Operation &op = published->operation;
        if (!inScope(caller, op, query.scope, true))
            continue;
        if (result->operations.size() == query.limit) {
            result->cursor = cursor;
            return;
        }
        result->operations.append(published);
        cursor = op.version;
    }
    result->cursor = std::max(cursor, m_publishedVersion);
}

std::optional<ApiError> ReadModel::list(const UserAccount &caller, const ListQuery &query,
                                        ListResult *result) const
{
    if (query.scope == ListQuery::Scope::All && !access::mayListAll(caller.roles))
        return ApiError::forbidden(u"scope=all needs the staff, admin or service role; "
                                   "ask for scope=mine instead."_s);
    result->operations.clear();
    result->nextPageToken.clear();
    if (query.since) {
        delta(caller, query, result);
        return std::nullopt;
    }

    auto it = m_byCreated.rbegin();
    if (!query.pageToken.isEmpty()) {
        qint64 createdMs = 0;
        QString lastId;
        if (!decodePageToken(query.pageToken, &createdMs, &lastId))
            return ApiError::badRequest(
                    u"pageToken is not one this service gave; start again without it."_s,
                    u"pageToken"_s);
        it = std::make_reverse_iterator(m_byCreated.lower_bound({createdMs, lastId}));
    }
    for (; it != m_byCreated.rend(); ++it) {
        const PublishedOperation *published = at(it->second);
        const Operation &op = published->operation;
        if (!inScope(caller, op, query.scope, false))
            continue;
        if (!query.statuses.isEmpty() && !query.statuses.contains(op.status))
            continue;
        if (!query.types.isEmpty() && !query.types.contains(op.operationType))
            continue;
        if (result->operations.size() == query.limit) {
            const Operation &last = result->operations.constLast()->operation;
            result->nextPageToken
                    = encodePageToken(last.createdAt.toMSecsSinceEpoch(), last.operationId);
            break;
        }
        result->operations.append(published);
    }
    result->cursor = m_publishedVersion;
    return std::nullopt;
}

QList<const PublishedOperation *> ReadModel::changesSince(const UserAccount &caller, qint64 since,
                                                          int limit, qint64 *cursor) const
{
    QList<const PublishedOperation *> changes;
    *cursor = since;
    for (auto it = m_byVersion.upper_bound(since); it != m_byVersion.end(); ++it) {
        const PublishedOperation *published = at(it->second);
        const Operation &op = published->operation;
        if (!canSee(caller, op))
            continue;
        if (changes.size() == limit)
            return changes;
        changes.append(published);
        *cursor = op.version;
    }
    *cursor = std::max(*cursor, m_publishedVersion);
    return changes;
}

} // namespace optrack
