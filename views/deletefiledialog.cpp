#include "deletefiledialog.h"

#include "emptyoverlay.h"
#include "operation.h"
#include "statuspalette.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int FileIdRole = Qt::UserRole;
constexpr int SortRole = Qt::UserRole + 1;
constexpr int dialogWidth = 720;
constexpr int dialogHeight = 460;
constexpr int nameColumnWidth = 260;

QStandardItem *cell(const QString &text, const QVariant &sortValue,
                    Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(sortValue, SortRole);
    item->setData(QVariant::fromValue(alignment), Qt::TextAlignmentRole);
    return item;
}

} // namespace

DeleteFileDialog::DeleteFileDialog(QWidget *parent)
    : QDialog(parent)
    , m_model(new QStandardItemModel(0, ColumnCount, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_searchField(new QLineEdit(this))
    , m_view(new QTreeView(this))
{
    setWindowTitle(tr("Delete a stored file"));
    setAccessibleName(tr("Delete a stored file"));

    m_model->setHorizontalHeaderLabels(
            {tr("File"), tr("Size"), tr("Transactions"), tr("Uploaded"), tr("Owner")});
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *intro = new QLabel(tr("Choose the file to delete. The deletion waits until an "
                                "approver agrees; until then it can be cancelled."),
                             this);
    intro->setWordWrap(true);

    m_searchField->setPlaceholderText(tr("Search by file name or owner"));
    m_searchField->setClearButtonEnabled(true);
    m_searchField->setAccessibleName(tr("Search files"));
    connect(m_searchField, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_view->setModel(m_proxy);
    m_view->setAccessibleName(tr("Stored files"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(Uploaded, Qt::DescendingOrder);
    m_view->header()->resizeSection(FileName, nameColumnWidth);
    m_view->header()->setStretchLastSection(true);

    m_emptyOverlay = new EmptyOverlay(m_view);

    m_selectionLabel = new QLabel(this);
    m_selectionLabel->setAccessibleName(tr("Chosen file"));
    m_selectionLabel->setWordWrap(true);
    m_refusalLabel = new QLabel(this);
    m_refusalLabel->setObjectName(u"refusal"_s);
    m_refusalLabel->setAccessibleName(tr("The service's answer"));
    m_refusalLabel->setWordWrap(true);
    m_refusalLabel->setTextFormat(Qt::PlainText);
    m_refusalLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette refusalPalette = m_refusalLabel->palette();
    refusalPalette.setColor(QPalette::WindowText,
                            StatusPalette::color(OperationStatus::Failed, palette()));
    m_refusalLabel->setPalette(refusalPalette);
    m_refusalLabel->hide();

    auto *buttons = new QDialogButtonBox(this);
    m_deleteButton = buttons->addButton(tr("&Ask to delete"), QDialogButtonBox::AcceptRole);
    m_deleteButton->setAccessibleName(tr("Ask to delete"));
    m_deleteButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &DeleteFileDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_view, &QTreeView::activated, this, &DeleteFileDialog::accept);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DeleteFileDialog::updateState);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &DeleteFileDialog::updateState);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &DeleteFileDialog::updateState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &DeleteFileDialog::updateState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &DeleteFileDialog::updateState);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_searchField);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_selectionLabel);
    layout->addWidget(m_refusalLabel);
    layout->addWidget(buttons);
    setTabOrder(m_searchField, m_view);
    resize(dialogWidth, dialogHeight);
    updateState();
}

void DeleteFileDialog::setFiles(const QJsonArray &files)
{
    const QString previous = selectedFileId();
    m_model->removeRows(0, m_model->rowCount());
    const QLocale locale;
    for (const QJsonValue &value : files) {
        const QJsonObject file = value.toObject();
        const QString id = file.value(u"fileId"_s).toString();
        const QString name = file.value(u"fileName"_s).toString();
        const auto size = qint64(file.value(u"fileSize"_s).toDouble());
        const auto count = qint64(file.value(u"transactionCount"_s).toDouble());
        const QDateTime uploaded = fromWireTime(file.value(u"uploadedAt"_s).toString());
        const QString owner = file.value(u"owner"_s).toString();
        const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
        QList<QStandardItem *> row{
                cell(name.isEmpty() ? id : name, name.toLower()),
                cell(locale.formattedDataSize(size), size, right),
                cell(locale.toString(count), count, right),
                cell(uploaded.isValid()
                             ? locale.toString(uploaded.toLocalTime(), QLocale::ShortFormat)
                             : QString(),
                     uploaded.isValid() ? uploaded.toMSecsSinceEpoch() : 0),
                cell(owner, owner.toLower()),
        };
        row.first()->setData(id, FileIdRole);
        row.first()->setToolTip(id);
        m_model->appendRow(row);
    }
    for (int column : {Size, Transactions, Uploaded})
        m_view->resizeColumnToContents(column);
    if (!previous.isEmpty())
        selectFile(previous);
    updateState();
}

void DeleteFileDialog::accept()
{
    const QString id = selectedFileId();
    if (id.isEmpty() || m_busy)
        return;
    m_busy = true;
    m_refusalLabel->hide();
    updateState();
    emit deletionRequested(id, selectedFileName());
}

void DeleteFileDialog::finishRequest(bool accepted, const QString &message)
{
    m_busy = false;
    if (accepted) {
        QDialog::accept();
        return;
    }
    m_refusalLabel->setText(u"\u26a0 "_s + message);
    m_refusalLabel->setVisible(!message.isEmpty());
    updateState();
    m_view->setFocus(Qt::OtherFocusReason);
}

QString DeleteFileDialog::refusalText() const
{
    return m_refusalLabel->isVisibleTo(this) ? m_refusalLabel->text() : QString();
}

QString DeleteFileDialog::selectedFileId() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isRowSelected(current.row()))
        return {};
    return current.siblingAtColumn(FileName).data(FileIdRole).toString();
}

QString DeleteFileDialog::selectedFileName() const
{
    const QModelIndex current = m_view->currentIndex();
    return selectedFileId().isEmpty() ? QString()
                                      : current.siblingAtColumn(FileName).data().toString();
}

bool DeleteFileDialog::selectFile(const QString &fileId)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, FileName);
        if (index.data(FileIdRole).toString() == fileId) {
            m_view->setCurrentIndex(index);
            m_view->selectionModel()->select(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return true;
        }
    }
    return false;
}

void DeleteFileDialog::updateState()
{
    // The row that has the focus is the choice: focusing the list must not leave a
    // current row that Delete cannot act on.
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && !m_view->selectionModel()->isRowSelected(current.row())) {
        m_view->selectionModel()->select(
                current, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    const QString id = selectedFileId();
    m_deleteButton->setEnabled(!id.isEmpty() && !m_busy);
    if (m_busy) {
        m_selectionLabel->setText(tr("Asking the service to delete <b>%1</b>…")
                                          .arg(selectedFileName().toHtmlEscaped()));
    } else {
        m_selectionLabel->setText(
                id.isEmpty()
                        ? tr("No file chosen.")
                        : tr("Ask to delete <b>%1</b>.").arg(selectedFileName().toHtmlEscaped()));
    }
    m_emptyOverlay->showWhen(m_proxy->rowCount() == 0,
                             m_model->rowCount() == 0 ? tr("No stored files. Upload one first.")
                                                      : tr("No file matches the search."));
}

} // namespace optrack
