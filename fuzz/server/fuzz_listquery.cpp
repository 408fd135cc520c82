// The query strings the service reads (GET /api/operations, /api/stream, the metrics
// summary): the bytes are the query part of a request target, read into a QUrl as the HTTP
// layer does. Any query is refused with the parameter named, or read into values inside
// their bounds; a number is only read when it is written with digits alone.
#include "fuzzsupport.h"
#include "requestquery.h"

#include <QUrl>

using namespace optrack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::silenceQtWarnings();
    const QUrl url
            = QUrl::fromEncoded("http://127.0.0.1/api/operations?" + fuzz::bytes(data, size));
    const QUrlQuery query(url);

    ListQuery list;
    FieldError error;
    if (requestquery::parseListQuery(query, &list, &error)) {
        OPTRACK_FUZZ_CHECK(list.limit >= 1 && list.limit <= requestquery::maxListLimit);
        OPTRACK_FUZZ_CHECK(!list.since || *list.since >= 0);
        for (const QString &type : std::as_const(list.types))
            OPTRACK_FUZZ_CHECK(codec::isValidOperationType(type));
    } else {
        OPTRACK_FUZZ_CHECK(!error.field.isEmpty() && error.isSet());
    }

    for (const auto &[key, text] : query.queryItems(QUrl::FullyDecoded)) {
        Q_UNUSED(key);
        const std::optional<qint64> number = requestquery::wholeNumber(text, 0, 1'000'000);
        if (number) {
            bool ok = false;
            OPTRACK_FUZZ_CHECK(text.toLongLong(&ok) == *number && ok);
        }
    }
    return 0;
}
