#include "retention.h"

#include "accessrules.h"
#include "filecatalogue.h"
#include "jobrunner.h"

#include <QFile>
#include <QLoggingCategory>

namespace optrack {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWorkload, "optrack.workload")

namespace {

constexpr qint64 retentionIntervalMsecs = 3'600'000;

} // namespace

Retention::Retention(const ServerConfig &config, OperationRegistry *registry, JobRunner *runner,
                     const FileStore *store, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_registry(registry)
    , m_runner(runner)
    , m_store(store)
{
    m_timer.setInterval(retentionIntervalMsecs);
    connect(&m_timer, &QTimer::timeout, this, &Retention::apply);
}

void Retention::start()
{
    apply();
    m_timer.start();
}

void Retention::apply()
{
    // The instance that writes removes; the others follow its removals.
    if (!m_registry->leads())
        return;
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addDays(-m_config.retentionDays);
    const QStringList expired = m_registry->reads().terminalBefore(cutoff);
    if (expired.isEmpty())
        return;
    QStringList files;
    for (const QString &id : expired) {
        // A producer's operation names no file of the service's, whatever its context says.
        const Operation *op = m_registry->reads().find(id);
        if (!op || !op->builtIn)
            continue;
        if (op->operationType == access::exportType)
            files.append(m_store->exportPath(op->operationId,
                                             op->context.value(u"format"_s).toString()));
        const QString fileId = op->context.value(u"fileId"_s).toString();
        if (op->operationType == access::uploadType && FileCatalogue::isFileId(fileId))
            files.append(m_store->uploadPath(fileId));
    }
    for (const QString &path : std::as_const(files))
        QFile::remove(path);
    if (m_store->sharesContents() && !files.isEmpty()) {
        m_runner->runInBackground([store = m_store, files] {
            FileStore::Connection db(*store);
            QString error;
            if (!db.isOpen() || !db.removeContents(files, &error))
                qCWarning(lcWorkload).noquote() << "Cannot remove expired files from the database:"
                                                << (db.isOpen() ? error : db.error());
        });
    }
    qCInfo(lcWorkload) << "retention removes" << expired.size() << "operations older than"
                       << m_config.retentionDays << "days";
    m_registry->remove(expired, [](bool) {});
}

} // namespace optrack
