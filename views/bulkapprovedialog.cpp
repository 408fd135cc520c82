#include "bulkapprovedialog.h"

#include "approvalfacts.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace optrack {

namespace {

enum Column { Name, Type, Owner, Concerns, Requested, ColumnCount };
constexpr int dialogWidth = 760;
constexpr int visibleRows = 8;

/// What the operation concerns, in one line: the first two facts of its approval.
QString concerns(const Operation &operation)
{
    const QList<ApprovalFacts::Row> facts
            = ApprovalFacts::rows(operation, QDateTime::currentDateTimeUtc());
    QStringList parts;
    for (const ApprovalFacts::Row &fact : facts) {
        if (fact.label == ApprovalFacts::tr("Owner") || parts.size() == 2)
            break;
        parts.append(QStringLiteral("%1 %2").arg(fact.label, fact.value));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

BulkApproveDialog::BulkApproveDialog(const QList<Operation> &operations, QWidget *parent)
    : QDialog(parent)
    , m_list(new QTreeWidget(this))
{
    const int count = int(operations.size());
    setWindowTitle(tr("Approve selected operations"));
    setAccessibleName(tr("Approve selected operations"));

    auto *question = new QLabel(count == 1 ? tr("<b>Approve this operation?</b>")
                                           : tr("<b>Approve these %1 operations?</b>").arg(count),
                                this);
    auto *explanation = new QLabel(tr("Your approval is recorded on each of them now and "
                                      "cannot be taken back. Operations you may not vote on "
                                      "are not listed."),
                                   this);
    explanation->setWordWrap(true);

    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels(
            {tr("Operation"), tr("Type"), tr("Owner"), tr("Concerns"), tr("Requested")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setAccessibleName(tr("Operations to approve"));
    m_list->setAlternatingRowColors(true);
    for (const Operation &operation : operations) {
        m_ids.append(operation.operationId);
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(Name,
                      operation.displayName.isEmpty() ? operation.operationId
                                                      : operation.displayName);
        item->setText(Type, operation.operationType);
        item->setText(Owner, operation.owner());
        item->setText(Concerns, concerns(operation));
        item->setText(Requested,
                      QLocale().toString(operation.createdAt.toLocalTime(), QLocale::ShortFormat));
        item->setToolTip(Concerns, item->text(Concerns));
    }
    QHeaderView *header = m_list->header();
    header->setStretchLastSection(false);
    for (int column = 0; column < ColumnCount; ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(Concerns, QHeaderView::Stretch);
    const int rows = qMin(count, visibleRows);
    m_list->setMinimumHeight(header->sizeHint().height() + rows * m_list->sizeHintForRow(0)
                             + 2 * m_list->frameWidth());

    auto *buttons = new QDialogButtonBox(this);
    m_approveButton = buttons->addButton(count == 1 ? tr("&Approve 1 operation")
                                                    : tr("&Approve %1 operations").arg(count),
                                         QDialogButtonBox::AcceptRole);
    m_approveButton->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
    m_approveButton->setAccessibleName(m_approveButton->text().remove(u'&'));
    m_approveButton->setAutoDefault(false);
    m_keepButton = buttons->addButton(tr("&Keep waiting"), QDialogButtonBox::RejectRole);
    m_keepButton->setAccessibleName(tr("Keep waiting"));
    m_keepButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(question);
    layout->addWidget(explanation);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(dialogWidth, sizeHint().height());
    m_keepButton->setFocus();
}

} // namespace optrack
