#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace optrack {

/// The remote services the user signed in to (server URL and account name), kept in
/// QSettings, the last used first. Tokens are not here: they are in the TokenStore
/// under tokenKey().
class SavedConnections
{
public:
    struct Connection
    {
        QUrl serverUrl;
        QString account;

        friend bool operator==(const Connection &, const Connection &) = default;
    };

    static constexpr int maxKept = 10;

    static QList<Connection> all();
    static std::optional<Connection> last();
    /// The saved accounts of one server, the last used first.
    static QStringList accountsOf(const QUrl &serverUrl);
    /// Moves (or adds) this connection to the front.
    static void remember(const Connection &connection);
    static void forget(const Connection &connection);

    static QString tokenKey(const QUrl &serverUrl, const QString &account);
};

} // namespace optrack
