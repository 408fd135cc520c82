#pragma once

#include "operation.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace optrack {

/// When operations run out of time: an approval that waits too long for its votes
/// (approval.expiresAt), a producer that stops reporting (heartbeatSeconds). An operation has
/// at most one deadline of each kind, kept in step with its state by follow() after every
/// change and renewed by reported(); one timer serves them all, armed for the earliest.
class OperationTimers final : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Approval, Heartbeat };

    explicit OperationTimers(QObject *parent = nullptr);

    /// After a change (or at start): the approval deadline while the operation waits for
    /// votes; the heartbeat deadline dropped once it is neither pending nor in progress.
    void follow(const Operation &op);
    /// A report of its producer at atMsecs (milliseconds since the epoch): the heartbeat
    /// window starts again while the operation is pending or in progress. One that ended in
    /// the past expires at once.
    void reported(const Operation &op, qint64 atMsecs);
    /// Whether the operation's producer owes reports now.
    bool watchesHeartbeat(const QString &operationId) const;
    /// Whether a deadline that expired still holds for the operation as it is now (it may
    /// have moved on since the deadline was set).
    static bool stillDue(Kind kind, const Operation &op);
    /// Sets or moves a deadline (a timeout whose change could not be saved is tried again).
    void set(Kind kind, const QString &operationId, qint64 atMsecs);

signals:
    /// A deadline passed (it is cleared by then).
    void expired(optrack::OperationTimers::Kind kind, const QString &operationId);

private:
    static bool owesReports(const Operation &op);
    void clear(Kind kind, const QString &operationId);
    void arm();
    void handleTimeout();

    struct Deadline
    {
        qint64 dueMsecs; // on m_clock
        qint64 wallMsecs; // as it was given
    };

    QElapsedTimer m_clock; // deadlines are on this clock
    std::map<std::pair<Kind, QString>, Deadline> m_byOperation;
    std::set<std::tuple<qint64, Kind, QString>> m_queue;
    QTimer m_timer;
};

} // namespace optrack
