#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QProgressBar;
class QPushButton;

namespace optrack {

/// The bytes of an upload on their way to the service, before there is an operation to
/// follow: "report.csv — 1.2 MB of 3.4 MB", busy until the first bytes are counted.
/// Cancel asks the caller to abort the request; a failure stays on screen with its
/// sentence until closed. Once the service answers with an operation the caller
/// closes this and opens the operation's progress window.
class UploadProgressDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit UploadProgressDialog(const QString &fileName, QWidget *parent = nullptr);

    /// QNetworkReply::uploadProgress's figures; total is -1 or 0 while unknown.
    void setProgress(qint64 sent, qint64 total);
    /// The upload failed: shows why, Cancel becomes Close.
    void setFailed(const QString &reason);
    bool isFailed() const { return m_failed; }

    int percent() const;
    QString detailText() const;
    QPushButton *cancelButton() const { return m_cancelButton; }

signals:
    /// The user wants the upload stopped (not sent after a failure).
    void cancelRequested();

private:
    void cancelClicked();

    QString m_fileName;
    QLabel *m_titleLabel = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_detailLabel = nullptr;
    QPushButton *m_cancelButton = nullptr;
    bool m_failed = false;
};

} // namespace optrack
