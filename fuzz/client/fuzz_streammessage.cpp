// One text message of /api/stream as the client reads it (StreamMessage::decode): refused
// with a reason, or read; an operation it carries is one the codec reads back unchanged.
#include "fuzzsupport.h"
#include "operationcodec.h"
#include "streammessage.h"

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
    return 0;
}
