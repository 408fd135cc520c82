// Every request body the service reads (codec::parseObject, then the request's reader). The
// first byte chooses the request (fuzz::kindOf): c POST /api/operations, p PATCH
// /api/operations/{id}, v POST .../votes, x POST .../cancel; the rest is the body. Any body is
// refused with a named field or read within its limits; a create or patch request that was
// read encodes (as optrackctl and the tests send it) to a body that reads back the same.
#include "fuzzsupport.h"
#include "operationcodec.h"

using namespace optrack;

namespace {

template<typename Request, typename Reader>
std::optional<Request> read(const QJsonObject &json, Reader reader)
{
    Request request;
    FieldError error;
    if (!reader(json, &request, &error)) {
        OPTRACK_FUZZ_CHECK(!error.field.isEmpty() && error.isSet());
        return std::nullopt;
    }
    return request;
}

template<typename Request, typename Reader> void readBack(const QJsonObject &json, Reader reader)
{
    const std::optional<Request> request = read<Request>(json, reader);
    if (!request)
        return;
    const QJsonObject encoded = codec::toJson(*request);
    const std::optional<Request> again = read<Request>(encoded, reader);
    OPTRACK_FUZZ_CHECK(again && codec::toJson(*again) == encoded);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::silenceQtWarnings();
    if (size == 0)
        return 0;
    QJsonObject json;
    FieldError error;
    if (!codec::parseObject(fuzz::bytes(data + 1, size - 1), &json, &error)) {
        OPTRACK_FUZZ_CHECK(error.field == QStringLiteral("body") && error.isSet());
        return 0;
    }
    switch (fuzz::kindOf(data[0], "cpvx")) {
    case 0:
        readBack<CreateOperationRequest>(json, codec::parseCreateRequest);
        break;
    case 1:
        if (const auto patch = read<PatchOperationRequest>(json, codec::parsePatchRequest))
            OPTRACK_FUZZ_CHECK(!patch->isEmpty());
        readBack<PatchOperationRequest>(json, codec::parsePatchRequest);
        break;
    case 2:
        if (const auto vote = read<VoteRequest>(json, codec::parseVoteRequest)) {
            OPTRACK_FUZZ_CHECK(vote->reason.size() <= codec::maxTextLength);
            OPTRACK_FUZZ_CHECK(vote->reason == vote->reason.trimmed());
        }
        break;
    default:
        if (const auto cancel = read<CancelRequest>(json, codec::parseCancelRequest))
            OPTRACK_FUZZ_CHECK(cancel->reason.size() <= codec::maxTextLength);
        break;
    }
    return 0;
}
