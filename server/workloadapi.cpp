#include "workloadapi.h"

#include "accessrules.h"
#include "multipart.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

/// Room for the multipart framing around the file itself.
constexpr qint64 multipartOverheadBytes = 64 * 1024;

} // namespace

WorkloadApi::WorkloadApi(const ServerConfig &config, ApiServer *api, WorkloadManager *workloads,
                         OperationRegistry *registry, HttpServer *http, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_api(api)
    , m_workloads(workloads)
    , m_registry(registry)
{
    using M = HttpServer::Method;
    http->route(M::Get, u"/api/files"_s,
                [this](const HttpRequest &request, Reply reply, const QStringList &) {
                    listFiles(request, reply);
                });
    http->route(
            M::Post, u"/api/files/upload"_s,
            [this](const HttpRequest &request, Reply reply, const QStringList &) {
                upload(request, reply);
            },
            m_config.uploadLimitBytes + multipartOverheadBytes);
    http->route(M::Delete, u"/api/files/([^/]+)"_s,
                [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                    deleteFile(request, reply, args.at(0));
                });
    http->route(M::Post, u"/api/data/export"_s,
                [this](const HttpRequest &request, Reply reply, const QStringList &) {
                    exportData(request, reply);
                });
    http->route(M::Get, u"/api/exports/([^/]+)/download"_s,
                [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                    download(request, reply, args.at(0));
                });
    http->route(M::Post, u"/api/operations/([^/]+)/retry"_s,
                [this](const HttpRequest &request, Reply reply, const QStringList &args) {
                    retry(request, reply, args.at(0));
                });
}

bool WorkloadApi::parseDateRange(const QString &text, QDate *from, QDate *to, QString *error)
{
    static const QRegularExpression year(u"\\A(\\d{4})\\z"_s);
    static const QRegularExpression month(u"\\A(\\d{4})-(\\d{2})\\z"_s);
    static const QRegularExpression range(
            u"\\A(\\d{4}-\\d{2}-\\d{2})\\.\\.(\\d{4}-\\d{2}-\\d{2})\\z"_s);
    if (const auto match = year.match(text); match.hasMatch()) {
        const int y = match.captured(1).toInt();
        *from = QDate(y, 1, 1);
        *to = QDate(y, 12, 31);
    } else if (const auto match = month.match(text); match.hasMatch()) {
        *from = QDate(match.captured(1).toInt(), match.captured(2).toInt(), 1);
        *to = from->isValid() ? from->addMonths(1).addDays(-1) : QDate();
    } else if (const auto match = range.match(text); match.hasMatch()) {
        *from = QDate::fromString(match.captured(1), Qt::ISODate);
        *to = QDate::fromString(match.captured(2), Qt::ISODate);
    } else {
        *error = u"dateRange must be YYYY, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD."_s;
        return false;
    }
    if (!from->isValid() || !to->isValid()) {
        *error = u"dateRange \"%1\" names a date that does not exist."_s.arg(text);
        return false;
    }
    if (*to < *from) {
        *error = u"dateRange \"%1\" ends before it starts."_s.arg(text);
        return false;
    }
    return true;
}

void WorkloadApi::sendAnswer(Reply &reply, const WorkloadAnswer &answer)
{
    if (answer.replay) {
        ApiServer::sendReplay(reply, *answer.replay);
        return;
    }
    if (answer.error) {
        ApiServer::sendError(reply, *answer.error);
        return;
    }
    const QByteArray location
            = "/api/operations/" + answer.body.value(u"operationId"_s).toString().toUtf8();
    reply.sendJson(202, answer.body, {{"Location", location}});
}

bool WorkloadApi::requireRole(const UserAccount &caller, const QString &role, const QString &action,
                              Reply &reply) const
{
    if (caller.hasRole(role))
        return true;
    ApiServer::sendError(reply, ApiError::forbidden(u"%1 needs the %2 role."_s.arg(action, role)));
    return false;
}

void WorkloadApi::listFiles(const HttpRequest &request, Reply reply)
{
    const UserAccount *user = m_api->requireUser(request, reply);
    if (!user)
        return;
    QJsonArray files;
    for (const StoredFile &file : m_workloads->filesFor(*user))
        files.append(file.toJson());
    reply.sendJson(200, {{u"files"_s, files}}, {{"Cache-Control", "no-cache"}});
}

void WorkloadApi::upload(const HttpRequest &request, Reply reply)
{
    const UserAccount *user = m_api->requireUser(request, reply);
    if (!user || !requireRole(*user, access::userRole, u"Uploading a file"_s, reply))
        return;
    const QByteArray body = request.body();
    QList<MultipartPart> parts;
    QString error;
    if (!parseMultipart(body, request.value("content-type"), &parts, &error)) {
        ApiServer::sendFieldError(reply,
                                  {u"body"_s,
                                   u"Send the file as multipart/form-data with a "
                                   "field named \"file\" (%1)."_s.arg(error)});
        return;
    }
    const auto part = std::find_if(parts.cbegin(), parts.cend(),
                                   [](const MultipartPart &p) { return p.name == "file"; });
    if (part == parts.cend()) {
        ApiServer::sendFieldError(
                reply,
                {u"file"_s, u"Send the transaction file in a multipart field named \"file\"."_s});
        return;
    }
    if (part->size > m_config.uploadLimitBytes) {
        ApiServer::sendError(
                reply,
                ApiError::payloadTooLarge(
                        u"The file is %1 bytes; this service accepts at most %2."_s.arg(part->size)
                                .arg(m_config.uploadLimitBytes)));
        return;
    }
    // Only a label: the bytes are kept by id, never under this name.
    QString fileName = QString::fromUtf8(part->fileName).trimmed();
    if (fileName.isEmpty())
        fileName = u"upload.csv"_s;
    std::optional<IdempotencyRequest> idempotency;
    if (!request.value("idempotency-key").isEmpty()) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(QByteArray("POST /api/files/upload\n" + part->fileName + '\n'));
        hash.addData(QByteArrayView(body.constData() + part->offset, part->size));
        if (!m_api->readIdempotencyKey(request, reply, hash.result(), &idempotency))
            return;
    }
    m_workloads->startUpload(
            *user, fileName, body, part->offset, part->size, idempotency,
            [reply](const WorkloadAnswer &answer) mutable { sendAnswer(reply, answer); });
}

void WorkloadApi::deleteFile(const HttpRequest &request, Reply reply, const QString &fileId)
{
    const UserAccount *user = m_api->requireUser(request, reply);
    if (!user)
        return;
    std::optional<IdempotencyRequest> idempotency;
    if (!m_api->readIdempotencyKey(request, reply, "DELETE /api/files/" + fileId.toUtf8(),
                                   &idempotency))
        return;
    m_workloads->startDeletion(
            *user, fileId, idempotency,
            [reply](const WorkloadAnswer &answer) mutable { sendAnswer(reply, answer); });
}

void WorkloadApi::exportData(const HttpRequest &request, Reply reply)
{
    const UserAccount *user = m_api->requireUser(request, reply);
    if (!user)
        return;
    if (!access::mayExport(user->roles)) {
        ApiServer::sendError(
                reply,
                ApiError::forbidden(u"Exporting data needs the user, staff or admin role."_s));
        return;
    }
    QJsonObject json;
    if (!m_api->readBody(request, reply, &json))
        return;
    const QJsonValue format = json.value(u"format"_s);
    if (!format.isString() || (format.toString() != u"csv"_s && format.toString() != u"json"_s)) {
        ApiServer::sendFieldError(reply, {u"format"_s, u"format must be \"csv\" or \"json\"."_s});
        return;
    }
    const QJsonValue range = json.value(u"dateRange"_s);
    QDate from;
    QDate to;
    QString error;
    if (!range.isString()) {
        ApiServer::sendFieldError(
                reply,
                {u"dateRange"_s,
                 u"dateRange is required: YYYY, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD."_s});
        return;
    }
    if (!parseDateRange(range.toString(), &from, &to, &error)) {
        ApiServer::sendFieldError(reply, {u"dateRange"_s, error});
        return;
    }
    std::optional<IdempotencyRequest> idempotency;
    if (!m_api->readIdempotencyKey(request, reply,
                                   "POST /api/data/export\n" + format.toString().toUtf8() + '\n'
                                           + range.toString().toUtf8(),
                                   &idempotency)) {
        return;
    }
    m_workloads->startExport(
            *user, format.toString(), range.toString(), from, to, idempotency,
            [reply](const WorkloadAnswer &answer) mutable { sendAnswer(reply, answer); });
}

void WorkloadApi::download(const HttpRequest &request, Reply reply, const QString &operationId)
{
    const UserAccount *user = m_api->requireUser(request, reply);
    if (!user)
        return;
    const Operation *op = m_registry->reads().find(operationId);
    if (!op || !op->builtIn || op->operationType != access::exportType) {
        ApiServer::sendError(reply,
                             ApiError::notFound(u"No export has the id %1."_s.arg(operationId)));
        return;
    }
    const bool allowed = op->owner() == user->userId || access::seesEveryOperation(user->roles);
    if (!allowed) {
        ApiServer::sendError(
                reply,
                ApiError::forbidden(u"Export %1 belongs to another user."_s.arg(operationId)));
        return;
    }
    if (op->status != OperationStatus::Completed) {
        ApiServer::sendError(
                reply,
                ApiError::conflict(
                        u"Export %1 is %2; its file can be downloaded once it has completed."_s.arg(
                                operationId, statusToWire(op->status))));
        return;
    }
    const QString format = op->context.value(u"format"_s).toString();
    const QString name = op->result.toObject().value(u"fileName"_s).toString(u"export."_s + format);
    const QByteArray disposition = "attachment; filename=\"" + name.toUtf8().replace('"', "") + '"';
    const QByteArray type = format == u"json"_s ? "application/json" : "text/csv; charset=utf-8";
    m_workloads->findExportFile(
            *op,
            [reply, operationId, type, disposition](const QString &path, bool temporary,
                                                    const QString &error) mutable {
                const bool sent = !path.isEmpty() && reply.sendFile(path, type, disposition);
                // The reply holds the file open: a copy fetched for it can go now.
                if (temporary)
                    QFile::remove(path);
                if (sent)
                    return;
                ApiServer::sendError(
                        reply,
                        error.isEmpty() ? ApiError::notFound(
                                u"The file of export %1 is no longer kept."_s.arg(operationId))
                                        : ApiError::internal(
                                                u"The file of export %1 could not be read from the "
                                                "database; try again."_s.arg(operationId)));
            });
}

void WorkloadApi::retry(const HttpRequest &request, Reply reply, const QString &operationId)
{
    const UserAccount *user = m_api->requireUser(request, reply);
    if (!user)
        return;
    m_workloads->retry(*user, operationId, [reply](const WorkloadAnswer &answer) mutable {
        sendAnswer(reply, answer);
    });
}

} // namespace optrack
