// An operation and an audit-trail event as the client reads them from the service
// (codec::fromJson). The first byte chooses the kind (fuzz::kindOf): o an operation, e an
// event; the rest is the JSON. Any JSON object is refused with a named field or read; what is
// read survives the service's own encoding unchanged, because that is how every operation and
// event reaches the app.
#include "fuzzsupport.h"
#include "operationcodec.h"

using namespace optrack;

namespace {

template<typename T> void readBack(const QJsonObject &json)
{
    T value;
    FieldError error;
    if (!codec::fromJson(json, &value, &error)) {
        OPTRACK_FUZZ_CHECK(!error.field.isEmpty() && error.isSet());
        return;
    }
    T again;
    OPTRACK_FUZZ_CHECK(codec::fromJson(codec::toJson(value), &again, &error));
    OPTRACK_FUZZ_CHECK(again == value);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::silenceQtWarnings();
    const std::optional<fuzz::TaggedJson> input = fuzz::taggedJsonObject(data, size, "oe");
    if (!input)
        return 0;
    if (input->kind == 0)
        readBack<Operation>(input->json);
    else
        readBack<OperationEvent>(input->json);
    return 0;
}
