#pragma once

#include "apiresults.h"
#include "uploadprogressdialog.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>

class QWidget;

namespace optrack {

class DeleteFileDialog;
class FilesClient;
class OperationFeed;

/// Starting work from the app: Upload file… (a file dialog, upload progress, then the
/// operation), Export data… (format and date range), Delete file… (one of the service's
/// files) and saving a finished export. Every dialog is opened without a nested event
/// loop; each started operation is announced with operationStarted() so the controller
/// opens its progress window.
class WorkActions final : public QObject
{
    Q_OBJECT

public:
    /// Uploads that end sooner never show their byte progress.
    static constexpr std::chrono::milliseconds uploadProgressDelay{500};

    WorkActions(FilesClient *files, OperationFeed *feed, QWidget *window,
                QObject *parent = nullptr);

    /// Asks for a transaction file, then uploads it.
    void upload();
    /// Uploads this file at once (the file dialog's answer; also used by the screenshots).
    void uploadFile(const QString &filePath);
    /// Asks for the format and the date range, then starts the export.
    void exportData();
    /// Starts an export at once ("csv" or "json", the contract's dateRange).
    void startExport(const QString &format, const QString &dateRange);
    /// Lists the service's files, asks which one to delete, then asks the service.
    void deleteFile();
    /// Asks the service to delete this file at once (it then waits for approval); the
    /// answer also goes to `dialog` when there is one.
    void startDeletion(const QString &fileId, const QString &fileName,
                       DeleteFileDialog *dialog = nullptr);
    /// Asks where to save the export of this operation, then downloads it.
    void download(const QString &operationId);

    /// The upload progress window while a file is being sent (null otherwise).
    UploadProgressDialog *uploadProgress() const { return m_uploadProgress; }

signals:
    /// The service accepted the work: its operation, a title and its operation type.
    void operationStarted(const QString &operationId, const QString &title,
                          const QString &operationType);
    /// A sentence for the messages: what was done, or why it could not be.
    void resultMessage(bool ok, const QString &message);
    /// A download ended: saved to `path`, or not (`message` says why).
    void downloadFinished(const QString &operationId, bool ok, const QString &message,
                          const QString &path);

private:
    void handleAccepted(const ApiStatus &status, const AcceptedOperation &accepted,
                        const QString &title, const QString &operationType);
    QString suggestedFileName(const QString &operationId) const;

    QPointer<FilesClient> m_files;
    QPointer<OperationFeed> m_feed;
    QPointer<QWidget> m_window;
    QPointer<UploadProgressDialog> m_uploadProgress;
    QString m_lastFolder;
};

} // namespace optrack
