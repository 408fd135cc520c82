#include "operationtablemodel.h"

#include "etaestimator.h"
#include "freshness.h"
#include "operationstatus.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <bit>
#include <utility>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

// The roles a change touches, as bits, so that neighbouring rows can be merged.
enum RoleBit : quint32 {
    DisplayBit = 1u << 0,
    RawValueBit = 1u << 1,
    ToolTipBit = 1u << 2,
    StatusBit = 1u << 3,
    ProgressBit = 1u << 4,
    OperationBit = 1u << 5,
    RoleBitCombinations = 1u << 6,
};

constexpr quint32 columnBit(int column)
{
    return 1u << column;
}

constexpr quint32 allColumns = (1u << OperationTableModel::ColumnCount) - 1;

QList<int> makeRoleList(quint32 bits)
{
    // Ascending role numbers, so the list is the same however the bits were merged.
    static constexpr std::pair<quint32, int> table[] = {
            {DisplayBit, Qt::DisplayRole},
            {ToolTipBit, Qt::ToolTipRole},
            {RawValueBit, OperationTableModel::RawValueRole},
            {StatusBit, OperationTableModel::StatusRole},
            {ProgressBit, OperationTableModel::ProgressRole},
            {OperationBit, OperationTableModel::OperationRole},
    };
    QList<int> roles;
    for (const auto &[bit, role] : table) {
        if (bits & bit)
            roles.append(role);
    }
    return roles;
}

// The role lists of every combination, built once: a burst emits hundreds of
// dataChanged and each would otherwise allocate its list.
const QList<int> &rolesFromBits(quint32 bits)
{
    static const auto lists = [] {
        std::array<QList<int>, RoleBitCombinations> all;
        for (quint32 combination = 0; combination < RoleBitCombinations; ++combination)
            all[combination] = makeRoleList(combination);
        return all;
    }();
    return lists.at(bits);
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

/// What the Time remaining column shows while the estimate is from the past.
const QString staleFigure = QStringLiteral("\u2014");

QString timeText(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                          : QString();
}

} // namespace

OperationTableModel::OperationTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &OperationTableModel::flushPendingChanges);
}

void OperationTableModel::setStaleAsOf(const QDateTime &asOf)
{
    if (asOf == m_staleAsOf)
        return;
    m_staleAsOf = asOf;
    if (rowCount() > 0) {
        emit dataChanged(index(0, TimeRemaining), index(rowCount() - 1, TimeRemaining),
                         {Qt::DisplayRole, Qt::ToolTipRole});
    }
}

int OperationTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size()) - m_hiddenRows;
}

int OperationTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Operation &operation = operationAt(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        if (column == TimeRemaining && m_staleAsOf.isValid() && !operation.isTerminal()
            && !displayText(operation, column).isEmpty())
            return staleFigure;
        return displayText(operation, column);
    case RawValueRole:
        return rawValue(operation, column);
    case Qt::ToolTipRole:
        if (column == TimeRemaining && m_staleAsOf.isValid() && !operation.isTerminal()) {
            const QString estimate = displayText(operation, column);
            if (!estimate.isEmpty())
                return tr("Not current: %1, %2").arg(estimate, Freshness::asOf(m_staleAsOf));
        }
        return operation.errorMessage ? QVariant(*operation.errorMessage) : QVariant();
    case Qt::TextAlignmentRole:
        if (column == Progress || column == TimeRemaining)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case OperationIdRole:
        return operation.operationId;
    case StatusRole:
        return int(operation.status);
    case ProgressRole:
        return column == Progress ? QVariant(operation.progressPercentage) : QVariant();
    case OperationRole:
        return QVariant::fromValue(operation);
    default:
        return {};
    }
}

QString OperationTableModel::displayText(const Operation &operation, int column)
{
    switch (column) {
    case Name:
        return operation.displayName.isEmpty() ? operation.entityId : operation.displayName;
    case Type:
        return operation.operationType;
    case Status:
        return statusLabel(operation.status);
    case Progress: {
        const QLocale locale;
        return locale.toString(operation.progressPercentage, 'f', 0) + locale.percent();
    }
    case Step:
        if (operation.totalSteps <= 0)
            return operation.stepDescription;
        if (operation.stepDescription.isEmpty())
            return tr("Step %1 of %2").arg(operation.currentStep).arg(operation.totalSteps);
        return tr("Step %1 of %2: %3")
                .arg(operation.currentStep)
                .arg(operation.totalSteps)
                .arg(operation.stepDescription);
    case TimeRemaining:
        return operation.isTerminal()
                ? QString()
                : EtaEstimator::describeLeft(operation.etaSeconds, operation.timeRemaining);
    case Owner:
        return operation.owner();
    case Started:
        return timeText(operation.createdAt);
    case Updated:
        return timeText(operation.updatedAt);
    default:
        return {};
    }
}

QVariant OperationTableModel::rawValue(const Operation &operation, int column)
{
    switch (column) {
    case Name:
        return operation.displayName.isEmpty() ? operation.entityId : operation.displayName;
    case Type:
        return operation.operationType;
    case Status:
        return int(operation.status);
    case Progress:
        return operation.progressPercentage;
    case Step:
        return operation.currentStep;
    case TimeRemaining:
        return operation.etaSeconds ? QVariant(*operation.etaSeconds) : QVariant();
    case Owner:
        return operation.owner();
    case Started:
        return timeValue(operation.createdAt);
    case Updated:
        return timeValue(operation.updatedAt);
    default:
        return {};
    }
}

QVariant OperationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const QString title = columnTitle(section);
    return title.isEmpty() ? QVariant() : QVariant(title);
}

QString OperationTableModel::columnTitle(int column)
{
    switch (column) {
    case Name:
        return tr("Name");
    case Type:
        return tr("Type");
    case Status:
        return tr("Status");
    case Progress:
        return tr("Progress");
    case Step:
        return tr("Step");
    case TimeRemaining:
        return tr("Time remaining");
    case Owner:
        return tr("Owner");
    case Started:
        return tr("Started");
    case Updated:
        return tr("Updated");
    default:
        return {};
    }
}

QHash<int, QByteArray> OperationTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(OperationIdRole, QByteArrayLiteral("operationId"));
    names.insert(RawValueRole, QByteArrayLiteral("rawValue"));
    names.insert(StatusRole, QByteArrayLiteral("status"));
    names.insert(ProgressRole, QByteArrayLiteral("progress"));
    names.insert(OperationRole, QByteArrayLiteral("operation"));
    return names;
}

int OperationTableModel::rowOf(const QString &operationId) const
{
    const auto it = m_slotById.constFind(operationId);
    return it == m_slotById.cend() ? -1 : m_rowOfSlot[std::size_t(*it)];
}

void OperationTableModel::applyChanges(const QList<Operation> &changed)
{
    for (const Operation &operation : changed) {
        if (operation.operationId.isEmpty())
            continue;
        // Values come from tests and tools, not from the feed: give them the sharing the
        // feed gives its own blocks.
        const int row = rowOf(operation.operationId);
        Operation state = operation;
        m_strings.share(state, row >= 0 ? m_rows[std::size_t(row)].get() : nullptr);
        queue(std::make_shared<const Operation>(std::move(state)));
    }
}

void OperationTableModel::applySharedChanges(const QList<SharedOperation> &changed)
{
    for (const SharedOperation &operation : changed) {
        if (operation && !operation->operationId.isEmpty())
            queue(operation);
    }
}

void OperationTableModel::queue(SharedOperation operation)
{
    const QString operationId = operation->operationId;
    auto it = m_pending.find(operationId);
    if (it == m_pending.end()) {
        m_pendingOrder.append(operationId);
        m_pending.insert(operationId, std::move(operation));
    } else if (!*it || (*it)->version < operation->version) {
        // A removal followed by a newer state nets out as an update.
        *it = std::move(operation);
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void OperationTableModel::removeOperations(const QStringList &operationIds)
{
    for (const QString &operationId : operationIds) {
        auto it = m_pending.find(operationId);
        if (it == m_pending.end()) {
            m_pending.insert(operationId, nullptr);
            m_pendingOrder.append(operationId);
        } else {
            *it = nullptr;
        }
    }
    if (!m_pending.isEmpty() && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void OperationTableModel::clear()
{
    m_flushTimer.stop();
    m_pending.clear();
    m_pendingOrder.clear();
    beginResetModel();
    m_rows.clear();
    m_slotById.clear();
    m_rowOfSlot.clear();
    m_slotOfRow.clear();
    m_freeSlots.clear();
    m_strings.clear();
    endResetModel();
}

void OperationTableModel::flushPendingChanges()
{
    m_flushTimer.stop();
    // Taken first: a slot connected to the signals below may queue more.
    const QHash<QString, SharedOperation> pending = std::exchange(m_pending, {});
    const QStringList order = std::exchange(m_pendingOrder, {});
    if (order.isEmpty())
        return;
    emit changesAboutToBeApplied();

    QList<int> removedRows;
    QList<RowChange> changes;
    QList<SharedOperation> updates;
    std::vector<SharedOperation> inserted;
    for (const QString &operationId : order) {
        const SharedOperation &incoming = *pending.constFind(operationId);
        const int row = rowOf(operationId);
        if (!incoming) {
            if (row >= 0)
                removedRows.append(row);
        } else if (row < 0) {
            inserted.push_back(incoming);
        } else if (incoming->version > operationAt(row).version) {
            changes.append({row, 0, 0});
            updates.append(incoming);
        }
    }

    // Removals first, so that the rows of the updates below are the final ones.
    if (!removedRows.isEmpty()) {
        removeRowsNow(std::move(removedRows));
        for (qsizetype i = 0; i < changes.size(); ++i)
            changes[i].row = rowOf(updates.at(i)->operationId);
    }
    for (qsizetype i = 0; i < changes.size(); ++i) {
        RowChange &change = changes[i];
        SharedOperation &held = m_rows[std::size_t(change.row)];
        const RowChange difference = compare(*held, *updates.at(i));
        change.columns = difference.columns;
        change.roles = difference.roles;
        held = updates.at(i);
    }
    updateRowsNow(std::move(changes));
    appendRowsNow(std::move(inserted));
    emit changesApplied();
}

OperationTableModel::RowChange OperationTableModel::compare(const Operation &held,
                                                            const Operation &incoming)
{
    RowChange change;
    // Every accepted update is a new state of the operation.
    change.roles = OperationBit;
    const auto mark = [&change](int column, quint32 extraRoles = 0) {
        change.columns |= columnBit(column);
        change.roles |= DisplayBit | RawValueBit | extraRoles;
    };
    if (held.displayName != incoming.displayName || held.entityId != incoming.entityId)
        mark(Name);
    if (held.operationType != incoming.operationType)
        mark(Type);
    if (held.status != incoming.status) {
        // Views may paint the whole row after its status.
        mark(Status, StatusBit);
        change.columns = allColumns;
    }
    if (held.progressPercentage != incoming.progressPercentage)
        mark(Progress, ProgressBit);
    if (held.currentStep != incoming.currentStep || held.totalSteps != incoming.totalSteps
        || held.stepDescription != incoming.stepDescription) {
        mark(Step);
    }
    if (held.timeRemaining != incoming.timeRemaining || held.etaSeconds != incoming.etaSeconds)
        mark(TimeRemaining);
    if (held.owner() != incoming.owner())
        mark(Owner);
    if (held.createdAt != incoming.createdAt)
        mark(Started);
    if (held.updatedAt != incoming.updatedAt)
        mark(Updated);
    if (held.errorMessage != incoming.errorMessage) {
        change.columns = allColumns;
        change.roles |= ToolTipBit;
    }
    if (change.columns == 0)
        change.columns = columnBit(Name);
    return change;
}

void OperationTableModel::removeRowsNow(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    for (int row : std::as_const(rows)) {
        m_slotById.remove(operationAt(row).operationId);
        m_freeSlots.push_back(m_slotOfRow[std::size_t(row)]);
    }

    // The ranges of neighbouring rows, ascending.
    m_removalFirst.clear();
    m_removedBefore.assign(1, 0);
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype last = i;
        while (last + 1 < rows.size() && rows.at(last + 1) == rows.at(last) + 1)
            ++last;
        m_removalFirst.push_back(rows.at(i));
        m_removedBefore.push_back(m_removedBefore.back() + int(last - i + 1));
        i = last + 1;
    }

    // Each range is told on its own, from the bottom up so that the ranges still to go
    // keep their numbers; a told range is only hidden (storedRow() skips it), so telling
    // k ranges does not shift the rows below them k times.
    const std::size_t ranges = m_removalFirst.size();
    m_firstHidden = ranges;
    for (std::size_t range = ranges; range-- > 0;) {
        const int first = m_removalFirst[range];
        const int count = m_removedBefore[range + 1] - m_removedBefore[range];
        beginRemoveRows({}, first, first + count - 1);
        m_firstHidden = range;
        m_hiddenRows += count;
        endRemoveRows();
    }

    // Then one pass erases them all.
    std::size_t kept = std::size_t(m_removalFirst.front());
    std::size_t next = kept;
    for (std::size_t range = 0; range < ranges; ++range) {
        const std::size_t from = std::size_t(m_removalFirst[range]);
        for (; next < from; ++next, ++kept) {
            m_rows[kept] = std::move(m_rows[next]);
            m_slotOfRow[kept] = m_slotOfRow[next];
        }
        next = from + std::size_t(m_removedBefore[range + 1] - m_removedBefore[range]);
    }
    for (; next < m_rows.size(); ++next, ++kept) {
        m_rows[kept] = std::move(m_rows[next]);
        m_slotOfRow[kept] = m_slotOfRow[next];
    }
    m_rows.resize(kept);
    m_slotOfRow.resize(kept);
    m_hiddenRows = 0;
    m_firstHidden = 0;
    m_removalFirst.clear();
    m_removedBefore.clear();
    reindexFrom(rows.first());
}

int OperationTableModel::storedRow(int row) const
{
    // Shown rows below the lowest told range are stored where they are shown. Past it, a
    // row skips every told range that starts at or before it. Told range m starts at
    // shown row m_removalFirst[m] - (m_removedBefore[m] - m_removedBefore[m_firstHidden]),
    // which grows with m, so a binary search finds how many ranges the row skips.
    const int base = m_removedBefore[m_firstHidden];
    std::size_t low = m_firstHidden;
    std::size_t high = m_removalFirst.size();
    while (low < high) {
        const std::size_t middle = low + (high - low) / 2;
        if (m_removalFirst[middle] - m_removedBefore[middle] + base <= row)
            low = middle + 1;
        else
            high = middle;
    }
    return row + m_removedBefore[low] - base;
}

void OperationTableModel::reindexFrom(int firstRow)
{
    for (int row = firstRow; row < int(m_rows.size()); ++row)
        m_rowOfSlot[std::size_t(m_slotOfRow[std::size_t(row)])] = row;
}

void OperationTableModel::updateRowsNow(QList<RowChange> changes)
{
    if (changes.isEmpty())
        return;
    std::sort(changes.begin(), changes.end(),
              [](const RowChange &a, const RowChange &b) { return a.row < b.row; });
    const auto emitRange = [this](int firstRow, const RowChange &merged) {
        const int firstColumn = std::countr_zero(merged.columns);
        const int lastColumn = 31 - std::countl_zero(merged.columns);
        emit dataChanged(index(firstRow, firstColumn), index(merged.row, lastColumn),
                         rolesFromBits(merged.roles));
    };
    int firstRow = changes.first().row;
    RowChange merged = changes.first();
    for (qsizetype i = 1; i < changes.size(); ++i) {
        const RowChange &change = changes.at(i);
        if (change.row == merged.row + 1) {
            merged.row = change.row;
            merged.columns |= change.columns;
            merged.roles |= change.roles;
            continue;
        }
        emitRange(firstRow, merged);
        firstRow = change.row;
        merged = change;
    }
    emitRange(firstRow, merged);
}

void OperationTableModel::appendRowsNow(std::vector<SharedOperation> operations)
{
    if (operations.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(operations.size()) - 1);
    for (SharedOperation &operation : operations) {
        int slot = int(m_rowOfSlot.size());
        if (m_freeSlots.empty()) {
            m_rowOfSlot.push_back(0);
        } else {
            slot = m_freeSlots.back();
            m_freeSlots.pop_back();
        }
        m_slotById.insert(operation->operationId, slot);
        m_rowOfSlot[std::size_t(slot)] = int(m_rows.size());
        m_slotOfRow.push_back(slot);
        m_rows.push_back(std::move(operation));
    }
    endInsertRows();
}

} // namespace optrack
