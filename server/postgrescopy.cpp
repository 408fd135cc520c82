#include "postgrescopy.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>
#include <QtEndian>

#include <libpq-fe.h>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// COPY BINARY's header: the signature, no flags, no header extension.
constexpr char binaryHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr qsizetype binaryHeaderBytes = 19;
constexpr qsizetype sendBytes = 1 << 20;

template<typename T> void appendBigEndian(QByteArray &buffer, T value)
{
    const T big = qToBigEndian(value);
    buffer.append(reinterpret_cast<const char *>(&big), sizeof big);
}

/// The libpq connection behind a QPSQL one.
PGconn *connectionOf(QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    // QPSQL's handle is a PGconn* (its type named after libpq's struct, pg_conn*).
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0
            && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

} // namespace

PostgresCopy::PostgresCopy(QSqlDatabase &db)
    : m_connection(connectionOf(db))
{
    m_buffer.reserve(sendBytes + (64 << 10));
}

PostgresCopy::~PostgresCopy()
{
    // A COPY left open would leave the connection unusable: end it as failed.
    if (m_copying) {
        PQputCopyEnd(m_connection, "abandoned");
        while (PGresult *result = PQgetResult(m_connection))
            PQclear(result);
    }
}

QString PostgresCopy::connectionError() const
{
    return QString::fromUtf8(PQerrorMessage(m_connection)).trimmed();
}

bool PostgresCopy::begin(const QString &statement, QString *error)
{
    if (!m_connection) {
        *error = u"not a PostgreSQL connection"_s;
        return false;
    }
    PGresult *result = PQexec(m_connection, statement.toUtf8().constData());
    const bool ok = PQresultStatus(result) == PGRES_COPY_IN;
    if (!ok)
        *error = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    PQclear(result);
    if (!ok)
        return false;
    m_copying = true;
    m_buffer.append(binaryHeader, binaryHeaderBytes);
    return true;
}

void PostgresCopy::startRow(int fields)
{
    appendBigEndian(m_buffer, qint16(fields));
}

void PostgresCopy::addBytes(QByteArrayView bytes)
{
    appendBigEndian(m_buffer, qint32(bytes.size()));
    m_buffer.append(bytes.data(), bytes.size());
}

void PostgresCopy::addInt64(qint64 value)
{
    appendBigEndian(m_buffer, qint32(sizeof value));
    appendBigEndian(m_buffer, value);
}

void PostgresCopy::addInt32(qint32 value)
{
    appendBigEndian(m_buffer, qint32(sizeof value));
    appendBigEndian(m_buffer, value);
}

bool PostgresCopy::sendIfFull(QString *error)
{
    return m_buffer.size() < sendBytes || send(error);
}

bool PostgresCopy::send(QString *error)
{
    if (!m_buffer.isEmpty()
        && PQputCopyData(m_connection, m_buffer.constData(), int(m_buffer.size())) != 1) {
        *error = connectionError();
        return false;
    }
    m_buffer.clear();
    return true;
}

bool PostgresCopy::finish(QString *error)
{
    appendBigEndian(m_buffer, qint16(-1));
    if (!send(error))
        return false;
    m_copying = false;
    if (PQputCopyEnd(m_connection, nullptr) != 1) {
        *error = connectionError();
        return false;
    }
    bool ok = true;
    while (PGresult *result = PQgetResult(m_connection)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && ok) {
            ok = false;
            *error = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        }
        PQclear(result);
    }
    return ok;
}

} // namespace optrack
