// The client's reply readers (client/apiresults) take the JSON object ApiCall made of the
// body. The first byte chooses the reader (fuzz::kindOf): o an operation in its wrapper,
// a an accepted operation, v a vote's outcome, p a page of operations, e events, f files,
// u the user, m the metrics summary; the rest is the body. Whatever the service (or anything
// posing as it) answers, a reader either reads it or names the field it could not read, and
// the status the user then sees says so.
#include "apiresults.h"
#include "fuzzsupport.h"

using namespace optrack;

namespace {

template<typename T, typename Reader> void readReply(const QJsonObject &json, Reader reader)
{
    T result{};
    FieldError error;
    if (!reader(json, &result, &error)) {
        OPTRACK_FUZZ_CHECK(!error.field.isEmpty());
        const ApiStatus status = unreadableStatus(error, 200);
        OPTRACK_FUZZ_CHECK(!status.ok() && !status.message.isEmpty());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::silenceQtWarnings();
    const std::optional<fuzz::TaggedJson> input = fuzz::taggedJsonObject(data, size, "oavpefum");
    if (!input)
        return 0;
    const QJsonObject &json = input->json;
    switch (input->kind) {
    case 0:
        readReply<Operation>(json, decode::wrappedOperation);
        break;
    case 1:
        readReply<AcceptedOperation>(json, decode::accepted);
        break;
    case 2:
        readReply<VoteOutcome>(json, decode::vote);
        break;
    case 3:
        readReply<OperationPage>(json, decode::operationPage);
        break;
    case 4:
        readReply<QList<OperationEvent>>(json, decode::events);
        break;
    case 5:
        readReply<QList<FileInfo>>(json, decode::files);
        break;
    case 6:
        readReply<UserInfo>(json, decode::user);
        break;
    default:
        readReply<MetricsSummary>(json, decode::metrics);
        break;
    }
    return 0;
}
