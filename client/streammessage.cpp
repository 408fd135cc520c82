#include "streammessage.h"

#include "operationcodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace optrack {

using namespace Qt::StringLiterals;

bool StreamMessage::decode(const QString &message, StreamMessage *result, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = u"not a JSON object (%1)."_s.arg(parseError.errorString());
        return false;
    }
    const QJsonObject object = document.object();
    StreamMessage read;
    if (object.value(u"type"_s).toString() == u"operation"_s) {
        FieldError fieldError;
        if (!codec::fromJson(object.value(u"operation"_s).toObject(), &read.operation,
                             &fieldError)) {
            *error = u"its operation: %1 (%2)"_s.arg(fieldError.message, fieldError.field);
            return false;
        }
        read.carriesOperation = true;
    } else if (object.value(u"type"_s).toString() == u"counts"_s) {
        // Counts are a convenience (the counts route answers the same): a shape this client
        // does not read is skipped like an unknown type.
        FieldError fieldError;
        ServiceCounts counts;
        if (decode::counts(object.value(u"counts"_s).toObject(), &counts, &fieldError))
            read.counts = std::move(counts);
    }
    *result = std::move(read);
    return true;
}

} // namespace optrack
