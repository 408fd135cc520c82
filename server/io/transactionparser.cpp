#include "transactionparser.h"

#include <algorithm>
#include <cstring>
#include <csv.h>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr QByteArrayView byteOrderMark = "\xEF\xBB\xBF";
// Input goes to libcsv in slices so a bad row early in a large chunk stops the work soon.
constexpr qsizetype sliceBytes = 64 * 1024;
// libcsv grows its field buffer by this much at a time (its default is 128 bytes).
constexpr size_t fieldBufferStep = 16 * 1024;
constexpr int fullColumns = TransactionParser::columnCount;
constexpr int columnsWithoutDescription = fullColumns - 1;

enum Column { Date, Account, Amount, Currency, Description };
constexpr QByteArrayView columnNames[] = {"date", "account", "amount", "currency", "description"};

constexpr unsigned char csvOptions = CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL;

// Only '\n' ends a record, so lines are counted the way editors and `wc -l` count them.
// A CR before it is "space": libcsv drops it after a closing quote and at the end of an
// unquoted field, which makes CRLF files parse like LF ones. Spaces and tabs stay data.
int isLineFeed(unsigned char c)
{
    return c == '\n';
}

int isCarriageReturn(unsigned char c)
{
    return c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int digitsValue(QByteArrayView text, qsizetype from, qsizetype count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i)
        value = value * 10 + (text[i] - '0');
    return value;
}

enum class DateCheck { Valid, NotInForm, NotReal };

DateCheck checkDate(QByteArrayView text)
{
    constexpr qsizetype dateLength = 10;
    constexpr qsizetype firstDash = 4;
    constexpr qsizetype secondDash = 7;
    if (text.size() != dateLength || text[firstDash] != '-' || text[secondDash] != '-')
        return DateCheck::NotInForm;
    for (qsizetype i = 0; i < dateLength; ++i) {
        if (i != firstDash && i != secondDash && !isDigit(text[i]))
            return DateCheck::NotInForm;
    }
    const int year = digitsValue(text, 0, 4);
    const int month = digitsValue(text, 5, 2);
    const int day = digitsValue(text, 8, 2);
    constexpr int daysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    constexpr int february = 2;
    if (year < 1 || month < 1 || month > 12 || day < 1)
        return DateCheck::NotReal;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int lastDay = daysInMonth[month - 1] + (month == february && leap ? 1 : 0);
    return day <= lastDay ? DateCheck::Valid : DateCheck::NotReal;
}

// [+-]?digits[.digits]
bool isDecimal(QByteArrayView text)
{
    qsizetype i = 0;
    const qsizetype size = text.size();
    if (i < size && (text[i] == '+' || text[i] == '-'))
        ++i;
    const qsizetype integerStart = i;
    while (i < size && isDigit(text[i]))
        ++i;
    if (i == integerStart)
        return false;
    if (i == size)
        return true;
    if (text[i] != '.')
        return false;
    const qsizetype fractionStart = ++i;
    while (i < size && isDigit(text[i]))
        ++i;
    return i > fractionStart && i == size;
}

bool isCurrencyCode(QByteArrayView text)
{
    constexpr qsizetype codeLength = 3;
    return text.size() == codeLength
            && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool isBlank(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
    });
}

QString columnLabel(int index)
{
    if (index < fullColumns)
        return QString::fromLatin1(columnNames[index]);
    return u"column "_s + QString::number(index + 1);
}

// The value in double quotes, line breaks and tabs shown as \n, \r, \t so the message
// stays on one line, cut to maxQuotedValueLength characters.
QString quotedValue(QByteArrayView value)
{
    QString text = QString::fromUtf8(value);
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return c == '\n' || c == '\r' || c == '\t'; })) {
        text.replace(u'\n', u"\\n"_s).replace(u'\r', u"\\r"_s).replace(u'\t', u"\\t"_s);
    }
    qsizetype cut = TransactionParser::maxQuotedValueLength;
    if (text.size() > cut) {
        if (text.at(cut - 1).isHighSurrogate())
            --cut;
        text.truncate(cut);
        text += u'…';
    }
    return u'"' + text + u'"';
}

QString needsHeader()
{
    return u"it needs the header "_s + QString::fromLatin1(TransactionParser::header);
}

} // namespace

TransactionParser::TransactionParser()
    : m_csv(std::make_unique<csv_parser>())
{
    csv_init(m_csv.get(), csvOptions);
    csv_set_term_func(m_csv.get(), &isLineFeed);
    csv_set_space_func(m_csv.get(), &isCarriageReturn);
    csv_set_blk_size(m_csv.get(), fieldBufferStep);
}

TransactionParser::~TransactionParser()
{
    csv_free(m_csv.get());
}

bool TransactionParser::feed(const char *data, qsizetype size)
{
    Q_ASSERT(!m_finished);
    if (hasFailed())
        return false;
    if (!m_bomDecided) {
        while (size > 0 && m_bomPrefix.size() < byteOrderMark.size()) {
            m_bomPrefix.append(*data);
            ++data;
            --size;
            if (!byteOrderMark.startsWith(m_bomPrefix))
                break;
        }
        if (m_bomPrefix == byteOrderMark) {
            m_bytesConsumed += byteOrderMark.size();
        } else if (byteOrderMark.startsWith(m_bomPrefix)) {
            return true; // too few bytes yet to tell
        } else if (!parse(m_bomPrefix.constData(), m_bomPrefix.size())) {
            return false;
        }
        m_bomDecided = true;
        m_bomPrefix.clear();
    }
    return parse(data, size);
}

bool TransactionParser::finish()
{
    if (m_finished)
        return !hasFailed();
    m_finished = true;
    if (hasFailed())
        return false;
    if (!m_bomDecided) {
        m_bomDecided = true;
        if (!parse(m_bomPrefix.constData(), m_bomPrefix.size()))
            return false;
    }
    if (csv_fini(m_csv.get(), &handleField, &handleRecordEnd, this) != 0) {
        fail(m_recordLine, u"a quoted field is not closed"_s);
        return false;
    }
    if (hasFailed())
        return false;
    if (!m_headerSeen) {
        fail(1, u"the file is empty; "_s + needsHeader());
        return false;
    }
    return true;
}

std::vector<TransactionRow> TransactionParser::takeRows()
{
    std::vector<TransactionRow> rows;
    rows.swap(m_rows);
    // Callers take at a steady pace; room for as many rows again saves regrowing.
    m_rows.reserve(rows.size());
    return rows;
}

bool TransactionParser::parse(const char *data, qsizetype size)
{
    while (size > 0 && !hasFailed()) {
        const qsizetype slice = std::min(size, sliceBytes);
        const size_t parsed
                = csv_parse(m_csv.get(), data, size_t(slice), &handleField, &handleRecordEnd, this);
        m_bytesConsumed += qint64(parsed);
        if (hasFailed())
            break;
        if (qsizetype(parsed) < slice) {
            failStrictParse();
            break;
        }
        data += slice;
        size -= slice;
    }
    return !hasFailed();
}

void TransactionParser::handleField(void *data, size_t size, void *self)
{
    auto *parser = static_cast<TransactionParser *>(self);
    if (parser->hasFailed())
        return;
    const char *text = static_cast<const char *>(data);
    // Only a quoted field can hold a newline; each is a physical line of the record.
    if (size > 0 && std::memchr(text, '\n', size))
        parser->m_newlinesInRecord += std::count(text, text + size, '\n');
    if (parser->m_fieldCount < fullColumns)
        parser->m_fields[parser->m_fieldCount] = QByteArray(text, qsizetype(size));
    ++parser->m_fieldCount;
}

void TransactionParser::handleRecordEnd(int, void *self)
{
    static_cast<TransactionParser *>(self)->endRecord();
}

void TransactionParser::endRecord()
{
    if (hasFailed())
        return;
    if (m_fieldCount == 0) {
        fail(m_recordLine,
             m_headerSeen ? u"the line is empty"_s : u"the line is empty; "_s + needsHeader());
        return;
    }
    if (!(m_headerSeen ? checkRow() : checkHeader()))
        return;
    m_recordLine += 1 + m_newlinesInRecord;
    m_newlinesInRecord = 0;
    m_fieldCount = 0;
}

bool TransactionParser::checkHeader()
{
    const QString expected = u"the header must be "_s + QString::fromLatin1(header);
    if (m_fieldCount != fullColumns) {
        fail(1,
             expected + u"; found "_s + QString::number(m_fieldCount)
                     + (m_fieldCount == 1 ? u" column"_s : u" columns"_s));
        return false;
    }
    for (int i = 0; i < fullColumns; ++i) {
        if (m_fields[i] != columnNames[i]) {
            fail(1,
                 expected + u"; column "_s + QString::number(i + 1) + u" is "_s
                         + quotedValue(m_fields[i]));
            return false;
        }
    }
    for (QByteArray &field : m_fields)
        field.clear();
    m_headerSeen = true;
    return true;
}

bool TransactionParser::checkRow()
{
    const qint64 line = m_recordLine;
    if (m_fieldCount != fullColumns && m_fieldCount != columnsWithoutDescription) {
        fail(line, u"expected 5 columns, found "_s + QString::number(m_fieldCount));
        return false;
    }
    const QByteArray &date = m_fields[Date];
    switch (checkDate(date)) {
    case DateCheck::Valid:
        break;
    case DateCheck::NotInForm:
        fail(line,
             u"date "_s + quotedValue(date)
                     + u" is not in the form YYYY-MM-DD (e.g. 2026-03-15)"_s);
        return false;
    case DateCheck::NotReal:
        fail(line, u"date "_s + quotedValue(date) + u" is not a real calendar date"_s);
        return false;
    }
    const QByteArray &account = m_fields[Account];
    if (isBlank(account)) {
        fail(line, u"account is empty"_s);
        return false;
    }
    if (!QByteArrayView(account).isValidUtf8()) {
        fail(line, u"account is not valid UTF-8 (save the file as UTF-8)"_s);
        return false;
    }
    const QByteArray &amount = m_fields[Amount];
    if (!isDecimal(amount)) {
        fail(line,
             u"amount "_s + quotedValue(amount)
                     + u" is not a decimal number with a '.' (e.g. -12.50)"_s);
        return false;
    }
    if (amount.size() > maxAmountLength) {
        fail(line,
             u"amount "_s + quotedValue(amount) + u" is longer than "_s
                     + QString::number(maxAmountLength) + u" characters"_s);
        return false;
    }
    const QByteArray &currency = m_fields[Currency];
    if (!isCurrencyCode(currency)) {
        fail(line,
             u"currency "_s + quotedValue(currency)
                     + u" must be three capital letters (e.g. EUR)"_s);
        return false;
    }
    const bool hasDescription = m_fieldCount == fullColumns;
    if (hasDescription && !QByteArrayView(m_fields[Description]).isValidUtf8()) {
        fail(line, u"description is not valid UTF-8 (save the file as UTF-8)"_s);
        return false;
    }
    m_rows.push_back(
            TransactionRow{line, std::move(m_fields[Date]), std::move(m_fields[Account]),
                           std::move(m_fields[Amount]), std::move(m_fields[Currency]),
                           hasDescription ? std::move(m_fields[Description]) : QByteArray()});
    ++m_rowCount;
    return true;
}

void TransactionParser::failStrictParse()
{
    if (csv_error(m_csv.get()) != CSV_EPARSE) {
        fail(m_recordLine, u"a field is too large to read"_s);
        return;
    }
    // libcsv stops at the offending byte; whether the field was quoted tells which rule broke.
    const QString column = columnLabel(m_fieldCount);
    if (m_csv->quoted) {
        fail(m_recordLine,
             column
                     + u" has text after its closing quote (a quote inside a quoted field is"
                       u" written twice: \"\")"_s);
    } else {
        fail(m_recordLine,
             column
                     + u" has a quote but does not start with one (put the field in quotes and"
                       u" write each quote inside it twice: \"\")"_s);
    }
}

void TransactionParser::fail(qint64 line, const QString &what)
{
    if (hasFailed())
        return;
    m_error = u"Line "_s + QString::number(line) + u": "_s + what;
}

} // namespace optrack
