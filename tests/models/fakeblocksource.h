#pragma once

#include "operationblocksource.h"
#include "operationwindowquery.h"

#include <QHash>
#include <QList>
#include <QTimer>

#include <algorithm>
#include <vector>

// The service's side of a windowed table, in memory: the operations it holds at a
// version, answered in the query's order. Answers come on the next turn of the event
// loop, or when the test says (holdAnswers).
class FakeBlockSource final : public optrack::OperationBlockSource
{
public:
    struct Asked
    {
        quint64 ticket;
        optrack::OperationWindowQuery query;
        int offset;
        int limit;
    };

    using OperationBlockSource::OperationBlockSource;

    // The service's state: the newest version of every operation.
    void put(const optrack::SharedOperation &operation)
    {
        m_operations.insert(operation->operationId, operation);
        m_version = std::max(m_version, operation->version);
    }
    void drop(const QString &operationId) { m_operations.remove(operationId); }
    qint64 version() const { return m_version; }
    std::vector<optrack::SharedOperation> ordered(const optrack::OperationWindowQuery &query) const
    {
        std::vector<optrack::SharedOperation> rows;
        for (const optrack::SharedOperation &operation : m_operations)
            if (query.matches(*operation))
                rows.push_back(operation);
        std::sort(rows.begin(), rows.end(),
                  [&query](const auto &a, const auto &b) { return query.before(*a, *b); });
        return rows;
    }

    void setHoldAnswers(bool hold) { m_hold = hold; }
    QList<Asked> asked() const { return m_asked; }
    QList<Asked> waiting() const { return m_waiting; }
    void answer(const Asked &request)
    {
        m_waiting.removeIf([&](const Asked &w) { return w.ticket == request.ticket; });
        const std::vector<optrack::SharedOperation> rows = ordered(request.query);
        optrack::OperationBlock block;
        block.offset = request.offset;
        block.total = int(rows.size());
        block.version = m_version;
        for (int row = request.offset;
             row < std::min(int(rows.size()), request.offset + request.limit); ++row)
            block.operations.append(rows[std::size_t(row)]);
        emit blockReady(request.ticket, block);
    }
    void answerWaiting()
    {
        const QList<Asked> waiting = m_waiting;
        for (const Asked &request : waiting)
            answer(request);
    }
    void fail(const Asked &request)
    {
        m_waiting.removeIf([&](const Asked &w) { return w.ticket == request.ticket; });
        emit blockFailed(request.ticket, QStringLiteral("refused"));
    }

    quint64 requestBlock(const optrack::OperationWindowQuery &query, int offset, int limit) override
    {
        const Asked request{++m_nextTicket, query, offset, limit};
        m_asked.append(request);
        m_waiting.append(request);
        if (!m_hold)
            QTimer::singleShot(0, this, [this, request] {
                if (std::any_of(m_waiting.cbegin(), m_waiting.cend(),
                                [&](const Asked &w) { return w.ticket == request.ticket; }))
                    answer(request);
            });
        return request.ticket;
    }
    void cancelAll() override { m_waiting.clear(); }

private:
    QHash<QString, optrack::SharedOperation> m_operations;
    QList<Asked> m_asked;
    QList<Asked> m_waiting;
    qint64 m_version = 0;
    quint64 m_nextTicket = 0;
    bool m_hold = false;
};
