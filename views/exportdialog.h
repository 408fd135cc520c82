#pragma once

#include <QDate>
#include <QDialog>
#include <QString>

class QButtonGroup;
class QDateEdit;
class QLabel;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace optrack {

/// Asks what to export: the format (CSV or JSON) and the date range as the contract
/// takes it, a year ("2026"), a month ("2026-10") or days ("2026-10-01..2026-10-31").
/// Start stays disabled while the end is before the start.
class ExportDialog final : public QDialog
{
    Q_OBJECT

public:
    enum RangeKind { Year, Month, Days };
    Q_ENUM(RangeKind)

    explicit ExportDialog(QWidget *parent = nullptr);

    /// "csv" or "json".
    QString format() const;
    void setFormat(const QString &format);
    /// The contract's dateRange for the choice.
    QString dateRange() const;
    RangeKind rangeKind() const;
    void setRangeKind(RangeKind kind);
    void setYear(int year);
    /// Any day of the month.
    void setMonth(const QDate &month);
    void setDays(const QDate &from, const QDate &to);
    bool isValid() const;
    /// Why the choice cannot be exported; empty when it can.
    QString problem() const;
    QString summaryText() const;
    QPushButton *startButton() const { return m_startButton; }

    static QString dateRangeFor(RangeKind kind, const QDate &from, const QDate &to);

public slots:
    /// Closes with Accepted only while the choice is valid.
    void accept() override;

private:
    void updateState();

    QButtonGroup *m_formatGroup = nullptr;
    QRadioButton *m_csvButton = nullptr;
    QRadioButton *m_jsonButton = nullptr;
    QButtonGroup *m_rangeGroup = nullptr;
    QRadioButton *m_yearButton = nullptr;
    QRadioButton *m_monthButton = nullptr;
    QRadioButton *m_daysButton = nullptr;
    QSpinBox *m_yearEdit = nullptr;
    QDateEdit *m_monthEdit = nullptr;
    QDateEdit *m_fromEdit = nullptr;
    QDateEdit *m_toEdit = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_startButton = nullptr;
};

} // namespace optrack
