#include "listfilter.h"

#include "accessrules.h"

namespace optrack {

ListFilter::ListFilter(const UserAccount &caller, const ListQuery &query, const SearchText &texts)
    : m_caller(caller)
    , m_query(query)
    , m_texts(texts)
    , m_everything(query.scope == ListQuery::Scope::All && access::mayListAll(caller.roles))
    , m_needle(query.search.toCaseFolded().toUtf8())
    , m_search(m_needle)
{ }

bool ListFilter::takesAll() const
{
    return m_everything && m_query.statuses.isEmpty() && m_query.types.isEmpty()
            && m_query.search.isEmpty();
}

bool ListFilter::operator()(const IndexedOperation &op) const
{
    if (!admits(op))
        return false;
    if (m_query.search.isEmpty())
        return true;
    const QByteArrayView text = m_texts.textOf(&op);
    return m_search.indexIn(text.data(), text.size()) >= 0;
}

bool ListFilter::admits(const IndexedOperation &op) const
{
    if (!m_everything && op.owner != m_caller.userId
        && (m_query.scope == ListQuery::Scope::Mine || op.voterRole.isEmpty()
            || !m_caller.roles.contains(op.voterRole)))
        return false;
    if (!m_query.statuses.isEmpty() && !m_query.statuses.contains(op.status))
        return false;
    return m_query.types.isEmpty() || m_query.types.contains(op.operationType);
}

std::optional<qint64> ListFilter::counted(const OperationTally &tally) const
{
    if (!m_query.search.isEmpty())
        return std::nullopt;
    if (m_query.scope == ListQuery::Scope::Mine)
        return OperationTally::total(tally.ownedBy(m_caller.userId), m_query.statuses,
                                     m_query.types);
    // scope=all is answered only to those who see everything.
    return OperationTally::total(tally.everything(), m_query.statuses, m_query.types);
}

} // namespace optrack
