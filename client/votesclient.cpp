#include "votesclient.h"

#include "apiconnection.h"
#include "operationsclient.h"

namespace optrack {

using namespace Qt::StringLiterals;

VotesClient::VotesClient(ApiConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{ }

ApiCall *VotesClient::vote(const QString &operationId, VoteDecision decision, const QString &reason,
                           const QObject *receiver, ResultHandler<VoteOutcome> handler)
{
    QJsonObject body{{u"decision"_s, voteDecisionToWire(decision)}};
    if (!reason.isEmpty())
        body.insert(u"reason"_s, reason);
    ApiCall *call = m_connection->send(
            "POST", OperationsClient::operationPath(operationId) + u"/votes"_s, body);
    deliverResult(call, receiver, std::move(handler), &decode::vote);
    return call;
}

} // namespace optrack
