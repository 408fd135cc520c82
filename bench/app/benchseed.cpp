#include "benchseed.h"

#include "apiconnection.h"
#include "localbootstrap.h"
#include "localconfig.h"
#include "localservice.h"
#include "operationsclient.h"
#include "tokenstore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>

namespace optrack::bench {

using namespace Qt::StringLiterals;

namespace {

constexpr int maxInFlight = 32;
constexpr int startTimeoutMs = 30'000;
constexpr int seedTimeoutMs = 600'000;

struct Kind
{
    const char *type;
    const char *name;
    QStringList steps;
};

const QList<Kind> &kinds()
{
    static const QList<Kind> list{
            {"ledger.reconcile", "Reconcile ledger %1", {u"Load"_s, u"Match"_s, u"Publish"_s}},
            {"report.build", "Monthly report %1", {u"Query"_s, u"Render"_s}},
            {"search.reindex", "Reindex shard %1", {u"Scan"_s, u"Index"_s}},
            {"invoice.batch", "Invoice batch %1", {u"Collect"_s, u"Send"_s}},
            {"archive.build", "Archive statements %1", {u"Select"_s, u"Pack"_s, u"Store"_s}},
    };
    return list;
}

/// What the seeded operation becomes after its creation (PATCH bodies, in order).
QList<QJsonObject> movesFor(int index)
{
    const int bucket = index % 20;
    if (bucket < 3) // 15% running
        return {{{u"status"_s, u"in_progress"_s},
                 {u"progressPercentage"_s, 5 + (index * 37) % 90},
                 {u"currentStep"_s, 1},
                 {u"stepDescription"_s, u"Working on part %1"_s.arg(index % 50)}}};
    if (bucket < 4) // 5% pending
        return {};
    if (bucket < 5) // 5% failed
        return {{{u"status"_s, u"failed"_s},
                 {u"errorMessage"_s,
                  u"Upstream timed out after 30 s (attempt %1)"_s.arg(index % 5)}}};
    // 75% completed
    return {{{u"status"_s, u"in_progress"_s}, {u"progressPercentage"_s, 50}},
            {{u"status"_s, u"completed"_s}, {u"progressPercentage"_s, 100}}};
}

} // namespace

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return u"unknown"_s;
    return QString::fromLatin1(file.readAll()).section(u' ', 0, 2);
}

bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

QString localToken(const QString &appDataDir, const QString &dataDir, const QString &userId)
{
    return TokenStore::readFileEntry(
                   QDir(appDataDir).filePath(QString::fromLatin1(TokenStore::fileName)),
                   LocalConfig::tokenKey(dataDir, userId))
            .value_or(QString());
}

SeedResult seedLocalService(const QString &appDataDir, const QString &dataDir, int count)
{
    SeedResult result;
    QElapsedTimer clock;
    clock.start();

    TokenStore tokens(TokenStore::Backend::File);
    tokens.setFilePath(QDir(appDataDir).filePath(QString::fromLatin1(TokenStore::fileName)));
    LocalService service;
    service.setDataDir(dataDir);
    LocalBootstrap bootstrap(&tokens, &service);
    bool ready = false;
    QString failure;
    QObject::connect(&bootstrap, &LocalBootstrap::ready, [&] { ready = true; });
    QObject::connect(&bootstrap, &LocalBootstrap::failed,
                     [&](const QString &reason) { failure = reason; });
    bootstrap.run();
    if (!waitUntil([&] { return ready || !failure.isEmpty(); }, startTimeoutMs) || !ready) {
        result.error = failure.isEmpty() ? u"the local service did not start"_s : failure;
        return result;
    }

    ApiConnection connection;
    connection.setEndpoint(service.baseUrl(),
                           bootstrap.tokens().value(LocalConfig::primaryAccount()));
    OperationsClient operations(&connection);
    int next = 0;
    int inFlight = 0;
    int done = 0;
    std::function<void()> startOne;
    // One PATCH after the other for an operation, then the next operation.
    std::function<void(QString, QList<QJsonObject>)> advance = [&](const QString &id,
                                                                   QList<QJsonObject> moves) {
        if (moves.isEmpty()) {
            --inFlight;
            ++done;
            startOne();
            return;
        }
        ApiCall *call
                = connection.send("PATCH", OperationsClient::operationPath(id), moves.takeFirst());
        QObject::connect(call, &ApiCall::finished, [&, id, moves](const ApiStatus &patched) {
            if (!patched.ok())
                result.error = patched.message;
            advance(id, moves);
        });
    };
    startOne = [&] {
        if (next >= count || !result.error.isEmpty())
            return;
        const int index = next++;
        ++inFlight;
        const Kind &kind = kinds().at(index % kinds().size());
        CreateOperationRequest request;
        request.operationType = QString::fromLatin1(kind.type);
        request.entityId = u"e-%1"_s.arg(index);
        request.displayName = QString::fromLatin1(kind.name).arg(index);
        request.steps = kind.steps;
        operations.create(request, nullptr,
                          [&, index](const ApiStatus &status, const Operation &created) {
                              if (!status.ok()) {
                                  result.error = status.message;
                                  --inFlight;
                                  return;
                              }
                              result.allIds.append(created.operationId);
                              const QList<QJsonObject> moves = movesFor(index);
                              if (moves.size() == 1
                                  && moves.constFirst().value(u"status"_s) == u"in_progress"_s)
                                  result.runningIds.append(created.operationId);
                              advance(created.operationId, moves);
                          });
    };
    for (int i = 0; i < maxInFlight; ++i)
        startOne();
    if (!waitUntil([&] { return done >= count || (!result.error.isEmpty() && inFlight == 0); },
                   seedTimeoutMs)) {
        result.error = u"seeding timed out after %1 operations"_s.arg(done);
    }

    bool stopped = false;
    QObject::connect(&service, &LocalService::stopped, [&] { stopped = true; });
    service.stop();
    waitUntil([&] { return stopped; }, startTimeoutMs);
    result.ok = result.error.isEmpty();
    result.seconds = clock.elapsed() / 1000.0;
    return result;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(std::min(values.size() - 1, qsizetype(p * double(values.size()))));
}

double maximum(const QList<double> &values)
{
    return values.isEmpty() ? 0 : *std::max_element(values.cbegin(), values.cend());
}

} // namespace optrack::bench
