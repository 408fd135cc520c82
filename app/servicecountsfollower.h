#pragma once

#include "apiresults.h"
#include "operationquery.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <optional>

namespace optrack {

class ApiCall;
class OperationsClient;

/// The sidebar's counts as the service keeps them (GET /api/operations/counts), exact
/// whatever the app holds: asked when signed in, and again shortly after the feed brings
/// news (changes come together, so one question answers a burst of them). An answer older
/// than the one shown is dropped.
class ServiceCountsFollower final : public QObject
{
    Q_OBJECT

public:
    /// News within this long of each other is one question.
    static constexpr std::chrono::milliseconds refreshDelay{250};

    explicit ServiceCountsFollower(OperationsClient *client, QObject *parent = nullptr);

    void setScope(OperationScope scope) { m_scope = scope; }
    OperationScope scope() const { return m_scope; }
    /// Asks now (or right after the question in flight).
    void refresh();
    /// Asks after refreshDelay.
    void refreshSoon();
    /// Stops asking and forgets the counts (another account or service).
    void reset();
    std::optional<ServiceCounts> counts() const { return m_counts; }
    /// Counts that came another way (the stream's, for this scope): shown unless older.
    void apply(const ServiceCounts &counts);

signals:
    void countsChanged(const optrack::ServiceCounts &counts);

private:
    void handleAnswer(const ApiStatus &status, const ServiceCounts &counts);

    QPointer<OperationsClient> m_client;
    QPointer<ApiCall> m_call;
    OperationScope m_scope = OperationScope::Mine;
    std::optional<ServiceCounts> m_counts;
    QTimer m_timer;
    int m_generation = 0;
    /// News came while a question was in flight: ask again after it.
    bool m_again = false;
};

} // namespace optrack
