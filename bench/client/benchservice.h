#pragma once

#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

/// The real optrackd for a client benchmark: started on 127.0.0.1 port 0 with a fresh
/// data directory and one user, alice (roles user and staff), stopped with SIGTERM when
/// destroyed. Also seeds operations through the API, many requests in flight.
class BenchService final
{
public:
    static constexpr int startTimeoutMs = 10'000;

    /// The data directory goes under `parentDir` (the system's temporary directory when
    /// empty): a tmpfs such as /dev/shm takes the disk's fsync out of the figures.
    explicit BenchService(const QString &parentDir = {});
    ~BenchService();
    BenchService(const BenchService &) = delete;
    BenchService &operator=(const BenchService &) = delete;

    /// Top-level keys merged into the configuration before start() ({"http": {...}}).
    void setExtraConfig(const QJsonObject &extra) { m_extraConfig = extra; }
    /// Exits the process with a message when optrackd does not start.
    void start();
    qint64 processId() const { return m_process.processId(); }
    /// optrackd's resident memory (VmRSS) in KiB, read after `settleMs` of this side's event
    /// loop (so that the service has answered what was sent and run its deferred deletes);
    /// -1 when it cannot be read.
    double residentKib(int settleMs = 500) const;
    QUrl baseUrl() const { return m_baseUrl; }
    QString token() const;
    /// A request to `path` with alice's token.
    QNetworkRequest request(const QString &path) const;

    /// Creates `count` operations of alice through POST /api/operations, with
    /// `inFlight` requests outstanding at a time. Returns their ids in creation order
    /// and the requests per second it reached (in `rate`).
    QStringList createOperations(int count, int inFlight, double *rate = nullptr);
    /// The body of the i-th seeded operation: an upload with a file name, a size and
    /// its three steps, as the built-in workloads make them.
    static QJsonObject operationBody(int index);

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QJsonObject m_extraConfig;
    QUrl m_baseUrl;
};
