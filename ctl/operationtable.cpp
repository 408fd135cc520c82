#include "operationtable.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

constexpr QChar ellipsis(0x2026);

QString oneLine(QString text)
{
    text.replace(u'\n', u' ').replace(u'\r', u' ').replace(u'\t', u' ');
    return text;
}

QString progressText(double percentage)
{
    // Whole percents read best; a fraction shows only below one percent.
    if (percentage > 0 && percentage < 1)
        return QString::number(percentage, 'f', 1) + u'%';
    return QString::number(std::floor(percentage), 'f', 0) + u'%';
}

QString shorten(const QString &text, int width)
{
    if (text.size() <= width)
        return text;
    return text.left(std::max(0, width - 1)) + ellipsis;
}

} // namespace

QStringList OperationTable::headers()
{
    return {u"ID"_s, u"STATUS"_s, u"PROGRESS"_s, u"TYPE"_s, u"NAME"_s, u"TEXT"_s};
}

QString OperationTable::cell(const Operation &operation, Column column)
{
    switch (column) {
    case Id:
        return operation.operationId;
    case Status:
        return statusToWire(operation.status);
    case Progress:
        return progressText(operation.progressPercentage);
    case Type:
        return operation.operationType;
    case Name:
        return oneLine(operation.displayName);
    case Text:
        if ((operation.status == OperationStatus::Failed
             || operation.status == OperationStatus::Denied)
            && operation.errorMessage && !operation.errorMessage->isEmpty()) {
            return oneLine(*operation.errorMessage);
        }
        return oneLine(operation.stepDescription);
    case ColumnCount:
        break;
    }
    return {};
}

QString OperationTable::render(const QList<Operation> &operations, int width)
{
    QList<QStringList> rows{headers()};
    for (const Operation &operation : operations) {
        QStringList row;
        for (int column = 0; column < ColumnCount; ++column)
            row.append(cell(operation, Column(column)));
        rows.append(row);
    }
    std::array<int, ColumnCount> widths{};
    for (const QStringList &row : rows) {
        for (int column = 0; column < ColumnCount; ++column)
            widths[column] = std::max(widths[column], int(row.at(column).size()));
    }
    const int gapWidth = int(qstrlen(gap));
    if (width > 0) {
        int total = gapWidth * (ColumnCount - 1);
        for (int each : widths)
            total += each;
        // The text gives way first, then the name; below a readable width only when the
        // other columns leave no room.
        for (const int narrowest : {minShortenedWidth, 1}) {
            for (Column column : {Text, Name}) {
                const int excess = total - width;
                if (excess <= 0)
                    break;
                const int shrunk
                        = std::max(std::min(widths[column], narrowest), widths[column] - excess);
                total -= widths[column] - shrunk;
                widths[column] = shrunk;
            }
        }
    }
    QString out;
    for (const QStringList &row : rows) {
        QString text;
        for (int column = 0; column < ColumnCount; ++column) {
            const QString value = shorten(row.at(column), widths[column]);
            text += column == ColumnCount - 1
                    ? value
                    : value.leftJustified(widths[column], u' ') + QLatin1StringView(gap);
        }
        while (text.endsWith(u' '))
            text.chop(1);
        out += text + u'\n';
    }
    return out;
}

QString OperationTable::changeLine(const Operation &operation)
{
    QStringList fields{toWireTime(operation.updatedAt)};
    for (int column = 0; column < ColumnCount; ++column)
        fields.append(cell(operation, Column(column)));
    return fields.join(u'\t');
}

} // namespace optrack::ctl
