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
/// itself waits for an approver, which the dialog says before the user asks. Asking keeps
/// the dialog open until the service has answered: it closes on acceptance, and a refusal
/// (a deletion of that file already waiting) is told here, where the user asked.
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

    /// The service's answer to deletionRequested(): accepted closes the dialog (Accepted),
    /// a refusal is shown in it and the user may choose again.
    void finishRequest(bool accepted, const QString &message = {});
    bool isBusy() const { return m_busy; }
    /// The refusal shown, empty when none.
    QString refusalText() const;

public slots:
    /// Asks for the deletion (deletionRequested()) while a file is chosen.
    void accept() override;

signals:
    void deletionRequested(const QString &fileId, const QString &fileName);

public:
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
    QLabel *m_refusalLabel = nullptr;
    QPushButton *m_deleteButton = nullptr;
    bool m_busy = false;
};

} // namespace optrack
