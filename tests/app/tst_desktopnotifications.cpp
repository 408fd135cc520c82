// Notices through the desktop's notification service where there is no tray: a fake
// org.freedesktop.Notifications on a private session bus (a dbus-daemon of the test's own)
// receives what the app sends and clicks on it. Skipped when dbus-daemon is not installed.
#include "apiconnection.h"
#include "desktopnotifications.h"
#include "notificationmodel.h"
#include "notificationpresenter.h"
#include "operationfeedunion.h"
#include "operationfiltermodel.h"
#include "operationnotifier.h"
#include "operationtablemodel.h"

#include <QAbstractItemModelTester>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QFile>
#include <QMainWindow>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int busStartTimeoutMs = 10'000;
constexpr int noticeTimeoutMs = 8'000;

const QString fakeConnectionName = u"fake-notification-service"_s;

/// A session bus that activates no services (a real notification daemon must not start) and
/// lets everyone own any name and talk to anyone; its socket goes in socketDirectory.
QByteArray busConfiguration(const QString &socketDirectory)
{
    return "<busconfig>\n"
           "  <type>session</type>\n"
           "  <listen>unix:tmpdir="
            + QFile::encodeName(socketDirectory)
            + "</listen>\n"
              "  <auth>EXTERNAL</auth>\n"
              "  <policy context=\"default\">\n"
              "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
              "    <allow eavesdrop=\"true\"/>\n"
              "    <allow own=\"*\"/>\n"
              "  </policy>\n"
              "</busconfig>\n";
}

} // namespace

/// What a desktop's notification service does, as far as the app needs it: takes notices,
/// numbers them, and reports clicks (ActionInvoked) and closing (NotificationClosed).
class FakeNotificationService final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Notice
    {
        uint id = 0;
        QString appName;
        QString icon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int timeoutMs = 0;
    };

    QList<Notice> notices;
    QList<uint> closed;

public slots:
    uint Notify(const QString &appName, uint replacesId, const QString &icon,
                const QString &summary, const QString &body, const QStringList &actions,
                const QVariantMap &hints, int timeoutMs)
    {
        const uint id = replacesId != 0 ? replacesId : m_nextId++;
        notices.append({id, appName, icon, summary, body, actions, hints, timeoutMs});
        return id;
    }
    void CloseNotification(uint id) { closed.append(id); }

signals:
    void NotificationClosed(uint id, uint reason);
    void ActionInvoked(uint id, const QString &actionKey);

private:
    uint m_nextId = 1;
};

class tst_DesktopNotifications final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void noticeReachesTheService();
    void clickOnANoticeRequestsItsOperation();
    void withoutAServiceTheNoticeComesBack();
    void presenterWithoutTrayUsesTheService();
    void presenterKeepsNoticesWithoutAService();

private:
    void registerService(bool on);

    QTemporaryDir m_busDir;
    QProcess m_bus;
    FakeNotificationService m_service;
};

void tst_DesktopNotifications::initTestCase()
{
    const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
    if (daemon.isEmpty())
        QSKIP("dbus-daemon is not installed (Debian: dbus-daemon; scripts/setup installs it)");
    // A session bus of the test's own: nothing reaches the desktop of whoever runs it.
    QVERIFY(m_busDir.isValid());
    const QString configPath = m_busDir.filePath(u"session.conf"_s);
    QFile config(configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(busConfiguration(m_busDir.path()));
    config.close();
    m_bus.start(daemon,
                {u"--config-file=%1"_s.arg(configPath), u"--nofork"_s, u"--print-address=1"_s});
    QVERIFY(m_bus.waitForStarted(busStartTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(m_bus.canReadLine(), busStartTimeoutMs);
    const QByteArray address = m_bus.readLine().trimmed();
    QVERIFY(!address.isEmpty());
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    QVERIFY2(QDBusConnection::sessionBus().isConnected(),
             "the session bus was opened before the test's own was there");

    const QDBusConnection fake
            = QDBusConnection::connectToBus(QString::fromUtf8(address), fakeConnectionName);
    QVERIFY(fake.isConnected());
    QVERIFY(QDBusConnection(fake).registerObject(DesktopNotifications::objectPath, &m_service,
                                                 QDBusConnection::ExportAllSlots
                                                         | QDBusConnection::ExportAllSignals));
}

void tst_DesktopNotifications::init()
{
    registerService(true);
    m_service.notices.clear();
    m_service.closed.clear();
}

void tst_DesktopNotifications::cleanupTestCase()
{
    QDBusConnection::disconnectFromBus(fakeConnectionName);
    if (m_bus.state() != QProcess::NotRunning) {
        m_bus.terminate();
        m_bus.waitForFinished(busStartTimeoutMs);
    }
}

void tst_DesktopNotifications::registerService(bool on)
{
    QDBusConnection fake(fakeConnectionName);
    if (on && !fake.interface()->isServiceRegistered(DesktopNotifications::serviceName))
        QVERIFY(fake.registerService(DesktopNotifications::serviceName));
    if (!on)
        fake.unregisterService(DesktopNotifications::serviceName);
}

void tst_DesktopNotifications::noticeReachesTheService()
{
    DesktopNotifications notifications(QDBusConnection::sessionBus());
    QVERIFY(notifications.isUsable());
    notifications.show(u"Ledger 7 failed"_s, u"Line 7: the amount is not a number"_s,
                       DesktopNotifications::Urgency::Critical, u"op7"_s, noticeTimeoutMs);
    QTRY_COMPARE(m_service.notices.size(), 1);
    const FakeNotificationService::Notice &notice = m_service.notices.constFirst();
    QCOMPARE(notice.summary, u"Ledger 7 failed"_s);
    QCOMPARE(notice.body, u"Line 7: the amount is not a number"_s);
    QCOMPARE(notice.appName, QGuiApplication::applicationDisplayName());
    QCOMPARE(notice.timeoutMs, noticeTimeoutMs);
    // Urgency is a byte in the specification; critical ones stay until dismissed.
    QCOMPARE(notice.hints.value(u"urgency"_s).metaType(), QMetaType::fromType<uchar>());
    QCOMPARE(notice.hints.value(u"urgency"_s).value<uchar>(), uchar(2));
    QCOMPARE(notice.hints.value(u"desktop-entry"_s).toString(), QGuiApplication::desktopFileName());
    QCOMPARE(notice.actions.size(), 2);
    QCOMPARE(notice.actions.constFirst(), DesktopNotifications::defaultAction);
}

void tst_DesktopNotifications::clickOnANoticeRequestsItsOperation()
{
    DesktopNotifications notifications(QDBusConnection::sessionBus());
    QSignalSpy requested(&notifications, &DesktopNotifications::operationRequested);
    notifications.show(u"Ledger 1 finished"_s, u"Done"_s, DesktopNotifications::Urgency::Normal,
                       u"op1"_s, noticeTimeoutMs);
    notifications.show(u"Ledger 2 finished"_s, u"Done"_s, DesktopNotifications::Urgency::Normal,
                       u"op2"_s, noticeTimeoutMs);
    QTRY_COMPARE(m_service.notices.size(), 2);
    const uint second = m_service.notices.at(1).id;
    // The ids come back to the app asynchronously: click once it knows them.
    QTRY_COMPARE(notifications.shownCount(), 2);
    emit m_service.ActionInvoked(second, DesktopNotifications::defaultAction);
    QVERIFY(requested.wait());
    QCOMPARE(requested.at(0).at(0).toString(), u"op2"_s);

    // Closed notices and other programs' notices ask for nothing.
    emit m_service.NotificationClosed(second, 2);
    emit m_service.ActionInvoked(second, DesktopNotifications::defaultAction);
    emit m_service.ActionInvoked(second + 100, DesktopNotifications::defaultAction);
    const uint first = m_service.notices.at(0).id;
    emit m_service.ActionInvoked(first, DesktopNotifications::defaultAction);
    QVERIFY(requested.wait());
    QCOMPARE(requested.size(), 2);
    QCOMPARE(requested.at(1).at(0).toString(), u"op1"_s);
}

void tst_DesktopNotifications::withoutAServiceTheNoticeComesBack()
{
    registerService(false);
    DesktopNotifications notifications(QDBusConnection::sessionBus());
    QSignalSpy unavailable(&notifications, &DesktopNotifications::unavailable);
    notifications.show(u"Ledger 3 failed"_s, u"Broken"_s, DesktopNotifications::Urgency::Critical,
                       u"op3"_s, noticeTimeoutMs);
    QVERIFY(unavailable.wait());
    QCOMPARE(unavailable.at(0).at(0).toString(), u"Ledger 3 failed"_s);
    QCOMPARE(unavailable.at(0).at(1).toString(), u"Broken"_s);
    QVERIFY(!notifications.isUsable());
}

namespace {

Operation mine(const QString &id, OperationStatus status)
{
    Operation operation;
    operation.operationId = id;
    operation.operationType = u"ledger.batch"_s;
    operation.displayName = u"Ledger %1"_s.arg(id);
    operation.status = status;
    operation.version = 1;
    operation.context.insert(u"userId"_s, u"me"_s);
    operation.createdAt = operation.updatedAt = QDateTime::currentDateTimeUtc();
    return operation;
}

/// The app's pieces a presenter needs; Tray::Auto, which on the offscreen platform has no
/// tray, as on stock GNOME.
struct PresenterFixture
{
    PresenterFixture()
    {
        filter.setSourceModel(&table);
        filter.setCurrentUser(u"me"_s, {u"user"_s});
        notifier.setCurrentUser({u"me"_s, {u"user"_s}});
        table.applyChanges({mine(u"op1"_s, OperationStatus::InProgress)});
        table.flushPendingChanges();
        presenter = std::make_unique<NotificationPresenter>(&notifier, &filter, &window, &messages,
                                                            nullptr);
    }

    OperationTableModel table;
    OperationFilterModel filter;
    QAbstractItemModelTester tableTester{&table};
    QAbstractItemModelTester filterTester{&filter};
    NotificationModel messages;
    QAbstractItemModelTester messagesTester{&messages};
    OperationFeedUnion feeds;
    OperationNotifier notifier{&feeds, &filter};
    QMainWindow window;
    std::unique_ptr<NotificationPresenter> presenter;
};

OperationNotifier::Notice failure(const QString &id)
{
    return {OperationNotifier::Kind::Failed, id, u"Ledger %1 failed"_s.arg(id),
            u"Line 7: the amount is not a number"_s};
}

} // namespace

void tst_DesktopNotifications::presenterWithoutTrayUsesTheService()
{
    PresenterFixture fixture;
    NotificationPresenter &presenter = *fixture.presenter;
    QVERIFY(!presenter.hasTray());
    QVERIFY(presenter.desktopNotifications());
    QSignalSpy requested(&presenter, &NotificationPresenter::operationRequested);
    emit fixture.notifier.noticePosted(failure(u"op1"_s));
    QTRY_COMPARE(m_service.notices.size(), 1);
    QCOMPARE(m_service.notices.constFirst().summary, u"Ledger op1 failed"_s);
    QCOMPARE(m_service.notices.constFirst().hints.value(u"urgency"_s).value<uchar>(), uchar(2));
    QCOMPARE(fixture.messages.rowCount(), 1);

    QTRY_COMPARE(presenter.desktopNotifications()->shownCount(), 1);
    emit m_service.ActionInvoked(m_service.notices.constFirst().id,
                                 DesktopNotifications::defaultAction);
    QVERIFY(requested.wait());
    QCOMPARE(requested.at(0).at(0).toString(), u"op1"_s);
}

void tst_DesktopNotifications::presenterKeepsNoticesWithoutAService()
{
    registerService(false);
    PresenterFixture fixture;
    NotificationPresenter &presenter = *fixture.presenter;
    emit fixture.notifier.noticePosted(failure(u"op1"_s));
    // The service's refusal comes back later: the notice stays in the list, and the next one
    // is not sent.
    QTRY_VERIFY(!presenter.desktopNotifications()->isUsable());
    emit fixture.notifier.noticePosted(failure(u"op1"_s));
    QCOMPARE(fixture.messages.rowCount(), 2);
    QVERIFY(m_service.notices.isEmpty());
}

QTEST_MAIN(tst_DesktopNotifications)
#include "tst_desktopnotifications.moc"
