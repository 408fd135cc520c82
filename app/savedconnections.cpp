#include "savedconnections.h"

#include <QSettings>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr auto arrayKey = "connections";
constexpr auto serverKey = "server";
constexpr auto accountKey = "account";

void store(const QList<SavedConnections::Connection> &connections)
{
    QSettings settings;
    settings.beginWriteArray(QString::fromLatin1(arrayKey), int(connections.size()));
    for (int i = 0; i < connections.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QString::fromLatin1(serverKey), connections.at(i).serverUrl.toString());
        settings.setValue(QString::fromLatin1(accountKey), connections.at(i).account);
    }
    settings.endArray();
}

} // namespace

QList<SavedConnections::Connection> SavedConnections::all()
{
    QSettings settings;
    QList<Connection> connections;
    const int size = settings.beginReadArray(QString::fromLatin1(arrayKey));
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        const QUrl url(settings.value(QString::fromLatin1(serverKey)).toString());
        const QString account = settings.value(QString::fromLatin1(accountKey)).toString();
        if (url.isValid() && !account.isEmpty())
            connections.append({url, account});
    }
    settings.endArray();
    return connections;
}

std::optional<SavedConnections::Connection> SavedConnections::last()
{
    const QList<Connection> connections = all();
    if (connections.isEmpty())
        return std::nullopt;
    return connections.constFirst();
}

QStringList SavedConnections::accountsOf(const QUrl &serverUrl)
{
    QStringList accounts;
    for (const Connection &connection : all()) {
        if (connection.serverUrl.matches(serverUrl, QUrl::StripTrailingSlash))
            accounts.append(connection.account);
    }
    return accounts;
}

void SavedConnections::remember(const Connection &connection)
{
    QList<Connection> connections = all();
    connections.removeAll(connection);
    connections.prepend(connection);
    while (connections.size() > maxKept)
        connections.removeLast();
    store(connections);
}

void SavedConnections::forget(const Connection &connection)
{
    QList<Connection> connections = all();
    connections.removeAll(connection);
    store(connections);
}

QString SavedConnections::tokenKey(const QUrl &serverUrl, const QString &account)
{
    return u"remote:%1:%2"_s.arg(serverUrl.adjusted(QUrl::StripTrailingSlash).toString(), account);
}

} // namespace optrack
