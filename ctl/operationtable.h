#pragma once

#include "operation.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace optrack::ctl {

/// How ls and watch show operations: the same columns everywhere, as an aligned table or
/// as one tab-separated line per change.
class OperationTable
{
public:
    enum Column { Id, Status, Progress, Type, Name, Text, ColumnCount };

    /// Name and text are not shortened below this when the table must fit a width.
    static constexpr int minShortenedWidth = 12;
    static constexpr auto gap = "  ";

    static QStringList headers();
    /// One cell; the text column says why a failed or denied operation ended, else what is
    /// happening now. Never more than one line.
    static QString cell(const Operation &operation, Column column);
    /// A header and one aligned row per operation. With `width` > 0 no line is longer: the
    /// name and the text give way first ("…").
    static QString render(const QList<Operation> &operations, int width = 0);
    /// "updatedAt<TAB>id<TAB>status<TAB>progress<TAB>type<TAB>name<TAB>text".
    static QString changeLine(const Operation &operation);
};

} // namespace optrack::ctl
