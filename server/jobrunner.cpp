#include "jobrunner.h"

#include <QPointer>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr int workerThreads = 2;
constexpr int workerNice = 10;
constexpr qint64 reportIntervalMsecs = 200;
constexpr int settleRetryMsecs = 1000;

/// Workers yield the processor to the request loop, so the API keeps answering at full speed
/// while a large upload validates. (On Linux a thread's nice value is its own.)
void lowerPriority()
{
#ifdef Q_OS_LINUX
    static thread_local bool lowered = false;
    if (!lowered) {
        setpriority(PRIO_PROCESS, id_t(gettid()), workerNice);
        lowered = true;
    }
#endif
}

void ignoreResult(const ChangeResult &)
{ }

} // namespace

bool ReportThrottle::due()
{
    if (m_timer.elapsed() < reportIntervalMsecs)
        return false;
    m_timer.restart();
    return true;
}

JobRunner::JobRunner(OperationRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
{
    m_pool.setMaxThreadCount(workerThreads);
}

JobRunner::~JobRunner()
{
    shutdown();
}

PatchOperationRequest JobRunner::progressPatch(double progress, std::optional<int> step,
                                               std::optional<QString> description)
{
    PatchOperationRequest patch;
    patch.progressPercentage = std::clamp(progress, 0.0, 100.0);
    patch.currentStep = step;
    patch.stepDescription = description;
    return patch;
}

QString JobRunner::plural(qint64 count, const QString &one, const QString &many)
{
    return count == 1 ? QString(u"1 "_s + one) : QString(QString::number(count) + u' ' + many);
}

QJsonObject JobRunner::initiated(const Operation &op, const QString &message)
{
    return QJsonObject{{u"operationId"_s, op.operationId},
                       {u"status"_s, u"initiated"_s},
                       {u"message"_s, message},
                       {u"operation"_s, codec::toJson(op)}};
}

void JobRunner::create(const UserAccount &caller, const CreateOperationRequest &request,
                       const std::optional<IdempotencyRequest> &idempotency, const QString &message,
                       Started started, Answer answer)
{
    std::optional<IdempotencyRequest> remembered = idempotency;
    if (remembered) {
        remembered->answerStatus = 202;
        remembered->answerBody = [message](const Operation &op) { return initiated(op, message); };
    }
    m_registry->create(caller, request, Runner::Workload, remembered,
                       [message, started = std::move(started),
                        answer = std::move(answer)](const ChangeResult &result) {
                           WorkloadAnswer out;
                           if (result.replay || result.error) {
                               out.replay = result.replay;
                               out.error = result.error;
                               answer(out);
                               return;
                           }
                           out.body = initiated(result.operation, message);
                           started(result.operation, [answer, out] { answer(out); });
                       });
}

void JobRunner::launch(const QString &operationId, std::function<void(const JobControlPtr &)> work)
{
    auto control = std::make_shared<JobControl>();
    m_jobs.insert(operationId, control);
    m_pool.start([work = std::move(work), control] {
        lowerPriority();
        work(control);
    });
}

void JobRunner::runInBackground(std::function<void()> work)
{
    m_pool.start(std::move(work));
}

void JobRunner::post(std::function<void()> function)
{
    QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
}

void JobRunner::report(const QString &operationId, const JobControlPtr &control,
                       PatchOperationRequest patch)
{
    post([this, operationId, control, patch] {
        if (control->cancelled)
            return;
        m_registry->patch(OperationRegistry::serviceAccount(), operationId, patch, ignoreResult);
    });
}

void JobRunner::patch(const QString &operationId, const PatchOperationRequest &patch,
                      std::function<void()> done)
{
    m_registry->patch(OperationRegistry::serviceAccount(), operationId, patch,
                      [done = std::move(done)](const ChangeResult &) {
                          if (done)
                              done();
                      });
}

bool JobRunner::claimCompletion(const QString &operationId)
{
    return m_registry->claimCompletion(operationId);
}

void JobRunner::fail(const QString &operationId, const QString &message)
{
    PatchOperationRequest patch;
    patch.status = OperationStatus::Failed;
    patch.errorMessage = std::optional<QString>(message);
    settle(operationId, patch);
    finish(operationId);
}

void JobRunner::complete(const QString &operationId, const QString &description,
                         const QJsonObject &result)
{
    PatchOperationRequest patch;
    patch.status = OperationStatus::Completed;
    patch.progressPercentage = 100;
    const std::optional<Operation> op = m_registry->current(operationId);
    if (op && op->totalSteps > 0)
        patch.currentStep = op->totalSteps;
    patch.stepDescription = description;
    patch.result = result;
    settle(operationId, patch);
    finish(operationId);
}

void JobRunner::settle(const QString &operationId, const PatchOperationRequest &patch)
{
    // The move to in_progress is a report, and a report the store refused (a full disk) is not
    // sent again: an end that may not follow pending (completed) makes that move first.
    const std::optional<Operation> op = m_registry->current(operationId);
    if (op && patch.status && op->status == OperationStatus::Pending
        && !isMoveAllowed(OperationStatus::Pending, *patch.status)) {
        PatchOperationRequest start;
        start.status = OperationStatus::InProgress;
        save(operationId, start, [this, operationId, patch] { settle(operationId, patch); });
        return;
    }
    save(operationId, patch, {});
}

void JobRunner::save(const QString &operationId, const PatchOperationRequest &patch,
                     std::function<void()> saved)
{
    // The store may answer after the runner is gone (the service stopping).
    const QPointer<JobRunner> self(this);
    m_registry->patch(
            OperationRegistry::serviceAccount(), operationId, patch,
            [self, operationId, patch, saved = std::move(saved)](const ChangeResult &result) {
                if (!self)
                    return;
                if (!result.error) {
                    if (saved)
                        saved();
                    return;
                }
                // A 4xx: the end no longer applies (cancelled meanwhile).
                if (result.error->httpStatus < 500)
                    return;
                // Not saved (a full disk): the work is over, so its operation must not stay
                // running; the end is saved once the store takes it.
                QTimer::singleShot(settleRetryMsecs, self, [self, operationId, patch, saved] {
                    self->save(operationId, patch, saved);
                });
            });
}

void JobRunner::finish(const QString &operationId)
{
    m_jobs.remove(operationId);
}

void JobRunner::cancel(const QString &operationId)
{
    if (const JobControlPtr control = m_jobs.value(operationId)) {
        control->cancelled = true;
        finish(operationId);
    }
}

void JobRunner::shutdown()
{
    for (const JobControlPtr &control : std::as_const(m_jobs))
        control->cancelled = true;
    m_pool.waitForDone();
}

} // namespace optrack
