#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <initializer_list>
#include <span>

namespace optrack {

/// Appends one RFC 4180 record to out: fields separated by ',', ended by a single '\n'
/// (not CRLF: exports are read by tools, and TransactionParser accepts both).
/// A field is quoted only when it needs it: it holds ',', '"', CR or LF, or starts or
/// ends with a space or tab (which some readers trim). A record of one empty field is
/// written as "" so it does not read back as a blank line.
void appendCsvRow(QByteArray &out, std::span<const QByteArrayView> fields);

inline void appendCsvRow(QByteArray &out, std::initializer_list<QByteArrayView> fields)
{
    appendCsvRow(out, std::span<const QByteArrayView>(fields.begin(), fields.size()));
}

} // namespace optrack
