#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;

namespace optrack {

/// Upload file…: says what a transaction file must look like (its exact first line and an
/// example row) before the user picks one, then hands the chosen path on. Browse… opens
/// the file chooser; Upload stays disabled until a path is given.
class UploadDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit UploadDialog(const QString &folder, QWidget *parent = nullptr);

    QString filePath() const;
    void setFilePath(const QString &path);
    QLabel *headerLabel() const { return m_header; }
    QPushButton *uploadButton() const { return m_uploadButton; }
    QPushButton *browseButton() const { return m_browseButton; }

signals:
    /// Upload was pressed with this file.
    void fileChosen(const QString &filePath);

private:
    void browse();
    void updateState();

    QString m_folder;
    QLabel *m_header = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browseButton = nullptr;
    QPushButton *m_uploadButton = nullptr;
};

} // namespace optrack
