#include "dashboardfixtures.h"
#include "metricsview.h"
#include "statuspalette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace optrack;

namespace {

QAbstractBarSeries *barSeries(QChartView *view)
{
    const QList<QAbstractSeries *> series = view->chart()->series();
    return series.isEmpty() ? nullptr : qobject_cast<QAbstractBarSeries *>(series.first());
}

/// Where a bar's value lands in the chart view, for sampling its colour.
QPoint barPoint(QChartView *view, QAbstractBarSeries *series, qreal value, int category)
{
    QChart *chart = view->chart();
    const QPointF position = chart->mapToPosition(QPointF(value, category), series);
    return view->mapFromScene(chart->mapToScene(position));
}

QStringList setLabels(QAbstractBarSeries *series)
{
    QStringList labels;
    for (QBarSet *set : series->barSets())
        labels.append(set->label());
    return labels;
}

} // namespace

class tst_MetricsView : public QObject
{
    Q_OBJECT

private slots:
    void showsEveryType();
    void countsAreStackedByStatus();
    void successRatesInPercent();
    void durationsPickAReadableUnit();
    void approvalWaitOnlyForTypesThatWaited();
    void failuresLeadToTheirOperation();
    void windowSelector();
    void asOfTheLastSummary();
    void zeroSuccessIsLabelled();
    void refreshesAsOperationsChange();
    void refreshWaitsUntilShown();
    void emptyAndUnavailable();
    void screenshot();
};

void tst_MetricsView::showsEveryType()
{
    MetricsView view;
    view.setSummary(dashboardfixtures::metricsSummary());
    QCOMPARE(view.operationTypes(),
             (QStringList{u"data_export"_s, u"file_deletion"_s, u"file_upload"_s,
                          u"index.rebuild"_s, u"ledger.reconcile"_s}));
    QCOMPARE(view.headlineText(),
             u"115 operations of 5 types  ·  106 finished, 83% succeeded  ·  4 recent "
             u"failures"_s);
}

void tst_MetricsView::countsAreStackedByStatus()
{
    MetricsView view;
    view.setSummary(dashboardfixtures::metricsSummary());
    auto *series = qobject_cast<QHorizontalStackedBarSeries *>(barSeries(view.countsChart()));
    QVERIFY(series);
    // Only the statuses that occur, each named in words beside its colour.
    QCOMPARE(setLabels(series),
             (QStringList{u"In progress"_s, u"Waiting for approval"_s, u"Denied"_s, u"Completed"_s,
                          u"Failed"_s, u"Cancelled"_s}));
    // Reversed so that the first type is the top bar.
    const QBarSet *completed = series->barSets().at(3);
    QCOMPARE(completed->count(), 5);
    QCOMPARE(completed->at(4), 18.0); // data_export
    QCOMPARE(completed->at(2), 41.0); // file_upload
}

void tst_MetricsView::successRatesInPercent()
{
    MetricsView view;
    view.setSummary(dashboardfixtures::metricsSummary());
    QAbstractBarSeries *series = barSeries(view.successChart());
    QVERIFY(series);
    QVERIFY(series->isLabelsVisible());
    const QBarSet *set = series->barSets().first();
    QCOMPARE(qRound(set->at(4) * 10), qRound(1000.0 * 18 / 21)); // data_export, 85.7 %
    QCOMPARE(set->at(1), 100.0); // index.rebuild
}

void tst_MetricsView::durationsPickAReadableUnit()
{
    MetricsView view;
    view.setSummary(dashboardfixtures::metricsSummary());
    QAbstractBarSeries *series = barSeries(view.durationChart());
    QVERIFY(series);
    QCOMPARE(series->barSets().size(), 2);
    // The longest p95 is 2,400 s: the axis counts minutes.
    QCOMPARE(series->barSets().at(0)->at(0), 15.0); // ledger.reconcile p50, 900 s
    QCOMPARE(series->barSets().at(1)->at(0), 35.0); // ledger.reconcile p95, 2,100 s
    QCOMPARE(view.durationChart()->chart()->title(),
             u"Duration of completed operations, in minutes"_s);
}

void tst_MetricsView::approvalWaitOnlyForTypesThatWaited()
{
    MetricsView view;
    view.setSummary(dashboardfixtures::metricsSummary());
    QAbstractBarSeries *series = barSeries(view.approvalChart());
    QVERIFY(series);
    QCOMPARE(series->barSets().first()->count(), 1);
    QCOMPARE(series->barSets().first()->at(0), 21.0); // 1,260 s in minutes
}

void tst_MetricsView::failuresLeadToTheirOperation()
{
    MetricsView view;
    view.setSummary(dashboardfixtures::metricsSummary());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTreeWidget *failures = view.failuresView();
    QCOMPARE(failures->topLevelItemCount(), 4);
    QCOMPARE(failures->topLevelItem(2)->text(3),
             u"Settlement feed timed out after 300 s (upstream 504 from clearing house)"_s);

    QSignalSpy activated(&view, &MetricsView::operationActivated);
    const QRect rect = failures->visualItemRect(failures->topLevelItem(1));
    QTest::mouseClick(failures->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), u"op_u1031"_s);

    failures->setFocus();
    failures->setCurrentItem(failures->topLevelItem(3));
    QTest::keyClick(failures, Qt::Key_Return);
    QCOMPARE(activated.size(), 2);
    QCOMPARE(activated.at(1).at(0).toString(), u"op_e305"_s);
}

void tst_MetricsView::windowSelector()
{
    MetricsView view;
    QSignalSpy changed(&view, &MetricsView::windowChanged);
    QJsonObject summary = dashboardfixtures::metricsSummary();
    summary.insert(u"windowHours"_s, MetricsView::monthHours);
    view.setSummary(summary);
    QCOMPARE(view.windowHours(), MetricsView::monthHours);
    QVERIFY(changed.isEmpty()); // set by the summary, not asked by the user

    view.windowSelector()->setFocus();
    QTest::keyClick(view.windowSelector(), Qt::Key_Up);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toInt(), MetricsView::weekHours);
}

void tst_MetricsView::asOfTheLastSummary()
{
    MetricsView view;
    QVERIFY(view.asOfText().isEmpty());
    const QTime before = QTime::currentTime();
    view.setSummary(dashboardfixtures::metricsSummary());
    QVERIFY(view.asOf().isValid());
    QVERIFY(view.asOf().time() >= before.addMSecs(-before.msec()));
    QCOMPARE(view.asOfText(), u"As of %1"_s.arg(view.asOf().time().toString(Qt::ISODate)));
    // Figures the service could not give are as of nothing.
    view.setUnavailable(u"The service did not answer."_s);
    QVERIFY(view.asOfText().isEmpty());
}

void tst_MetricsView::zeroSuccessIsLabelled()
{
    MetricsView view;
    const QJsonObject summary{
            {u"windowHours"_s, 24},
            {u"types"_s,
             QJsonArray{QJsonObject{{u"operationType"_s, u"file_upload"_s},
                                    {u"total"_s, 3},
                                    {u"finished"_s, 3},
                                    {u"counts"_s, QJsonObject{{u"failed"_s, 3}}},
                                    {u"successRate"_s, 0.0}},
                        QJsonObject{{u"operationType"_s, u"data_export"_s},
                                    {u"total"_s, 1},
                                    {u"finished"_s, 0},
                                    {u"counts"_s, QJsonObject{{u"in_progress"_s, 1}}},
                                    {u"successRate"_s, QJsonValue::Null}}}}};
    view.setSummary(summary);
    auto *axis = qobject_cast<QBarCategoryAxis *>(
            view.successChart()->chart()->axes(Qt::Vertical).value(0));
    QVERIFY(axis);
    // Bottom-up: the last type first. A bar of no length is said in words.
    QCOMPARE(axis->categories(),
             (QStringList{u"data_export (none finished)"_s,
                          u"file_upload (0 %: none completed)"_s}));
}

void tst_MetricsView::refreshesAsOperationsChange()
{
    MetricsView view;
    view.resize(900, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy refresh(&view, &MetricsView::refreshRequested);
    QElapsedTimer clock;
    clock.start();
    // A burst of changes asks once, after the delay.
    for (int change = 0; change < 50; ++change)
        view.noteOperationsChanged();
    QVERIFY(refresh.wait(5000));
    QVERIFY(clock.elapsed() >= MetricsView::refreshDelay.count() - 50);
    QVERIFY(!refresh.wait(300));
    QCOMPARE(refresh.size(), 1);
    // Changes that keep coming are not put off forever.
    view.noteOperationsChanged();
    QVERIFY(refresh.wait(5000));
    QCOMPARE(refresh.size(), 2);
}

void tst_MetricsView::refreshWaitsUntilShown()
{
    MetricsView view;
    QSignalSpy refresh(&view, &MetricsView::refreshRequested);
    view.noteOperationsChanged();
    QVERIFY(!refresh.wait(MetricsView::refreshDelay.count() + 500));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(refresh.size(), 1);
}

void tst_MetricsView::emptyAndUnavailable()
{
    MetricsView view;
    view.setSummary(dashboardfixtures::metricsSummary());
    view.setSummary(QJsonObject{{u"windowHours"_s, 24}, {u"types"_s, QJsonArray()}});
    QVERIFY(view.operationTypes().isEmpty());
    QCOMPARE(view.headlineText(), u"No operations in this window."_s);
    QCOMPARE(view.failuresView()->topLevelItemCount(), 1);
    QVERIFY(!(view.failuresView()->topLevelItem(0)->flags() & Qt::ItemIsSelectable));

    view.setUnavailable(u"Only staff and admins may read the metrics."_s);
    QCOMPARE(view.headlineText(),
             u"Metrics unavailable: Only staff and admins may read the metrics."_s);
    QCOMPARE(barSeries(view.countsChart())->barSets().size(), 0);
}

void tst_MetricsView::screenshot()
{
    MetricsView view;
    view.resize(1260, 680);
    view.setSummary(dashboardfixtures::metricsSummary());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage image = optrack::testing::picture(&view);

    // The headline is written out in full.
    QLabel *headline = nullptr;
    for (QLabel *label : view.findChildren<QLabel *>()) {
        if (label->text() == view.headlineText())
            headline = label;
    }
    QVERIFY(headline);
    QVERIFY(optrack::testing::showsWholeText(headline));
    // Four charts, each big enough to read.
    for (QChartView *chart :
         {view.countsChart(), view.successChart(), view.durationChart(), view.approvalChart()}) {
        QVERIFY2(chart->width() >= 400 && chart->height() >= 200,
                 qPrintable(chart->chart()->title()));
    }

    // Completed bars have the colour of Completed everywhere else; data_export's share
    // (the top bar) is drawn where its count says.
    auto *counts = qobject_cast<QHorizontalStackedBarSeries *>(barSeries(view.countsChart()));
    QVERIFY(counts);
    const int top = 4;
    qreal before = 0;
    QBarSet *completed = nullptr;
    for (QBarSet *set : counts->barSets()) {
        if (set->label() == u"Completed"_s) {
            completed = set;
            break;
        }
        before += set->at(top);
    }
    QVERIFY(completed);
    const QColor green
            = optrack::StatusPalette::fill(optrack::OperationStatus::Completed, view.palette());
    QCOMPARE(completed->color(), green);
    const QPoint inside = view.countsChart()->mapTo(
            &view, barPoint(view.countsChart(), counts, before + completed->at(top) / 2, top));
    const QColor seen = image.pixelColor(inside);
    QVERIFY2(optrack::testing::near(seen, green),
             qPrintable(optrack::testing::describe(seen, green)));
    dashboardfixtures::saveScreenshot(&view, u"metrics"_s);
}

QTEST_MAIN(tst_MetricsView)
#include "tst_metricsview.moc"
