#pragma once

#include <QByteArrayView>

namespace optrack {

/// The transaction file an upload carries, as the service checks it and the app explains it:
/// CSV in UTF-8 (RFC 4180 quoting), this exact first line, then one transaction per line.
namespace TransactionFormat {

inline constexpr QByteArrayView header = "date,account,amount,currency,description";
/// A line as a person would write one, for the upload dialog and Getting started.
inline constexpr QByteArrayView exampleRow = "2026-11-30,ACC-1001,-12.50,EUR,\"Coffee, beans\"";

} // namespace TransactionFormat
} // namespace optrack
