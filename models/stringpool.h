#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

namespace optrack {

/// Hands out one shared copy of the strings operations repeat (types, step lists, step
/// texts), so that 100,000 operations do not hold 100,000 copies of "file_upload".
/// Bounded: once it holds maxEntries values of a kind, new ones are kept as they come.
class StringPool
{
public:
    static constexpr qsizetype maxEntries = 10'000;

    /// Replaces text with the pool's equal copy, adding it when there is room.
    void share(QString &text);
    void share(QStringList &list);
    void clear();

private:
    QSet<QString> m_strings;
    QSet<QStringList> m_lists;
};

} // namespace optrack
