#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>

namespace optrack {

/// The messages the app has for the user, newest first: what an action did, what the
/// service refused, what happened to an operation. Each is kept whole (a status bar line
/// cuts them) and names its operation where it has one, so the list can lead there. The
/// unread ones are counted for the bell; failures are told apart so the bell can say so.
/// No I/O: the app posts, the views show.
class NotificationModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Kind { Info, Success, Failure, NeedsVote };
    Q_ENUM(Kind)

    enum Role {
        /// Kind as int.
        KindRole = Qt::UserRole,
        /// The short headline (QString); DisplayRole is headline and text together.
        TitleRole,
        /// The whole sentence (QString).
        TextRole,
        /// The operation it concerns (QString, empty when none).
        OperationIdRole,
        /// When it was posted (QDateTime).
        AtRole,
        /// Not yet seen in the list (bool).
        UnreadRole,
        /// A folder the entry can open (a saved download), empty when none.
        FolderRole,
    };
    Q_ENUM(Role)

    struct Entry
    {
        Kind kind = Kind::Info;
        QString title;
        QString text;
        QString operationId;
        QString folder;
        QDateTime at;
        bool unread = true;
    };

    /// The oldest entries go beyond this many.
    static constexpr int maxEntries = 200;

    explicit NotificationModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Adds an entry at the top (its time is now unless set).
    void post(Entry entry);
    const Entry &entryAt(int row) const { return m_entries.at(row); }
    int unreadCount() const { return m_unread; }
    /// Whether an unread entry is a failure.
    bool hasUnreadFailure() const;

public slots:
    /// The user opened the list: nothing is unread any more.
    void markAllRead();
    /// The user looked at this operation: its entries are read.
    void markOperationRead(const QString &operationId);
    void clear();

signals:
    void unreadChanged();

private:
    void markRead(const std::function<bool(const Entry &)> &which);

    QList<Entry> m_entries;
    int m_unread = 0;
};

} // namespace optrack
