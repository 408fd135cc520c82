#pragma once

#include "filestore.h"
#include "operationregistry.h"

#include <QLoggingCategory>
#include <QObject>
#include <QTimer>

namespace optrack {

Q_DECLARE_LOGGING_CATEGORY(lcWorkload)

class JobRunner;

/// Removes terminal operations older than the retention period (hourly and at start), with
/// the files the service kept for its own: an export's file, an upload's kept bytes (from
/// the database too, when it holds them).
class Retention final : public QObject
{
    Q_OBJECT

public:
    Retention(const ServerConfig &config, OperationRegistry *registry, JobRunner *runner,
              const FileStore *store, QObject *parent = nullptr);

    /// Applies it now, then every hour.
    void start();
    void apply();

private:
    const ServerConfig &m_config;
    OperationRegistry *m_registry;
    JobRunner *m_runner;
    const FileStore *m_store;
    QTimer m_timer;
};

} // namespace optrack
