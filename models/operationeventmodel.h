#pragma once

#include "operationevent.h"
#include "operationmetatype.h"

#include <QAbstractListModel>
#include <QList>

namespace optrack {

/// One operation's audit trail, oldest first, for the details pane. A new copy of the
/// trail changes only the rows that differ: events are never edited, so a longer trail
/// of the same operation appends rows.
class OperationEventModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        /// The EventKind as int.
        KindRole = Qt::UserRole,
        /// Who did it (QString).
        ActorRole,
        /// When (QDateTime).
        AtRole,
        /// The event's message (QString).
        MessageRole,
        /// The OperationStatus after the event, as int.
        StatusRole,
        /// progressPercentage after the event (double).
        ProgressRole,
        /// The event's sequence number (qint64).
        SeqRole,
    };
    Q_ENUM(Role)

    explicit OperationEventModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const QList<OperationEvent> &events() const { return m_events; }

public slots:
    /// Replaces the trail: the rows both trails share stay, the others are removed
    /// and inserted.
    void setEvents(const QList<optrack::OperationEvent> &events);
    /// Appends the events newer (by seq) than the last one held; older ones are known.
    void appendEvents(const QList<optrack::OperationEvent> &events);
    void clear();

private:
    static QString summary(const OperationEvent &event);

    QList<OperationEvent> m_events;
};

} // namespace optrack
