#include "apiresponse.h"

namespace optrack::testing {

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype maxDescribedBody = 600;
}

bool ApiResponse::hasHeader(const QByteArray &name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray ApiResponse::header(const QByteArray &name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

std::optional<qint64> ApiResponse::retryAfterSeconds() const
{
    if (!hasHeader("Retry-After"_ba))
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = header("Retry-After"_ba).trimmed().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return seconds;
}

QString ApiResponse::describe() const
{
    QString text = u"%1 -> %2"_s.arg(requestLine).arg(status);
    if (status == 0)
        text += u" (network error %1: %2)"_s.arg(int(networkError)).arg(errorString);
    QString shown = QString::fromUtf8(body.left(maxDescribedBody));
    if (body.size() > maxDescribedBody)
        shown += u"..."_s;
    return text + u": "_s + shown;
}

} // namespace optrack::testing
