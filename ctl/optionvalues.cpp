#include "optionvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace optrack::ctl::optionvalue {

using namespace Qt::StringLiterals;

namespace {

constexpr double maxPercentage = 100.0;

} // namespace

std::optional<int> wholeNumber(const QString &option, const QString &value, int minimum,
                               int maximum, QString *error)
{
    bool ok = false;
    const int number = value.trimmed().toInt(&ok);
    if (!ok || number < minimum || number > maximum) {
        *error = u"--%1 must be a whole number from %2 to %3, not \"%4\"."_s.arg(option)
                         .arg(minimum)
                         .arg(maximum)
                         .arg(value);
        return std::nullopt;
    }
    return number;
}

std::optional<double> percentage(const QString &option, const QString &value, QString *error)
{
    QString text = value.trimmed();
    if (text.endsWith(u'%'))
        text.chop(1);
    bool ok = false;
    const double number = text.toDouble(&ok);
    if (!ok || !std::isfinite(number) || number < 0 || number > maxPercentage) {
        *error = u"--%1 must be a percentage from 0 to 100, not \"%2\"."_s.arg(option, value);
        return std::nullopt;
    }
    return number;
}

std::optional<QJsonObject> context(const QStringList &pairs, QString *error)
{
    QJsonObject object;
    for (const QString &pair : pairs) {
        const qsizetype equals = pair.indexOf(u'=');
        const QString key = pair.left(equals).trimmed();
        if (equals <= 0 || key.isEmpty()) {
            *error = u"--context takes KEY=VALUE, not \"%1\"."_s.arg(pair);
            return std::nullopt;
        }
        const QString text = pair.mid(equals + 1);
        // A number or a literal stays one, so the app can sort and format it.
        QJsonParseError parseError;
        const QJsonDocument document
                = QJsonDocument::fromJson("[" + text.toUtf8() + "]", &parseError);
        const QJsonValue parsed
                = parseError.error == QJsonParseError::NoError && document.array().size() == 1
                ? document.array().first()
                : QJsonValue(QJsonValue::Undefined);
        if (parsed.isDouble() || parsed.isBool() || parsed.isNull())
            object.insert(key, parsed);
        else
            object.insert(key, text);
    }
    return object;
}

std::optional<QJsonValue> json(const QString &option, const QString &value, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson("[" + value.toUtf8() + "]", &parseError);
    if (parseError.error != QJsonParseError::NoError || document.array().size() != 1) {
        *error = u"--%1 must be JSON (an object, a number or a \"quoted string\"), not \"%2\"."_s
                         .arg(option, value);
        return std::nullopt;
    }
    return document.array().first();
}

QStringList commaList(const QString &value)
{
    QStringList items;
    for (const QString &part : value.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        if (!item.isEmpty())
            items.append(item);
    }
    return items;
}

std::optional<QList<OperationStatus>> statuses(const QString &value, QString *error)
{
    QList<OperationStatus> result;
    for (const QString &name : commaList(value)) {
        const std::optional<OperationStatus> status = statusFromWire(name);
        if (!status) {
            QStringList known;
            for (OperationStatus each : allStatuses())
                known.append(statusToWire(each));
            *error = u"--status: \"%1\" is no status; the statuses are %2."_s.arg(
                    name, known.join(u", "_s));
            return std::nullopt;
        }
        result.append(*status);
    }
    return result;
}

std::optional<OperationScope> scope(const QString &value, QString *error)
{
    for (OperationScope scope :
         {OperationScope::Mine, OperationScope::All, OperationScope::Approvals}) {
        if (scopeToWire(scope) == value)
            return scope;
    }
    *error = u"--scope must be mine, all or approvals, not \"%1\"."_s.arg(value);
    return std::nullopt;
}

} // namespace optrack::ctl::optionvalue
