#include "operationsview.h"

#include "columnfitter.h"
#include "emptyoverlay.h"
#include "offlinebanner.h"
#include "operationdetailpanel.h"
#include "operationfiltermodel.h"
#include "operationtablemodel.h"
#include "operationwindowmodel.h"
#include "placeholderdelegate.h"
#include "progressdelegate.h"
#include "statusbadgedelegate.h"
#include "statuspalette.h"
#include "visiblerowsfollower.h"
#include "windowquerybinding.h"

#include <QAction>
#include <QDataStream>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QSet>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr quint32 stateMagic = 0x4f505657; // "OPVW"
constexpr quint32 stateVersion = 2;
constexpr int sidebarWidth = 210;
constexpr int defaultRightWidth = 1070;
constexpr int defaultTableHeight = 360;
constexpr int defaultPanelHeight = 340;
/// The name keeps this much when columns make way for a narrow window.
constexpr int nameMinimumWidth = 150;
/// Narrower than this, the filters sidebar folds away by itself.
constexpr int sidebarCollapseWidth = 960;
/// Cell margins and the sort arrow beside a time.
constexpr int timePadding = 28;
/// How far the table's text fades while it shows the past.
constexpr double staleTextAmount = 0.6;

struct ColumnDefault
{
    OperationTableModel::Column column;
    int width;
    bool hidden;
};

constexpr ColumnDefault columnDefaults[] = {
        {OperationTableModel::Name, 300, false},   {OperationTableModel::Type, 115, false},
        {OperationTableModel::Status, 185, false}, {OperationTableModel::Progress, 115, false},
        {OperationTableModel::Step, 230, true},    {OperationTableModel::TimeRemaining, 150, false},
        {OperationTableModel::Owner, 85, false},   {OperationTableModel::Started, 135, false},
        {OperationTableModel::Updated, 135, true},
};

} // namespace

OperationsView::OperationsView(QWidget *parent)
    : QWidget(parent)
    , m_sidebar(new OperationsSidebar(this))
    , m_searchField(new QLineEdit(this))
    , m_rowCountLabel(new QLabel(this))
    , m_banner(new OfflineBanner(this))
    , m_table(new QTreeView(this))
    , m_detail(new OperationDetailPanel(this))
    , m_mainSplitter(new QSplitter(Qt::Horizontal, this))
    , m_tableSplitter(new QSplitter(Qt::Vertical, this))
{
    setAccessibleName(tr("Operations"));

    m_searchField->setPlaceholderText(tr("Search by name, entity or owner (Ctrl+F)"));
    m_searchField->setClearButtonEnabled(true);
    m_searchField->setAccessibleName(tr("Search operations"));
    m_rowCountLabel->setAccessibleName(tr("Operations shown"));
    StatusPalette::setMutedText(m_rowCountLabel);

    m_table->setAccessibleName(tr("Operations table"));
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setAllColumnsShowFocus(true);
    // Several rows for "Approve selected…"; the current one is the one in the details.
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->setItemDelegateForColumn(OperationTableModel::Status,
                                      new StatusBadgeDelegate(m_table));
    m_table->setItemDelegateForColumn(OperationTableModel::Progress, new ProgressDelegate(m_table));
    m_table->header()->setSectionsMovable(true);
    m_table->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->header()->setAccessibleName(tr("Columns"));
    connect(m_table->header(), &QHeaderView::customContextMenuRequested, this,
            &OperationsView::showHeaderMenu);
    connect(m_table, &QTreeView::pressed, this, &OperationsView::handleRowPressed);
    connect(m_table, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString id = index.data(OperationTableModel::OperationIdRole).toString();
        if (!id.isEmpty())
            emit operationActivated(id);
    });

    m_emptyOverlay = new EmptyOverlay(m_table);
    m_binding = new WindowQueryBinding(m_table, m_sidebar, m_searchField, this);
    connect(m_binding, &WindowQueryBinding::requeried, this, &OperationsView::updateRowCount);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 6, 6, 0);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_searchField, 1);
    searchRow->addSpacing(12);
    searchRow->addWidget(m_rowCountLabel);
    rightLayout->addLayout(searchRow);
    rightLayout->addWidget(m_banner);
    m_tableSplitter->addWidget(m_table);
    m_tableSplitter->addWidget(m_detail);
    m_tableSplitter->setChildrenCollapsible(false);
    m_tableSplitter->setStretchFactor(0, 3);
    m_tableSplitter->setStretchFactor(1, 2);
    m_tableSplitter->setSizes({defaultTableHeight, defaultPanelHeight});
    m_tableSplitter->setAccessibleName(tr("Table and details"));
    rightLayout->addWidget(m_tableSplitter, 1);

    m_mainSplitter->addWidget(m_sidebar);
    m_mainSplitter->addWidget(right);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({sidebarWidth, defaultRightWidth});
    m_mainSplitter->setChildrenCollapsible(false);
    // Narrow windows give the table the room: the fitter drops the lesser columns first,
    // the name, status and progress stay.
    m_fitter = new ColumnFitter(m_table, OperationTableModel::Name, nameMinimumWidth,
                                {OperationTableModel::Updated, OperationTableModel::Step,
                                 OperationTableModel::Started, OperationTableModel::Owner,
                                 OperationTableModel::Type, OperationTableModel::TimeRemaining},
                                this);
    m_mainSplitter->setAccessibleName(tr("Filters and operations"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mainSplitter);

    setTabOrder(m_searchField, m_table);
    setTabOrder(m_table, m_sidebar->statusList());
    setTabOrder(m_sidebar->statusList(), m_sidebar->typeList());

    connect(m_sidebar, &OperationsSidebar::filterChanged, this, &OperationsView::applyFilter);
    connect(m_sidebar, &OperationsSidebar::typeFilterChanged, this,
            [this](const QStringList &types) {
                if (m_filterModel)
                    m_filterModel->setTypeFilter(types);
                if (isShowingWindow())
                    m_binding->requery();
            });
    connect(m_searchField, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (m_filterModel)
            m_filterModel->setTextFilter(text);
        if (isShowingWindow())
            m_binding->requeryLater();
    });
    connect(m_banner, &OfflineBanner::retryNowRequested, this, &OperationsView::retryNowRequested);
    updateRowCount();
}

void OperationsView::setModels(OperationTableModel *tableModel, OperationFilterModel *filterModel)
{
    if (m_tableModel)
        disconnect(m_tableModel, nullptr, this, nullptr);
    if (m_filterModel)
        disconnect(m_filterModel, nullptr, this, nullptr);
    m_tableModel = tableModel;
    m_filterModel = filterModel;
    if (m_filterModel && m_filterModel->sourceModel() != m_tableModel)
        m_filterModel->setSourceModel(m_tableModel);

    // Before the view's selection model: we learn that the current row goes before the
    // view moves the current row to a neighbour.
    if (m_filterModel) {
        connect(m_filterModel, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                &OperationsView::handleRowsAboutToBeRemoved);
        connect(m_filterModel, &QAbstractItemModel::rowsRemoved, this,
                [this] { m_removingCurrent = false; });
        connect(m_filterModel, &QAbstractItemModel::layoutChanged, this,
                &OperationsView::handleLayoutChanged);
    }
    showRowsOf(wantedRows());
    m_currentId.clear();
    m_detail->clearOperation();
    if (!m_tableModel || !m_filterModel)
        return;

    applyDefaultColumns();
    if (!m_pendingHeaderState.isEmpty())
        restoreHeader(std::exchange(m_pendingHeaderState, {}), std::exchange(m_pendingDropped, {}));
    m_fitter->fit();
    m_filterModel->setCurrentUser(m_userId, m_roles);
    applyFilter(m_sidebar->currentFilter());
    m_filterModel->setTypeFilter(m_sidebar->checkedTypes());
    m_filterModel->setTextFilter(m_searchField->text());

    connect(m_tableModel, &QAbstractItemModel::dataChanged, this,
            &OperationsView::handleSourceDataChanged);
    connect(m_tableModel, &QAbstractItemModel::rowsInserted, this,
            &OperationsView::handleSourceRowsInserted);
    connect(m_tableModel, &QAbstractItemModel::rowsRemoved, this,
            &OperationsView::handleSourceRowsRemoved);
    connect(m_tableModel, &QAbstractItemModel::modelReset, this,
            &OperationsView::handleSourceRowsRemoved);
    connect(m_filterModel, &OperationFilterModel::countsChanged, this,
            &OperationsView::handleCountsChanged);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(m_filterModel, signal, this, &OperationsView::updateRowCount);
    }
    connect(m_filterModel, &QAbstractItemModel::modelReset, this, &OperationsView::updateRowCount);
    connect(m_filterModel, &QAbstractItemModel::layoutChanged, this,
            &OperationsView::updateRowCount);

    if (m_tableModel->rowCount() > 0)
        handleSourceRowsInserted({}, 0, m_tableModel->rowCount() - 1);
    handleCountsChanged();
    updateRowCount();
}

OperationTableModel *OperationsView::tableModel() const
{
    return m_tableModel;
}

OperationFilterModel *OperationsView::filterModel() const
{
    return m_filterModel;
}

void OperationsView::setWindowModel(OperationWindowModel *windowModel)
{
    if (m_windowModel)
        disconnect(m_windowModel, nullptr, this, nullptr);
    m_windowModel = windowModel;
    m_binding->setModel(windowModel);
    if (windowModel) {
        // Before the view's selection model: we learn that the current row goes before the
        // view moves the current row to a neighbour.
        connect(windowModel, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                &OperationsView::handleRowsAboutToBeRemoved);
        connect(windowModel, &QAbstractItemModel::rowsRemoved, this,
                [this] { m_removingCurrent = false; });
        // Blocks load under the view; their rows fill in where placeholders were.
        new VisibleRowsFollower(m_table, windowModel);
        m_table->setItemDelegate(new PlaceholderDelegate(m_table));
        connect(windowModel, &OperationWindowModel::answered, this,
                &OperationsView::handleWindowAnswered);
        connect(windowModel, &QAbstractItemModel::dataChanged, this,
                &OperationsView::handleWindowDataChanged);
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(windowModel, signal, this, &OperationsView::updateRowCount);
        connect(windowModel, &QAbstractItemModel::modelReset, this,
                &OperationsView::updateRowCount);
    }
    showRowsOf(wantedRows());
    handleCountsChanged();
    updateRowCount();
}

OperationWindowModel *OperationsView::windowModel() const
{
    return m_windowModel;
}

void OperationsView::restartWindow()
{
    m_serviceTotal = -1;
    m_serviceCounts.clear();
    m_binding->restart();
    handleCountsChanged();
    updateRowCount();
}

bool OperationsView::isShowingWindow() const
{
    return m_windowModel && m_table->model() == m_windowModel;
}

QAbstractItemModel *OperationsView::wantedRows() const
{
    // Every vote waiting is in the live set the feed holds: the inbox is the filter model's.
    if (m_windowModel && m_sidebar->currentFilter() != OperationsSidebar::NeedsMyVote)
        return m_windowModel;
    return m_filterModel;
}

void OperationsView::showRowsOf(QAbstractItemModel *model)
{
    if (m_table->model() == model)
        return;
    m_table->setModel(model);
    if (!model)
        return;
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OperationsView::handleCurrentChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OperationsView::selectionChanged);
    reselectCurrent();
    updateRowCount();
}

void OperationsView::setServiceCounts(const QMap<OperationStatus, int> &counts, int total,
                                      const QStringList &types)
{
    m_serviceCounts = counts;
    m_serviceTotal = total;
    const QStringList known = m_sidebar->operationTypes();
    QStringList fresh;
    for (const QString &type : types) {
        if (!known.contains(type))
            fresh.append(type);
    }
    if (!fresh.isEmpty())
        m_sidebar->addOperationTypes(fresh);
    handleCountsChanged();
    updateRowCount();
}

void OperationsView::handleWindowAnswered()
{
    reselectCurrent();
    updateRowCount();
}

void OperationsView::handleWindowDataChanged(const QModelIndex &topLeft,
                                             const QModelIndex &bottomRight)
{
    if (m_currentId.isEmpty() || !isShowingWindow())
        return;
    const int row = m_windowModel->rowOf(m_currentId);
    if (row >= topLeft.row() && row <= bottomRight.row())
        reselectCurrent();
}

void OperationsView::reselectCurrent()
{
    if (m_currentId.isEmpty() || !m_table->selectionModel())
        return;
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid() && current.data(OperationTableModel::OperationIdRole) == m_currentId)
        return;
    QModelIndex index;
    if (isShowingWindow()) {
        const int row = m_windowModel->rowOf(m_currentId);
        index = row >= 0 ? m_windowModel->index(row, 0) : QModelIndex();
    } else if (m_filterModel && m_tableModel && m_tableModel->rowOf(m_currentId) >= 0) {
        index = m_filterModel->mapFromSource(
                m_tableModel->index(m_tableModel->rowOf(m_currentId), 0));
    }
    // The same operation, picked before a new query or a reconnect: selected again.
    if (index.isValid())
        m_table->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

bool OperationsView::selectInWindow(const QString &operationId)
{
    const int row = m_windowModel->rowOf(operationId);
    if (row >= 0) {
        const QModelIndex index = m_windowModel->index(row, 0);
        m_table->setCurrentIndex(index);
        m_table->scrollTo(index);
        return true;
    }
    const std::optional<Operation> operation = heldOperation(operationId);
    if (!operation)
        return false;
    // Not among the rows loaded: shown in the details now, and its row selected as soon as
    // the window (every status and type, newest first when filtered) holds it.
    if (!m_searchField->text().isEmpty() || !m_sidebar->checkedTypes().isEmpty()
        || m_sidebar->currentFilter() != OperationsSidebar::All) {
        m_searchField->clear();
        m_sidebar->setCheckedTypes({});
        m_sidebar->setCurrentFilter(OperationsSidebar::All);
        m_binding->requery();
    }
    m_table->selectionModel()->clear();
    m_currentId = operationId;
    m_detail->setOperation(*operation);
    emit currentOperationChanged(operationId);
    return true;
}

std::optional<Operation> OperationsView::heldOperation(const QString &operationId) const
{
    if (operationId.isEmpty())
        return std::nullopt;
    if (m_tableModel) {
        const int row = m_tableModel->rowOf(operationId);
        if (row >= 0)
            return m_tableModel->operationAt(row);
    }
    if (m_windowModel) {
        const int row = m_windowModel->rowOf(operationId);
        if (row >= 0)
            return *m_windowModel->operationAt(row);
    }
    return std::nullopt;
}

void OperationsView::applyDefaultColumns()
{
    QHeaderView *header = m_table->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    for (const ColumnDefault &column : columnDefaults) {
        header->resizeSection(column.column, column.width);
        header->setSectionHidden(column.column, column.hidden);
    }
    // Times as wide as this locale writes them (seconds included in some).
    const QString longestTime = QLocale().toString(
            QDateTime(QDate(2026, 12, 28), QTime(23, 59, 59)), QLocale::ShortFormat);
    const int timeWidth = m_table->fontMetrics().horizontalAdvance(longestTime) + timePadding;
    for (int column : {OperationTableModel::Started, OperationTableModel::Updated})
        header->resizeSection(column, std::max(header->sectionSize(column), timeWidth));
    // The name takes the room the others leave; the step is in the detail panel.
    header->setSectionResizeMode(OperationTableModel::Name, QHeaderView::Stretch);
    // Newest first; the proxy sorts on the raw start time.
    m_table->sortByColumn(OperationTableModel::Started, Qt::DescendingOrder);
}

void OperationsView::setCurrentUser(const QString &userId, const QStringList &roles)
{
    m_userId = userId;
    m_roles = roles;
    if (m_filterModel)
        m_filterModel->setCurrentUser(userId, roles);
    m_detail->setCurrentUser(userId, roles);
}

void OperationsView::setConnection(const ConnectionInfo &info)
{
    m_banner->setConnection(info);
    const bool stale = info.state == ConnectionState::NotResponding
            || info.state == ConnectionState::Offline;
    const QDateTime asOf = stale ? info.confirmedAt : QDateTime();
    if (m_tableModel)
        m_tableModel->setStaleAsOf(asOf);
    m_detail->setStaleAsOf(asOf);
    // The whole table reads as the past: its text is muted until it is current again.
    if (stale) {
        QPalette palette = this->palette();
        palette.setColor(QPalette::Text,
                         StatusPalette::blend(palette.color(QPalette::Text),
                                              palette.color(QPalette::Base), staleTextAmount));
        m_table->setPalette(palette);
    } else {
        m_table->setPalette(QPalette());
    }
}

void OperationsView::applyFilter(OperationsSidebar::Filter filter)
{
    if (!m_filterModel)
        return;
    m_filterModel->setNeedsMyVoteOnly(filter == OperationsSidebar::NeedsMyVote);
    m_filterModel->setStatusFilter(OperationsSidebar::statusesOf(filter));
    showRowsOf(wantedRows());
    if (isShowingWindow())
        m_binding->requery();
    updateRowCount();
}

bool OperationsView::selectOperation(const QString &operationId)
{
    if (!m_tableModel || !m_filterModel)
        return false;
    if (m_windowModel && m_sidebar->currentFilter() != OperationsSidebar::NeedsMyVote)
        return selectInWindow(operationId);
    // A notice can name an operation whose row is still queued for the next flush.
    if (m_tableModel->rowOf(operationId) < 0 && m_tableModel->hasPendingChanges())
        m_tableModel->flushPendingChanges();
    const int sourceRow = m_tableModel->rowOf(operationId);
    if (sourceRow < 0)
        return false;
    QModelIndex index = m_filterModel->mapFromSource(m_tableModel->index(sourceRow, 0));
    if (!index.isValid()) {
        m_searchField->clear();
        m_sidebar->setCheckedTypes({});
        m_sidebar->setCurrentFilter(OperationsSidebar::All);
        index = m_filterModel->mapFromSource(m_tableModel->index(sourceRow, 0));
    }
    if (!index.isValid())
        return false;
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
    return true;
}

void OperationsView::setSidebarShown(bool shown)
{
    m_sidebarWanted = shown;
    applySidebar();
}

bool OperationsView::isSidebarShown() const
{
    return !m_sidebar->isHidden();
}

void OperationsView::applySidebar()
{
    const bool shown = m_sidebarWanted;
    if (shown == isSidebarShown())
        return;
    m_sidebar->setVisible(shown);
    // Back from folded (or from a state saved while folded): the sidebar gets its width.
    if (shown && m_mainSplitter->sizes().value(0) == 0)
        m_mainSplitter->setSizes({sidebarWidth, std::max(1, width() - sidebarWidth)});
    emit sidebarShownChanged(shown);
}

void OperationsView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const bool narrow = width() < sidebarCollapseWidth;
    if (narrow == m_narrow)
        return;
    // Crossing the line decides afresh: folded when narrow, back when wide again. In
    // between, F9 (setSidebarShown) brings the filters back at any width.
    m_narrow = narrow;
    m_sidebarWanted = !narrow;
    applySidebar();
}

void OperationsView::focusSearch()
{
    m_searchField->setFocus(Qt::ShortcutFocusReason);
    m_searchField->selectAll();
}

QList<Operation> OperationsView::selectedOperations() const
{
    QList<Operation> operations;
    if (!m_tableModel || !m_filterModel)
        return operations;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    for (const QModelIndex &index : std::as_const(rows)) {
        if (isShowingWindow()) {
            if (const SharedOperation operation = m_windowModel->operationAt(index.row()))
                operations.append(*operation);
            continue;
        }
        const int sourceRow = m_filterModel->mapToSource(index).row();
        if (sourceRow >= 0)
            operations.append(m_tableModel->operationAt(sourceRow));
    }
    return operations;
}

bool OperationsView::isShown(const QString &operationId) const
{
    if (isShowingWindow())
        return m_windowModel->rowOf(operationId) >= 0;
    const int sourceRow = m_tableModel ? m_tableModel->rowOf(operationId) : -1;
    return sourceRow >= 0
            && m_filterModel->mapFromSource(m_tableModel->index(sourceRow, 0)).isValid();
}

void OperationsView::handleCurrentChanged(const QModelIndex &current)
{
    const QString id = current.data(OperationTableModel::OperationIdRole).toString();
    if (id == m_currentId)
        return;
    if (m_removingCurrent) {
        dropCurrent();
        return;
    }
    if (id.isEmpty() && !current.isValid() && isShowingWindow())
        return; // a new query: the operation stays chosen and is selected again with its row
    m_currentId = id;
    if (const std::optional<Operation> operation = heldOperation(id))
        m_detail->setOperation(*operation);
    else
        m_detail->clearOperation();
    emit currentOperationChanged(id);
}

void OperationsView::handleRowPressed(const QModelIndex &index)
{
    const QString id = index.data(OperationTableModel::OperationIdRole).toString();
    if (id.isEmpty())
        return;
    if (id != m_currentId) {
        // The row the view had moved to by itself, now picked by the user.
        handleCurrentChanged(index);
        return;
    }
    m_detail->rearmVoting();
}

void OperationsView::handleRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (sender() != m_table->model())
        return;
    const int row = m_table->currentIndex().row();
    m_removingCurrent = !parent.isValid() && !m_currentId.isEmpty() && row >= first && row <= last;
}

void OperationsView::handleLayoutChanged()
{
    if (!m_currentId.isEmpty() && !isShown(m_currentId))
        dropCurrent();
}

void OperationsView::dropCurrent()
{
    m_currentId.clear();
    m_detail->clearOperation();
    emit currentOperationChanged({});
    // The view has put its current row on a neighbour; take that away once it is done,
    // unless the user has picked a row meanwhile.
    const QPersistentModelIndex chosenByTheView = m_table->currentIndex();
    QMetaObject::invokeMethod(
            this,
            [this, chosenByTheView] {
                if (!m_currentId.isEmpty() || m_table->currentIndex() != chosenByTheView)
                    return;
                m_table->selectionModel()->clear();
            },
            Qt::QueuedConnection);
}

void OperationsView::handleSourceDataChanged(const QModelIndex &topLeft,
                                             const QModelIndex &bottomRight)
{
    if (m_currentId.isEmpty())
        return;
    const int row = m_tableModel->rowOf(m_currentId);
    if (row < topLeft.row() || row > bottomRight.row())
        return;
    m_detail->setOperation(m_tableModel->operationAt(row));
    emit currentOperationUpdated(m_currentId);
}

void OperationsView::handleSourceRowsInserted(const QModelIndex &, int first, int last)
{
    QSet<QString> types;
    for (int row = first; row <= last; ++row)
        types.insert(m_tableModel->operationAt(row).operationType);
    const QStringList known = m_sidebar->operationTypes();
    QStringList fresh;
    for (const QString &type : std::as_const(types)) {
        if (!known.contains(type))
            fresh.append(type);
    }
    if (!fresh.isEmpty())
        m_sidebar->addOperationTypes(fresh);
}

void OperationsView::handleSourceRowsRemoved()
{
    // The window's own removals tell when the operation shown leaves its rows.
    if (isShowingWindow())
        return;
    if (m_currentId.isEmpty() || (m_tableModel && m_tableModel->rowOf(m_currentId) >= 0))
        return;
    m_currentId.clear();
    m_detail->clearOperation();
    emit currentOperationChanged({});
}

void OperationsView::handleCountsChanged()
{
    if (!m_filterModel)
        return;
    // Everything waiting for a vote is held (the live set); the rest is counted by the
    // service, whatever the rows held.
    if (m_windowModel)
        m_sidebar->setCounts(m_serviceCounts, m_filterModel->needsMyVoteCount());
    else
        m_sidebar->setCounts(m_filterModel->statusCounts(), m_filterModel->needsMyVoteCount());
}

QString OperationsView::rowCountText() const
{
    return m_rowCountLabel->text();
}

void OperationsView::updateRowCount()
{
    int shown = m_filterModel ? m_filterModel->rowCount() : 0;
    int total = m_tableModel ? m_tableModel->rowCount() : 0;
    if (m_windowModel)
        total = std::max(m_serviceTotal, 0);
    if (isShowingWindow()) {
        shown = m_windowModel->rowCount();
        if (!m_windowModel->isAnswered()) {
            // Asking: the placeholders say so, not an empty table's sentence.
            m_emptyOverlay->showWhen(false, {});
            return;
        }
        if (m_serviceTotal < 0)
            total = shown;
    }
    const QLocale locale;
    const QString totalText
            = total == 1 ? tr("1 operation") : tr("%1 operations").arg(locale.toString(total));
    m_rowCountLabel->setText(
            shown == total ? totalText : tr("%1 of %2").arg(locale.toString(shown), totalText));
    m_emptyOverlay->showWhen(shown == 0,
                             total == 0 ? tr("No operations yet. Start one from the File menu.")
                                        : tr("No operations match these filters."));
}

void OperationsView::showHeaderMenu(const QPoint &position)
{
    if (!m_tableModel)
        return;
    QHeaderView *header = m_table->header();
    QMenu menu(this);
    menu.setAccessibleName(tr("Columns shown"));
    for (int column = 0; column < OperationTableModel::ColumnCount; ++column) {
        QAction *action
                = menu.addAction(m_tableModel->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        // The name column always stays: it identifies the row.
        action->setEnabled(column != OperationTableModel::Name);
        connect(action, &QAction::toggled, header, [this, header, column](bool shown) {
            m_fitter->forget(column);
            header->setSectionHidden(column, !shown);
        });
    }
    menu.exec(header->mapToGlobal(position));
}

void OperationsView::restoreHeader(const QByteArray &state, const QList<int> &dropped)
{
    QHeaderView *header = m_table->header();
    header->restoreState(state);
    // Columns hidden only for want of room are the user's again; the fitter decides anew
    // for this window's width.
    for (int column : dropped) {
        if (column >= 0 && column < header->count())
            header->setSectionHidden(column, false);
    }
    m_fitter->fit();
}

QByteArray OperationsView::saveState() const
{
    QByteArray state;
    QDataStream stream(&state, QIODevice::WriteOnly);
    stream << stateMagic << stateVersion << m_table->header()->saveState()
           << m_mainSplitter->saveState() << m_tableSplitter->saveState()
           << qint32(m_sidebar->currentFilter()) << m_sidebar->checkedTypes()
           << m_fitter->droppedColumns();
    return state;
}

bool OperationsView::restoreState(const QByteArray &state)
{
    QDataStream stream(state);
    quint32 magic = 0;
    quint32 version = 0;
    QByteArray header;
    QByteArray mainSplitter;
    QByteArray tableSplitter;
    qint32 filter = 0;
    QStringList types;
    QList<int> dropped;
    stream >> magic >> version >> header >> mainSplitter >> tableSplitter >> filter >> types
            >> dropped;
    if (stream.status() != QDataStream::Ok || magic != stateMagic || version != stateVersion)
        return false;
    if (m_tableModel) {
        restoreHeader(header, dropped);
    } else {
        m_pendingHeaderState = header;
        m_pendingDropped = dropped;
    }
    m_mainSplitter->restoreState(mainSplitter);
    m_tableSplitter->restoreState(tableSplitter);
    if (filter >= OperationsSidebar::All && filter < OperationsSidebar::FilterCount)
        m_sidebar->setCurrentFilter(OperationsSidebar::Filter(filter));
    m_sidebar->setCheckedTypes(types);
    return true;
}

} // namespace optrack
