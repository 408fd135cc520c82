#include "operationfollower.h"

#include "operationstream.h"
#include "operationtracker.h"

namespace optrack::ctl {

OperationFollower::OperationFollower(ApiConnection *connection, QObject *parent)
    : QObject(parent)
    , m_tracker(new OperationTracker(connection, nullptr, this))
    , m_stream(new OperationStream(connection, this))
{
    m_tracker->setPollBounds(fallbackPollMinimum, fallbackPollMaximum);
    connect(m_tracker, &OperationTracker::operationChanged, this, &OperationFollower::adopt);
    connect(m_tracker, &OperationTracker::errorOccurred, this, &OperationFollower::errorOccurred);
    connect(m_stream, &OperationStream::opened, this, &OperationFollower::handleStreamOpened);
    connect(m_stream, &OperationStream::closed, this, &OperationFollower::handleStreamClosed);
    connect(m_stream, &OperationStream::operationReceived, this, &OperationFollower::adopt);
    m_streamTimer.setSingleShot(true);
    connect(&m_streamTimer, &QTimer::timeout, this, &OperationFollower::openStream);
}

OperationFollower::~OperationFollower() = default;

void OperationFollower::start(const QString &operationId)
{
    stop();
    m_operationId = operationId;
    m_operation.reset();
    m_streamBackoff.reset();
    m_running = true;
    // The first answer gives the version the stream replays from.
    m_tracker->start(operationId);
}

void OperationFollower::stop()
{
    m_running = false;
    m_streamTimer.stop();
    m_stream->close();
    m_tracker->stop();
}

void OperationFollower::refresh()
{
    if (m_running && !(m_operation && m_operation->isTerminal()))
        m_tracker->start(m_operationId);
}

bool OperationFollower::isLive() const
{
    return m_stream->isOpen();
}

void OperationFollower::adopt(const Operation &operation)
{
    if (!m_running || operation.operationId != m_operationId)
        return;
    if (m_operation && operation.version <= m_operation->version)
        return;
    const bool first = !m_operation;
    m_operation = operation;
    if (operation.isTerminal())
        stop();
    else if (first)
        openStream();
    emit operationChanged(operation);
}

void OperationFollower::openStream()
{
    if (!m_running || !m_operation || m_stream->isActive())
        return;
    m_stream->open(m_operation->version);
}

void OperationFollower::handleStreamOpened()
{
    m_streamBackoff.reset();
    m_tracker->setPollBounds(livePollMinimum, livePollMaximum);
}

void OperationFollower::handleStreamClosed()
{
    if (!m_running)
        return;
    // Poll at the service's pace until the stream is back, starting now: whatever
    // happened while it dropped is read at once.
    m_tracker->setPollBounds(fallbackPollMinimum, fallbackPollMaximum);
    refresh();
    m_streamTimer.start(m_streamBackoff.nextDelay());
}

} // namespace optrack::ctl
