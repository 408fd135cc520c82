#pragma once

#include "command.h"
#include "operation.h"
#include "operationquery.h"

#include <QJsonArray>
#include <QList>
#include <QPointer>

#include <optional>

namespace optrack {
class ApiCall;
class OperationsClient;
} // namespace optrack

namespace optrack::ctl {

/// `ls [--status S,...] [--type T,...] [--scope mine|all|approvals]`: every operation in
/// the scope and filters, read page by page, as a table (or the service's JSON).
class ListCommand final : public Command
{
    Q_OBJECT

public:
    static constexpr int pageSize = 500;

    explicit ListCommand(const CommandContext &context, QObject *parent = nullptr);

    void start() override;

    /// The query of ls and watch from their options; std::nullopt with a sentence when an
    /// option's value is not usable.
    static std::optional<OperationQuery> queryFromOptions(const CommandLine &line, QString *error);

private:
    void loadPage(const QString &pageToken);

    OperationsClient *m_operations = nullptr;
    QPointer<ApiCall> m_call;
    OperationQuery m_query;
    QList<Operation> m_found;
    QJsonArray m_json;
};

} // namespace optrack::ctl
