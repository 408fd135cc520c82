#include "serverconfig.h"

#include <QJsonDocument>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

const QByteArray digestA = QByteArray(64, 'a');
const QByteArray digestB = QByteArray(64, 'b');

/// A configuration with one valid account, and `extra` (JSON members) after it.
QByteArray withUsers(const QByteArray &users, const QByteArray &extra = {})
{
    return R"({"users": )" + users + (extra.isEmpty() ? QByteArray() : ", " + extra) + "}";
}

QByteArray oneUser(const QByteArray &extra = {})
{
    return withUsers(R"([{"userId": "alice", "roles": ["user"], "tokenSha256": ")" + digestA
                             + R"("}])",
                     extra);
}

} // namespace

/// optrackd's configuration file, read through core's JsonReader: what a valid file gives,
/// and for each mistake the one sentence optrackd stops with, naming the field by its path.
class tst_ServerConfig final : public QObject
{
    Q_OBJECT

private slots:
    void readsAValidFile();
    void refusesWithTheField_data();
    void refusesWithTheField();
};

void tst_ServerConfig::readsAValidFile()
{
    QString error;
    const std::optional<ServerConfig> config = ServerConfig::fromJson(
            withUsers(R"([{"userId": "alice", "roles": ["user", "staff"], "tokenSha256": ")"
                              + digestA.toUpper() + R"("},
                  {"userId": "bob", "roles": ["approver"], "tokenSha256": ")"
                              + digestB + R"("}])",
                      R"("approvalPolicies": {"file_deletion": {"requiredApprovals": 2,
                            "voterRole": "approver", "denyDecides": false, "timeoutSeconds": 60}})"),
            &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->users.size(), 2);
    QCOMPARE(config->user(u"alice"_s)->roles, (QStringList{u"user"_s, u"staff"_s}));
    // Digests are compared in lower case, as sha256sum prints them.
    QCOMPARE(config->userByTokenSha256(digestA)->userId, u"alice"_s);
    const ApprovalPolicy policy = config->policyFor(u"file_deletion"_s, 0);
    QCOMPARE(policy.requiredApprovals, 2);
    QCOMPARE(policy.voterRole, u"approver"_s);
    QCOMPARE(policy.denyDecides, false);
    QCOMPARE(policy.timeoutSeconds, 60);

    const auto options = ServerConfig::fromJson(
            oneUser(R"("maxBodyBytes": 2048, "uploadLimitBytes": 4096, "retentionDays": 7,
                       "metricsListen": "127.0.0.1:9464", "sqliteSynchronous": "NORMAL",
                       "approvalPolicies": null)"),
            &error);
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->maxBodyBytes, 2048);
    QCOMPARE(options->uploadLimitBytes, 4096);
    QCOMPARE(options->retentionDays, 7);
    QCOMPARE(options->metricsListen, u"127.0.0.1:9464"_s);
    QCOMPARE(options->sqliteSynchronous, u"normal"_s);
    QVERIFY(options->approvalPolicies.isEmpty());
    QCOMPARE(options->database, u"sqlite"_s);
    QCOMPARE(options->databaseConnections, ServerConfig::defaultDatabaseConnections);

    const auto postgres = ServerConfig::fromJson(
            oneUser(R"("database": "postgresql://optrack@/optrack?host=/run/postgresql",
                       "databaseConnections": 8)"),
            &error);
    QVERIFY2(postgres, qPrintable(error));
    QCOMPARE(postgres->database, u"postgresql://optrack@/optrack?host=/run/postgresql"_s);
    QCOMPARE(postgres->databaseConnections, 8);
}

void tst_ServerConfig::refusesWithTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field"); // empty: not a field's fault (the document)
    QTest::addColumn<QString>("message");

    QTest::newRow("not JSON") << QByteArray("{users") << QString()
                              << u"not valid JSON (unterminated object at offset 2)."_s;
    QTest::newRow("not an object")
            << QByteArray("[]") << QString() << u"the configuration must be a JSON object."_s;
    QTest::newRow("unknown key")
            << oneUser(R"("maxBody": 10)") << u"maxBody"_s
            << u"unknown key \"maxBody\"; the keys are users, approvalPolicies, "
               u"defaultApprovalPolicy, maxBodyBytes, uploadLimitBytes, retentionDays, "
               u"metricsListen, sqliteSynchronous, http, database, databaseConnections."_s;
    QTest::newRow("no users") << QByteArray("{}") << u"users"_s << u"users is required."_s;
    QTest::newRow("users empty") << withUsers("[]") << u"users"_s
                                 << u"users must name at least one account."_s;
    QTest::newRow("users not a list")
            << withUsers("{}") << u"users"_s << u"users must be a JSON array."_s;
    QTest::newRow("an account not an object")
            << withUsers("[1]") << u"users[0]"_s << u"users[0] must be a JSON object."_s;
    QTest::newRow("userId missing")
            << withUsers(R"([{"roles": ["user"], "tokenSha256": ")" + digestA + R"("}])")
            << u"users[0].userId"_s << u"users[0].userId is required."_s;
    QTest::newRow("userId with a space")
            << withUsers(R"([{"userId": "a b", "roles": ["user"], "tokenSha256": ")" + digestA
                         + R"("}])")
            << u"users[0].userId"_s
            << u"users[0].userId must be 1 to 64 letters, digits, '_', '.', '@' or '-'."_s;
    QTest::newRow("unknown role")
            << withUsers(R"([{"userId": "a", "roles": ["user", "root"], "tokenSha256": ")" + digestA
                         + R"("}])")
            << u"users[0].roles[1]"_s
            << u"users[0].roles[1] \"root\" is not a role; use user, approver, staff, admin, "
               u"service."_s;
    QTest::newRow("no roles") << withUsers(R"([{"userId": "a", "roles": [], "tokenSha256": ")"
                                           + digestA + R"("}])")
                              << u"users[0].roles"_s
                              << u"users[0].roles must name at least one role."_s;
    QTest::newRow("a role not a string")
            << withUsers(R"([{"userId": "a", "roles": [1], "tokenSha256": ")" + digestA + R"("}])")
            << u"users[0].roles[0]"_s << u"users[0].roles[0] must be a string."_s;
    QTest::newRow("token in clear")
            << withUsers(R"([{"userId": "a", "roles": ["user"], "tokenSha256": "secret"}])")
            << u"users[0].tokenSha256"_s
            << u"users[0].tokenSha256 must be the 64 hexadecimal digits of the token's "
               u"SHA-256."_s;
    QTest::newRow("same user twice")
            << withUsers(R"([{"userId": "a", "roles": ["user"], "tokenSha256": ")" + digestA
                         + R"("}, {"userId": "a", "roles": ["user"], "tokenSha256": ")" + digestB
                         + R"("}])")
            << u"users[1].userId"_s << u"users[1].userId \"a\" appears twice."_s;
    QTest::newRow("same token twice")
            << withUsers(R"([{"userId": "a", "roles": ["user"], "tokenSha256": ")" + digestA
                         + R"("}, {"userId": "b", "roles": ["user"], "tokenSha256": ")" + digestA
                         + R"("}])")
            << u"users[1].tokenSha256"_s
            << u"users[1].tokenSha256 is the same as another account's."_s;
    QTest::newRow("policies not an object")
            << oneUser(R"("approvalPolicies": [])") << u"approvalPolicies"_s
            << u"approvalPolicies must be a JSON object."_s;
    QTest::newRow("policy for no type")
            << oneUser(R"("approvalPolicies": {"File Deletion": {}})")
            << u"approvalPolicies.File Deletion"_s
            << u"approvalPolicies.File Deletion is no operation type ([a-z][a-z0-9_.-]{0,63}); "
               u"the keys of approvalPolicies are operation types."_s;
    QTest::newRow("policy not an object")
            << oneUser(R"("approvalPolicies": {"purge": 2})") << u"approvalPolicies.purge"_s
            << u"approvalPolicies.purge must be a JSON object."_s;
    QTest::newRow("policy: too many approvals")
            << oneUser(R"("approvalPolicies": {"purge": {"requiredApprovals": 101}})")
            << u"approvalPolicies.purge.requiredApprovals"_s
            << u"approvalPolicies.purge.requiredApprovals must be between 1 and 100."_s;
    QTest::newRow("policy: unknown voter role")
            << oneUser(R"("approvalPolicies": {"purge": {"voterRole": "boss"}})")
            << u"approvalPolicies.purge.voterRole"_s
            << u"approvalPolicies.purge.voterRole must be one of user, approver, staff, admin, "
               u"service."_s;
    QTest::newRow("policy: denyDecides a string")
            << oneUser(R"("approvalPolicies": {"purge": {"denyDecides": "yes"}})")
            << u"approvalPolicies.purge.denyDecides"_s
            << u"approvalPolicies.purge.denyDecides must be true or false."_s;
    QTest::newRow("default policy: timeout of a fraction")
            << oneUser(R"("defaultApprovalPolicy": {"timeoutSeconds": 1.5})")
            << u"defaultApprovalPolicy.timeoutSeconds"_s
            << u"defaultApprovalPolicy.timeoutSeconds must be a whole number."_s;
    QTest::newRow("default policy null")
            << oneUser(R"("defaultApprovalPolicy": null)") << u"defaultApprovalPolicy"_s
            << u"defaultApprovalPolicy must be a JSON object."_s;
    QTest::newRow("body limit too small") << oneUser(R"("maxBodyBytes": 10)") << u"maxBodyBytes"_s
                                          << u"maxBodyBytes must be between 1024 and 4294967296."_s;
    QTest::newRow("upload limit a string")
            << oneUser(R"("uploadLimitBytes": "1 GB")") << u"uploadLimitBytes"_s
            << u"uploadLimitBytes must be a whole number."_s;
    QTest::newRow("retention of no days") << oneUser(R"("retentionDays": 0)") << u"retentionDays"_s
                                          << u"retentionDays must be between 1 and 36500."_s;
    QTest::newRow("metrics without a port")
            << oneUser(R"("metricsListen": "localhost")") << u"metricsListen"_s
            << u"metricsListen must be \"HOST:PORT\", e.g. \"127.0.0.1:9464\"."_s;
    QTest::newRow("synchronous off")
            << oneUser(R"("sqliteSynchronous": "off")") << u"sqliteSynchronous"_s
            << u"sqliteSynchronous must be \"full\" or \"normal\"."_s;
    // The value is not repeated: a mistyped URI may hold a password.
    QTest::newRow("database neither sqlite nor a URI")
            << oneUser(R"("database": "postgresq://me:secret@db/optrack")") << u"database"_s
            << u"database: The database is neither \"sqlite\" nor a PostgreSQL URI "
               u"(postgresql://... or postgres://..., e.g. "
               u"postgresql://optrack@/optrack?host=/run/postgresql)."_s;
    QTest::newRow("database URI libpq cannot read")
            << oneUser(R"("database": "postgresql://me@db/optrack?colour=blue")") << u"database"_s
            << u"database: The PostgreSQL URI cannot be read: invalid URI query parameter: "
               u"\"colour\""_s;
    QTest::newRow("database port not a number")
            << oneUser(R"("database": "postgresql://me@db:99999/optrack")") << u"database"_s
            << u"database: The PostgreSQL URI's port \"99999\" is no port number."_s;
    QTest::newRow("no database connections")
            << oneUser(R"("databaseConnections": 0)") << u"databaseConnections"_s
            << u"databaseConnections must be between 1 and 64."_s;
}

void tst_ServerConfig::refusesWithTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, message);

    QString error;
    QVERIFY(!ServerConfig::fromJson(json, &error));
    QCOMPARE(error, message);
    if (field.isEmpty())
        return;
    FieldError fieldError;
    QVERIFY(!ServerConfig::read(QJsonDocument::fromJson(json).object(), &fieldError));
    QCOMPARE(fieldError.field, field);
    QCOMPARE(fieldError.message, message);
}

QTEST_GUILESS_MAIN(tst_ServerConfig)
#include "tst_serverconfig.moc"
