#pragma once

#include "connectionstate.h"
#include "operation.h"
#include "operationssidebar.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QModelIndex;
class QSplitter;
class QTreeView;

namespace optrack {

class OperationWindowModel;

class ColumnFitter;
class EmptyOverlay;
class OfflineBanner;
class OperationDetailPanel;
class OperationFilterModel;
class OperationTableModel;
class WindowQueryBinding;

/// The operations dashboard: the sidebar of filters with live counts, a search field,
/// the offline banner, the table of operations (progress bars and status badges,
/// sortable, newest first by default) and the selected operation's detail panel below
/// it. It only shows and filters: the app's controller feeds the models and carries
/// the panel's requests to the service. The detail panel follows only what the user
/// picked: when the shown operation leaves the rows (a filter, or a vote that answered
/// "needs my vote"), nothing is selected instead of the row that slid into its place.
///
/// With a window model (setWindowModel()) the table is a window on the service's order:
/// status, types, search and sort are a query the service answers, and the sidebar's
/// counts are the service's (setServiceCounts()); only "needs my vote" shows the filter
/// model's rows, which hold every operation still waiting, however old.
class OperationsView final : public QWidget
{
    Q_OBJECT

public:
    explicit OperationsView(QWidget *parent = nullptr);

    /// The models to show; the filter model's source is set to the table model.
    void setModels(OperationTableModel *tableModel, OperationFilterModel *filterModel);
    OperationTableModel *tableModel() const;
    OperationFilterModel *filterModel() const;
    /// The windowed table (after setModels()); null keeps the filter model's rows.
    void setWindowModel(OperationWindowModel *windowModel);
    OperationWindowModel *windowModel() const;
    /// Asks the service for the window's rows anew (signed in, or another account).
    void restartWindow();
    /// Whether the table shows the window model's rows now.
    bool isShowingWindow() const;
    /// The service's counts of everything in scope, per status, in all, and the types it
    /// knows: the sidebar shows these instead of counting the rows held.
    void setServiceCounts(const QMap<OperationStatus, int> &counts, int total,
                          const QStringList &types);

    /// Who is looking: "needs my vote" and the panel's actions follow it.
    void setCurrentUser(const QString &userId, const QStringList &roles);
    /// The connection: while what is shown is not current, the banner above the table
    /// says how old it is and the table marks its figures as not current.
    void setConnection(const optrack::ConnectionInfo &info);

    QString currentOperationId() const { return m_currentId; }
    /// The operations of the selected rows (several with Ctrl or Shift), in table order.
    QList<Operation> selectedOperations() const;
    /// Selects an operation, showing every status and type first if the filters hide
    /// it; false when the table does not hold it.
    bool selectOperation(const QString &operationId);
    void focusSearch();
    /// The filters sidebar: shown, or folded away for the table's sake. It folds by itself
    /// when the view gets narrow and comes back when it is wide again; the user may show or
    /// fold it at any width.
    void setSidebarShown(bool shown);
    bool isSidebarShown() const;
    ColumnFitter *columnFitter() const { return m_fitter; }

    /// Columns (order, widths, hidden, sort), splitters, the status filter and the
    /// checked types. Restoring before setModels() applies the columns with the models.
    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    OperationsSidebar *sidebar() const { return m_sidebar; }
    QLineEdit *searchField() const { return m_searchField; }
    QTreeView *tableView() const { return m_table; }
    OperationDetailPanel *detailPanel() const { return m_detail; }
    OfflineBanner *offlineBanner() const { return m_banner; }
    QString rowCountText() const;

signals:
    /// Another operation was selected (empty when none): load its audit trail.
    void currentOperationChanged(const QString &operationId);
    /// The selected operation changed state: its audit trail has grown.
    void currentOperationUpdated(const QString &operationId);
    /// Double-click or Enter on a row: open its progress window.
    void operationActivated(const QString &operationId);
    /// The set of selected rows changed.
    void selectionChanged();
    void retryNowRequested();
    void sidebarShownChanged(bool shown);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void applySidebar();
    void restoreHeader(const QByteArray &state, const QList<int> &dropped);
    void applyFilter(OperationsSidebar::Filter filter);
    void handleCurrentChanged(const QModelIndex &current);
    void handleRowPressed(const QModelIndex &index);
    void handleRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void handleLayoutChanged();
    /// The shown operation left the rows: nothing is selected, rather than a neighbour
    /// the user never chose.
    void dropCurrent();
    bool isShown(const QString &operationId) const;
    void handleSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void handleSourceRowsInserted(const QModelIndex &parent, int first, int last);
    void handleSourceRowsRemoved();
    void handleCountsChanged();
    void updateRowCount();
    /// Shows `model`'s rows in the table (the selection model is the table's new one).
    void showRowsOf(QAbstractItemModel *model);
    QAbstractItemModel *wantedRows() const;
    void handleWindowAnswered();
    void handleWindowDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    /// Selects the current operation's row again once the window holds it.
    void reselectCurrent();
    bool selectInWindow(const QString &operationId);
    /// The freshest state held of an operation: the feed's, else the window's.
    std::optional<Operation> heldOperation(const QString &operationId) const;
    void showHeaderMenu(const QPoint &position);
    void applyDefaultColumns();

    ColumnFitter *m_fitter = nullptr;
    bool m_sidebarWanted = true;
    bool m_narrow = false;
    QPointer<OperationTableModel> m_tableModel;
    QPointer<OperationFilterModel> m_filterModel;
    /// Outlives the view (the app owns both).
    OperationWindowModel *m_windowModel = nullptr;
    WindowQueryBinding *m_binding = nullptr;
    QMap<OperationStatus, int> m_serviceCounts;
    /// -1 until the service's counts arrive.
    int m_serviceTotal = -1;
    QString m_currentId;
    /// While the filter removes the current row: the view is about to move the current
    /// row to a neighbour by itself.
    bool m_removingCurrent = false;
    QString m_userId;
    QStringList m_roles;
    /// Column state restored before the models were set: applied with them.
    QByteArray m_pendingHeaderState;
    QList<int> m_pendingDropped;

    OperationsSidebar *m_sidebar = nullptr;
    QLineEdit *m_searchField = nullptr;
    QLabel *m_rowCountLabel = nullptr;
    OfflineBanner *m_banner = nullptr;
    QTreeView *m_table = nullptr;
    EmptyOverlay *m_emptyOverlay = nullptr;
    OperationDetailPanel *m_detail = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_tableSplitter = nullptr;
};

} // namespace optrack
