#pragma once

#include "indexedoperation.h"
#include "listquery.h"
#include "operationtally.h"
#include "searchtext.h"
#include "serverconfig.h"

#include <QByteArray>
#include <QByteArrayMatcher>

#include <optional>

namespace optrack {

/// Whether an indexed operation belongs to a list of scope mine or all: the scope, the
/// status and type filters and the search of one query, for one caller.
class ListFilter
{
public:
    ListFilter(const UserAccount &caller, const ListQuery &query, const SearchText &texts);

    /// True when every operation matches: rows and offsets are the index's own.
    bool takesAll() const;
    bool operator()(const IndexedOperation &op) const;
    /// The scope and the filters, without the search.
    bool admits(const IndexedOperation &op) const;
    /// The search, case-folded UTF-8 (empty: none).
    QByteArrayView needle() const { return m_needle; }
    /// The number of matches from the tallies, without a walk; nullopt with a search.
    std::optional<qint64> counted(const OperationTally &tally) const;

private:
    const UserAccount &m_caller;
    const ListQuery &m_query;
    const SearchText &m_texts;
    bool m_everything;
    QByteArray m_needle;
    QByteArrayMatcher m_search;
};

} // namespace optrack
