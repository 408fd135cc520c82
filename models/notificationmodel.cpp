#include "notificationmodel.h"

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

NotificationModel::NotificationModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int NotificationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant NotificationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return entry.title.isEmpty() ? entry.text : entry.title + u'\n' + entry.text;
    case Qt::ToolTipRole:
    case TextRole:
        return entry.text;
    case Qt::AccessibleTextRole:
        return entry.title.isEmpty() ? entry.text : entry.title + u". "_s + entry.text;
    case KindRole:
        return int(entry.kind);
    case TitleRole:
        return entry.title;
    case OperationIdRole:
        return entry.operationId;
    case AtRole:
        return entry.at;
    case UnreadRole:
        return entry.unread;
    case FolderRole:
        return entry.folder;
    default:
        return {};
    }
}

QHash<int, QByteArray> NotificationModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(TitleRole, "title");
    names.insert(TextRole, "text");
    names.insert(OperationIdRole, "operationId");
    names.insert(AtRole, "at");
    names.insert(UnreadRole, "unread");
    names.insert(FolderRole, "folder");
    return names;
}

void NotificationModel::post(Entry entry)
{
    if (entry.text.isEmpty() && entry.title.isEmpty())
        return;
    if (!entry.at.isValid())
        entry.at = QDateTime::currentDateTime();
    if (m_entries.size() >= maxEntries) {
        const int last = int(m_entries.size()) - 1;
        beginRemoveRows({}, last, last);
        if (m_entries.constLast().unread)
            --m_unread;
        m_entries.removeLast();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    if (entry.unread)
        ++m_unread;
    m_entries.prepend(std::move(entry));
    endInsertRows();
    emit unreadChanged();
}

bool NotificationModel::hasUnreadFailure() const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(), [](const Entry &entry) {
        return entry.unread && entry.kind == Kind::Failure;
    });
}

void NotificationModel::markRead(const std::function<bool(const Entry &)> &which)
{
    // One dataChanged over the rows that changed, not one per row.
    int first = -1;
    int last = -1;
    for (int row = 0; row < m_entries.size(); ++row) {
        Entry &entry = m_entries[row];
        if (!entry.unread || !which(entry))
            continue;
        entry.unread = false;
        --m_unread;
        first = first < 0 ? row : first;
        last = row;
    }
    if (first < 0)
        return;
    emit dataChanged(index(first), index(last), {UnreadRole});
    emit unreadChanged();
}

void NotificationModel::markAllRead()
{
    markRead([](const Entry &) { return true; });
}

void NotificationModel::markOperationRead(const QString &operationId)
{
    if (!operationId.isEmpty())
        markRead([&operationId](const Entry &entry) { return entry.operationId == operationId; });
}

void NotificationModel::clear()
{
    if (m_entries.isEmpty())
        return;
    beginResetModel();
    m_entries.clear();
    m_unread = 0;
    endResetModel();
    emit unreadChanged();
}

} // namespace optrack
