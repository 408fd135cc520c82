#include "appcontroller.h"
#include "apptesthelpers.h"
#include "localbootstrap.h"
#include "localconfig.h"
#include "localservice.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "savedconnections.h"
#include "tokenstore.h"

#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int startTimeoutMs = 30'000;

} // namespace

/// The app against a service of its own choosing: --server with --token-file signs in,
/// remembers the connection in QSettings and the token in the token store, and the next
/// start without options goes back there instead of starting a local service. A token the
/// service refuses makes the app ask for another.
class tst_RemoteSignIn final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void tokenFileSignsInAndIsRemembered();
    void savedConnectionIsUsedNextTime();
    void refusedTokenAsksForAnother();

private:
    std::unique_ptr<AppController> startApp(const QStringList &arguments);
    QString writeTokenFile(const QString &name, const QString &token);

    QTemporaryDir m_home;
    QTemporaryDir m_service;
    TokenStore *m_serviceTokens = nullptr;
    LocalService *m_remote = nullptr;
    LocalBootstrap *m_bootstrap = nullptr;
};

void tst_RemoteSignIn::initTestCase()
{
    apptest::isolateHome(m_home.path());

    // The "remote" service: an optrackd of its own, with tokens the app does not know.
    m_serviceTokens = new TokenStore(TokenStore::Backend::File, this);
    m_serviceTokens->setFilePath(m_service.filePath(u"tokens.json"_s));
    m_remote = new LocalService(this);
    m_remote->setDataDir(m_service.filePath(u"data"_s));
    m_bootstrap = new LocalBootstrap(m_serviceTokens, m_remote, this);
    QSignalSpy ready(m_bootstrap, &LocalBootstrap::ready);
    m_bootstrap->run();
    QVERIFY(ready.wait(startTimeoutMs));
}

void tst_RemoteSignIn::cleanupTestCase()
{
    if (!m_remote)
        return;
    QSignalSpy stopped(m_remote, &LocalService::stopped);
    m_remote->stop();
    QVERIFY(stopped.wait(startTimeoutMs));
}

QString tst_RemoteSignIn::writeTokenFile(const QString &name, const QString &token)
{
    const QString path = m_home.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(token.toUtf8() + "\n");
    return path;
}

std::unique_ptr<AppController> tst_RemoteSignIn::startApp(const QStringList &arguments)
{
    QString error;
    const std::optional<AppOptions> options
            = AppOptions::parse(QStringList{u"optrack"_s} + arguments, &error);
    if (!options) {
        qWarning() << error;
        return {};
    }
    auto controller = std::make_unique<AppController>(*options, apptest::fileTokens());
    controller->setQuitsApplication(false);
    controller->start();
    return controller;
}

void tst_RemoteSignIn::tokenFileSignsInAndIsRemembered()
{
    const QString token = m_bootstrap->tokens().value(u"me"_s);
    const QUrl url = m_remote->baseUrl();
    std::unique_ptr<AppController> app = startApp(
            {u"--server"_s, url.toString(), u"--token-file"_s, writeTokenFile(u"t"_s, token)});
    QVERIFY(app);
    QSignalSpy signedIn(app.get(), &AppController::signedIn);
    QVERIFY(signedIn.wait(startTimeoutMs));
    QCOMPARE(app->currentUser().userId, u"me"_s);
    QVERIFY(!app->isLocal());
    QVERIFY(!app->localService());

    const std::optional<SavedConnections::Connection> saved = SavedConnections::last();
    QVERIFY(saved);
    QCOMPARE(saved->serverUrl, url);
    QCOMPARE(saved->account, u"me"_s);
    QTRY_COMPARE(TokenStore::readFileEntry(app->tokenStore()->filePath(),
                                           SavedConnections::tokenKey(url, u"me"_s)),
                 std::optional<QString>(token));
    // Said above the work, with what to do about it, and put away for good with "Got it".
    NoticeBar *notice = app->keychainWarning();
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(u"install and start one"_s), qPrintable(notice->text()));
    QTest::mouseClick(notice->dismissButton(), Qt::LeftButton);
    QVERIFY(!notice->isVisible());
    QVERIFY(QSettings().value(u"notices/keychainSeen"_s).toBool());
}

void tst_RemoteSignIn::savedConnectionIsUsedNextTime()
{
    std::unique_ptr<AppController> app = startApp({});
    QVERIFY(app);
    QSignalSpy signedIn(app.get(), &AppController::signedIn);
    QVERIFY(signedIn.wait(startTimeoutMs));
    QVERIFY(!app->isLocal());
    QCOMPARE(app->currentUser().userId, u"me"_s);
    QCOMPARE(app->accounts(), QStringList{u"me"_s});
}

void tst_RemoteSignIn::refusedTokenAsksForAnother()
{
    std::unique_ptr<AppController> app
            = startApp({u"--server"_s, m_remote->baseUrl().toString(), u"--token-file"_s,
                        writeTokenFile(u"wrong"_s, u"not-a-known-token"_s)});
    QVERIFY(app);
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = app->window()->findChild<QInputDialog *>()) != nullptr,
                             startTimeoutMs);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->textEchoMode(), QLineEdit::Password);

    QSignalSpy signedIn(app.get(), &AppController::signedIn);
    dialog->setTextValue(m_bootstrap->tokens().value(u"approver1"_s));
    dialog->accept();
    QVERIFY(signedIn.wait(startTimeoutMs));
    QCOMPARE(app->currentUser().userId, u"approver1"_s);
    // Both accounts of that service are now offered by the switcher.
    QCOMPARE(app->accounts().size(), 2);
}

QTEST_MAIN(tst_RemoteSignIn)
#include "tst_remotesignin.moc"
