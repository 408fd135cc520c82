#pragma once

#include "operationwindowquery.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <optional>

class QLineEdit;
class QTreeView;

namespace optrack {

class OperationWindowModel;

class OperationsSidebar;

/// What the dashboard's controls ask of a windowed table: the sidebar's status filter and
/// checked types, the search text and the header's sort become one OperationWindowQuery
/// that the service answers. A click on a header whose column the service cannot sort by
/// puts the indicator back on the order shown. Typing waits for a pause before asking.
class WindowQueryBinding final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds searchDelay{250};

    WindowQueryBinding(QTreeView *table, OperationsSidebar *sidebar, QLineEdit *search,
                       QObject *parent = nullptr);

    void setModel(OperationWindowModel *model);
    OperationWindowModel *model() const { return m_model; }
    /// The question the controls ask now.
    OperationWindowQuery query() const;
    /// Asks it now unless the model already shows it.
    void requery();
    /// Asks it now in any case (another account or service: the rows are others).
    void restart();
    /// Asks it after searchDelay (typing).
    void requeryLater();

    /// The service's sort key for a table column, none for columns it cannot sort by.
    static std::optional<OperationSortKey> sortKeyOf(int column);
    static int columnOf(OperationSortKey key);

signals:
    /// A new question went to the model (its rows were reset).
    void requeried();

private:
    void handleSortIndicator(int column, Qt::SortOrder order);

    QPointer<QTreeView> m_table;
    QPointer<OperationsSidebar> m_sidebar;
    QPointer<QLineEdit> m_search;
    OperationWindowModel *m_model = nullptr;
    QTimer m_searchTimer;
    bool m_asked = false;
    /// The last sort asked, restored when a column the service cannot sort by is clicked.
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};

} // namespace optrack
