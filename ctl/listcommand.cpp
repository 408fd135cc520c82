#include "listcommand.h"

#include "apicall.h"
#include "operationsclient.h"
#include "operationtable.h"
#include "optionvalues.h"

namespace optrack::ctl {

using namespace Qt::StringLiterals;

ListCommand::ListCommand(const CommandContext &context, QObject *parent)
    : Command(context, parent)
    , m_operations(new OperationsClient(context.connection, this))
{ }

std::optional<OperationQuery> ListCommand::queryFromOptions(const CommandLine &line, QString *error)
{
    OperationQuery query;
    const std::optional<OperationScope> scope
            = optionvalue::scope(line.value(option::scope), error);
    if (!scope)
        return std::nullopt;
    query.scope = *scope;
    if (line.isSet(option::status)) {
        const std::optional<QList<OperationStatus>> statuses
                = optionvalue::statuses(line.value(option::status), error);
        if (!statuses)
            return std::nullopt;
        query.statuses = *statuses;
    }
    if (line.isSet(option::type))
        query.operationTypes = optionvalue::commaList(line.value(option::type));
    return query;
}

void ListCommand::start()
{
    QString error;
    const std::optional<OperationQuery> query = queryFromOptions(line(), &error);
    if (!query) {
        finishWithUsage(error);
        return;
    }
    m_query = *query;
    m_query.limit = pageSize;
    loadPage({});
}

void ListCommand::loadPage(const QString &pageToken)
{
    OperationQuery query = m_query;
    query.pageToken = pageToken;
    m_call = m_operations->list(
            query, {}, this, [this](const ApiStatus &status, const OperationPage &page) {
                if (!status.ok()) {
                    finishWithError(status);
                    return;
                }
                m_found.append(page.operations);
                for (const QJsonValue &operation :
                     m_call->json().value(u"operations"_s).toArray()) {
                    m_json.append(operation);
                }
                if (!page.nextPageToken.isEmpty()) {
                    loadPage(page.nextPageToken);
                    return;
                }
                if (console().json()) {
                    console().printJson({{u"operations"_s, m_json}});
                } else {
                    const int width = Console::isTerminal() ? Console::terminalSize().width() : 0;
                    console().print(OperationTable::render(m_found, width));
                }
                finish(ExitStatus::Success);
            });
}

} // namespace optrack::ctl
