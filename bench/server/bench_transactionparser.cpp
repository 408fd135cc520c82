// Throughput of the transaction file format, in memory (no disk, no HTTP).
//
// 1. Write: rows appended with appendCsvRow (fields from a pre-generated pool, so the
//    figure is the writer's, not the generator's).
// 2. Parse: that file fed to TransactionParser in 1 MiB chunks, rows taken after each
//    chunk as the upload does; every row validated.
// 3. Baseline: libcsv alone over the same file with the parser's options and no-op
//    callbacks, the floor under figure 2.
//
// Run: build/bench/server/bench_transactionparser [rows] [repeats]
// (defaults 1000000 and 3; prints the best of the repeats; see docs/performance.md)

#include "csvwriter.h"
#include "transactionparser.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <csv.h>
#include <vector>

using namespace optrack;

namespace {

constexpr qint64 defaultRows = 1'000'000;
constexpr int defaultRepeats = 3;
constexpr int poolSize = 1 << 16;
constexpr qsizetype feedChunk = 1024 * 1024;
constexpr quint32 seed = 20260301;

struct PoolRow
{
    QByteArray date, account, amount, currency, description;
};

std::vector<PoolRow> makePool()
{
    static const char *const accounts[]
            = {"Checking",   "Savings", "Credit card 4411", "Brokerage",
               "Petty cash", "Payroll", "Müller GmbH",      "Acme, Inc."};
    static const char *const currencies[] = {"EUR", "USD", "GBP", "CHF", "JPY", "SEK"};
    static const char *const descriptions[] = {"Lunch",
                                               "Salary March",
                                               "Invoice 2026-117, paid late",
                                               "Refund \"damaged\" item",
                                               "Rent",
                                               "",
                                               "Transfer to savings",
                                               "Card payment, Café Zürich"};
    QRandomGenerator random(seed);
    std::vector<PoolRow> pool;
    pool.reserve(poolSize);
    for (int i = 0; i < poolSize; ++i) {
        constexpr int months = 12;
        constexpr int days = 28;
        constexpr int maxCents = 2'000'000;
        const int month = 1 + int(random.bounded(months));
        const int day = 1 + int(random.bounded(days));
        const qint64 cents = qint64(random.bounded(maxCents)) - maxCents / 2;
        PoolRow row;
        row.date = QByteArray::number(2025 + int(random.bounded(2))) + '-'
                + QByteArray::number(month).rightJustified(2, '0') + '-'
                + QByteArray::number(day).rightJustified(2, '0');
        row.account = accounts[random.bounded(int(std::size(accounts)))];
        row.amount = (cents < 0 ? "-" : "") + QByteArray::number(std::abs(cents) / 100) + '.'
                + QByteArray::number(std::abs(cents) % 100).rightJustified(2, '0');
        row.currency = currencies[random.bounded(int(std::size(currencies)))];
        row.description = descriptions[random.bounded(int(std::size(descriptions)))];
        pool.push_back(std::move(row));
    }
    return pool;
}

QByteArray writeFile(const std::vector<PoolRow> &pool, qint64 rows)
{
    QByteArray file;
    appendCsvRow(file, {"date", "account", "amount", "currency", "description"});
    for (qint64 i = 0; i < rows; ++i) {
        const PoolRow &row = pool[size_t(i % poolSize)];
        appendCsvRow(file, {row.date, row.account, row.amount, row.currency, row.description});
    }
    return file;
}

qint64 parseFile(const QByteArray &file)
{
    TransactionParser parser;
    qint64 taken = 0;
    for (qsizetype at = 0; at < file.size(); at += feedChunk) {
        if (!parser.feed(file.constData() + at, std::min(feedChunk, file.size() - at)))
            break;
        taken += qint64(parser.takeRows().size());
    }
    if (!parser.finish()) {
        std::fprintf(stderr, "parse failed: %s\n", qPrintable(parser.error()));
        std::exit(EXIT_FAILURE);
    }
    taken += qint64(parser.takeRows().size());
    return taken;
}

int isLineFeed(unsigned char c)
{
    return c == '\n';
}

int isCarriageReturn(unsigned char c)
{
    return c == '\r';
}

qint64 libcsvRecords(const QByteArray &file)
{
    qint64 records = 0;
    csv_parser parser;
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
    csv_set_term_func(&parser, &isLineFeed);
    csv_set_space_func(&parser, &isCarriageReturn);
    const auto countRecord = [](int, void *count) { ++*static_cast<qint64 *>(count); };
    const auto ignoreField = [](void *, size_t, void *) {};
    csv_parse(&parser, file.constData(), size_t(file.size()), ignoreField, countRecord, &records);
    csv_fini(&parser, ignoreField, countRecord, &records);
    csv_free(&parser);
    return records;
}

} // namespace

int main(int argc, char **argv)
{
    const qint64 rows = argc > 1 ? std::atoll(argv[1]) : defaultRows;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : defaultRepeats;
    const std::vector<PoolRow> pool = makePool();

    QByteArray file;
    double bestWriteSeconds = 0;
    double bestParseSeconds = 0;
    double bestBaselineSeconds = 0;
    for (int run = 0; run < repeats; ++run) {
        QElapsedTimer timer;
        timer.start();
        file = writeFile(pool, rows);
        const double writeSeconds = double(timer.nsecsElapsed()) / 1e9;

        timer.restart();
        const qint64 parsed = parseFile(file);
        const double parseSeconds = double(timer.nsecsElapsed()) / 1e9;
        if (parsed != rows) {
            std::fprintf(stderr, "parsed %lld rows, expected %lld\n", parsed, rows);
            return EXIT_FAILURE;
        }
        timer.restart();
        const qint64 records = libcsvRecords(file);
        const double baselineSeconds = double(timer.nsecsElapsed()) / 1e9;
        if (records != rows + 1) {
            std::fprintf(stderr, "libcsv saw %lld records, expected %lld\n", records, rows + 1);
            return EXIT_FAILURE;
        }
        if (run == 0 || baselineSeconds < bestBaselineSeconds)
            bestBaselineSeconds = baselineSeconds;
        if (run == 0 || writeSeconds < bestWriteSeconds)
            bestWriteSeconds = writeSeconds;
        if (run == 0 || parseSeconds < bestParseSeconds)
            bestParseSeconds = parseSeconds;
    }

    constexpr double mebibyte = 1024.0 * 1024.0;
    const double megabytes = double(file.size()) / mebibyte;
    std::printf("rows: %lld, file: %.1f MiB, best of %d runs\n", rows, megabytes, repeats);
    std::printf("write (appendCsvRow):                 %6.3f s  %10.0f rows/s  %7.1f MiB/s\n",
                bestWriteSeconds, double(rows) / bestWriteSeconds, megabytes / bestWriteSeconds);
    std::printf("parse + validate (TransactionParser): %5.3f s  %10.0f rows/s  %7.1f MiB/s\n",
                bestParseSeconds, double(rows) / bestParseSeconds, megabytes / bestParseSeconds);
    std::printf("baseline (libcsv alone, no-op callbacks): %6.3f s  %10.0f rows/s  %7.1f MiB/s\n",
                bestBaselineSeconds, double(rows) / bestBaselineSeconds,
                megabytes / bestBaselineSeconds);
    return EXIT_SUCCESS;
}
