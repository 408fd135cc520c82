#include "csvwriter.h"

#include <array>
#include <csv.h>

namespace optrack {

namespace {

constexpr std::array<bool, 256> specialBytes = [] {
    std::array<bool, 256> table{};
    table[','] = table['"'] = table['\r'] = table['\n'] = true;
    return table;
}();

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

bool needsQuotes(QByteArrayView field)
{
    if (field.isEmpty())
        return false;
    if (isSpace(field.front()) || isSpace(field.back()))
        return true;
    for (const char c : field) {
        if (specialBytes[static_cast<unsigned char>(c)])
            return true;
    }
    return false;
}

void appendQuoted(QByteArray &out, QByteArrayView field)
{
    // csv_write quotes the whole field and doubles the quotes inside; at worst every
    // byte is a quote.
    const qsizetype start = out.size();
    const qsizetype worstCase = 2 + 2 * field.size();
    out.resize(start + worstCase);
    const size_t written
            = csv_write(out.data() + start, size_t(worstCase), field.data(), size_t(field.size()));
    out.resize(start + qsizetype(written));
}

} // namespace

void appendCsvRow(QByteArray &out, std::span<const QByteArrayView> fields)
{
    if (fields.size() == 1 && fields.front().isEmpty()) {
        out.append("\"\"\n");
        return;
    }
    bool first = true;
    for (const QByteArrayView field : fields) {
        if (!first)
            out.append(',');
        first = false;
        if (needsQuotes(field))
            appendQuoted(out, field);
        else
            out.append(field);
    }
    out.append('\n');
}

} // namespace optrack
