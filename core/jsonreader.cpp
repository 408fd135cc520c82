#include "jsonreader.h"

#include "operation.h"

#include <QCoreApplication>

#include <cmath>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// "must be between 1 and 10.", or one side only when the other is no limit.
template<typename T> QString rangeSentence(T min, T max)
{
    if (max == std::numeric_limits<T>::max())
        return QCoreApplication::translate("optrack::JsonReader", "must be at least %1.").arg(min);
    if (min == std::numeric_limits<T>::lowest())
        return QCoreApplication::translate("optrack::JsonReader", "must be at most %1.").arg(max);
    return QCoreApplication::translate("optrack::JsonReader", "must be between %1 and %2.")
            .arg(min)
            .arg(max);
}

/// What a list's element must be: whole sentences, so that a translation can order its words.
QString elementSentence(bool allowEmpty, int maxLength)
{
    if (maxLength == JsonReader::unlimited) {
        return allowEmpty
                ? QCoreApplication::translate("optrack::JsonReader", "must be a string.")
                : QCoreApplication::translate("optrack::JsonReader", "must be a non-empty string.");
    }
    return (allowEmpty ? QCoreApplication::translate("optrack::JsonReader",
                                                     "must be a string of at most %1 characters.")
                       : QCoreApplication::translate(
                               "optrack::JsonReader",
                               "must be a non-empty string of at most %1 characters."))
            .arg(maxLength);
}

} // namespace

JsonReader::JsonReader(const QJsonObject &object, FieldError *error, QString prefix, Null null)
    : JsonReader(object, std::make_shared<State>(State{error}), std::move(prefix), null)
{ }

JsonReader::JsonReader(const QJsonObject &object, std::shared_ptr<State> state, QString prefix,
                       Null null)
    : m_object(object)
    , m_state(std::move(state))
    , m_prefix(std::move(prefix))
    , m_null(null)
{ }

JsonReader JsonReader::at(const QString &key, const QJsonObject &object) const
{
    return JsonReader(object, m_state, path(key), m_null);
}

JsonReader JsonReader::at(const QString &key, qsizetype index, const QJsonObject &object) const
{
    return JsonReader(object, m_state, u"%1[%2]"_s.arg(path(key)).arg(index), m_null);
}

JsonReader JsonReader::withNull(Null null) const
{
    return JsonReader(m_object, m_state, m_prefix, null);
}

QString JsonReader::path(const QString &key) const
{
    return m_prefix.isEmpty() ? key : m_prefix + u'.' + key;
}

bool JsonReader::fail(const QString &key, const QString &sentence)
{
    // The first failure is the one a person reads, also across the readers of one document.
    if (m_state->ok && m_state->error) {
        m_state->error->field = path(key);
        m_state->error->message = sentence;
    }
    m_state->ok = false;
    return false;
}

bool JsonReader::failWith(const QString &key, const QString &rest)
{
    return fail(key, path(key) + u' ' + rest);
}

void JsonReader::failNotAnObject(const QString &key, qsizetype index)
{
    const QString element = u"%1[%2]"_s.arg(key).arg(index);
    failWith(element, QCoreApplication::translate("optrack::JsonReader", "must be a JSON object."));
}

bool JsonReader::present(const QString &key, Need need, QJsonValue *value)
{
    *value = m_object.value(key);
    if (value->isUndefined() || (m_null == Null::IsAbsent && value->isNull())) {
        if (need == Need::Required)
            failWith(key, QCoreApplication::translate("optrack::JsonReader", "is required."));
        return false;
    }
    return true;
}

std::optional<QString> JsonReader::string(const QString &key, Need need, int maxLength,
                                          bool allowEmpty)
{
    QJsonValue value;
    if (!present(key, need, &value))
        return std::nullopt;
    if (!value.isString()) {
        failWith(key, QCoreApplication::translate("optrack::JsonReader", "must be a string."));
        return std::nullopt;
    }
    QString text = value.toString();
    if (!allowEmpty && text.trimmed().isEmpty()) {
        failWith(key, QCoreApplication::translate("optrack::JsonReader", "must not be empty."));
        return std::nullopt;
    }
    if (text.size() > maxLength) {
        failWith(key,
                 QCoreApplication::translate("optrack::JsonReader",
                                             "must be at most %1 characters long.")
                         .arg(maxLength));
        return std::nullopt;
    }
    return text;
}

std::optional<std::optional<QString>> JsonReader::nullableString(const QString &key, int maxLength)
{
    if (!has(key))
        return std::nullopt;
    if (isNull(key))
        return std::optional<QString>();
    std::optional<QString> text = string(key, Need::Optional, maxLength);
    if (!text)
        return std::nullopt;
    return text;
}

std::optional<double> JsonReader::number(const QString &key, Need need, double min, double max)
{
    QJsonValue value;
    if (!present(key, need, &value))
        return std::nullopt;
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        failWith(key, QCoreApplication::translate("optrack::JsonReader", "must be a number."));
        return std::nullopt;
    }
    const double number = value.toDouble();
    if (number < min || number > max) {
        failWith(key, rangeSentence(min, max));
        return std::nullopt;
    }
    return number;
}

std::optional<qint64> JsonReader::integer(const QString &key, Need need, qint64 min, qint64 max)
{
    QJsonValue value;
    if (!present(key, need, &value))
        return std::nullopt;
    const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!value.isDouble() || !std::isfinite(number) || std::floor(number) != number) {
        failWith(key,
                 QCoreApplication::translate("optrack::JsonReader", "must be a whole number."));
        return std::nullopt;
    }
    if (number < double(min) || number > double(max)) {
        failWith(key, rangeSentence(min, max));
        return std::nullopt;
    }
    return qint64(number);
}

std::optional<bool> JsonReader::boolean(const QString &key, Need need)
{
    QJsonValue value;
    if (!present(key, need, &value))
        return std::nullopt;
    if (!value.isBool()) {
        failWith(key, QCoreApplication::translate("optrack::JsonReader", "must be true or false."));
        return std::nullopt;
    }
    return value.toBool();
}

std::optional<QJsonObject> JsonReader::object(const QString &key, Need need)
{
    QJsonValue value;
    if (!present(key, need, &value))
        return std::nullopt;
    if (!value.isObject()) {
        failWith(key, QCoreApplication::translate("optrack::JsonReader", "must be a JSON object."));
        return std::nullopt;
    }
    return value.toObject();
}

std::optional<QJsonArray> JsonReader::array(const QString &key, Need need)
{
    QJsonValue value;
    if (!present(key, need, &value))
        return std::nullopt;
    if (!value.isArray()) {
        failWith(key, QCoreApplication::translate("optrack::JsonReader", "must be a JSON array."));
        return std::nullopt;
    }
    return value.toArray();
}

std::optional<QDateTime> JsonReader::time(const QString &key, Need need)
{
    const QJsonValue value = m_object.value(key);
    if ((value.isUndefined() || value.isNull()) && need == Need::Optional)
        return std::nullopt;
    const std::optional<QString> text = string(key, Need::Required);
    if (!text)
        return std::nullopt;
    QDateTime parsed = fromWireTime(*text);
    if (!parsed.isValid()) {
        failWith(key,
                 QCoreApplication::translate("optrack::JsonReader", "must be an RFC 3339 time."));
        return std::nullopt;
    }
    return parsed;
}

std::optional<QStringList> JsonReader::strings(const QString &key, Need need, int maxLength,
                                               bool allowEmpty)
{
    const std::optional<QJsonArray> elements = array(key, need);
    if (!elements)
        return std::nullopt;
    QStringList list;
    list.reserve(elements->size());
    for (qsizetype i = 0; i < elements->size(); ++i) {
        const QJsonValue element = elements->at(i);
        const QString name = u"%1[%2]"_s.arg(key).arg(i);
        if (!element.isString() || (!allowEmpty && element.toString().trimmed().isEmpty())
            || element.toString().size() > maxLength) {
            failWith(name, elementSentence(allowEmpty, maxLength));
            return std::nullopt;
        }
        list.append(element.toString());
    }
    return list;
}

} // namespace optrack
