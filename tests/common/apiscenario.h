#pragma once

#include <QJsonObject>
#include <QString>

namespace optrack::testing {

class ApiClient;
struct ApiResponse;

/// Steps and checks the API suites share. The void members fail the running test through
/// Qt Test; a caller checks QTest::currentTestFailed() after them.
class ApiScenario
{
public:
    /// reader reads anything (staff); voter approves or denies in makeInStatus().
    explicit ApiScenario(ApiClient &client, QString reader = QStringLiteral("sam"),
                         QString voter = QStringLiteral("bob"));

    /// Creates an operation (entityId filled in when missing); empty when not 201.
    QJsonObject create(const QString &user, QJsonObject body);
    /// An operation of owner's in status, reached through the API (PATCHes by the owner,
    /// votes by the voter). needsApproval adds approval: {required: 1}.
    void makeInStatus(const QString &owner, const QString &status, bool needsApproval,
                      QJsonObject *operation,
                      const QString &operationType = QStringLiteral("t.moves"));
    /// The operation reads back exactly as before (ETA fields aside).
    void expectUnchanged(const QJsonObject &before);
    /// Nothing anywhere in the service changed after cursor.
    void expectNoChangeSince(qint64 cursor);
    qint64 cursor();

    /// The contract's error body {error, code} with this code.
    static void expectErrorBody(const ApiResponse &response, const QString &code);
    /// 400 bad_request whose sentence (or an extra "field" member) names field; "a|b"
    /// accepts either name.
    static void expectBadRequestNaming(const ApiResponse &response, const QString &field);

private:
    ApiClient &m_client;
    QString m_reader;
    QString m_voter;
};

} // namespace optrack::testing
