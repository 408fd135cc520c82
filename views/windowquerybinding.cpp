#include "windowquerybinding.h"

#include "operationssidebar.h"
#include "operationtablemodel.h"
#include "operationwindowmodel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTreeView>

namespace optrack {

WindowQueryBinding::WindowQueryBinding(QTreeView *table, OperationsSidebar *sidebar,
                                       QLineEdit *search, QObject *parent)
    : QObject(parent)
    , m_table(table)
    , m_sidebar(sidebar)
    , m_search(search)
{
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(searchDelay);
    connect(&m_searchTimer, &QTimer::timeout, this, &WindowQueryBinding::requery);
    connect(m_table->header(), &QHeaderView::sortIndicatorChanged, this,
            &WindowQueryBinding::handleSortIndicator);
}

void WindowQueryBinding::setModel(OperationWindowModel *model)
{
    m_model = model;
    m_asked = false;
}

std::optional<OperationSortKey> WindowQueryBinding::sortKeyOf(int column)
{
    switch (column) {
    case OperationTableModel::Name:
        return OperationSortKey::DisplayName;
    case OperationTableModel::Type:
        return OperationSortKey::OperationType;
    case OperationTableModel::Status:
        return OperationSortKey::Status;
    case OperationTableModel::Progress:
        return OperationSortKey::Progress;
    case OperationTableModel::Started:
        return OperationSortKey::CreatedAt;
    case OperationTableModel::Updated:
        return OperationSortKey::UpdatedAt;
    default:
        return std::nullopt;
    }
}

int WindowQueryBinding::columnOf(OperationSortKey key)
{
    switch (key) {
    case OperationSortKey::DisplayName:
        return OperationTableModel::Name;
    case OperationSortKey::OperationType:
        return OperationTableModel::Type;
    case OperationSortKey::Status:
        return OperationTableModel::Status;
    case OperationSortKey::Progress:
        return OperationTableModel::Progress;
    case OperationSortKey::UpdatedAt:
        return OperationTableModel::Updated;
    case OperationSortKey::CreatedAt:
        break;
    }
    return OperationTableModel::Started;
}

OperationWindowQuery WindowQueryBinding::query() const
{
    OperationWindowQuery query;
    query.statuses = OperationsSidebar::statusesOf(m_sidebar->currentFilter());
    query.operationTypes = m_sidebar->checkedTypes();
    query.text = m_search->text().trimmed();
    const QHeaderView *header = m_table->header();
    const std::optional<OperationSortKey> key = sortKeyOf(header->sortIndicatorSection());
    query.sortKey = key.value_or(OperationSortKey::CreatedAt);
    query.descending = !key || header->sortIndicatorOrder() == Qt::DescendingOrder;
    return query;
}

void WindowQueryBinding::requery()
{
    m_searchTimer.stop();
    if (!m_model)
        return;
    const OperationWindowQuery wanted = query();
    if (m_asked && wanted == m_model->query())
        return;
    m_asked = true;
    m_model->setQuery(wanted);
    emit requeried();
}

void WindowQueryBinding::restart()
{
    m_asked = false;
    requery();
}

void WindowQueryBinding::requeryLater()
{
    m_searchTimer.start();
}

void WindowQueryBinding::handleSortIndicator(int column, Qt::SortOrder order)
{
    if (!m_model || m_table->model() != m_model)
        return;
    if (!sortKeyOf(column)) {
        // The service cannot order by this column: the indicator stays on the order shown.
        const QSignalBlocker blocker(m_table->header());
        const int shown = m_sortColumn >= 0 ? m_sortColumn : columnOf(m_model->query().sortKey);
        m_table->header()->setSortIndicator(shown, m_sortOrder);
        return;
    }
    m_sortColumn = column;
    m_sortOrder = order;
    requery();
}

} // namespace optrack
