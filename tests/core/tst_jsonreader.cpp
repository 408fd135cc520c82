#include "jsonreader.h"

#include <QJsonDocument>
#include <QTest>

#include <numeric>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

using Need = JsonReader::Need;

/// One read of field "f" (or the path the kind names) of `document`, as a row asks; what
/// was read, as a QVariant (invalid when nothing was).
QVariant readAs(JsonReader &reader, const QString &kind, Need need)
{
    const auto toVariant
            = [](const auto &value) { return value ? QVariant::fromValue(*value) : QVariant(); };
    const QString f = u"f"_s;
    if (kind == u"string"_s)
        return toVariant(reader.string(f, need));
    if (kind == u"short non-empty string"_s)
        return toVariant(reader.string(f, need, 5, false));
    if (kind == u"nullable string"_s) {
        const auto value = reader.nullableString(f, 5);
        if (!value)
            return {};
        return *value ? QVariant(**value) : QVariant(u"<null>"_s);
    }
    if (kind == u"number"_s)
        return toVariant(reader.number(f, need, 0, 100));
    if (kind == u"integer"_s)
        return toVariant(reader.integer(f, need, 1, 10));
    if (kind == u"count"_s)
        return toVariant(reader.integer(f, need, 0));
    if (kind == u"boolean"_s)
        return toVariant(reader.boolean(f, need));
    if (kind == u"object"_s) {
        const auto value = reader.object(f, need);
        return value ? QVariant(QJsonDocument(*value).toJson(QJsonDocument::Compact)) : QVariant();
    }
    if (kind == u"array"_s) {
        const auto value = reader.array(f, need);
        return value ? QVariant(int(value->size())) : QVariant();
    }
    if (kind == u"time"_s) {
        const auto value = reader.time(f, need);
        return value ? QVariant(value->toUTC().toString(Qt::ISODateWithMs)) : QVariant();
    }
    if (kind == u"strings"_s)
        return toVariant(reader.strings(f, need, 5, false));
    if (kind == u"objects"_s) {
        // Elements {"n": whole number from 1 to 10}; what was read: their sum.
        const auto values = reader.objects<qint64>(f, need, [](JsonReader &element, qint64 *n) {
            *n = element.integer(u"n"_s, Need::Required, 1, 10).value_or(0);
            return element.ok();
        });
        if (!values)
            return {};
        return std::accumulate(values->begin(), values->end(), qint64(0));
    }
    if (kind == u"nested object"_s) {
        // {"f": {"g": {"n": ...}}}: the path grows with each level.
        const auto outer = reader.object(f, need);
        if (!outer)
            return {};
        JsonReader middle = reader.at(f, *outer);
        const auto inner = middle.object(u"g"_s, Need::Required);
        if (!inner)
            return {};
        JsonReader innermost = middle.at(u"g"_s, *inner);
        return toVariant(innermost.integer(u"n"_s, Need::Required, 1, 10));
    }
    qFatal("unknown kind %s", qPrintable(kind));
}

} // namespace

Q_DECLARE_METATYPE(optrack::JsonReader::Need)
Q_DECLARE_METATYPE(optrack::JsonReader::Null)

/// The one JSON reader of core, which the codec, the client's answers and the service's
/// configuration read through: each kind of value, present, absent, null and wrong, and
/// the error naming the field by its whole path, in `field` and in the sentence.
class tst_JsonReader final : public QObject
{
    Q_OBJECT

private slots:
    void reads_data();
    void reads();
    void firstFailureIsKept();
    void nestedReaderSharesTheError();

private:
    void addRow(const char *name, const QByteArray &json, const QString &kind, Need need,
                const QVariant &expected, const QString &field = {}, const QString &message = {},
                JsonReader::Null null = JsonReader::Null::IsWrong);
};

void tst_JsonReader::addRow(const char *name, const QByteArray &json, const QString &kind,
                            Need need, const QVariant &expected, const QString &field,
                            const QString &message, JsonReader::Null null)
{
    QTest::newRow(name) << json << kind << need << null << expected << field << message;
}

void tst_JsonReader::reads_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<Need>("need");
    QTest::addColumn<JsonReader::Null>("null");
    QTest::addColumn<QVariant>("expected"); // invalid: nothing read
    QTest::addColumn<QString>("field"); // empty: no error
    QTest::addColumn<QString>("message");

    const QVariant nothing;
    const Need optional = Need::Optional;
    const Need required = Need::Required;
    const QString f = u"f"_s;
    const auto absent = JsonReader::Null::IsAbsent;

    addRow("string", R"({"f": "text"})", u"string"_s, required, u"text"_s);
    addRow("string: absent, optional", "{}", u"string"_s, optional, nothing);
    addRow("string: absent, required", "{}", u"string"_s, required, nothing, f,
           u"f is required."_s);
    addRow("string: a number", R"({"f": 3})", u"string"_s, optional, nothing, f,
           u"f must be a string."_s);
    addRow("string: null where null is wrong", R"({"f": null})", u"string"_s, optional, nothing, f,
           u"f must be a string."_s);
    addRow("string: null as absent, optional", R"({"f": null})", u"string"_s, optional, nothing,
           QString(), QString(), absent);
    addRow("string: null as absent, required", R"({"f": null})", u"string"_s, required, nothing, f,
           u"f is required."_s, absent);
    addRow("string: empty", R"({"f": "  "})", u"short non-empty string"_s, required, nothing, f,
           u"f must not be empty."_s);
    addRow("string: too long", R"({"f": "abcdef"})", u"short non-empty string"_s, required, nothing,
           f, u"f must be at most 5 characters long."_s);
    addRow("nullable string: text", R"({"f": "abc"})", u"nullable string"_s, optional, u"abc"_s);
    addRow("nullable string: null", R"({"f": null})", u"nullable string"_s, optional, u"<null>"_s);
    addRow("nullable string: absent", "{}", u"nullable string"_s, optional, nothing);
    addRow("nullable string: a list", R"({"f": []})", u"nullable string"_s, optional, nothing, f,
           u"f must be a string."_s);
    addRow("number", R"({"f": 42.5})", u"number"_s, required, 42.5);
    addRow("number: text", R"({"f": "42"})", u"number"_s, required, nothing, f,
           u"f must be a number."_s);
    addRow("number: out of range", R"({"f": 100.5})", u"number"_s, required, nothing, f,
           u"f must be between 0 and 100."_s);
    addRow("integer", R"({"f": 7})", u"integer"_s, required, qint64(7));
    addRow("integer: a fraction", R"({"f": 7.5})", u"integer"_s, required, nothing, f,
           u"f must be a whole number."_s);
    addRow("integer: out of range", R"({"f": 11})", u"integer"_s, required, nothing, f,
           u"f must be between 1 and 10."_s);
    addRow("count: negative", R"({"f": -1})", u"count"_s, required, nothing, f,
           u"f must be at least 0."_s);
    addRow("boolean", R"({"f": false})", u"boolean"_s, required, false);
    addRow("boolean: a number", R"({"f": 0})", u"boolean"_s, required, nothing, f,
           u"f must be true or false."_s);
    addRow("object", R"({"f": {"a": 1}})", u"object"_s, required, QByteArray(R"({"a":1})"));
    addRow("object: a list", R"({"f": [1]})", u"object"_s, required, nothing, f,
           u"f must be a JSON object."_s);
    addRow("array", R"({"f": [1, 2]})", u"array"_s, required, 2);
    addRow("array: an object", R"({"f": {}})", u"array"_s, required, nothing, f,
           u"f must be a JSON array."_s);
    addRow("time", R"({"f": "2026-11-29T12:00:00.250Z"})", u"time"_s, required,
           u"2026-11-29T12:00:00.250Z"_s);
    addRow("time: null, optional", R"({"f": null})", u"time"_s, optional, nothing);
    addRow("time: not a time", R"({"f": "yesterday"})", u"time"_s, optional, nothing, f,
           u"f must be an RFC 3339 time."_s);
    addRow("time: absent, required", "{}", u"time"_s, required, nothing, f, u"f is required."_s);
    addRow("strings", R"({"f": ["a", "b"]})", u"strings"_s, required, QStringList{u"a"_s, u"b"_s});
    addRow("strings: an empty one", R"({"f": ["a", ""]})", u"strings"_s, required, nothing,
           u"f[1]"_s, u"f[1] must be a non-empty string of at most 5 characters."_s);
    addRow("strings: a number", R"({"f": [1]})", u"strings"_s, required, nothing, u"f[0]"_s,
           u"f[0] must be a non-empty string of at most 5 characters."_s);
    addRow("objects", R"({"f": [{"n": 1}, {"n": 2}]})", u"objects"_s, required, qint64(3));
    addRow("objects: none", R"({"f": []})", u"objects"_s, required, qint64(0));
    addRow("objects: one is not an object", R"({"f": [{"n": 1}, 2]})", u"objects"_s, required,
           nothing, u"f[1]"_s, u"f[1] must be a JSON object."_s);
    addRow("objects: a field of one is wrong", R"({"f": [{"n": 1}, {"n": 1}, {"n": 0}]})",
           u"objects"_s, required, nothing, u"f[2].n"_s, u"f[2].n must be between 1 and 10."_s);
    addRow("objects: a field of one is missing", R"({"f": [{}]})", u"objects"_s, required, nothing,
           u"f[0].n"_s, u"f[0].n is required."_s);
    addRow("nested object", R"({"f": {"g": {"n": 4}}})", u"nested object"_s, required, qint64(4));
    addRow("nested object: the inner field is wrong", R"({"f": {"g": {"n": "4"}}})",
           u"nested object"_s, required, nothing, u"f.g.n"_s, u"f.g.n must be a whole number."_s);
    addRow("nested object: the middle one is missing", R"({"f": {}})", u"nested object"_s, required,
           nothing, u"f.g"_s, u"f.g is required."_s);
}

void tst_JsonReader::reads()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, kind);
    QFETCH(Need, need);
    QFETCH(JsonReader::Null, null);
    QFETCH(QVariant, expected);
    QFETCH(QString, field);
    QFETCH(QString, message);

    QJsonParseError parseError;
    const QJsonObject object = QJsonDocument::fromJson(json, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    FieldError error;
    JsonReader reader(object, &error, QString(), null);
    const QVariant read = readAs(reader, kind, need);

    QCOMPARE(read, expected);
    QCOMPARE(reader.ok(), field.isEmpty());
    QCOMPARE(error.field, field);
    QCOMPARE(error.message, message);
}

void tst_JsonReader::firstFailureIsKept()
{
    const QJsonObject object{{u"a"_s, 1}, {u"b"_s, u"x"_s}};
    FieldError error;
    JsonReader reader(object, &error);
    QVERIFY(!reader.string(u"a"_s, Need::Required));
    // Later reads still answer, but the error stays the first one.
    QCOMPARE(reader.string(u"b"_s, Need::Required), u"x"_s);
    QVERIFY(!reader.integer(u"b"_s, Need::Required));
    QVERIFY(!reader.ok());
    QCOMPARE(error.field, u"a"_s);
    QCOMPARE(error.message, u"a must be a string."_s);

    // Without a FieldError the reader still says whether it failed.
    JsonReader silent(object, nullptr);
    QVERIFY(!silent.boolean(u"a"_s, Need::Optional));
    QVERIFY(!silent.ok());
}

void tst_JsonReader::nestedReaderSharesTheError()
{
    const QJsonObject inner{{u"required"_s, 0}};
    FieldError error;
    JsonReader outer(QJsonObject{{u"approval"_s, inner}}, &error, u"operations[2]"_s);
    JsonReader approval = outer.at(u"approval"_s, inner);
    QCOMPARE(approval.path(u"required"_s), u"operations[2].approval.required"_s);
    QVERIFY(!approval.integer(u"required"_s, Need::Required, 1, 100));
    QCOMPARE(error.field, u"operations[2].approval.required"_s);
    QCOMPARE(error.message, u"operations[2].approval.required must be between 1 and 100."_s);
    // The document failed, and a later failure does not replace the first one.
    QVERIFY(!outer.ok());
    QVERIFY(!outer.fail(u"x"_s, u"x is wrong."_s));
    QCOMPARE(error.field, u"operations[2].approval.required"_s);
}

QTEST_GUILESS_MAIN(tst_JsonReader)
#include "tst_jsonreader.moc"
