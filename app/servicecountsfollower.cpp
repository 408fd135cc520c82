#include "servicecountsfollower.h"

#include "apicall.h"
#include "operationsclient.h"

#include <QLoggingCategory>

namespace optrack {

Q_DECLARE_LOGGING_CATEGORY(lcApp)

ServiceCountsFollower::ServiceCountsFollower(OperationsClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(refreshDelay);
    connect(&m_timer, &QTimer::timeout, this, &ServiceCountsFollower::refresh);
}

void ServiceCountsFollower::refresh()
{
    m_timer.stop();
    if (!m_client)
        return;
    if (m_call && m_call->isRunning()) {
        m_again = true;
        return;
    }
    m_again = false;
    const int generation = m_generation;
    m_call = m_client->counts(
            m_scope, {}, this,
            [this, generation](const ApiStatus &status, const ServiceCounts &counts) {
                if (generation == m_generation)
                    handleAnswer(status, counts);
            });
}

void ServiceCountsFollower::refreshSoon()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void ServiceCountsFollower::reset()
{
    ++m_generation;
    m_timer.stop();
    m_again = false;
    if (m_call)
        m_call->abort();
    m_counts.reset();
}

void ServiceCountsFollower::apply(const ServiceCounts &counts)
{
    if (m_counts && counts.version < m_counts->version)
        return;
    m_counts = counts;
    emit countsChanged(counts);
}

void ServiceCountsFollower::handleAnswer(const ApiStatus &status, const ServiceCounts &counts)
{
    if (status.ok()) {
        apply(counts);
    } else if (!status.ok() && status.category != ErrorCategory::Aborted) {
        qCInfo(lcApp) << "counts:" << status.message;
    }
    if (m_again)
        refreshSoon();
}

} // namespace optrack
