#include "clusterharness.h"

#include "testdatabase.h"

namespace optrack::testing {

using namespace Qt::StringLiterals;

ClusterHarness::ClusterHarness(int instanceCount, QObject *parent)
    : QObject(parent)
{
    for (int i = 0; i < instanceCount; ++i)
        m_instances.push_back(std::make_unique<OptrackdProcess>());
}

ClusterHarness::~ClusterHarness()
{
    // nginx first, then the instances, then (last member) the database they used.
    m_front.stop();
    m_instances.clear();
}

void ClusterHarness::setExtraConfig(const QJsonObject &extra)
{
    for (const auto &instance : m_instances)
        instance->setExtraConfig(extra);
}

QString ClusterHarness::databaseUri() const
{
    return m_database ? m_database->uri() : QString();
}

bool ClusterHarness::start()
{
    const QString clusterUri = TestDatabase::clusterUri();
    if (clusterUri.isEmpty()) {
        m_errorString = u"OPTRACK_TEST_DATABASE is not set: run the suite through ctest, "
                        "which starts the `pg` fixture's PostgreSQL."_s;
        return false;
    }
    m_database = TestDatabase::create(clusterUri, &m_errorString);
    if (!m_database)
        return false;
    QList<quint16> ports;
    for (std::size_t i = 0; i < m_instances.size(); ++i) {
        OptrackdProcess &instance = *m_instances.at(i);
        // setExtraConfig() gave every instance the same keys; the users and tokens too.
        if (i > 0)
            instance.shareUsersOf(*m_instances.front());
        instance.setDatabaseUri(m_database->uri());
        if (!instance.start()) {
            m_errorString = u"instance %1: %2"_s.arg(i).arg(instance.errorString());
            return false;
        }
        ports.append(instance.port());
    }
    if (!m_front.start(ports)) {
        m_errorString = m_front.errorString();
        return false;
    }
    return true;
}

void ClusterHarness::kill(int i)
{
    instance(i).kill();
}

bool ClusterHarness::restart(int i)
{
    OptrackdProcess &process = instance(i);
    if (process.isRunning())
        process.kill();
    // nginx knows the instance by its address: it comes back on the same port.
    process.setListenPort(process.port());
    if (!process.start()) {
        m_errorString = u"instance %1: %2"_s.arg(i).arg(process.errorString());
        return false;
    }
    return true;
}

} // namespace optrack::testing
