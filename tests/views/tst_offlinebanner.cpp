#include "connectionindicator.h"
#include "dashboardfixtures.h"
#include "offlinebanner.h"
#include "statuspalette.h"

#include <QLabel>
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
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("connecting") << int(ConnectionIndicator::Connecting) << -1 << u"Connecting…"_s;
    QTest::newRow("live") << int(ConnectionIndicator::Live) << -1 << u"Live"_s;
    QTest::newRow("polling") << int(ConnectionIndicator::Polling) << 5 << u"Polling"_s;
    QTest::newRow("offline with countdown")
            << int(ConnectionIndicator::Offline) << 12 << u"Offline — retrying in 12 s"_s;
    QTest::newRow("offline, trying now")
            << int(ConnectionIndicator::Offline) << 0 << u"Offline — retrying now"_s;
    QTest::newRow("unknown state clamps") << 42 << -1 << u"Offline"_s;
}

void tst_OfflineBanner::indicatorSaysTheState()
{
    QFETCH(int, state);
    QFETCH(int, seconds);
    QFETCH(QString, text);
    ConnectionIndicator indicator;
    indicator.setConnectionState(state, seconds, reason);
    QCOMPARE(indicator.text(), text);
    if (indicator.state() == ConnectionIndicator::Offline)
        QCOMPARE(indicator.toolTip(), reason);
    QVERIFY(indicator.accessibleDescription().startsWith(text));
}

void tst_OfflineBanner::bannerOnlyWhileOffline_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("shown");
    QTest::newRow("connecting") << int(ConnectionIndicator::Connecting) << false;
    QTest::newRow("live") << int(ConnectionIndicator::Live) << false;
    QTest::newRow("polling") << int(ConnectionIndicator::Polling) << false;
    QTest::newRow("offline") << int(ConnectionIndicator::Offline) << true;
}

void tst_OfflineBanner::bannerOnlyWhileOffline()
{
    QFETCH(int, state);
    QFETCH(bool, shown);
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    QVERIFY(!banner->isVisible());
    banner->setConnectionState(int(ConnectionIndicator::Offline), 12, reason);
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
    banner->setConnectionState(int(ConnectionIndicator::Offline), 2, reason);
    QCOMPARE(banner->text(), u"Offline — retrying in 2 s: "_s + reason);
    QTRY_COMPARE_WITH_TIMEOUT(banner->text(), u"Offline — retrying in 1 s: "_s + reason, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(banner->text(), u"Offline — retrying now: "_s + reason, 3000);
    // A fresh count from the feed replaces the local one.
    banner->setConnectionState(int(ConnectionIndicator::Offline), 30, reason);
    QCOMPARE(banner->text(), u"Offline — retrying in 30 s: "_s + reason);
}

void tst_OfflineBanner::retryNow()
{
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    banner->setConnectionState(int(ConnectionIndicator::Offline), 12, reason);
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
    banner->setConnectionState(int(ConnectionIndicator::Offline), 12, reason);
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    const QImage image = optrack::testing::picture(&parent);

    // A warning tint (amber, pale) behind the text, not an alarm red and not the plain window.
    const QColor ground = image.pixelColor(banner->mapTo(&parent, QPoint(3, banner->height() / 2)));
    const QColor amber = optrack::StatusPalette::color(optrack::OperationStatus::WaitingForApproval,
                                                       parent.palette());
    QVERIFY2(qAbs(ground.hsvHue() - amber.hsvHue()) < 15 && ground.lightness() > 180,
             qPrintable(ground.name()));
    QVERIFY(!optrack::testing::near(ground, parent.palette().color(QPalette::Window), 8));
    // The whole sentence and the button fit in the banner.
    QLabel *text = nullptr;
    for (QLabel *label : banner->findChildren<QLabel *>()) {
        if (label->text() == banner->text())
            text = label;
    }
    QVERIFY(text);
    QVERIFY(optrack::testing::showsWholeText(text));
    QVERIFY(banner->rect().contains(
            QRect(banner->retryButton()->mapTo(banner, QPoint()), banner->retryButton()->size())));
    QVERIFY(banner->retryButton()->width() >= banner->retryButton()->sizeHint().width());
    dashboardfixtures::saveScreenshot(&parent, u"offline-banner"_s);
}

QTEST_MAIN(tst_OfflineBanner)
#include "tst_offlinebanner.moc"
