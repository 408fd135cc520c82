// The service's configuration file (ServerConfig::fromJson): refused with a sentence, or read
// into a configuration whose accounts can be found by their token's digest and by name.
#include "fuzzsupport.h"
#include "serverconfig.h"

using namespace optrack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::silenceQtWarnings();
    QString error;
    const std::optional<ServerConfig> config
            = ServerConfig::fromJson(fuzz::bytes(data, size), &error);
    if (!config) {
        OPTRACK_FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    for (const UserAccount &account : config->users) {
        OPTRACK_FUZZ_CHECK(config->user(account.userId) != nullptr);
        OPTRACK_FUZZ_CHECK(config->userByTokenSha256(account.tokenSha256) != nullptr);
        for (const ApprovalPolicy &policy : config->approvalPolicies)
            OPTRACK_FUZZ_CHECK(config->eligibleVoters(policy, account.userId) >= 0);
    }
    OPTRACK_FUZZ_CHECK(config->maxBodyBytes > 0 && config->uploadLimitBytes > 0);
    return 0;
}
