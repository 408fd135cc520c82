#pragma once

#include "apiserver.h"
#include "workloadmanager.h"

#include <QObject>

namespace optrack {

/// The routes of the built-in workloads: files, upload, deletion, export and its download,
/// and retry. The work itself is WorkloadManager's.
class WorkloadApi final : public QObject
{
    Q_OBJECT

public:
    WorkloadApi(const ServerConfig &config, ApiServer *api, WorkloadManager *workloads,
                OperationRegistry *registry, HttpServer *http, QObject *parent = nullptr);

    /// Parses YYYY, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (both ends included).
    static bool parseDateRange(const QString &text, QDate *from, QDate *to, QString *error);

private:
    using Reply = HttpReply;

    void listFiles(const HttpRequest &request, Reply reply);
    void upload(const HttpRequest &request, Reply reply);
    void deleteFile(const HttpRequest &request, Reply reply, const QString &fileId);
    void exportData(const HttpRequest &request, Reply reply);
    void download(const HttpRequest &request, Reply reply, const QString &operationId);
    void retry(const HttpRequest &request, Reply reply, const QString &operationId);
    static void sendAnswer(Reply &reply, const WorkloadAnswer &answer);
    bool requireRole(const UserAccount &caller, const QString &role, const QString &action,
                     Reply &reply) const;

    const ServerConfig &m_config;
    ApiServer *m_api;
    WorkloadManager *m_workloads;
    OperationRegistry *m_registry;
};

} // namespace optrack
