#include "operationsortorder.h"

#include "operationtablemodel.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QVariant>

#include <algorithm>

namespace optrack {

namespace {

using Key = OperationSortOrder::Key;

Key number(double value)
{
    return {Key::Number, value, {}};
}

Key text(const QString &value)
{
    return {Key::Text, 0, value};
}

Key time(const QDateTime &value)
{
    return value.isValid() ? number(double(value.toMSecsSinceEpoch())) : Key();
}

} // namespace

OperationSortOrder::OperationSortOrder(const QAbstractItemModel *source, int column,
                                       Qt::SortOrder order)
    : m_source(source)
    , m_table(qobject_cast<const OperationTableModel *>(source))
    , m_column(source && column >= 0 && column < source->columnCount() ? column : -1)
    , m_order(order)
{ }

OperationSortOrder::Key OperationSortOrder::keyOf(int sourceRow) const
{
    if (m_column < 0)
        return {};
    return m_table ? keyOfTableRow(sourceRow) : keyOfModelRow(sourceRow);
}

// The same values as OperationTableModel::RawValueRole, read without a QVariant: a burst
// compares thousands of rows.
OperationSortOrder::Key OperationSortOrder::keyOfTableRow(int sourceRow) const
{
    const Operation &operation = m_table->operationAt(sourceRow);
    switch (m_column) {
    case OperationTableModel::Name:
        return text(operation.displayName.isEmpty() ? operation.entityId : operation.displayName);
    case OperationTableModel::Type:
        return text(operation.operationType);
    case OperationTableModel::Status:
        return number(int(operation.status));
    case OperationTableModel::Progress:
        return number(operation.progressPercentage);
    case OperationTableModel::Step:
        return number(operation.currentStep);
    case OperationTableModel::TimeRemaining:
        return operation.etaSeconds ? number(double(*operation.etaSeconds)) : Key();
    case OperationTableModel::Owner:
        return text(operation.owner());
    case OperationTableModel::Started:
        return time(operation.createdAt);
    case OperationTableModel::Updated:
        return time(operation.updatedAt);
    default:
        return {};
    }
}

OperationSortOrder::Key OperationSortOrder::keyOfModelRow(int sourceRow) const
{
    const QVariant value
            = m_source->index(sourceRow, m_column).data(OperationTableModel::RawValueRole);
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        return {};
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Float:
    case QMetaType::Double:
        return number(value.toDouble());
    case QMetaType::QDateTime:
        return time(value.toDateTime());
    default:
        return text(value.toString());
    }
}

int OperationSortOrder::compare(const Key &a, const Key &b)
{
    if (a.kind != b.kind) {
        // Unknown sorts last; of another model's mixed values, numbers before text.
        if (a.kind == Key::Unknown)
            return 1;
        if (b.kind == Key::Unknown)
            return -1;
        return a.kind == Key::Number ? -1 : 1;
    }
    switch (a.kind) {
    case Key::Number:
        return a.number < b.number ? -1 : (b.number < a.number ? 1 : 0);
    case Key::Text:
        return QString::compare(a.text, b.text, Qt::CaseInsensitive);
    case Key::Unknown:
        break;
    }
    return 0;
}

bool OperationSortOrder::before(const Key &keyA, int rowA, const Key &keyB, int rowB) const
{
    if (m_column < 0)
        return m_order == Qt::AscendingOrder ? rowA < rowB : rowA > rowB;
    const int order = compare(keyA, keyB);
    if (order != 0)
        return m_order == Qt::AscendingOrder ? order < 0 : order > 0;
    return rowA < rowB;
}

OperationSortOrder::Merged OperationSortOrder::merge(const std::vector<int> &rows,
                                                     std::vector<Key> &keys,
                                                     const std::vector<int> &kept,
                                                     std::vector<std::pair<Key, int>> placed) const
{
    std::sort(placed.begin(), placed.end(), [this](const auto &a, const auto &b) {
        return before(a.first, a.second, b.first, b.second);
    });
    Merged merged;
    const std::size_t count = kept.size() + placed.size();
    merged.rows.reserve(count);
    merged.keys.reserve(count);
    merged.from.reserve(count);
    auto next = kept.cbegin();
    const auto copyKeptUntil = [&](std::vector<int>::const_iterator end) {
        for (; next != end; ++next) {
            const std::size_t position = std::size_t(*next);
            merged.rows.push_back(rows[position]);
            merged.keys.push_back(std::move(keys[position]));
            merged.from.push_back(*next);
        }
    };
    for (auto &[key, row] : placed) {
        const auto keptBefore = [&, &key = key, row = row](int position) {
            const std::size_t at = std::size_t(position);
            return before(keys[at], rows[at], key, row);
        };
        // Galloping from the last place, then a binary search of the last step: a burst
        // places its rows close together, and the keys probed are the ones copied next,
        // while a binary search of the whole would read keys all over memory.
        std::ptrdiff_t step = 1;
        auto low = next;
        while (kept.cend() - low > step && keptBefore(low[step - 1])) {
            low += step;
            step *= 2;
        }
        const auto high = kept.cend() - low > step ? low + step : kept.cend();
        copyKeptUntil(std::partition_point(low, high, keptBefore));
        merged.rows.push_back(row);
        merged.keys.push_back(std::move(key));
        merged.from.push_back(-1);
    }
    copyKeptUntil(kept.cend());
    return merged;
}

} // namespace optrack
