// One text message of /api/stream as the client reads it (StreamMessage::decode): refused
// with a reason, or read; an operation it carries is one the codec reads back unchanged, and
// counts it carries are never negative.
#include "fuzzsupport.h"
#include "operationcodec.h"
#include "streammessage.h"

#include <utility>

using namespace optrack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::silenceQtWarnings();
    StreamMessage message;
    QString error;
    if (!StreamMessage::decode(QString::fromUtf8(fuzz::bytes(data, size)), &message, &error)) {
        OPTRACK_FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    if (message.carriesOperation) {
        Operation again;
        FieldError fieldError;
        OPTRACK_FUZZ_CHECK(codec::fromJson(codec::toJson(message.operation), &again, &fieldError));
        OPTRACK_FUZZ_CHECK(again == message.operation);
    }
    if (message.counts) {
        // The counts reader refuses negative counts; what it hands on is a count.
        OPTRACK_FUZZ_CHECK(message.counts->version >= 0 && message.counts->total >= 0);
        for (const qint64 count : std::as_const(message.counts->byStatus))
            OPTRACK_FUZZ_CHECK(count >= 0);
    }
    return 0;
}
