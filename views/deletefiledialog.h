#pragma once

#include <QDialog>
#include <QJsonArray>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

namespace optrack {

class EmptyOverlay;

/// Picks a stored file to delete from the service's list (GET /api/files): a searchable,
/// sortable list of name, size, transactions, upload time and owner. The deletion
/// itself waits for an approver, which the dialog says before the user asks.
class DeleteFileDialog final : public QDialog
{
    Q_OBJECT

public:
    enum Column { FileName, Size, Transactions, Uploaded, Owner, ColumnCount };
    Q_ENUM(Column)

    explicit DeleteFileDialog(QWidget *parent = nullptr);

    /// [{fileId, fileName, fileSize, transactionCount, uploadedAt, owner}]
    void setFiles(const QJsonArray &files);
    /// The chosen file's id; empty while none is selected.
    QString selectedFileId() const;
    QString selectedFileName() const;
    /// Selects a file by id; false when the list does not hold it (or hides it).
    bool selectFile(const QString &fileId);

public slots:
    /// Closes with Accepted only while a file is chosen.
    void accept() override;

    QLineEdit *searchField() const { return m_searchField; }
    QTreeView *fileView() const { return m_view; }
    QStandardItemModel *fileModel() const { return m_model; }
    QSortFilterProxyModel *filterModel() const { return m_proxy; }
    QPushButton *deleteButton() const { return m_deleteButton; }

private:
    void updateState();

    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_searchField = nullptr;
    QTreeView *m_view = nullptr;
    EmptyOverlay *m_emptyOverlay = nullptr;
    QLabel *m_selectionLabel = nullptr;
    QPushButton *m_deleteButton = nullptr;
};

} // namespace optrack
