#pragma once

#include "transactionformat.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <memory>
#include <vector>

struct csv_parser;

namespace optrack {

/// One valid data row of a transaction file: the fields as given (UTF-8, amount text
/// exact), and the physical line where the record starts (the header is line 1).
struct TransactionRow
{
    qint64 line = 0;
    QByteArray date;
    QByteArray account;
    QByteArray amount;
    QByteArray currency;
    QByteArray description;
};

/// Validates an uploaded transaction file (CSV, RFC 4180, header
/// date,account,amount,currency,description) as it arrives, in chunks of any size,
/// and stops at the first bad row with "Line N: <what is wrong>".
///
/// Lines are counted by '\n' (a CRLF is one line end, a lone CR is text). A blank
/// line anywhere, including a second newline at the very end, is an error; one
/// newline after the last row is not. A UTF-8 byte order mark at the start is skipped.
class TransactionParser
{
public:
    static constexpr QByteArrayView header = TransactionFormat::header;
    static constexpr int columnCount = 5;
    static constexpr int maxAmountLength = 30;
    static constexpr int maxQuotedValueLength = 40;

    TransactionParser();
    ~TransactionParser();
    TransactionParser(const TransactionParser &) = delete;
    TransactionParser &operator=(const TransactionParser &) = delete;

    /// Parses the next piece of the input; false from the first bad row on.
    bool feed(const char *data, qsizetype size);
    bool feed(QByteArrayView data) { return feed(data.data(), data.size()); }
    /// Ends the input: flushes a last row without a trailing newline. False if the
    /// file is bad (error() says why). Call once; feed() must not follow.
    bool finish();

    /// "Line N: <what is wrong>", empty while the input is valid.
    QString error() const { return m_error; }
    bool hasFailed() const { return !m_error.isEmpty(); }
    /// Valid data rows so far (the header is not counted).
    qint64 rowCount() const { return m_rowCount; }
    /// The valid rows parsed since the last call, in file order.
    std::vector<TransactionRow> takeRows();
    /// Bytes of input read so far (the byte order mark included), for progress. After a
    /// failure it may count bytes past the bad row.
    qint64 bytesConsumed() const { return m_bytesConsumed; }

private:
    static void handleField(void *data, size_t size, void *self);
    static void handleRecordEnd(int terminator, void *self);

    bool parse(const char *data, qsizetype size);
    void endRecord();
    bool checkHeader();
    bool checkRow();
    void failStrictParse();
    void fail(qint64 line, const QString &what);

    std::unique_ptr<csv_parser> m_csv;
    std::array<QByteArray, columnCount> m_fields;
    int m_fieldCount = 0;
    qint64 m_newlinesInRecord = 0;
    qint64 m_recordLine = 1; // where the record being parsed starts
    bool m_headerSeen = false;
    bool m_finished = false;
    QByteArray m_bomPrefix; // the first bytes, until it is clear whether they are a BOM
    bool m_bomDecided = false;

    std::vector<TransactionRow> m_rows;
    qint64 m_rowCount = 0;
    qint64 m_bytesConsumed = 0;
    QString m_error;
};

} // namespace optrack
