// An uploaded transaction file as the service validates it (TransactionParser). The file
// arrives in chunks of whatever size the network gives, so the same bytes are parsed twice:
// whole, and in chunks whose sizes the input's last bytes choose. Both must agree on the
// verdict, the error and every row: a chunk boundary must change nothing.
#include "fuzzsupport.h"
#include "transactionparser.h"

#include <vector>

using namespace optrack;

namespace {

struct Outcome
{
    bool ok = false;
    QString error;
    qint64 rowCount = 0;
    std::vector<TransactionRow> rows;
};

Outcome parse(QByteArrayView file, QByteArrayView chunkSizes)
{
    Outcome outcome;
    TransactionParser parser;
    qsizetype at = 0;
    qsizetype next = 0;
    bool ok = true;
    while (ok && at < file.size()) {
        qsizetype chunk = file.size() - at;
        if (!chunkSizes.isEmpty())
            chunk = std::min<qsizetype>(chunk, 1 + quint8(chunkSizes[next++ % chunkSizes.size()]));
        ok = parser.feed(file.data() + at, chunk);
        at += chunk;
        for (TransactionRow &row : parser.takeRows())
            outcome.rows.push_back(std::move(row));
    }
    outcome.ok = ok && parser.finish();
    for (TransactionRow &row : parser.takeRows())
        outcome.rows.push_back(std::move(row));
    outcome.error = parser.error();
    outcome.rowCount = parser.rowCount();
    OPTRACK_FUZZ_CHECK(outcome.ok == outcome.error.isEmpty());
    return outcome;
}

bool sameRows(const std::vector<TransactionRow> &a, const std::vector<TransactionRow> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].line != b[i].line || a[i].date != b[i].date || a[i].account != b[i].account
            || a[i].amount != b[i].amount || a[i].currency != b[i].currency
            || a[i].description != b[i].description)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::silenceQtWarnings();
    // The last 4 bytes (when there are more than 8) choose the chunk sizes, 1 to 256 bytes.
    constexpr size_t chunkBytes = 4;
    const QByteArrayView input(data, qsizetype(size));
    const QByteArrayView file = size > 2 * chunkBytes ? input.chopped(chunkBytes) : input;
    const QByteArrayView chunkSizes = size > 2 * chunkBytes ? input.last(chunkBytes) : input;

    const Outcome whole = parse(file, {});
    const Outcome chunked = parse(file, chunkSizes);
    OPTRACK_FUZZ_CHECK(whole.ok == chunked.ok);
    OPTRACK_FUZZ_CHECK(whole.error == chunked.error);
    // After a failure the parser may have read rows past the bad one in the chunk that held
    // it; only a valid file's rows must agree in full.
    if (whole.ok) {
        OPTRACK_FUZZ_CHECK(whole.rowCount == chunked.rowCount);
        OPTRACK_FUZZ_CHECK(sameRows(whole.rows, chunked.rows));
        OPTRACK_FUZZ_CHECK(qint64(whole.rows.size()) == whole.rowCount);
    }
    return 0;
}
