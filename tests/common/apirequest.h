#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace optrack::testing {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/// One HTTP request of a test: the user whose token goes in Authorization (none when
/// empty), and a body that is either a JSON object or raw bytes.
struct ApiRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QString path;
    QString user;
    std::optional<QJsonObject> json;
    std::optional<QByteArray> rawBody;
    HeaderList headers;

    static ApiRequest get(const QString &path, const QString &user, const HeaderList &headers = {})
    {
        return {QByteArrayLiteral("GET"), path, user, std::nullopt, std::nullopt, headers};
    }
    static ApiRequest post(const QString &path, const QString &user, const QJsonObject &body = {},
                           const HeaderList &headers = {})
    {
        return {QByteArrayLiteral("POST"), path, user, body, std::nullopt, headers};
    }
    static ApiRequest patch(const QString &path, const QString &user, const QJsonObject &body,
                            const HeaderList &headers = {})
    {
        return {QByteArrayLiteral("PATCH"), path, user, body, std::nullopt, headers};
    }
    static ApiRequest raw(const QByteArray &method, const QString &path, const QString &user,
                          const QByteArray &body, const HeaderList &headers = {})
    {
        return {method, path, user, std::nullopt, body, headers};
    }
};

} // namespace optrack::testing
