#pragma once

#include "operation.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace optrack {

/// Hands out one shared copy of the strings operations repeat (types, step lists, step
/// texts), so that 100,000 operations do not hold 100,000 copies of "file_upload".
/// Bounded: once it holds maxEntries values of a kind, new ones are kept as they come.
/// The feed and the table model each keep one.
class StringPool
{
public:
    static constexpr qsizetype maxEntries = 10'000;

    /// Replaces text with the pool's equal copy, adding it when there is room.
    void share(QString &text);
    void share(QStringList &list);
    /// Shares the fields operations repeat: type, steps, step text, time remaining and
    /// the approval's voter role and voters. With `previous` (an older state of the same
    /// operation), its id and every field that did not change are taken from it, so a
    /// new version holds no second copy of what the old one had.
    void share(Operation &operation, const Operation *previous = nullptr);
    void clear();

private:
    template<typename T> void shareOrKeep(T &value, const T *previous);
    void shareApproval(Approval &approval, const Approval *previous);

    QSet<QString> m_strings;
    QSet<QStringList> m_lists;
};

} // namespace optrack
