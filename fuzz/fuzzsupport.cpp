#include "fuzzsupport.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace optrack::fuzz {

namespace {

void dropWarnings(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg)
        std::fprintf(stderr, "%s\n", qPrintable(message));
}

} // namespace

void silenceQtWarnings()
{
    static const bool installed = [] {
        qInstallMessageHandler(dropWarnings);
        return true;
    }();
    Q_UNUSED(installed);
}

std::optional<QJsonObject> jsonObject(const uint8_t *data, size_t size)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes(data, size), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

std::optional<TaggedJson> taggedJsonObject(const uint8_t *data, size_t size, std::string_view tags)
{
    if (size == 0)
        return std::nullopt;
    std::optional<QJsonObject> json = jsonObject(data + 1, size - 1);
    if (!json)
        return std::nullopt;
    return TaggedJson{kindOf(data[0], tags), std::move(*json)};
}

void failCheck(const char *condition, const char *file, int line)
{
    std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, condition);
    std::abort();
}

} // namespace optrack::fuzz
