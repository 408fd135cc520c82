#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <limits>
#include <memory>
#include <optional>
#include <utility>

namespace optrack {

/// Names the field a JSON document got wrong, with a sentence a person can act on.
struct FieldError
{
    QString field;
    QString message;

    bool isSet() const { return !message.isEmpty(); }
};

/// Reads the typed fields of one JSON object: the API's bodies and answers, the service's
/// configuration. Every error names the field by its whole path ("approval.votes[2].at",
/// "users[0].roles") in FieldError::field and in its sentence; the first failure is kept
/// and the reads after it change nothing. A reader for an object inside another (at())
/// extends the path and shares the outcome: a failure inside fails the whole document.
class JsonReader
{
public:
    enum class Need { Optional, Required };
    /// What a null value is: wrong where the contract wants a value (the service reading a
    /// request), or the same as an absent field (answers from a service of another version).
    enum class Null { IsWrong, IsAbsent };

    static constexpr int unlimited = std::numeric_limits<int>::max();

    JsonReader(const QJsonObject &object, FieldError *error, QString prefix = {},
               Null null = Null::IsWrong);

    /// A reader for json[key] (or element `index` of the array json[key]) that writes into
    /// the same error, under the longer path. Only call it with an object from this reader.
    JsonReader at(const QString &key, const QJsonObject &object) const;
    JsonReader at(const QString &key, qsizetype index, const QJsonObject &object) const;
    /// This reader (same object, path and outcome) with another reading of null: the
    /// codec reads the contract's own objects strictly inside a lenient answer.
    JsonReader withNull(Null null) const;

    bool ok() const { return m_state->ok; }
    const QJsonObject &object() const { return m_object; }
    bool has(const QString &key) const { return m_object.contains(key); }
    bool isNull(const QString &key) const { return m_object.value(key).isNull(); }
    /// Present with a value other than null.
    bool isSet(const QString &key) const { return has(key) && !isNull(key); }
    /// The field's whole path: "key", or "prefix.key".
    QString path(const QString &key) const;

    /// Records `sentence` (which should name path(key)) as the error; always false.
    bool fail(const QString &key, const QString &sentence);
    /// As fail(), the sentence made from the path: "<path> <rest>".
    bool failWith(const QString &key, const QString &rest);

    std::optional<QString> string(const QString &key, Need need, int maxLength = unlimited,
                                  bool allowEmpty = true);
    /// A string or null; std::nullopt when absent or wrong.
    std::optional<std::optional<QString>> nullableString(const QString &key, int maxLength);
    /// A finite number from min to max.
    std::optional<double> number(const QString &key, Need need,
                                 double min = std::numeric_limits<double>::lowest(),
                                 double max = std::numeric_limits<double>::max());
    /// A whole number from min to max.
    std::optional<qint64> integer(const QString &key, Need need,
                                  qint64 min = std::numeric_limits<qint64>::min(),
                                  qint64 max = std::numeric_limits<qint64>::max());
    std::optional<bool> boolean(const QString &key, Need need);
    std::optional<QJsonObject> object(const QString &key, Need need);
    std::optional<QJsonArray> array(const QString &key, Need need);
    /// An RFC 3339 time (a null or absent optional time is std::nullopt, not an error).
    std::optional<QDateTime> time(const QString &key, Need need);
    /// An array of strings, each non-empty when `allowEmpty` is false.
    std::optional<QStringList> strings(const QString &key, Need need, int maxLength = unlimited,
                                       bool allowEmpty = true);

    /// An array of objects, each read by `readOne(JsonReader &element, T *value)` with a
    /// reader whose path names the element ("operations[3]").
    template<typename T, typename ReadOne>
    std::optional<QList<T>> objects(const QString &key, Need need, ReadOne readOne)
    {
        const std::optional<QJsonArray> elements = array(key, need);
        if (!elements)
            return std::nullopt;
        QList<T> list;
        list.reserve(elements->size());
        for (qsizetype i = 0; i < elements->size(); ++i) {
            if (!elements->at(i).isObject()) {
                failNotAnObject(key, i);
                return std::nullopt;
            }
            JsonReader element = at(key, i, elements->at(i).toObject());
            T value;
            if (!readOne(element, &value) || !ok())
                return std::nullopt;
            list.append(std::move(value));
        }
        return list;
    }

private:
    /// The value of key, or undefined when absent (or null where null is absence); false
    /// (after failing when required) when there is nothing to read.
    bool present(const QString &key, Need need, QJsonValue *value);
    void failNotAnObject(const QString &key, qsizetype index);

    /// What the readers of one document share.
    struct State
    {
        FieldError *error = nullptr;
        bool ok = true;
    };

    JsonReader(const QJsonObject &object, std::shared_ptr<State> state, QString prefix, Null null);

    QJsonObject m_object;
    std::shared_ptr<State> m_state;
    QString m_prefix;
    Null m_null = Null::IsWrong;
};

} // namespace optrack
