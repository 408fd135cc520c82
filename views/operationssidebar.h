#pragma once

#include "operationstatus.h"

#include <QList>
#include <QMap>
#include <QStringList>
#include <QWidget>

class QListWidget;
class QListWidgetItem;

namespace optrack {

/// The dashboard's sidebar: status filters with live counts (All, Active, Waiting for
/// approval, Needs my vote, Failed, Completed, Cancelled, Denied) and a checkable list
/// of operation types (none checked shows every type).
class OperationsSidebar final : public QWidget
{
    Q_OBJECT

public:
    enum Filter {
        All,
        Active,
        WaitingForApproval,
        NeedsMyVote,
        Failed,
        Completed,
        Cancelled,
        Denied,
        FilterCount
    };
    Q_ENUM(Filter)

    explicit OperationsSidebar(QWidget *parent = nullptr);

    /// The statuses a filter shows; empty for All (and for NeedsMyVote, which filters
    /// by the vote instead).
    static QList<OperationStatus> statusesOf(Filter filter);
    static QString filterLabel(Filter filter);

    void setCounts(const QMap<OperationStatus, int> &counts, int needsMyVote);
    int count(Filter filter) const;

    Filter currentFilter() const;
    void setCurrentFilter(Filter filter);

    /// Adds types not listed yet (sorted); the checks stay.
    void addOperationTypes(const QStringList &types);
    QStringList operationTypes() const;
    QStringList checkedTypes() const;
    void setCheckedTypes(const QStringList &types);

    QListWidget *statusList() const { return m_statusList; }
    QListWidget *typeList() const { return m_typeList; }

signals:
    void filterChanged(optrack::OperationsSidebar::Filter filter);
    void typeFilterChanged(const QStringList &operationTypes);

private:
    void handleTypeItemChanged(QListWidgetItem *item);

    QListWidget *m_statusList = nullptr;
    QListWidget *m_typeList = nullptr;
    bool m_settingTypes = false;
};

} // namespace optrack
