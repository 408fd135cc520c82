#include "postgresfollower.h"

#include "operationtables.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>
#include <QVariant>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFollower, "optrack.follower")

namespace {

const QString changesChannel = u"optrack_changes"_s;

} // namespace

class PostgresFollower::Worker final : public QObject
{
public:
    Worker(PostgresUri uri, FollowCursor from, QObject *receiver, Sink sink)
        : m_uri(std::move(uri))
        , m_cursor(from)
        , m_receiver(receiver)
        , m_sink(std::move(sink))
        , m_name(u"optrack-follower-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    { }

    /// On the worker's thread.
    void begin()
    {
        m_timer = new QTimer(this);
        m_timer->setInterval(safetyReadMsecs);
        connect(m_timer, &QTimer::timeout, this, &Worker::read);
        m_timer->start();
        connectAndRead();
    }

    void end()
    {
        delete m_timer;
        m_timer = nullptr;
        disconnectDatabase();
    }

    void read()
    {
        if (!m_connected && !connectDatabase())
            return;
        QString error;
        FollowedChanges changes;
        if (!readSnapshot(&changes, &error)) {
            qCWarning(lcFollower).noquote() << "Cannot read the writer's changes:" << error;
            disconnectDatabase();
            QTimer::singleShot(reconnectMsecs, this, &Worker::connectAndRead);
            return;
        }
        const bool moved = !changes.batch.operations.isEmpty() || !changes.batch.events.isEmpty()
                || !changes.batch.removedOperations.isEmpty()
                || changes.batch.version != m_cursor.version || changes.writerUrl != m_writerUrl
                || m_first;
        m_first = false;
        m_cursor.version = std::max(m_cursor.version, changes.batch.version);
        m_cursor.eventSeq = std::max(m_cursor.eventSeq, changes.eventSeq);
        m_writerUrl = changes.writerUrl;
        if (!moved)
            return;
        QMetaObject::invokeMethod(
                m_receiver,
                [sink = m_sink, changes = std::move(changes)]() mutable {
                    sink(std::move(changes));
                },
                Qt::QueuedConnection);
    }

private:
    void connectAndRead()
    {
        if (!m_timer)
            return; // stopped meanwhile
        if (connectDatabase())
            read();
    }

    bool connectDatabase()
    {
        if (m_connected)
            return true;
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (!db.isValid())
            db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
        m_uri.apply(db);
        if (!db.open()) {
            qCWarning(lcFollower).noquote() << "Cannot connect to" << m_uri.displayName() << ":"
                                            << db.lastError().text().trimmed();
            return false;
        }
        // LISTEN before the first read: a change committed in between is then both read and
        // notified (and read twice is harmless), never neither.
        if (!db.driver()->subscribeToNotification(changesChannel)) {
            qCWarning(lcFollower) << "Cannot LISTEN on" << changesChannel;
            db.close();
            return false;
        }
        connect(db.driver(), &QSqlDriver::notification, this, &Worker::read, Qt::UniqueConnection);
        m_connected = true;
        return true;
    }

    void disconnectDatabase()
    {
        m_connected = false;
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (db.isValid()) {
                db.driver()->disconnect(this);
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(m_name);
    }

    bool exec(QSqlQuery &query, QString *error)
    {
        if (query.exec())
            return true;
        *error = query.lastError().text();
        return false;
    }

    bool readSnapshot(FollowedChanges *changes, QString *error)
    {
        const QSqlDatabase db = QSqlDatabase::database(m_name, false);
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s)) {
            *error = query.lastError().text();
            return false;
        }
        const bool ok = readTables(db, changes, error);
        QSqlQuery(db).exec(ok ? u"COMMIT"_s : u"ROLLBACK"_s);
        return ok;
    }

    bool readTables(const QSqlDatabase &db, FollowedChanges *changes, QString *error)
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        changes->batch.version = m_cursor.version;
        changes->eventSeq = m_cursor.eventSeq;
        if (!query.exec(u"SELECT key, value FROM meta"_s)) {
            *error = query.lastError().text();
            return false;
        }
        while (query.next()) {
            const QString key = query.value(0).toString();
            if (key == u"version"_s)
                changes->batch.version
                        = std::max(changes->batch.version, query.value(1).toLongLong());
            else if (key == u"eventSeq"_s)
                changes->eventSeq = std::max(changes->eventSeq, query.value(1).toLongLong());
        }
        if (changes->batch.version > m_cursor.version) {
            query.prepare(u"SELECT document FROM operations WHERE version > ? ORDER BY version"_s);
            query.bindValue(0, m_cursor.version);
            if (!exec(query, error))
                return false;
            while (query.next()) {
                Operation op;
                if (!OperationTables::readOperation(query.value(0).toByteArray(), &op, error))
                    return false;
                changes->batch.operations.append(std::move(op));
            }
        }
        if (changes->eventSeq > m_cursor.eventSeq) {
            query.prepare(u"SELECT operation_id, document FROM events WHERE seq > ?"
                          " ORDER BY seq"_s);
            query.bindValue(0, m_cursor.eventSeq);
            if (!exec(query, error))
                return false;
            while (query.next()) {
                OperationEvent event;
                if (!OperationTables::readEvent(query.value(1).toByteArray(), &event, error))
                    return false;
                changes->batch.events.append({query.value(0).toString(), std::move(event)});
            }
        }
        query.prepare(u"SELECT seq, operation_id FROM removals WHERE seq > ? ORDER BY seq"_s);
        query.bindValue(0, m_cursor.removalSeq);
        if (!exec(query, error))
            return false;
        while (query.next()) {
            m_cursor.removalSeq = std::max(m_cursor.removalSeq, query.value(0).toLongLong());
            changes->batch.removedOperations.append(query.value(1).toString());
        }
        if (!query.exec(u"SELECT url FROM cluster_writer WHERE id = 1"_s)) {
            *error = query.lastError().text();
            return false;
        }
        if (query.next())
            changes->writerUrl = query.value(0).toString();
        return true;
    }

    PostgresUri m_uri;
    FollowCursor m_cursor;
    QObject *m_receiver;
    Sink m_sink;
    QString m_name;
    QString m_writerUrl;
    QTimer *m_timer = nullptr;
    bool m_connected = false;
    bool m_first = true;
};

PostgresFollower::PostgresFollower(PostgresUri uri, FollowCursor from, QObject *receiver, Sink sink,
                                   QObject *parent)
    : QObject(parent)
    , m_worker(new Worker(std::move(uri), from, receiver, std::move(sink)))
{
    m_thread.setObjectName(u"follower"_s);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
}

PostgresFollower::~PostgresFollower()
{
    stop();
    if (m_worker && !m_thread.isRunning())
        delete m_worker;
}

void PostgresFollower::start()
{
    m_thread.start();
    QMetaObject::invokeMethod(
            m_worker, [worker = m_worker.data()] { worker->begin(); }, Qt::QueuedConnection);
}

void PostgresFollower::readNow()
{
    if (m_worker && m_thread.isRunning())
        QMetaObject::invokeMethod(
                m_worker, [worker = m_worker.data()] { worker->read(); }, Qt::QueuedConnection);
}

void PostgresFollower::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
            m_worker, [worker = m_worker.data()] { worker->end(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace optrack
