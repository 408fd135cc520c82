#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace optrack::testing {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/// One part of a multipart/form-data body: a form field, or a file when fileName is set.
struct FormPart
{
    QByteArray name;
    std::optional<QString> fileName;
    QByteArray data;
    QByteArray contentType = QByteArrayLiteral("text/csv");
};

/// One HTTP request of a test: the user whose token goes in Authorization (none when
/// empty), and a body that is a JSON object, raw bytes or multipart/form-data parts.
struct ApiRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QString path;
    QString user;
    std::optional<QJsonObject> json;
    std::optional<QByteArray> rawBody;
    HeaderList headers;
    QList<FormPart> formParts;

    static ApiRequest get(const QString &path, const QString &user, const HeaderList &headers = {})
    {
        return {QByteArrayLiteral("GET"), path, user, std::nullopt, std::nullopt, headers, {}};
    }
    static ApiRequest post(const QString &path, const QString &user, const QJsonObject &body = {},
                           const HeaderList &headers = {})
    {
        return {QByteArrayLiteral("POST"), path, user, body, std::nullopt, headers, {}};
    }
    static ApiRequest patch(const QString &path, const QString &user, const QJsonObject &body,
                            const HeaderList &headers = {})
    {
        return {QByteArrayLiteral("PATCH"), path, user, body, std::nullopt, headers, {}};
    }
    static ApiRequest raw(const QByteArray &method, const QString &path, const QString &user,
                          const QByteArray &body, const HeaderList &headers = {})
    {
        return {method, path, user, std::nullopt, body, headers, {}};
    }
    static ApiRequest multipart(const QString &path, const QString &user,
                                const QList<FormPart> &parts, const HeaderList &headers = {})
    {
        return {QByteArrayLiteral("POST"), path, user, std::nullopt, std::nullopt, headers, parts};
    }
};

} // namespace optrack::testing
