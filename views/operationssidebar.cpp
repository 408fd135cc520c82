#include "operationssidebar.h"

#include "countbadgedelegate.h"
#include "statuspalette.h"

#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QVBoxLayout>

#include <optional>

namespace optrack {

namespace {

constexpr int FilterRole = Qt::UserRole + 1;
constexpr int dotSize = 10;
constexpr int headingTopMargin = 8;

std::optional<OperationStatus> colourOf(OperationsSidebar::Filter filter)
{
    switch (filter) {
    case OperationsSidebar::Active:
        return OperationStatus::InProgress;
    case OperationsSidebar::WaitingForApproval:
    case OperationsSidebar::NeedsMyVote:
        return OperationStatus::WaitingForApproval;
    case OperationsSidebar::Failed:
        return OperationStatus::Failed;
    case OperationsSidebar::Completed:
        return OperationStatus::Completed;
    case OperationsSidebar::Cancelled:
        return OperationStatus::Cancelled;
    case OperationsSidebar::Denied:
        return OperationStatus::Denied;
    default:
        return std::nullopt;
    }
}

QIcon dotIcon(const QColor &colour, bool hollow)
{
    QPixmap pixmap(dotSize, dotSize);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    if (hollow) {
        painter.setPen(QPen(colour, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QRectF(1, 1, dotSize - 2, dotSize - 2));
    } else {
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(QRectF(0.5, 0.5, dotSize - 1, dotSize - 1));
    }
    return QIcon(pixmap);
}

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setContentsMargins(6, headingTopMargin, 0, 2);
    return label;
}

void styleList(QListWidget *list)
{
    list->setFrameShape(QFrame::NoFrame);
    list->setUniformItemSizes(true);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QPalette pal = list->palette();
    pal.setColor(QPalette::Base, pal.color(QPalette::Window));
    list->setPalette(pal);
}

} // namespace

OperationsSidebar::OperationsSidebar(QWidget *parent)
    : QWidget(parent)
    , m_statusList(new QListWidget(this))
    , m_typeList(new QListWidget(this))
{
    setAccessibleName(tr("Filters"));
    auto *statusHeading = heading(tr("&Status"), this);
    statusHeading->setBuddy(m_statusList);
    auto *typeHeading = heading(tr("Operation &types"), this);
    typeHeading->setBuddy(m_typeList);

    styleList(m_statusList);
    m_statusList->setAccessibleName(tr("Status filters"));
    m_statusList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_statusList->setItemDelegate(new CountBadgeDelegate(m_statusList));
    for (int filter = All; filter < FilterCount; ++filter) {
        auto *item = new QListWidgetItem(filterLabel(Filter(filter)), m_statusList);
        item->setData(FilterRole, filter);
        item->setData(CountBadgeDelegate::CountRole, 0);
        const std::optional<OperationStatus> colour = colourOf(Filter(filter));
        item->setIcon(
                colour ? dotIcon(StatusPalette::color(*colour, palette()), filter == NeedsMyVote)
                       : dotIcon(palette().color(QPalette::Mid), true));
    }
    m_statusList->setCurrentRow(All);
    m_statusList->setFixedHeight(m_statusList->sizeHintForRow(0) * FilterCount
                                 + m_statusList->frameWidth() * 2);

    styleList(m_typeList);
    m_typeList->setAccessibleName(tr("Operation types"));
    m_typeList->setToolTip(tr("Check types to show only those; none checked shows all"));
    m_typeList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_typeList->setItemDelegate(new CountBadgeDelegate(m_typeList));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 4);
    layout->setSpacing(0);
    layout->addWidget(statusHeading);
    layout->addWidget(m_statusList);
    layout->addWidget(typeHeading);
    layout->addWidget(m_typeList, 1);

    connect(m_statusList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            emit filterChanged(Filter(row));
    });
    connect(m_typeList, &QListWidget::itemChanged, this, &OperationsSidebar::handleTypeItemChanged);
}

QList<OperationStatus> OperationsSidebar::statusesOf(Filter filter)
{
    switch (filter) {
    case Active:
        return {OperationStatus::Pending, OperationStatus::InProgress,
                OperationStatus::WaitingForApproval, OperationStatus::Approved};
    case WaitingForApproval:
        return {OperationStatus::WaitingForApproval};
    case Failed:
        return {OperationStatus::Failed};
    case Completed:
        return {OperationStatus::Completed};
    case Cancelled:
        return {OperationStatus::Cancelled};
    case Denied:
        return {OperationStatus::Denied};
    default:
        return {};
    }
}

QString OperationsSidebar::filterLabel(Filter filter)
{
    switch (filter) {
    case All:
        return tr("All");
    case Active:
        return tr("Active");
    case WaitingForApproval:
        return tr("Waiting for approval");
    case NeedsMyVote:
        return tr("Needs my vote");
    case Failed:
        return tr("Failed");
    case Completed:
        return tr("Completed");
    case Cancelled:
        return tr("Cancelled");
    case Denied:
        return tr("Denied");
    case FilterCount:
        break;
    }
    return {};
}

void OperationsSidebar::setCounts(const QMap<OperationStatus, int> &counts, int needsMyVote)
{
    for (int filter = All; filter < FilterCount; ++filter) {
        int total = 0;
        if (filter == All) {
            for (int value : counts)
                total += value;
        } else if (filter == NeedsMyVote) {
            total = needsMyVote;
        } else {
            for (OperationStatus status : statusesOf(Filter(filter)))
                total += counts.value(status);
        }
        QListWidgetItem *item = m_statusList->item(filter);
        if (item->data(CountBadgeDelegate::CountRole).toInt() == total)
            continue;
        item->setData(CountBadgeDelegate::CountRole, total);
        item->setData(Qt::AccessibleTextRole,
                      total == 1 ? tr("%1: 1 operation").arg(item->text())
                                 : tr("%1: %2 operations").arg(item->text()).arg(total));
    }
}

int OperationsSidebar::count(Filter filter) const
{
    const QListWidgetItem *item = m_statusList->item(filter);
    return item ? item->data(CountBadgeDelegate::CountRole).toInt() : 0;
}

OperationsSidebar::Filter OperationsSidebar::currentFilter() const
{
    const int row = m_statusList->currentRow();
    return row < 0 ? All : Filter(row);
}

void OperationsSidebar::setCurrentFilter(Filter filter)
{
    if (filter >= All && filter < FilterCount)
        m_statusList->setCurrentRow(filter);
}

void OperationsSidebar::addOperationTypes(const QStringList &types)
{
    QStringList known = operationTypes();
    bool added = false;
    for (const QString &type : types) {
        if (!type.isEmpty() && !known.contains(type)) {
            known.append(type);
            added = true;
        }
    }
    if (!added)
        return;
    const QStringList checked = checkedTypes();
    known.sort();
    m_settingTypes = true;
    m_typeList->clear();
    for (const QString &type : std::as_const(known)) {
        auto *item = new QListWidgetItem(type, m_typeList);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(type) ? Qt::Checked : Qt::Unchecked);
    }
    m_settingTypes = false;
}

QStringList OperationsSidebar::operationTypes() const
{
    QStringList types;
    for (int row = 0; row < m_typeList->count(); ++row)
        types.append(m_typeList->item(row)->text());
    return types;
}

QStringList OperationsSidebar::checkedTypes() const
{
    QStringList types;
    for (int row = 0; row < m_typeList->count(); ++row) {
        const QListWidgetItem *item = m_typeList->item(row);
        if (item->checkState() == Qt::Checked)
            types.append(item->text());
    }
    return types;
}

void OperationsSidebar::setCheckedTypes(const QStringList &types)
{
    addOperationTypes(types);
    m_settingTypes = true;
    for (int row = 0; row < m_typeList->count(); ++row) {
        QListWidgetItem *item = m_typeList->item(row);
        item->setCheckState(types.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    m_settingTypes = false;
    emit typeFilterChanged(checkedTypes());
}

void OperationsSidebar::handleTypeItemChanged(QListWidgetItem *)
{
    if (!m_settingTypes)
        emit typeFilterChanged(checkedTypes());
}

} // namespace optrack
