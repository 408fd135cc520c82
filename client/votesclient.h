#pragma once

#include "apiresults.h"

#include <QObject>
#include <QPointer>

namespace optrack {

class ApiConnection;

/// Votes on operations that wait for approval.
class VotesClient final : public QObject
{
    Q_OBJECT

public:
    explicit VotesClient(ApiConnection *connection, QObject *parent = nullptr);

    /// POST /api/operations/{id}/votes. A 409 means already voted or no longer waiting.
    ApiCall *vote(const QString &operationId, VoteDecision decision, const QString &reason = {},
                  const QObject *receiver = nullptr, ResultHandler<VoteOutcome> handler = {});

private:
    QPointer<ApiConnection> m_connection;
};

} // namespace optrack
