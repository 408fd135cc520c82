#include "exportworkload.h"

#include "accessrules.h"
#include "csvwriter.h"

#include <QFile>
#include <QJsonDocument>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 writeFlushBytes = 1 << 20;
constexpr qint64 flushHeadroomBytes = 4096;
constexpr int cancelCheckRows = 4096;

QString rowCount(qint64 count)
{
    return JobRunner::plural(count, u"row"_s, u"rows"_s);
}

} // namespace

ExportWorkload::ExportWorkload(JobRunner *runner, FileStore *store)
    : m_runner(runner)
    , m_store(store)
{ }

QString ExportWorkload::filePath(const Operation &op) const
{
    return m_store->exportPath(op.operationId, op.context.value(u"format"_s).toString());
}

void ExportWorkload::start(const UserAccount &caller, const QString &format,
                           const QString &dateRange, QDate from, QDate to,
                           const std::optional<IdempotencyRequest> &idempotency,
                           JobRunner::Answer answer)
{
    CreateOperationRequest request;
    request.operationType = access::exportType;
    request.entityId = u"export-"_s + dateRange;
    request.displayName = u"Exporting %1 (%2)"_s.arg(dateRange, format.toUpper());
    request.steps = QStringList{u"Query"_s, u"Write"_s, u"Finish"_s};
    request.context = QJsonObject{{u"format"_s, format},
                                  {u"dateRange"_s, dateRange},
                                  {u"from"_s, from.toString(Qt::ISODate)},
                                  {u"to"_s, to.toString(Qt::ISODate)}};
    const bool everyone = access::seesEveryOperation(caller.roles);
    Input input{{}, everyone ? QString() : caller.userId, format, dateRange, from, to};
    const QString message = u"Export of %1 as %2 accepted."_s.arg(dateRange, format);
    m_runner->create(
            caller, request, idempotency, message,
            [this, input](const Operation &op, const std::function<void()> &respond) mutable {
                input.operationId = op.operationId;
                m_runner->launch(op.operationId, [this, input](const JobControlPtr &control) {
                    run(input, control);
                });
                respond();
            },
            std::move(answer));
}

void ExportWorkload::retry(const UserAccount &owner, const Operation &op, JobRunner::Answer answer)
{
    const QString format = op.context.value(u"format"_s).toString();
    const QString range = op.context.value(u"dateRange"_s).toString();
    const QDate from = QDate::fromString(op.context.value(u"from"_s).toString(), Qt::ISODate);
    const QDate to = QDate::fromString(op.context.value(u"to"_s).toString(), Qt::ISODate);
    start(owner, format, range, from, to, std::nullopt, std::move(answer));
}

void ExportWorkload::run(const Input &input, const JobControlPtr &control)
{
    const QString id = input.operationId;
    PatchOperationRequest begin = JobRunner::progressPatch(
            1, 1, u"Counting the transactions of %1"_s.arg(input.dateRange));
    begin.status = OperationStatus::InProgress;
    m_runner->report(id, control, begin);

    FileStore::Connection db(*m_store);
    QString error;
    const std::optional<qint64> total = db.isOpen()
            ? db.countRange(input.owner, input.from, input.to, &error)
            : (error = db.error(), std::nullopt);
    if (!total) {
        m_runner->post([this, id, error] {
            m_runner->fail(id, u"The transactions could not be read: %1"_s.arg(error));
        });
        return;
    }
    m_runner->report(id, control,
                     JobRunner::progressPatch(5, 2, u"Writing %1"_s.arg(rowCount(*total))));

    const QString partPath = m_store->exportPath(id, input.format) + u".part"_s;
    QFile out(partPath);
    if (!out.open(QIODevice::WriteOnly)) {
        const QString reason = out.errorString();
        m_runner->post([this, id, reason] {
            m_runner->fail(id, u"The export file could not be written: %1."_s.arg(reason));
        });
        return;
    }
    const bool csv = input.format == u"csv"_s;
    QByteArray buffer;
    buffer.reserve(writeFlushBytes + flushHeadroomBytes);
    if (csv)
        appendCsvRow(buffer, {"date", "account", "amount", "currency", "description", "fileId"});
    else
        buffer.append("[\n");
    qint64 rows = 0;
    qint64 bytes = 0;
    bool writeOk = true;
    // Kept from the write that failed: close() resets QFile's error to "Unknown error".
    QString writeError;
    bool stopped = false;
    ReportThrottle throttle;
    const auto noteWrite = [&](bool ok) {
        if (writeOk && !ok)
            writeError = out.errorString();
        writeOk = writeOk && ok;
    };
    const auto flushBuffer = [&] {
        if (!buffer.isEmpty()) {
            noteWrite(out.write(buffer) == buffer.size());
            bytes += buffer.size();
            buffer.clear();
        }
    };
    const bool queried = db.queryRange(
            input.owner, input.from, input.to,
            [&](const ExportRow &row) {
                if (csv) {
                    appendCsvRow(buffer,
                                 {row.date, row.account, row.amount, row.currency, row.description,
                                  row.fileId});
                } else {
                    const QJsonObject object{{u"date"_s, QString::fromUtf8(row.date)},
                                             {u"account"_s, QString::fromUtf8(row.account)},
                                             {u"amount"_s, QString::fromUtf8(row.amount)},
                                             {u"currency"_s, QString::fromUtf8(row.currency)},
                                             {u"description"_s, QString::fromUtf8(row.description)},
                                             {u"fileId"_s, QString::fromUtf8(row.fileId)}};
                    if (rows > 0)
                        buffer.append(",\n");
                    buffer.append(QJsonDocument(object).toJson(QJsonDocument::Compact));
                }
                ++rows;
                if (buffer.size() >= writeFlushBytes)
                    flushBuffer();
                if (rows % cancelCheckRows == 0) {
                    if (control->cancelled) {
                        stopped = true;
                        return false;
                    }
                    if (throttle.due())
                        m_runner->report(
                                id, control,
                                JobRunner::progressPatch(
                                        5
                                        + 90 * double(rows) / double(std::max<qint64>(1, *total))));
                }
                return writeOk;
            },
            &error);
    if (!csv)
        buffer.append(rows > 0 ? "\n]\n" : "]\n");
    flushBuffer();
    if (writeOk)
        noteWrite(out.flush());
    out.close();
    if (stopped || control->cancelled) {
        QFile::remove(partPath);
        return;
    }
    if (!queried || !writeOk) {
        QFile::remove(partPath);
        const QString reason = queried ? writeError : error;
        m_runner->post([this, id, reason] {
            m_runner->fail(id, u"The export could not be written: %1"_s.arg(reason));
        });
        return;
    }
    m_runner->report(id, control, JobRunner::progressPatch(97, 3, u"Finishing"_s));
    // Shared, into the database too: any instance serves the download, also once this one is
    // gone.
    if (!db.putContent(m_store->exportPath(id, input.format), partPath, &error)) {
        QFile::remove(partPath);
        m_runner->post([this, id, error] {
            m_runner->fail(id, u"The export could not be stored: %1"_s.arg(error));
        });
        return;
    }
    m_runner->post([this, input, control, partPath, rows, bytes] {
        publish(input, control, partPath, rows, bytes);
    });
}

void ExportWorkload::publish(const Input &input, const JobControlPtr &control,
                             const QString &partPath, qint64 rows, qint64 bytes)
{
    const QString id = input.operationId;
    const QString finalPath = m_store->exportPath(id, input.format);
    if (control->cancelled || !m_runner->claimCompletion(id)) {
        QFile::remove(partPath);
        if (m_store->sharesContents()) {
            m_runner->runInBackground([store = m_store, finalPath] {
                FileStore::Connection db(*store);
                QString error;
                if (db.isOpen())
                    db.removeContents({finalPath}, &error);
            });
        }
        m_runner->finish(id);
        return;
    }
    QFile::remove(finalPath);
    if (!QFile::rename(partPath, finalPath)) {
        QFile::remove(partPath);
        m_runner->fail(id, u"The export file could not be moved into place."_s);
        return;
    }
    m_runner->complete(id, u"Exported %1"_s.arg(rowCount(rows)),
                       QJsonObject{{u"rows"_s, rows},
                                   {u"bytes"_s, bytes},
                                   {u"format"_s, input.format},
                                   {u"fileName"_s,
                                    u"optrack-export-%1.%2"_s.arg(input.dateRange, input.format)},
                                   {u"downloadPath"_s, u"/api/exports/%1/download"_s.arg(id)}});
}

} // namespace optrack
