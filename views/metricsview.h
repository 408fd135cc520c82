#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <chrono>

class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace optrack {

/// The staff's metrics view, fed with the service's GET /api/metrics/summary: per
/// operation type the counts by status (stacked bars), the success rate, the duration
/// p50 and p95 and the approval wait, and the recent failures with their errors, each
/// a click (or Enter) away from its operation, and the time the figures are as of. The
/// window selector asks the controller for another summary; so do the operations as they
/// change, at most once per refreshDelay, and only while the view is shown: a summary walks
/// the service's operations of the window, so the view never asks for one it does not show.
class MetricsView final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int dayHours = 24;
    static constexpr int weekHours = 7 * 24;
    static constexpr int monthHours = 30 * 24;
    /// Changes are gathered this long before the view asks for a new summary.
    static constexpr std::chrono::milliseconds refreshDelay{2000};

    explicit MetricsView(QWidget *parent = nullptr);

    /// {windowHours, types: [...], recentFailures: [...]}; unknown fields are ignored. The
    /// figures are as of now.
    void setSummary(const QJsonObject &summary);
    /// The operations changed: a new summary is asked for after refreshDelay (when the view
    /// is hidden, once it is shown again).
    void noteOperationsChanged();
    /// A new summary is wanted (a sign-in, the periodic refresh): asked for at once while the
    /// view is shown, else when it is shown next. A hidden view costs the service nothing.
    void requestRefresh();
    /// A summary is wanted once the view is shown.
    bool isStale() const { return m_stale; }
    /// The summary could not be read: says why instead of the charts' old figures.
    void setUnavailable(const QString &reason);

    int windowHours() const;
    /// Selects a window without asking for a new summary.
    void setWindowHours(int hours);

    /// The operation types of the summary shown, in chart order.
    QStringList operationTypes() const { return m_types; }
    QString headlineText() const;
    /// "As of 11:04:31", or empty before the first summary.
    QString asOfText() const;
    QDateTime asOf() const { return m_asOf; }
    QComboBox *windowSelector() const { return m_windowBox; }
    QTreeWidget *failuresView() const { return m_failures; }
    QChartView *countsChart() const { return m_countsView; }
    QChartView *successChart() const { return m_successView; }
    QChartView *durationChart() const { return m_durationView; }
    QChartView *approvalChart() const { return m_approvalView; }

signals:
    void windowChanged(int hours);
    /// The figures shown may be out of date: ask for the summary again.
    void refreshRequested();
    void operationActivated(const QString &operationId);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void showSummary(const QJsonObject &summary);
    void handleRefreshTimeout();
    QChartView *makeChartView(const QString &accessibleName);
    void rebuildCharts();
    void fillCounts(QChart *chart);
    void fillSuccess(QChart *chart);
    void fillDurations(QChart *chart);
    void fillApproval(QChart *chart);
    void fillFailures();
    void styleChart(QChart *chart, bool legend);
    void activateItem(QTreeWidgetItem *item);

    QJsonObject m_summary;
    QStringList m_types;
    QComboBox *m_windowBox = nullptr;
    QLabel *m_headline = nullptr;
    QLabel *m_asOfLabel = nullptr;
    QDateTime m_asOf;
    QTimer m_refreshTimer;
    /// Changes arrived while hidden: ask once shown.
    bool m_stale = false;
    QChartView *m_countsView = nullptr;
    QChartView *m_successView = nullptr;
    QChartView *m_durationView = nullptr;
    QChartView *m_approvalView = nullptr;
    QTreeWidget *m_failures = nullptr;
};

} // namespace optrack
