#include "operationeventmodel.h"

#include "operationstatus.h"

#include <QLocale>

namespace optrack {

OperationEventModel::OperationEventModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int OperationEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

QVariant OperationEventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OperationEvent &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return summary(event);
    case Qt::ToolTipRole:
        return tr("%1 by %2")
                .arg(QLocale().toString(event.at.toLocalTime(), QLocale::LongFormat), event.actor);
    case KindRole:
        return int(event.kind);
    case ActorRole:
        return event.actor;
    case AtRole:
        return event.at;
    case MessageRole:
        return event.message;
    case StatusRole:
        return int(event.status);
    case ProgressRole:
        return event.progressPercentage;
    case SeqRole:
        return event.seq;
    default:
        return {};
    }
}

QHash<int, QByteArray> OperationEventModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, QByteArrayLiteral("kind"));
    names.insert(ActorRole, QByteArrayLiteral("actor"));
    names.insert(AtRole, QByteArrayLiteral("at"));
    names.insert(MessageRole, QByteArrayLiteral("message"));
    names.insert(StatusRole, QByteArrayLiteral("status"));
    names.insert(ProgressRole, QByteArrayLiteral("progress"));
    names.insert(SeqRole, QByteArrayLiteral("seq"));
    return names;
}

QString OperationEventModel::summary(const OperationEvent &event)
{
    if (!event.message.isEmpty())
        return event.message;
    switch (event.kind) {
    case EventKind::Created:
        return tr("Created");
    case EventKind::Updated:
        if (event.stepDescription.isEmpty())
            return tr("Progress %1%").arg(QLocale().toString(event.progressPercentage, 'f', 0));
        return tr("Progress %1%: %2")
                .arg(QLocale().toString(event.progressPercentage, 'f', 0), event.stepDescription);
    case EventKind::Status:
        return tr("Status: %1").arg(statusLabel(event.status));
    case EventKind::Vote:
        return tr("Vote by %1").arg(event.actor);
    case EventKind::Decision:
        return tr("Decided: %1").arg(statusLabel(event.status));
    case EventKind::Cancel:
        return tr("Cancelled by %1").arg(event.actor);
    case EventKind::Timeout:
        return tr("Timed out");
    case EventKind::Retry:
        return tr("Retried");
    }
    return {};
}

void OperationEventModel::setEvents(const QList<OperationEvent> &events)
{
    qsizetype shared = 0;
    while (shared < m_events.size() && shared < events.size()
           && m_events.at(shared) == events.at(shared)) {
        ++shared;
    }
    if (shared < m_events.size()) {
        beginRemoveRows({}, int(shared), int(m_events.size()) - 1);
        m_events.resize(shared);
        endRemoveRows();
    }
    if (shared < events.size()) {
        beginInsertRows({}, int(shared), int(events.size()) - 1);
        m_events.append(events.mid(shared));
        endInsertRows();
    }
}

void OperationEventModel::appendEvents(const QList<OperationEvent> &events)
{
    QList<OperationEvent> newer;
    qint64 lastSeq = m_events.isEmpty() ? -1 : m_events.constLast().seq;
    for (const OperationEvent &event : events) {
        if (event.seq > lastSeq) {
            newer.append(event);
            lastSeq = event.seq;
        }
    }
    if (newer.isEmpty())
        return;
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(newer.size()) - 1);
    m_events.append(newer);
    endInsertRows();
}

void OperationEventModel::clear()
{
    if (m_events.isEmpty())
        return;
    beginRemoveRows({}, 0, int(m_events.size()) - 1);
    m_events.clear();
    endRemoveRows();
}

} // namespace optrack
