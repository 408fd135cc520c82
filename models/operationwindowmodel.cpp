#include "operationwindowmodel.h"

#include <algorithm>

namespace optrack {

namespace {

/// Asks again for placeholders left in view (a failed block, or rows an answer could not
/// place because live changes moved them meanwhile).
constexpr std::chrono::milliseconds retryDelay{1'000};

} // namespace

OperationWindowModel::OperationWindowModel(OperationBlockSource *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_source(source)
{
    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(fetchDelay);
    connect(&m_fetchTimer, &QTimer::timeout, this, &OperationWindowModel::fetchVisibleNow);
    if (m_source) {
        connect(m_source, &OperationBlockSource::blockReady, this,
                &OperationWindowModel::handleBlockReady);
        connect(m_source, &OperationBlockSource::blockFailed, this,
                &OperationWindowModel::handleBlockFailed);
    }
}

int OperationWindowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int OperationWindowModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : OperationTableModel::ColumnCount;
}

QVariant OperationWindowModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SharedOperation operation = operationAt(index.row());
    if (role == PlaceholderRole)
        return !operation;
    if (!operation)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return OperationTableModel::displayText(*operation, column);
    case OperationTableModel::RawValueRole:
        return OperationTableModel::rawValue(*operation, column);
    case Qt::ToolTipRole:
        return operation->errorMessage ? QVariant(*operation->errorMessage) : QVariant();
    case Qt::TextAlignmentRole:
        if (column == OperationTableModel::Progress || column == OperationTableModel::TimeRemaining)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case OperationTableModel::OperationIdRole:
        return operation->operationId;
    case OperationTableModel::StatusRole:
        return int(operation->status);
    case OperationTableModel::ProgressRole:
        return column == OperationTableModel::Progress ? QVariant(operation->progressPercentage)
                                                       : QVariant();
    case OperationTableModel::OperationRole:
        return QVariant::fromValue(*operation);
    default:
        return {};
    }
}

QVariant OperationWindowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return OperationTableModel::columnTitle(section);
}

void OperationWindowModel::setQuery(const OperationWindowQuery &query)
{
    beginResetModel();
    if (m_source)
        m_source->cancelAll();
    m_query = query;
    m_runs.clear();
    m_tailGap = 0;
    m_rowCount = 0;
    m_loaded.clear();
    m_requests.clear();
    m_edits.clear();
    m_answered = false;
    m_answerVersion = 0;
    endResetModel();
    requestRange(0, std::max(m_visibleLast, blockSize - 1));
}

void OperationWindowModel::setMaxLoadedRows(int rows)
{
    m_maxLoadedRows = std::max(rows, 2 * blockSize);
    evict();
}

void OperationWindowModel::setVisibleRows(int first, int last)
{
    if (first == m_visibleFirst && last == m_visibleLast)
        return;
    m_visibleFirst = first;
    m_visibleLast = last;
    // A deadline, not a debounce: a view that scrolls on (a drag, a held arrow key) still has
    // its rows asked for fetchDelay after the first move, not only once it stops. Moves within
    // the delay cost nothing; a retry's longer wait gives way to the new range.
    if (!m_fetchTimer.isActive() || m_fetchTimer.remainingTime() > int(fetchDelay.count()))
        m_fetchTimer.start(fetchDelay);
}

void OperationWindowModel::fetchVisibleNow()
{
    m_fetchTimer.stop();
    if (!m_answered || m_visibleLast < m_visibleFirst)
        return;
    requestRange(std::max(0, m_visibleFirst - prefetchRows), m_visibleLast + prefetchRows);
}

SharedOperation OperationWindowModel::operationAt(int row) const
{
    const Place place = locateRow(row);
    if (place.inGap || place.run >= m_runs.size())
        return {};
    return m_runs[place.run].rows[place.index];
}

int OperationWindowModel::rowOf(const QString &operationId) const
{
    const SharedOperation held = m_loaded.value(operationId);
    if (!held)
        return -1;
    const Place place = locateKey(*held);
    return place.inGap ? -1 : place.row;
}

OperationWindowModel::Place OperationWindowModel::locateRow(int row) const
{
    int base = 0;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        const Run &run = m_runs[i];
        if (row < base + run.gap)
            return {row, i, std::size_t(row - base), true};
        base += run.gap;
        if (row < base + int(run.rows.size()))
            return {row, i, std::size_t(row - base), false};
        base += int(run.rows.size());
    }
    return {row, m_runs.size(), std::size_t(std::max(0, row - base)), true};
}

OperationWindowModel::Place OperationWindowModel::locateKey(const Operation &operation) const
{
    int base = 0;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        const Run &run = m_runs[i];
        base += run.gap;
        if (m_query.before(operation, *run.rows.front()))
            return {base, i, 0, run.gap > 0};
        if (!m_query.before(*run.rows.back(), operation)) {
            const auto at = std::lower_bound(run.rows.begin(), run.rows.end(), operation,
                                             [this](const SharedOperation &a, const Operation &b) {
                                                 return m_query.before(*a, b);
                                             });
            const auto index = std::size_t(at - run.rows.begin());
            return {base + int(index), i, index, false};
        }
        base += int(run.rows.size());
    }
    // Into the tail's placeholders: a new one joins at their end.
    if (m_tailGap > 0 || m_runs.empty())
        return {base + m_tailGap, m_runs.size(), 0, m_tailGap > 0};
    return {base, m_runs.size() - 1, m_runs.back().rows.size(), false};
}

int &OperationWindowModel::gapOf(std::size_t run)
{
    return run < m_runs.size() ? m_runs[run].gap : m_tailGap;
}

void OperationWindowModel::insertAt(const Place &place, const SharedOperation &operation)
{
    beginInsertRows({}, place.row, place.row);
    if (place.inGap) {
        ++gapOf(place.run);
    } else {
        if (place.run >= m_runs.size())
            m_runs.push_back({});
        std::vector<SharedOperation> &rows = m_runs[place.run].rows;
        rows.insert(rows.begin() + std::ptrdiff_t(place.index), operation);
        m_loaded.insert(operation->operationId, operation);
    }
    ++m_rowCount;
    endInsertRows();
    noteEdit(place.row, 1);
}

void OperationWindowModel::removeAt(const Place &place)
{
    // A placeholder leaves from the end of its gap: which one it was is unknown, only
    // that the gap holds one fewer.
    const int row = place.inGap ? place.row - 1 : place.row;
    beginRemoveRows({}, row, row);
    if (place.inGap) {
        --gapOf(place.run);
    } else {
        std::vector<SharedOperation> &rows = m_runs[place.run].rows;
        m_loaded.remove(rows[place.index]->operationId);
        rows.erase(rows.begin() + std::ptrdiff_t(place.index));
    }
    normalize();
    --m_rowCount;
    endRemoveRows();
    noteEdit(row, -1);
}

void OperationWindowModel::normalize()
{
    // Runs keep loaded rows; every run but the first starts with placeholders, so a
    // loaded run is never split by zero placeholders.
    std::vector<Run> runs;
    runs.reserve(m_runs.size());
    int carried = 0;
    for (Run &run : m_runs) {
        carried += run.gap;
        if (run.rows.empty())
            continue;
        if (carried == 0 && !runs.empty()) {
            std::vector<SharedOperation> &into = runs.back().rows;
            into.insert(into.end(), std::make_move_iterator(run.rows.begin()),
                        std::make_move_iterator(run.rows.end()));
        } else {
            runs.push_back({carried, std::move(run.rows)});
        }
        carried = 0;
    }
    m_tailGap += carried;
    m_runs = std::move(runs);
}

void OperationWindowModel::noteEdit(int row, int delta)
{
    if (!m_requests.isEmpty())
        m_edits.push_back({row, delta, m_editVersion});
}

int OperationWindowModel::mapThroughEdits(int row, std::size_t since, qint64 version) const
{
    // Only changes the answer does not include yet move its rows.
    for (std::size_t i = since; i < m_edits.size(); ++i) {
        const Edit &edit = m_edits[i];
        if (edit.version <= version)
            continue;
        if (edit.delta > 0 && edit.row <= row)
            ++row;
        else if (edit.delta < 0 && edit.row < row)
            --row;
    }
    return row;
}

void OperationWindowModel::applySharedChanges(const QList<SharedOperation> &changed)
{
    for (const SharedOperation &next : changed) {
        if (!next)
            continue;
        const QString &id = next->operationId;
        const SharedOperation known = m_known.value(id);
        if (known && known->version >= next->version)
            continue;
        m_known.insert(id, next);
        m_appliedVersion = std::max(m_appliedVersion, next->version);
        if (!m_answered)
            continue;
        const SharedOperation loaded = m_loaded.value(id);
        if (loaded && loaded->version >= next->version)
            continue;
        // Not loaded and not newer than the answers: the service counted it already.
        if (!loaded && next->version <= m_answerVersion)
            continue;
        m_editVersion = next->version;
        place(loaded ? loaded : known, next);
    }
}

void OperationWindowModel::removeOperations(const QStringList &operationIds)
{
    for (const QString &id : operationIds) {
        const SharedOperation known = m_known.take(id);
        const SharedOperation loaded = m_loaded.value(id);
        m_editVersion = m_appliedVersion + 1;
        if (m_answered && (loaded || known))
            place(loaded ? loaded : known, {});
    }
}

void OperationWindowModel::forgetOperations(const QStringList &operationIds)
{
    for (const QString &id : operationIds)
        m_known.remove(id);
}

void OperationWindowModel::place(const SharedOperation &previous, const SharedOperation &next)
{
    const bool wasLoaded = previous && m_loaded.value(previous->operationId) == previous;
    std::optional<Place> old;
    if (previous && (wasLoaded || m_query.matches(*previous))) {
        const Place at = locateKey(*previous);
        if (wasLoaded ? !at.inGap : (at.inGap && gapOf(at.run) > 0))
            old = at;
    }
    const bool belongs = next && m_query.matches(*next);
    if (!old) {
        if (belongs)
            insertAt(locateKey(*next), next);
        return;
    }
    if (!belongs) {
        removeAt(*old);
        return;
    }
    const Place target = locateKey(*next);
    if (old->inGap) {
        if (!(target.inGap && target.run == old->run)) {
            removeAt(*old);
            insertAt(locateKey(*next), next);
        }
        return;
    }
    if (!target.inGap && (target.row == old->row || target.row == old->row + 1)) {
        // Still between the same neighbours: the row changes in place.
        m_runs[old->run].rows[old->index] = next;
        m_loaded.insert(next->operationId, next);
        emit dataChanged(index(old->row, 0), index(old->row, OperationTableModel::ColumnCount - 1));
        return;
    }
    if (target.inGap) {
        removeAt(*old);
        insertAt(locateKey(*next), next);
        return;
    }
    // From one loaded place to another: a move keeps the selection on it.
    beginMoveRows({}, old->row, old->row, {}, target.row);
    std::vector<SharedOperation> &from = m_runs[old->run].rows;
    from.erase(from.begin() + std::ptrdiff_t(old->index));
    m_loaded.remove(next->operationId);
    normalize();
    Place landing = locateKey(*next);
    if (landing.inGap) {
        ++gapOf(landing.run);
    } else {
        if (landing.run >= m_runs.size())
            m_runs.push_back({});
        std::vector<SharedOperation> &to = m_runs[landing.run].rows;
        to.insert(to.begin() + std::ptrdiff_t(landing.index), next);
        m_loaded.insert(next->operationId, next);
    }
    endMoveRows();
    const int newRow = target.row > old->row ? target.row - 1 : target.row;
    noteEdit(old->row, -1);
    noteEdit(newRow, 1);
    emit dataChanged(index(newRow, 0), index(newRow, OperationTableModel::ColumnCount - 1));
}

void OperationWindowModel::refresh()
{
    if (!m_answered)
        return;
    int base = 0;
    for (const Run &run : m_runs) {
        base += run.gap;
        requestRange(base, base + int(run.rows.size()) - 1, true);
        base += int(run.rows.size());
    }
    if (m_runs.empty())
        requestRange(0, blockSize - 1, true);
}

void OperationWindowModel::requestRange(int first, int last, bool reload)
{
    if (!m_source)
        return;
    const int total = m_answered ? rowCount() : last + 1;
    last = std::min(last, total - 1);
    for (int block = first / blockSize * blockSize; block <= last; block += blockSize) {
        const int end = std::min(block + blockSize, total) - 1;
        if (!reload) {
            bool missing = false;
            for (int row = block; row <= end && !missing; ++row)
                missing = isPlaceholder(row);
            bool asked = false;
            for (auto it = m_requests.cbegin(); it != m_requests.cend() && !asked; ++it) {
                const int from = mapThroughEdits(it->offset, it->editsSeen, it->version);
                asked = from <= block && block < from + it->limit;
            }
            if (!missing || asked)
                continue;
        }
        const quint64 ticket = m_source->requestBlock(m_query, block, blockSize);
        m_requests.insert(ticket, {block, blockSize, m_edits.size(), reload, m_appliedVersion});
    }
}

bool OperationWindowModel::isPlaceholder(int row) const
{
    const Place place = locateRow(row);
    return place.inGap;
}

void OperationWindowModel::handleBlockReady(quint64 ticket, const OperationBlock &block)
{
    const auto request = m_requests.find(ticket);
    if (request == m_requests.end())
        return;
    const Request asked = *request;
    m_requests.erase(request);
    const bool first = !m_answered;
    if (first) {
        m_answered = true;
        m_answerVersion = block.version;
        if (block.total > 0) {
            beginInsertRows({}, 0, block.total - 1);
            m_tailGap = block.total;
            m_rowCount = block.total;
            endInsertRows();
        }
    }
    const int row = mapThroughEdits(block.offset, asked.editsSeen, block.version);
    if (asked.reload)
        unload(row, int(block.operations.size()));
    fill(row, block.operations);
    if (block.version >= m_appliedVersion) {
        m_answerVersion = std::max(m_answerVersion, block.version);
        setTotal(block.total);
    }
    if (m_requests.isEmpty())
        m_edits.clear();
    evict();
    if (first) {
        emit answered();
        fetchVisibleNow();
    }
}

void OperationWindowModel::handleBlockFailed(quint64 ticket, const QString &reason)
{
    if (!m_requests.remove(ticket))
        return;
    if (m_requests.isEmpty())
        m_edits.clear();
    m_fetchTimer.setInterval(retryDelay);
    m_fetchTimer.start();
    emit loadFailed(reason);
}

void OperationWindowModel::fill(int firstRow, const QList<SharedOperation> &operations)
{
    int filledFirst = -1;
    int filledLast = -1;
    for (qsizetype k = 0; k < operations.size(); ++k) {
        SharedOperation operation = operations[k];
        const int row = firstRow + int(k);
        if (!operation || row >= rowCount())
            break;
        if (m_loaded.contains(operation->operationId))
            continue;
        const SharedOperation known = m_known.value(operation->operationId);
        if (known && known->version > operation->version) {
            // The feed has a newer state: it was placed already, where it is now.
            continue;
        }
        const Place at = locateRow(row);
        if (!at.inGap)
            continue;
        // Loaded rows stay sorted: a row that would break the order (moved meanwhile) is
        // left a placeholder and asked for again.
        const Place sorted = locateKey(*operation);
        if (!sorted.inGap || sorted.run != at.run)
            continue;
        loadInGap(at, operation);
        filledFirst = filledFirst < 0 ? row : filledFirst;
        filledLast = row;
    }
    if (filledFirst >= 0)
        emit dataChanged(index(filledFirst, 0),
                         index(filledLast, OperationTableModel::ColumnCount - 1));
}

void OperationWindowModel::loadInGap(const Place &at, const SharedOperation &operation)
{
    // Splits the gap: placeholders before the row, the row, placeholders after it.
    const int before = int(at.index);
    const int gap = gapOf(at.run);
    Run loaded{before, {operation}};
    if (at.run < m_runs.size())
        m_runs[at.run].gap = gap - before - 1;
    else
        m_tailGap = gap - before - 1;
    m_runs.insert(m_runs.begin() + std::ptrdiff_t(at.run), std::move(loaded));
    m_loaded.insert(operation->operationId, operation);
    normalize();
}

void OperationWindowModel::unload(int firstRow, int rows)
{
    const int end = std::min(firstRow + rows, rowCount());
    int changedFirst = -1;
    int changedLast = -1;
    for (int row = firstRow; row < end;) {
        const Place at = locateRow(row);
        if (at.inGap) {
            row += gapOf(at.run) - int(at.index);
            continue;
        }
        // Rows [index, index + count) of the run become placeholders before the rest.
        std::vector<SharedOperation> &held = m_runs[at.run].rows;
        const int count = std::min(end - row, int(held.size() - at.index));
        const auto from = held.begin() + std::ptrdiff_t(at.index);
        for (auto it = from; it != from + count; ++it)
            m_loaded.remove((*it)->operationId);
        Run after{count,
                  {std::make_move_iterator(from + count), std::make_move_iterator(held.end())}};
        held.erase(from, held.end());
        if (after.rows.empty())
            gapOf(at.run + 1) += count;
        else
            m_runs.insert(m_runs.begin() + std::ptrdiff_t(at.run) + 1, std::move(after));
        normalize();
        changedFirst = changedFirst < 0 ? row : changedFirst;
        changedLast = row + count - 1;
        row += count;
    }
    if (changedFirst >= 0)
        emit dataChanged(index(changedFirst, 0),
                         index(changedLast, OperationTableModel::ColumnCount - 1));
}

void OperationWindowModel::setTotal(int total)
{
    const int rows = rowCount();
    if (total > rows) {
        beginInsertRows({}, rows, total - 1);
        m_tailGap += total - rows;
        m_rowCount = total;
        endInsertRows();
        return;
    }
    // Fewer: placeholders go from the end; loaded rows at the end stay (the feed removes
    // those it knows of).
    const int drop = std::min(rows - total, m_tailGap);
    if (drop <= 0)
        return;
    beginRemoveRows({}, rows - drop, rows - 1);
    m_tailGap -= drop;
    m_rowCount -= drop;
    endRemoveRows();
}

void OperationWindowModel::evict()
{
    while (int(m_loaded.size()) > m_maxLoadedRows) {
        const int centre = (m_visibleFirst + std::max(m_visibleFirst, m_visibleLast)) / 2;
        const int keepFirst = std::max(0, m_visibleFirst - prefetchRows);
        const int keepLast = m_visibleLast + prefetchRows;
        const int excess = std::min(blockSize, int(m_loaded.size()) - m_maxLoadedRows);
        // The loaded row farthest from the view goes first, a block at a time.
        int base = 0;
        int farFirst = -1;
        int farDistance = -1;
        for (const Run &run : m_runs) {
            base += run.gap;
            const int first = base;
            const int last = base + int(run.rows.size()) - 1;
            if (std::abs(first - centre) > farDistance && (first < keepFirst || first > keepLast)) {
                farDistance = std::abs(first - centre);
                farFirst = first;
            }
            if (std::abs(last - centre) > farDistance && (last < keepFirst || last > keepLast)) {
                farDistance = std::abs(last - centre);
                farFirst = std::max(first, last - excess + 1);
            }
            base += int(run.rows.size());
        }
        if (farFirst < 0)
            return;
        unload(farFirst, excess);
    }
}

} // namespace optrack
