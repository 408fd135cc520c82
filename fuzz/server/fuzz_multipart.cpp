// A multipart/form-data upload as the service reads it (parseMultipart). The input is the
// request's Content-Type value up to the first newline, then the body. Any input is refused
// with a sentence or split into parts that lie inside the body.
#include "fuzzsupport.h"
#include "multipart.h"

using namespace optrack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::silenceQtWarnings();
    const QByteArray input = fuzz::bytes(data, size);
    const qsizetype newline = input.indexOf('\n');
    const QByteArray contentType = newline < 0 ? input : input.left(newline);
    const QByteArray body = newline < 0 ? QByteArray() : input.mid(newline + 1);

    QList<MultipartPart> parts;
    QString error;
    if (!parseMultipart(body, contentType, &parts, &error)) {
        OPTRACK_FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    for (const MultipartPart &part : parts) {
        OPTRACK_FUZZ_CHECK(part.offset >= 0 && part.size >= 0);
        OPTRACK_FUZZ_CHECK(part.offset + part.size <= body.size());
        OPTRACK_FUZZ_CHECK(part.payload(body).size() == part.size);
    }
    return 0;
}
