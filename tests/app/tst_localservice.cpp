#include "accountclient.h"
#include "apiconnection.h"
#include "localbootstrap.h"
#include "localconfig.h"
#include "localservice.h"
#include "operationsclient.h"
#include "tokenstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int startTimeoutMs = 20'000;
constexpr int answerTimeoutMs = 15'000;

bool processExists(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

} // namespace

/// The embedded optrackd: the first start writes a configuration holding only token
/// hashes and keeps the tokens; "me" signs in; the service stops with SIGTERM; the next
/// start reuses the tokens, the data and the port; a crash is reported and a restart keeps
/// the port; a port taken meanwhile gives way to another, which is remembered.
class tst_LocalService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void firstStartWritesConfigAndSignsIn();
    void secondStartKeepsTokensAndData();
    void crashIsReportedAndRestartKeepsThePort();
    void takenPortGivesWayAndTheNewOneIsKept();
    void missingProgramFailsWithASentence();

private:
    bool bringUp(QString *error);
    UserInfo me(const QString &userId);

    QTemporaryDir m_dir;
    TokenStore *m_store = nullptr;
    LocalService *m_service = nullptr;
    LocalBootstrap *m_bootstrap = nullptr;
    QString m_operationId;
    int m_firstPort = 0;
};

void tst_LocalService::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(!LocalService::findProgram().isEmpty(), "OPTRACKD_PATH must name optrackd");
    m_store = new TokenStore(TokenStore::Backend::File, this);
    m_store->setFilePath(m_dir.filePath(u"app/tokens.json"_s));
}

bool tst_LocalService::bringUp(QString *error)
{
    delete m_bootstrap;
    delete m_service;
    m_service = new LocalService(this);
    m_service->setDataDir(m_dir.filePath(u"local"_s));
    m_bootstrap = new LocalBootstrap(m_store, m_service, this);
    QSignalSpy ready(m_bootstrap, &LocalBootstrap::ready);
    QSignalSpy failed(m_bootstrap, &LocalBootstrap::failed);
    m_bootstrap->run();
    if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, startTimeoutMs)) {
        *error = u"no answer"_s;
        return false;
    }
    if (!failed.isEmpty()) {
        *error = failed.constFirst().constFirst().toString();
        return false;
    }
    return true;
}

UserInfo tst_LocalService::me(const QString &userId)
{
    ApiConnection connection;
    connection.setEndpoint(m_service->baseUrl(), m_bootstrap->tokens().value(userId));
    AccountClient account(&connection);
    UserInfo user;
    bool done = false;
    account.me(this, [&](const ApiStatus &status, const UserInfo &result) {
        if (!status.ok())
            qWarning() << status.message;
        user = result;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, answerTimeoutMs))
        qWarning("GET /api/me: no answer in time");
    return user;
}

void tst_LocalService::firstStartWritesConfigAndSignsIn()
{
    QString error;
    QVERIFY2(bringUp(&error), qPrintable(error));
    QVERIFY(m_bootstrap->wroteConfig());
    QCOMPARE(m_service->state(), LocalService::State::Running);
    QCOMPARE(m_service->baseUrl().host(), u"127.0.0.1"_s);
    QVERIFY(m_service->baseUrl().port() > 0);
    m_firstPort = m_service->baseUrl().port();

    // The configuration holds hashes, never the tokens; it is readable only by the user.
    QFile config(m_service->configPath());
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QByteArray text = config.readAll();
    const QHash<QString, QString> tokens = m_bootstrap->tokens();
    QCOMPARE(tokens.size(), 3);
    for (auto it = tokens.cbegin(); it != tokens.cend(); ++it) {
        QVERIFY(!text.contains(it.value().toLatin1()));
        QVERIFY(text.contains(LocalConfig::sha256Hex(it.value())));
    }
    QVERIFY(text.contains("file_deletion"));
    QCOMPARE(config.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
    QCOMPARE(TokenStore::readFileEntry(m_store->filePath(),
                                       LocalConfig::tokenKey(m_service->dataDir(), u"me"_s)),
             std::optional<QString>(tokens.value(u"me"_s)));

    const UserInfo user = me(u"me"_s);
    QCOMPARE(user.userId, u"me"_s);
    QVERIFY(user.hasRole(u"staff"_s));
    QVERIFY(user.hasRole(u"user"_s));
    QVERIFY(me(u"approver1"_s).hasRole(u"approver"_s));

    // Something to find after the restart.
    ApiConnection connection;
    connection.setEndpoint(m_service->baseUrl(), tokens.value(u"me"_s));
    OperationsClient operations(&connection);
    CreateOperationRequest request;
    request.operationType = u"report.build"_s;
    request.entityId = u"r1"_s;
    request.displayName = u"Quarterly report"_s;
    bool done = false;
    operations.create(request, this, [&](const ApiStatus &status, const Operation &operation) {
        QVERIFY2(status.ok(), qPrintable(status.message));
        m_operationId = operation.operationId;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, answerTimeoutMs);

    const qint64 pid = m_service->processId();
    QSignalSpy stopped(m_service, &LocalService::stopped);
    m_service->stop();
    QVERIFY(stopped.wait(startTimeoutMs));
    QCOMPARE(m_service->state(), LocalService::State::Stopped);
    QTRY_VERIFY(!processExists(pid));
}

void tst_LocalService::secondStartKeepsTokensAndData()
{
    QVERIFY(!m_operationId.isEmpty());
    const QString tokenBefore = m_bootstrap->tokens().value(u"me"_s);
    QString error;
    QVERIFY2(bringUp(&error), qPrintable(error));
    QVERIFY(!m_bootstrap->wroteConfig());
    QCOMPARE(m_bootstrap->tokens().value(u"me"_s), tokenBefore);
    // The next start of the app asks for the port of the last one: the same address.
    QCOMPARE(m_service->baseUrl().port(), m_firstPort);
    QCOMPARE(me(u"me"_s).userId, u"me"_s);

    ApiConnection connection;
    connection.setEndpoint(m_service->baseUrl(), tokenBefore);
    OperationsClient operations(&connection);
    bool done = false;
    operations.fetch(m_operationId, {}, this,
                     [&](const ApiStatus &status, const Operation &operation) {
                         QVERIFY2(status.ok(), qPrintable(status.message));
                         QCOMPARE(operation.displayName, u"Quarterly report"_s);
                         done = true;
                     });
    QTRY_VERIFY_WITH_TIMEOUT(done, answerTimeoutMs);
}

void tst_LocalService::crashIsReportedAndRestartKeepsThePort()
{
    QCOMPARE(m_service->state(), LocalService::State::Running);
    const QUrl before = m_service->baseUrl();
    QSignalSpy crashed(m_service, &LocalService::crashed);
    ::kill(pid_t(m_service->processId()), SIGKILL);
    QVERIFY(crashed.wait(startTimeoutMs));
    QVERIFY(!crashed.constFirst().constFirst().toString().isEmpty());

    QSignalSpy started(m_service, &LocalService::started);
    m_service->start();
    QVERIFY(started.wait(startTimeoutMs));
    QCOMPARE(m_service->baseUrl(), before);

    QSignalSpy stopped(m_service, &LocalService::stopped);
    m_service->stop();
    QVERIFY(stopped.wait(startTimeoutMs));
}

void tst_LocalService::takenPortGivesWayAndTheNewOneIsKept()
{
    QString error;
    QVERIFY2(bringUp(&error), qPrintable(error));
    const int port = m_service->baseUrl().port();
    QSignalSpy stopped(m_service, &LocalService::stopped);
    m_service->stop();
    QVERIFY(stopped.wait(startTimeoutMs));

    // Something else listens there now: the service starts anyway, elsewhere...
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, quint16(port)));
    QVERIFY2(bringUp(&error), qPrintable(error));
    const int other = m_service->baseUrl().port();
    QVERIFY(other > 0 && other != port);
    // ...and that port is the one asked for next time.
    QFile remembered(m_service->portFilePath());
    QVERIFY(remembered.open(QIODevice::ReadOnly));
    QCOMPARE(remembered.readAll().trimmed().toInt(), other);
    QSignalSpy stoppedAgain(m_service, &LocalService::stopped);
    m_service->stop();
    QVERIFY(stoppedAgain.wait(startTimeoutMs));
}

void tst_LocalService::missingProgramFailsWithASentence()
{
    LocalService service;
    service.setProgram(QString());
    service.setDataDir(m_dir.filePath(u"other"_s));
    QSignalSpy failed(&service, &LocalService::failed);
    service.start();
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.constFirst().constFirst().toString().contains(u"OPTRACKD_PATH"_s));
}

QTEST_GUILESS_MAIN(tst_LocalService)
#include "tst_localservice.moc"
