#include "metricsview.h"

#include "operation.h"
#include "operationstatus.h"
#include "statuspalette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QJsonArray>
#include <QLabel>
#include <QLegend>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int OperationIdRole = Qt::UserRole;
constexpr int chartMinimumHeight = 190;
constexpr int failuresMinimumHeight = 120;
constexpr double percent = 100.0;
constexpr double minute = 60.0;
constexpr double hour = 3600.0;
constexpr double unitSwitchFactor = 2.0;
constexpr double axisHeadroom = 1.15;
constexpr double gridFraction = 0.15;
constexpr double rateTickInterval = 20;
constexpr double labelScale = 0.85;
constexpr int labelPrecision = 3;

enum FailureColumn { FailedAt, Type, Name, Error, FailureColumnCount };

/// The unit a set of durations reads best in: seconds, minutes or hours.
struct DurationUnit
{
    double seconds = 1;
    QString name;
};

DurationUnit unitFor(double largestSeconds)
{
    if (largestSeconds >= hour * unitSwitchFactor)
        return {hour, MetricsView::tr("hours")};
    if (largestSeconds >= minute * unitSwitchFactor)
        return {minute, MetricsView::tr("minutes")};
    return {1, MetricsView::tr("seconds")};
}

/// Bars as thick as the categories allow, but not one fat slab for a single type.
double barWidthFor(qsizetype categories)
{
    constexpr double fullWidth = 0.8;
    constexpr double perCategory = 0.25;
    return std::min(fullWidth, perCategory * double(std::max<qsizetype>(categories, 1)));
}

/// A value axis from 0 with room for the bar labels, on round ticks.
QValueAxis *valueAxis(double maximum, const QString &format)
{
    auto *axis = new QValueAxis;
    axis->setRange(0, maximum > 0 ? maximum * axisHeadroom : 1);
    axis->applyNiceNumbers();
    axis->setLabelFormat(format);
    return axis;
}

/// Adds a horizontal bar series to the chart: bars as thick as its categories allow, the
/// categories down the left, `values` along the bottom.
void addBars(QChart *chart, QAbstractBarSeries *series, const QStringList &categories,
             QValueAxis *values)
{
    series->setBarWidth(barWidthFor(categories.size()));
    chart->addSeries(series);
    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    chart->addAxis(categoryAxis, Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(values);
}

/// Each bar's value written past its end.
void showValueLabels(QAbstractBarSeries *series)
{
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsPrecision(labelPrecision);
}

} // namespace

MetricsView::MetricsView(QWidget *parent)
    : QWidget(parent)
    , m_windowBox(new QComboBox(this))
    , m_headline(new QLabel(this))
    , m_asOfLabel(new QLabel(this))
    , m_failures(new QTreeWidget(this))
{
    setAccessibleName(tr("Metrics"));

    m_windowBox->addItem(tr("Last 24 hours"), dayHours);
    m_windowBox->addItem(tr("Last 7 days"), weekHours);
    m_windowBox->addItem(tr("Last 30 days"), monthHours);
    m_windowBox->setAccessibleName(tr("Time window"));
    auto *windowLabel = new QLabel(tr("&Window:"), this);
    windowLabel->setBuddy(m_windowBox);
    connect(m_windowBox, &QComboBox::activated, this,
            [this] { emit windowChanged(windowHours()); });
    m_headline->setAccessibleName(tr("Summary"));
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_asOfLabel->setAccessibleName(tr("Figures as of"));
    StatusPalette::setMutedText(m_asOfLabel);
    m_refreshTimer.setSingleShot(true);
    // A coarse timer may fire 5 % early; the figures are asked for after the whole delay.
    m_refreshTimer.setTimerType(Qt::PreciseTimer);
    m_refreshTimer.setInterval(refreshDelay);
    connect(&m_refreshTimer, &QTimer::timeout, this, &MetricsView::handleRefreshTimeout);

    m_countsView = makeChartView(tr("Operations by status chart"));
    m_successView = makeChartView(tr("Success rate chart"));
    m_durationView = makeChartView(tr("Duration chart"));
    m_approvalView = makeChartView(tr("Approval wait chart"));

    m_failures->setAccessibleName(tr("Recent failures"));
    m_failures->setRootIsDecorated(false);
    m_failures->setUniformRowHeights(true);
    m_failures->setAlternatingRowColors(true);
    m_failures->setColumnCount(FailureColumnCount);
    m_failures->setHeaderLabels({tr("Failed at"), tr("Type"), tr("Operation"), tr("Error")});
    m_failures->header()->setStretchLastSection(true);
    m_failures->setMinimumHeight(failuresMinimumHeight);
    m_failures->setToolTip(tr("Click or press Enter to show the operation"));
    connect(m_failures, &QTreeWidget::itemActivated, this, &MetricsView::activateItem);
    connect(m_failures, &QTreeWidget::itemClicked, this, &MetricsView::activateItem);

    auto *top = new QHBoxLayout;
    top->addWidget(windowLabel);
    top->addWidget(m_windowBox);
    top->addSpacing(16);
    top->addWidget(m_headline, 1);
    top->addWidget(m_asOfLabel);

    auto *charts = new QWidget(this);
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(8);
    grid->addWidget(m_countsView, 0, 0);
    grid->addWidget(m_successView, 0, 1);
    grid->addWidget(m_durationView, 1, 0);
    grid->addWidget(m_approvalView, 1, 1);

    auto *failuresBox = new QWidget(this);
    auto *failuresLayout = new QVBoxLayout(failuresBox);
    failuresLayout->setContentsMargins(0, 0, 0, 0);
    auto *failuresHeading = new QLabel(tr("Recent &failures"), failuresBox);
    QFont bold = failuresHeading->font();
    bold.setBold(true);
    failuresHeading->setFont(bold);
    failuresHeading->setBuddy(m_failures);
    failuresLayout->addWidget(failuresHeading);
    failuresLayout->addWidget(m_failures);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(charts);
    splitter->addWidget(failuresBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    // In a scroll area: the charts keep a readable height in a short window, and the
    // window's minimum size does not grow with them.
    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(8, 8, 8, 8);
    contentLayout->addLayout(top);
    contentLayout->addWidget(splitter, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    scroll->setAccessibleName(tr("Metrics"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    showSummary({});
}

QChartView *MetricsView::makeChartView(const QString &accessibleName)
{
    auto *view = new QChartView(this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(accessibleName);
    view->setMinimumHeight(chartMinimumHeight);
    // Nothing to do on a chart with the keyboard: Tab goes past it to the failures.
    view->setFocusPolicy(Qt::NoFocus);
    view->viewport()->setFocusPolicy(Qt::NoFocus);
    return view;
}

int MetricsView::windowHours() const
{
    return m_windowBox->currentData().toInt();
}

void MetricsView::setWindowHours(int hours)
{
    const int index = m_windowBox->findData(hours);
    if (index >= 0)
        m_windowBox->setCurrentIndex(index);
}

QString MetricsView::headlineText() const
{
    return m_headline->text();
}

QString MetricsView::asOfText() const
{
    return m_asOfLabel->text();
}

void MetricsView::setSummary(const QJsonObject &summary)
{
    m_asOf = QDateTime::currentDateTime();
    m_asOfLabel->setText(tr("As of %1").arg(m_asOf.time().toString(Qt::ISODate)));
    m_asOfLabel->setToolTip(QLocale().toString(m_asOf, QLocale::LongFormat));
    showSummary(summary);
}

void MetricsView::noteOperationsChanged()
{
    // Gathered, not restarted: a steady stream of changes still refreshes every refreshDelay.
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void MetricsView::requestRefresh()
{
    m_refreshTimer.stop();
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    emit refreshRequested();
}

void MetricsView::handleRefreshTimeout()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    emit refreshRequested();
}

void MetricsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        m_stale = false;
        emit refreshRequested();
    }
}

void MetricsView::showSummary(const QJsonObject &summary)
{
    m_summary = summary;
    if (summary.contains(u"windowHours"_s))
        setWindowHours(summary.value(u"windowHours"_s).toInt());

    const QJsonArray types = summary.value(u"types"_s).toArray();
    m_types.clear();
    int total = 0;
    int finished = 0;
    int completed = 0;
    for (const QJsonValue &value : types) {
        const QJsonObject type = value.toObject();
        m_types.append(type.value(u"operationType"_s).toString());
        total += type.value(u"total"_s).toInt();
        finished += type.value(u"finished"_s).toInt();
        completed += type.value(u"counts"_s).toObject().value(u"completed"_s).toInt();
    }
    const QLocale locale;
    QString headline;
    if (types.isEmpty()) {
        headline = tr("No operations in this window.");
    } else {
        headline
                = (total == 1 ? tr("1 operation") : tr("%1 operations").arg(locale.toString(total)))
                + u' '
                + (m_types.size() == 1 ? tr("of 1 type") : tr("of %1 types").arg(m_types.size()));
        if (finished > 0) {
            headline += u"  ·  "_s
                    + tr("%1 finished, %2 succeeded")
                              .arg(locale.toString(finished),
                                   locale.toString(percent * completed / finished, 'f', 0)
                                           + locale.percent());
        }
        const int failures = int(summary.value(u"recentFailures"_s).toArray().size());
        if (failures > 0)
            headline += u"  ·  "_s
                    + (failures == 1 ? tr("1 recent failure")
                                     : tr("%1 recent failures").arg(failures));
    }
    m_headline->setText(headline);
    rebuildCharts();
    fillFailures();
}

void MetricsView::setUnavailable(const QString &reason)
{
    m_summary = {};
    m_asOf = {};
    m_asOfLabel->clear();
    m_types.clear();
    m_headline->setText(tr("Metrics unavailable: %1").arg(reason));
    rebuildCharts();
    fillFailures();
}

void MetricsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        rebuildCharts();
    QWidget::changeEvent(event);
}

void MetricsView::styleChart(QChart *chart, bool legend)
{
    const QPalette pal = palette();
    chart->setBackgroundBrush(pal.color(QPalette::Base));
    chart->setBackgroundRoundness(4);
    chart->setTitleBrush(pal.color(QPalette::Text));
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setMargins(QMargins(4, 4, 8, 4));
    chart->legend()->setVisible(legend);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(pal.color(QPalette::Text));
    chart->legend()->setFont(font());
    const QColor grid = StatusPalette::blend(pal.color(QPalette::Text), pal.color(QPalette::Base),
                                             gridFraction);
    QFont labelFont = font();
    labelFont.setPointSizeF(labelFont.pointSizeF() * labelScale);
    for (QAbstractSeries *series : chart->series()) {
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            for (QBarSet *set : bars->barSets())
                set->setLabelFont(labelFont);
        }
    }
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setLabelsFont(font());
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
        axis->setTitleBrush(pal.color(QPalette::Text));
        axis->setTitleFont(font());
    }
}

void MetricsView::rebuildCharts()
{
    // A new chart each time: emptying one in place leaves stale axis labels in its scene.
    const auto replace = [](QChartView *view, QChart *chart) {
        chart->setAnimationOptions(QChart::NoAnimation);
        QChart *old = view->chart();
        view->setChart(chart);
        delete old;
    };
    auto *counts = new QChart;
    fillCounts(counts);
    replace(m_countsView, counts);
    auto *success = new QChart;
    fillSuccess(success);
    replace(m_successView, success);
    auto *durations = new QChart;
    fillDurations(durations);
    replace(m_durationView, durations);
    auto *approval = new QChart;
    fillApproval(approval);
    replace(m_approvalView, approval);
}

void MetricsView::fillCounts(QChart *chart)
{
    chart->setTitle(tr("Operations by status"));
    const QJsonArray types = m_summary.value(u"types"_s).toArray();
    auto *series = new QHorizontalStackedBarSeries;
    QStringList categories;
    int largest = 0;
    // Horizontal bars grow from the bottom: reversed, the list reads top-down.
    for (qsizetype index = types.size() - 1; index >= 0; --index) {
        const QJsonObject type = types.at(index).toObject();
        const int total = type.value(u"total"_s).toInt();
        categories.append(tr("%1 (%2)").arg(type.value(u"operationType"_s).toString(),
                                            QLocale().toString(total)));
        largest = std::max(largest, total);
    }
    for (OperationStatus status : allStatuses()) {
        QList<qreal> values;
        bool any = false;
        for (qsizetype index = types.size() - 1; index >= 0; --index) {
            const int count = types.at(index)
                                      .toObject()
                                      .value(u"counts"_s)
                                      .toObject()
                                      .value(statusToWire(status))
                                      .toInt();
            values.append(count);
            any = any || count > 0;
        }
        if (!any)
            continue;
        auto *set = new QBarSet(statusLabel(status));
        set->append(values);
        set->setColor(StatusPalette::fill(status, palette()));
        set->setBorderColor(palette().color(QPalette::Base));
        series->append(set);
    }
    addBars(chart, series, categories, valueAxis(largest, u"%d"_s));
    styleChart(chart, series->count() > 0);
}

void MetricsView::fillSuccess(QChart *chart)
{
    chart->setTitle(tr("Success rate (completed of finished)"));
    const QJsonArray types = m_summary.value(u"types"_s).toArray();
    auto *series = new QHorizontalBarSeries;
    auto *set = new QBarSet(tr("Completed of finished"));
    QStringList categories;
    for (qsizetype index = types.size() - 1; index >= 0; --index) {
        const QJsonObject type = types.at(index).toObject();
        const QJsonValue rate = type.value(u"successRate"_s);
        const QString name = type.value(u"operationType"_s).toString();
        // A bar of no length shows nothing: a rate of zero is said beside the type instead.
        if (!rate.isDouble())
            categories.append(tr("%1 (none finished)").arg(name));
        else if (rate.toDouble() <= 0)
            categories.append(tr("%1 (0 %: none completed)").arg(name));
        else
            categories.append(name);
        set->append(rate.isDouble() ? rate.toDouble() * percent : 0);
    }
    set->setColor(StatusPalette::fill(OperationStatus::Completed, palette()));
    set->setLabelColor(palette().color(QPalette::Text));
    series->append(set);
    showValueLabels(series);
    series->setLabelsFormat(u"@value %"_s);
    auto *rateAxis = new QValueAxis;
    // Room right of 100 % for the bar's label; ticks stay on round tens.
    rateAxis->setRange(0, percent * axisHeadroom);
    rateAxis->setTickType(QValueAxis::TicksDynamic);
    rateAxis->setTickAnchor(0);
    rateAxis->setTickInterval(rateTickInterval);
    rateAxis->setLabelFormat(u"%.0f %%"_s);
    addBars(chart, series, categories, rateAxis);
    styleChart(chart, false);
}

void MetricsView::fillDurations(QChart *chart)
{
    const QJsonArray types = m_summary.value(u"types"_s).toArray();
    double largest = 0;
    for (const QJsonValue &value : types) {
        const QJsonObject duration = value.toObject().value(u"durationSeconds"_s).toObject();
        largest = std::max({largest, duration.value(u"p50"_s).toDouble(),
                            duration.value(u"p95"_s).toDouble()});
    }
    const DurationUnit unit = unitFor(largest);
    auto *series = new QHorizontalBarSeries;
    auto *median = new QBarSet(tr("Median (p50)"));
    auto *slow = new QBarSet(tr("Slowest 5 % (p95)"));
    QStringList categories;
    for (qsizetype index = types.size() - 1; index >= 0; --index) {
        const QJsonObject type = types.at(index).toObject();
        const QJsonObject duration = type.value(u"durationSeconds"_s).toObject();
        const int count = duration.value(u"count"_s).toInt();
        const QString name = type.value(u"operationType"_s).toString();
        categories.append(count > 0 ? name : tr("%1 (none completed)").arg(name));
        median->append(duration.value(u"p50"_s).toDouble() / unit.seconds);
        slow->append(duration.value(u"p95"_s).toDouble() / unit.seconds);
    }
    median->setColor(StatusPalette::fill(OperationStatus::InProgress, palette()));
    slow->setColor(StatusPalette::blend(StatusPalette::fill(OperationStatus::InProgress, palette()),
                                        palette().color(QPalette::Base), 0.45));
    for (QBarSet *set : {median, slow}) {
        set->setLabelColor(palette().color(QPalette::Text));
        set->setBorderColor(palette().color(QPalette::Base));
        series->append(set);
    }
    showValueLabels(series);
    addBars(chart, series, categories, valueAxis(largest / unit.seconds, u"%.0f"_s));
    chart->setTitle(tr("Duration of completed operations, in %1").arg(unit.name));
    styleChart(chart, true);
}

void MetricsView::fillApproval(QChart *chart)
{
    const QJsonArray types = m_summary.value(u"types"_s).toArray();
    QList<QJsonObject> waited;
    double largest = 0;
    for (const QJsonValue &value : types) {
        const QJsonObject type = value.toObject();
        const QJsonObject wait = type.value(u"approvalWaitSeconds"_s).toObject();
        if (wait.value(u"count"_s).toInt() <= 0)
            continue;
        waited.append(type);
        largest = std::max(largest, wait.value(u"p50"_s).toDouble());
    }
    const DurationUnit unit = unitFor(largest);
    auto *series = new QHorizontalBarSeries;
    auto *set = new QBarSet(tr("Median wait"));
    QStringList categories;
    for (qsizetype index = waited.size() - 1; index >= 0; --index) {
        const QJsonObject wait = waited.at(index).value(u"approvalWaitSeconds"_s).toObject();
        categories.append(tr("%1 (%2 decided)")
                                  .arg(waited.at(index).value(u"operationType"_s).toString())
                                  .arg(wait.value(u"count"_s).toInt()));
        set->append(wait.value(u"p50"_s).toDouble() / unit.seconds);
    }
    set->setColor(StatusPalette::fill(OperationStatus::WaitingForApproval, palette()));
    set->setLabelColor(palette().color(QPalette::Text));
    series->append(set);
    showValueLabels(series);
    addBars(chart, series, categories, valueAxis(largest / unit.seconds, u"%.0f"_s));
    chart->setTitle(waited.isEmpty() ? tr("Wait for approval: no decisions in this window")
                                     : tr("Wait for approval (median), in %1").arg(unit.name));
    styleChart(chart, false);
}

void MetricsView::fillFailures()
{
    m_failures->clear();
    const QJsonArray failures = m_summary.value(u"recentFailures"_s).toArray();
    const QLocale locale;
    QList<QTreeWidgetItem *> items;
    for (const QJsonValue &value : failures) {
        const QJsonObject failure = value.toObject();
        const QDateTime at = fromWireTime(failure.value(u"failedAt"_s).toString());
        const QString id = failure.value(u"operationId"_s).toString();
        QString name = failure.value(u"displayName"_s).toString();
        if (name.isEmpty())
            name = id;
        const QString error = failure.value(u"errorMessage"_s).toString();
        auto *item = new QTreeWidgetItem(
                {at.isValid() ? locale.toString(at.toLocalTime(), QLocale::ShortFormat) : QString(),
                 failure.value(u"operationType"_s).toString(), name, error});
        item->setData(0, OperationIdRole, id);
        item->setToolTip(Name, tr("Show %1").arg(id));
        item->setToolTip(Error, error);
        QFont link = m_failures->font();
        link.setUnderline(true);
        item->setFont(Name, link);
        item->setForeground(Name, palette().color(QPalette::Link));
        item->setForeground(Error, StatusPalette::badgeText(OperationStatus::Failed, palette()));
        items.append(item);
    }
    m_failures->addTopLevelItems(items);
    if (items.isEmpty()) {
        auto *none = new QTreeWidgetItem(
                {QString(), QString(), tr("No failures in this window"), QString()});
        none->setFlags(Qt::NoItemFlags);
        m_failures->addTopLevelItem(none);
    }
    for (int column : {FailedAt, Type, Name})
        m_failures->resizeColumnToContents(column);
}

void MetricsView::activateItem(QTreeWidgetItem *item)
{
    const QString id = item ? item->data(0, OperationIdRole).toString() : QString();
    if (!id.isEmpty())
        emit operationActivated(id);
}

} // namespace optrack
