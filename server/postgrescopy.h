#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class QSqlDatabase;
struct pg_conn;

namespace optrack {

/// Bulk rows into PostgreSQL with COPY ... FROM STDIN in COPY's binary format: every field
/// goes as its length and its bytes, so nothing is quoted or escaped and bytea columns take
/// any bytes. It runs on a QPSQL connection (through libpq, which QtSql has no call for), in
/// the transaction that connection has open, if any.
///
///     PostgresCopy copy(db);
///     copy.begin(u"COPY t (a, b) FROM STDIN (FORMAT binary)"_s, &error);
///     copy.startRow(2); copy.addText(a); copy.addInt64(b);  // for each row
///     copy.finish(&error);
class PostgresCopy final
{
public:
    explicit PostgresCopy(QSqlDatabase &db);
    ~PostgresCopy();
    PostgresCopy(const PostgresCopy &) = delete;
    PostgresCopy &operator=(const PostgresCopy &) = delete;

    /// Sends the COPY statement; false with *error if the server does not take it.
    bool begin(const QString &statement, QString *error);
    void startRow(int fields);
    /// A text or bytea field: its bytes as they are.
    void addBytes(QByteArrayView bytes);
    /// A bigint field.
    void addInt64(qint64 value);
    /// An integer field.
    void addInt32(qint32 value);
    /// Sends what is buffered once it is large; false with *error if the connection fails.
    bool sendIfFull(QString *error);
    /// Ends the COPY; false with *error (the server's, e.g. a constraint) if it fails, and
    /// then nothing of it is stored.
    bool finish(QString *error);

private:
    bool send(QString *error);
    QString connectionError() const;

    pg_conn *m_connection = nullptr;
    QByteArray m_buffer;
    bool m_copying = false;
};

} // namespace optrack
