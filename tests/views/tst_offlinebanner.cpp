#include "connectionindicator.h"
#include "dashboardfixtures.h"
#include "offlinebanner.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace optrack;

namespace {

const QString reason = u"Cannot connect to the service at http://127.0.0.1:8080: connection "
                       u"refused."_s;

} // namespace

class tst_OfflineBanner : public QObject
{
    Q_OBJECT

private slots:
    void indicatorSaysTheState_data();
    void indicatorSaysTheState();
    void bannerOnlyWhileOffline_data();
    void bannerOnlyWhileOffline();
    void bannerCountsDown();
    void retryNow();
    void screenshot();
};

void tst_OfflineBanner::indicatorSaysTheState_data()
{
    QTest::addColumn<ConnectionState>("state");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("connecting") << ConnectionState::Connecting << -1 << u"Connecting…"_s;
    QTest::newRow("live") << ConnectionState::Live << -1 << u"Live"_s;
    QTest::newRow("polling") << ConnectionState::Polling << 5 << u"Polling"_s;
    QTest::newRow("offline with countdown")
            << ConnectionState::Offline << 12 << u"Offline — retrying in 12 s"_s;
    QTest::newRow("offline, trying now")
            << ConnectionState::Offline << 0 << u"Offline — retrying now"_s;
    QTest::newRow("offline, no try planned") << ConnectionState::Offline << -1 << u"Offline"_s;
}

void tst_OfflineBanner::indicatorSaysTheState()
{
    QFETCH(ConnectionState, state);
    QFETCH(int, seconds);
    QFETCH(QString, text);
    ConnectionIndicator indicator;
    indicator.setConnectionState(state, seconds, reason);
    QCOMPARE(indicator.text(), text);
    if (indicator.state() == ConnectionState::Offline)
        QCOMPARE(indicator.toolTip(), reason);
    QVERIFY(indicator.accessibleDescription().startsWith(text));
}

void tst_OfflineBanner::bannerOnlyWhileOffline_data()
{
    QTest::addColumn<ConnectionState>("state");
    QTest::addColumn<bool>("shown");
    QTest::newRow("connecting") << ConnectionState::Connecting << false;
    QTest::newRow("live") << ConnectionState::Live << false;
    QTest::newRow("polling") << ConnectionState::Polling << false;
    QTest::newRow("offline") << ConnectionState::Offline << true;
}

void tst_OfflineBanner::bannerOnlyWhileOffline()
{
    QFETCH(ConnectionState, state);
    QFETCH(bool, shown);
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    QVERIFY(!banner->isVisible());
    banner->setConnectionState(ConnectionState::Offline, 12, reason);
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(), u"Offline — retrying in 12 s: "_s + reason);
    banner->setConnectionState(state, 5, {});
    QCOMPARE(banner->isVisible(), shown);
}

void tst_OfflineBanner::bannerCountsDown()
{
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    banner->setConnectionState(ConnectionState::Offline, 2, reason);
    QCOMPARE(banner->text(), u"Offline — retrying in 2 s: "_s + reason);
    QTRY_COMPARE_WITH_TIMEOUT(banner->text(), u"Offline — retrying in 1 s: "_s + reason, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(banner->text(), u"Offline — retrying now: "_s + reason, 3000);
    // A fresh count from the feed replaces the local one.
    banner->setConnectionState(ConnectionState::Offline, 30, reason);
    QCOMPARE(banner->text(), u"Offline — retrying in 30 s: "_s + reason);
}

void tst_OfflineBanner::retryNow()
{
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    banner->setConnectionState(ConnectionState::Offline, 12, reason);
    QSignalSpy retry(banner, &OfflineBanner::retryNowRequested);
    QTest::mouseClick(banner->retryButton(), Qt::LeftButton);
    QCOMPARE(retry.size(), 1);
    QCOMPARE(banner->retryButton()->accessibleName(), u"Retry now"_s);
}

void tst_OfflineBanner::screenshot()
{
    QWidget parent;
    parent.resize(900, 60);
    auto *banner = new OfflineBanner(&parent);
    banner->setGeometry(0, 0, 900, 60);
    banner->setConnectionState(ConnectionState::Offline, 12, reason);
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    dashboardfixtures::saveScreenshot(&parent, u"offline-banner"_s);
}

QTEST_MAIN(tst_OfflineBanner)
#include "tst_offlinebanner.moc"
