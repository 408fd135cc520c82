#include "connectionindicator.h"
#include "dashboardfixtures.h"
#include "offlinebanner.h"
#include "statuspalette.h"

#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace optrack;

namespace {

const QString reason = u"Cannot connect to the service at http://127.0.0.1:8080: connection "
                       u"refused."_s;

ConnectionInfo info(ConnectionState state, int seconds = -1, const QString &why = {},
                    const QDateTime &confirmedAt = {})
{
    return {state, seconds, why, confirmedAt};
}

/// A moment of today, so the time reads without a date.
QDateTime todayAt(const QTime &time)
{
    return QDateTime(QDate::currentDate(), time);
}

} // namespace

class tst_OfflineBanner : public QObject
{
    Q_OBJECT

private slots:
    void indicatorSaysTheState_data();
    void indicatorSaysTheState();
    void indicatorTellsHowOldWhatIsShownIs();
    void bannerOnlyWhileNotCurrent_data();
    void bannerOnlyWhileNotCurrent();
    void bannerSaysHowOldTheTableIs();
    void bannerCountsDown();
    void retryNow();
    void bannerPicture();
};

void tst_OfflineBanner::indicatorSaysTheState_data()
{
    QTest::addColumn<ConnectionState>("state");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("connecting") << ConnectionState::Connecting << -1 << u"Connecting…"_s;
    QTest::newRow("live") << ConnectionState::Live << -1 << u"Live"_s;
    QTest::newRow("polling") << ConnectionState::Polling << 5 << u"Polling"_s;
    QTest::newRow("not responding") << ConnectionState::NotResponding << -1 << u"Not responding"_s;
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
    indicator.setConnection(info(state, seconds, reason));
    QCOMPARE(indicator.text(), text);
    QCOMPARE(indicator.state(), state);
    if (state == ConnectionState::Offline || state == ConnectionState::NotResponding)
        QVERIFY(indicator.toolTip().startsWith(reason));
    QVERIFY(indicator.accessibleDescription().startsWith(text));
}

void tst_OfflineBanner::indicatorTellsHowOldWhatIsShownIs()
{
    ConnectionIndicator indicator;
    const QDateTime at = todayAt(QTime(12, 4, 31));
    indicator.setConnection(info(ConnectionState::NotResponding, -1, reason, at));
    QVERIFY2(indicator.toolTip().contains(u"as of 12:04:31"_s), qPrintable(indicator.toolTip()));
    // While current, no age is given: what is shown is now.
    indicator.setConnection(info(ConnectionState::Live, -1, {}, at));
    QVERIFY(!indicator.toolTip().contains(u"as of"_s));
}

void tst_OfflineBanner::bannerOnlyWhileNotCurrent_data()
{
    QTest::addColumn<ConnectionState>("state");
    QTest::addColumn<bool>("shown");
    QTest::newRow("connecting") << ConnectionState::Connecting << false;
    QTest::newRow("live") << ConnectionState::Live << false;
    QTest::newRow("polling") << ConnectionState::Polling << false;
    QTest::newRow("not responding") << ConnectionState::NotResponding << true;
    QTest::newRow("offline") << ConnectionState::Offline << true;
}

void tst_OfflineBanner::bannerOnlyWhileNotCurrent()
{
    QFETCH(ConnectionState, state);
    QFETCH(bool, shown);
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    QVERIFY(!banner->isVisible());
    banner->setConnection(info(ConnectionState::Offline, 12, reason));
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(), u"Offline — retrying in 12 s: "_s + reason);
    banner->setConnection(info(state, 5));
    QCOMPARE(banner->isVisible(), shown);
}

void tst_OfflineBanner::bannerSaysHowOldTheTableIs()
{
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    const QDateTime at = QDateTime::currentDateTime().addSecs(-40);
    banner->setConnection(info(ConnectionState::NotResponding, -1, reason, at));
    QVERIFY(banner->text().startsWith(u"Not responding: "_s));
    const QString asOf = u"as of %1"_s.arg(at.time().toString(u"HH:mm:ss"_s));
    QVERIFY2(banner->ageText().contains(asOf), qPrintable(banner->ageText()));
    QVERIFY2(banner->ageText().contains(u"updated 40 s ago"_s), qPrintable(banner->ageText()));
    // It ages by itself, a second at a time (a slow machine may skip one: 41 s or later).
    static const QRegularExpression aged(u"updated (4[1-9]|5[0-9]) s ago"_s);
    QTRY_VERIFY_WITH_TIMEOUT(aged.match(banner->ageText()).hasMatch(), 5'000);
    // Nothing loaded yet: it says so rather than a time.
    banner->setConnection(info(ConnectionState::Offline, 3, reason));
    QVERIFY(!banner->ageText().contains(u"as of"_s));
    QVERIFY(!banner->ageText().isEmpty());
}

void tst_OfflineBanner::bannerCountsDown()
{
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    banner->setConnection(info(ConnectionState::Offline, 2, reason));
    QCOMPARE(banner->text(), u"Offline — retrying in 2 s: "_s + reason);
    QTRY_COMPARE_WITH_TIMEOUT(banner->text(), u"Offline — retrying in 1 s: "_s + reason, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(banner->text(), u"Offline — retrying now: "_s + reason, 3000);
    // A fresh count from the feed replaces the local one.
    banner->setConnection(info(ConnectionState::Offline, 30, reason));
    QCOMPARE(banner->text(), u"Offline — retrying in 30 s: "_s + reason);
}

void tst_OfflineBanner::retryNow()
{
    QWidget parent;
    auto *banner = new OfflineBanner(&parent);
    parent.show();
    banner->setConnection(info(ConnectionState::Offline, 12, reason));
    QSignalSpy retry(banner, &OfflineBanner::retryNowRequested);
    QTest::mouseClick(banner->retryButton(), Qt::LeftButton);
    QCOMPARE(retry.size(), 1);
    QCOMPARE(banner->retryButton()->accessibleName(), u"Retry now"_s);
}

void tst_OfflineBanner::bannerPicture()
{
    QWidget parent;
    parent.resize(900, 80);
    auto *banner = new OfflineBanner(&parent);
    banner->setGeometry(0, 0, 900, 80);
    banner->setConnection(info(ConnectionState::NotResponding, -1,
                               u"The service is reached but does not answer."_s,
                               QDateTime::currentDateTime().addSecs(-40)));
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    const QImage image = optrack::testing::picture(&parent);
    dashboardfixtures::saveScreenshot(&parent, u"banner-not-responding"_s);

    // A warning tint (amber, pale) behind the text, not an alarm red and not the plain window.
    const QColor ground = image.pixelColor(banner->mapTo(&parent, QPoint(3, banner->height() / 2)));
    const QColor amber = optrack::StatusPalette::color(optrack::OperationStatus::WaitingForApproval,
                                                       parent.palette());
    QVERIFY2(qAbs(ground.hsvHue() - amber.hsvHue()) < 15 && ground.lightness() > 180,
             qPrintable(ground.name()));
    QVERIFY(!optrack::testing::near(ground, parent.palette().color(QPalette::Window), 8));
    // Both lines (what happened and how old the data is) whole.
    int texts = 0;
    for (const QLabel *label : banner->findChildren<QLabel *>()) {
        if (label->text().isEmpty() || !label->isVisible())
            continue;
        ++texts;
        QVERIFY2(optrack::testing::showsWholeText(label), qPrintable(label->text()));
    }
    QCOMPARE(texts, 2);
    if (banner->retryButton()->isVisible()) {
        QVERIFY(banner->rect().contains(QRect(banner->retryButton()->mapTo(banner, QPoint()),
                                              banner->retryButton()->size())));
        QVERIFY(banner->retryButton()->width() >= banner->retryButton()->sizeHint().width());
    }
}

QTEST_MAIN(tst_OfflineBanner)
#include "tst_offlinebanner.moc"
