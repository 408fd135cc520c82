#include "exportdialog.h"

#include "operationstatus.h"
#include "statuspalette.h"

#include <QButtonGroup>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int firstYear = 1970;
constexpr int lastYear = 2999;
constexpr int dialogWidth = 460;
const QString dayFormat = u"yyyy-MM-dd"_s;

} // namespace

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_formatGroup(new QButtonGroup(this))
    , m_rangeGroup(new QButtonGroup(this))
{
    setWindowTitle(tr("Export data"));
    setAccessibleName(tr("Export data"));
    const QDate today = QDate::currentDate();

    auto *formatBox = new QGroupBox(tr("Format"), this);
    m_csvButton = new QRadioButton(tr("&CSV (spreadsheets)"), formatBox);
    m_jsonButton = new QRadioButton(tr("&JSON (programs)"), formatBox);
    m_csvButton->setAccessibleName(tr("CSV format"));
    m_jsonButton->setAccessibleName(tr("JSON format"));
    m_formatGroup->addButton(m_csvButton);
    m_formatGroup->addButton(m_jsonButton);
    m_csvButton->setChecked(true);
    auto *formatLayout = new QHBoxLayout(formatBox);
    formatLayout->addWidget(m_csvButton);
    formatLayout->addWidget(m_jsonButton);
    formatLayout->addStretch(1);

    auto *rangeBox = new QGroupBox(tr("Transactions dated"), this);
    m_yearButton = new QRadioButton(tr("In the &year"), rangeBox);
    m_monthButton = new QRadioButton(tr("In the &month"), rangeBox);
    m_daysButton = new QRadioButton(tr("&From"), rangeBox);
    m_yearButton->setAccessibleName(tr("Whole year"));
    m_monthButton->setAccessibleName(tr("Whole month"));
    m_daysButton->setAccessibleName(tr("Range of days"));
    m_rangeGroup->addButton(m_yearButton, Year);
    m_rangeGroup->addButton(m_monthButton, Month);
    m_rangeGroup->addButton(m_daysButton, Days);

    m_yearEdit = new QSpinBox(rangeBox);
    m_yearEdit->setRange(firstYear, lastYear);
    m_yearEdit->setValue(today.year());
    m_yearEdit->setAccessibleName(tr("Year"));
    m_monthEdit = new QDateEdit(today, rangeBox);
    m_monthEdit->setDisplayFormat(u"MMMM yyyy"_s);
    m_monthEdit->setCalendarPopup(true);
    m_monthEdit->setAccessibleName(tr("Month"));
    const QDate monthStart(today.year(), today.month(), 1);
    m_fromEdit = new QDateEdit(monthStart, rangeBox);
    m_toEdit = new QDateEdit(today, rangeBox);
    for (QDateEdit *edit : {m_fromEdit, m_toEdit}) {
        edit->setDisplayFormat(dayFormat);
        edit->setCalendarPopup(true);
    }
    m_fromEdit->setAccessibleName(tr("First day"));
    m_toEdit->setAccessibleName(tr("Last day"));
    auto *toLabel = new QLabel(tr("&to"), rangeBox);
    toLabel->setBuddy(m_toEdit);

    auto *rangeLayout = new QGridLayout(rangeBox);
    rangeLayout->addWidget(m_yearButton, 0, 0);
    rangeLayout->addWidget(m_yearEdit, 0, 1);
    rangeLayout->addWidget(m_monthButton, 1, 0);
    rangeLayout->addWidget(m_monthEdit, 1, 1);
    rangeLayout->addWidget(m_daysButton, 2, 0);
    auto *daysRow = new QHBoxLayout;
    daysRow->addWidget(m_fromEdit);
    daysRow->addWidget(toLabel);
    daysRow->addWidget(m_toEdit);
    rangeLayout->addLayout(daysRow, 2, 1);
    rangeLayout->setColumnStretch(2, 1);
    m_monthButton->setChecked(true);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(tr("What will be exported"));
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem"));
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText,
                            StatusPalette::badgeText(OperationStatus::Failed, problemPalette));
    m_problem->setPalette(problemPalette);

    auto *buttons = new QDialogButtonBox(this);
    m_startButton = buttons->addButton(tr("&Start export"), QDialogButtonBox::AcceptRole);
    m_startButton->setAccessibleName(tr("Start export"));
    m_startButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(formatBox);
    layout->addWidget(rangeBox);
    layout->addWidget(m_summary);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_formatGroup, &QButtonGroup::buttonToggled, this, &ExportDialog::updateState);
    connect(m_rangeGroup, &QButtonGroup::buttonToggled, this, &ExportDialog::updateState);
    connect(m_yearEdit, &QSpinBox::valueChanged, this, &ExportDialog::updateState);
    for (QDateEdit *edit : {m_monthEdit, m_fromEdit, m_toEdit})
        connect(edit, &QDateEdit::dateChanged, this, &ExportDialog::updateState);
    resize(dialogWidth, sizeHint().height());
    updateState();
}

QString ExportDialog::format() const
{
    return m_jsonButton->isChecked() ? u"json"_s : u"csv"_s;
}

void ExportDialog::setFormat(const QString &format)
{
    (format == u"json"_s ? m_jsonButton : m_csvButton)->setChecked(true);
}

ExportDialog::RangeKind ExportDialog::rangeKind() const
{
    const int id = m_rangeGroup->checkedId();
    return id < 0 ? Month : RangeKind(id);
}

void ExportDialog::setRangeKind(RangeKind kind)
{
    if (QAbstractButton *button = m_rangeGroup->button(kind))
        button->setChecked(true);
}

void ExportDialog::setYear(int year)
{
    m_yearEdit->setValue(year);
    setRangeKind(Year);
}

void ExportDialog::setMonth(const QDate &month)
{
    m_monthEdit->setDate(month);
    setRangeKind(Month);
}

void ExportDialog::setDays(const QDate &from, const QDate &to)
{
    m_fromEdit->setDate(from);
    m_toEdit->setDate(to);
    setRangeKind(Days);
}

QString ExportDialog::dateRangeFor(RangeKind kind, const QDate &from, const QDate &to)
{
    switch (kind) {
    case Year:
        return QString::number(from.year()).rightJustified(4, u'0');
    case Month:
        return from.toString(u"yyyy-MM"_s);
    case Days:
        return from.toString(dayFormat) + u".."_s + to.toString(dayFormat);
    }
    return {};
}

QString ExportDialog::dateRange() const
{
    switch (rangeKind()) {
    case Year:
        return dateRangeFor(Year, QDate(m_yearEdit->value(), 1, 1), {});
    case Month:
        return dateRangeFor(Month, m_monthEdit->date(), {});
    case Days:
        return dateRangeFor(Days, m_fromEdit->date(), m_toEdit->date());
    }
    return {};
}

QString ExportDialog::problem() const
{
    if (rangeKind() == Days && m_toEdit->date() < m_fromEdit->date())
        return tr("The last day is before the first day: pick a last day on or after %1.")
                .arg(m_fromEdit->date().toString(dayFormat));
    return {};
}

void ExportDialog::accept()
{
    if (isValid())
        QDialog::accept();
}

bool ExportDialog::isValid() const
{
    return problem().isEmpty();
}

QString ExportDialog::summaryText() const
{
    return m_summary->text();
}

void ExportDialog::updateState()
{
    const RangeKind kind = rangeKind();
    m_yearEdit->setEnabled(kind == Year);
    m_monthEdit->setEnabled(kind == Month);
    m_fromEdit->setEnabled(kind == Days);
    m_toEdit->setEnabled(kind == Days);

    const QString issue = problem();
    m_problem->setText(issue);
    m_problem->setVisible(!issue.isEmpty());
    m_startButton->setEnabled(issue.isEmpty());

    const QLocale locale;
    QString when;
    switch (kind) {
    case Year:
        when = tr("in %1").arg(m_yearEdit->value());
        break;
    case Month:
        when = tr("in %1").arg(locale.toString(m_monthEdit->date(), u"MMMM yyyy"_s));
        break;
    case Days:
        when = tr("from %1 to %2 (both included)")
                       .arg(locale.toString(m_fromEdit->date(), QLocale::LongFormat),
                            locale.toString(m_toEdit->date(), QLocale::LongFormat));
        break;
    }
    m_summary->setText(issue.isEmpty() ? tr("Exports the stored transactions dated %1 as %2 "
                                            "(range “%3”).")
                                                 .arg(when, format().toUpper(), dateRange())
                                       : QString());
    m_summary->setVisible(issue.isEmpty());
}

} // namespace optrack
