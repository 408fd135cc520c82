#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace optrack::httpstatus {

/// The reason phrase of a status ("Not Found"); "Unknown" for codes this service never sends.
QByteArrayView reasonPhrase(int status);
/// The error body's machine code for a status the HTTP layer answers by itself.
QString errorCode(int status);
/// {"error": message, "code": errorCode(status)}, compact.
QByteArray errorBody(int status, const QString &message);

} // namespace optrack::httpstatus
