#pragma once

#include "apirequest.h"
#include "apiresponse.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace optrack::testing {

class ApiClient;

/// Busy writers for concurrency tests: lanes that each keep one request in flight, creating
/// operations and driving them through progress, steps, context, votes and an end (completed,
/// failed, cancelled, still running, approved and running). Every 2xx answer is recorded as an
/// acknowledged state of its operation.
class OperationWriters final : public QObject
{
    Q_OBJECT

public:
    struct Acknowledged
    {
        QString operationId;
        qint64 version = 0;
        QJsonObject operation;
    };

    explicit OperationWriters(ApiClient &client, QObject *parent = nullptr);

    /// Starts lanes, each creating operationsPerLane operations one after another.
    void start(int lanes, int operationsPerLane);
    /// Issues nothing more; answers still in flight are recorded, failures among them are not
    /// counted as errors (the server may be gone on purpose).
    void stop();

    bool isFinished() const { return m_runningLanes == 0 && m_inFlight == 0; }
    int acknowledgedCount() const { return int(m_acknowledged.size()); }
    const QList<Acknowledged> &acknowledged() const { return m_acknowledged; }
    /// The highest acknowledged version of each operation.
    QHash<QString, Acknowledged> latestAcknowledged() const;
    /// Answers other than 2xx while running, described.
    const QStringList &errors() const { return m_errors; }

signals:
    void finished();

private:
    struct Lane
    {
        int index = 0;
        int operation = 0;
        int step = 0;
        int operationsLeft = 0;
        QString operationId;
    };

    void advance(int laneIndex);
    std::optional<ApiRequest> requestFor(const Lane &lane) const;
    void handleAnswer(int laneIndex, const ApiResponse &response);
    QString ownerOf(const Lane &lane) const;
    int kindOf(const Lane &lane) const;

    ApiClient &m_client;
    QList<Lane> m_lanes;
    QList<Acknowledged> m_acknowledged;
    QStringList m_errors;
    int m_runningLanes = 0;
    int m_inFlight = 0;
    bool m_stopped = false;
};

} // namespace optrack::testing
