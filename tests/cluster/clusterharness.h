#pragma once

#include "nginxfront.h"
#include "optrackdprocess.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <vector>

namespace optrack::testing {

class TestDatabase;

/// A cluster under test: a fresh database in the `pg` fixture's PostgreSQL
/// (OPTRACK_TEST_DATABASE), N real optrackd instances on it (127.0.0.1, port 0, each its own
/// data directory, all with the same configuration and tokens), and nginx in front of them
/// from the shipped packaging/nginx/optrack.conf. An instance can be killed and restarted on
/// its port, with its data, so nginx finds it again.
class ClusterHarness final : public QObject
{
    Q_OBJECT

public:
    explicit ClusterHarness(int instanceCount, QObject *parent = nullptr);
    ~ClusterHarness() override;

    /// Top-level keys merged into every instance's configuration (before start()).
    void setExtraConfig(const QJsonObject &extra);
    /// Makes the database, starts the instances one after the other, then nginx; false (see
    /// errorString()) when any of them fails.
    bool start();

    int instanceCount() const { return int(m_instances.size()); }
    /// Instance i; instance(0) gives the tokens every instance accepts.
    OptrackdProcess &instance(int i) { return *m_instances.at(std::size_t(i)); }
    NginxFront &front() { return m_front; }
    /// Where clients talk to the cluster: nginx.
    QUrl frontUrl() const { return m_front.baseUrl(); }
    QString databaseUri() const;

    /// SIGKILL of instance i; waits until it is gone.
    void kill(int i);
    /// Starts instance i again on its port and data directory; false (see errorString())
    /// when it does not listen again.
    bool restart(int i);

    QString errorString() const { return m_errorString; }

private:
    std::unique_ptr<TestDatabase> m_database;
    std::vector<std::unique_ptr<OptrackdProcess>> m_instances;
    NginxFront m_front;
    QString m_errorString;
};

} // namespace optrack::testing
