#include "workactions.h"

#include "accessrules.h"
#include "deletefiledialog.h"
#include "exportdialog.h"
#include "filesclient.h"
#include "operationfeed.h"
#include "uploaddialog.h"
#include "uploadprogressdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTimer>
#include <QWidget>

namespace optrack {

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcApp)

WorkActions::WorkActions(FilesClient *files, OperationFeed *feed, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_files(files)
    , m_feed(feed)
    , m_window(window)
    , m_lastFolder(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
{ }

void WorkActions::upload()
{
    // What the file must look like comes first; the file chooser is one button away.
    auto *dialog = new UploadDialog(m_lastFolder, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &UploadDialog::fileChosen, this, &WorkActions::uploadFile);
    dialog->open();
}

void WorkActions::uploadFile(const QString &filePath)
{
    if (!m_files || filePath.isEmpty())
        return;
    const QFileInfo info(filePath);
    m_lastFolder = info.absolutePath();
    const QString title = tr("Uploading %1").arg(info.fileName());

    // The bytes first; once the service answers with an operation, its progress window.
    auto *progress = new UploadProgressDialog(info.fileName(), m_window);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    m_uploadProgress = progress;
    ApiCall *call
            = m_files->upload(filePath, this,
                              [this, title, progress = QPointer<UploadProgressDialog>(progress)](
                                      const ApiStatus &status, const AcceptedOperation &accepted) {
                                  if (progress) {
                                      if (status.ok() || status.category == ErrorCategory::Aborted)
                                          progress->close();
                                      else {
                                          progress->setFailed(status.message);
                                          progress->show();
                                      }
                                  }
                                  handleAccepted(status, accepted, title, access::uploadType);
                              });
    connect(call, &ApiCall::uploadProgress, progress, &UploadProgressDialog::setProgress);
    connect(progress, &UploadProgressDialog::cancelRequested, call, &ApiCall::abort);
    // Shown only when the upload takes a moment: small files go straight to their operation.
    QTimer::singleShot(uploadProgressDelay, progress, &QWidget::show);
}

void WorkActions::exportData()
{
    auto *dialog = new ExportDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startExport(dialog->format(), dialog->dateRange()); });
    dialog->open();
}

void WorkActions::startExport(const QString &format, const QString &dateRange)
{
    if (!m_files)
        return;
    const ExportFormat wire = format == u"json"_s ? ExportFormat::Json : ExportFormat::Csv;
    const QString title = tr("Exporting %1 (%2)").arg(dateRange, format.toUpper());
    m_files->exportData(wire, dateRange, this,
                        [this, title](const ApiStatus &status, const AcceptedOperation &accepted) {
                            handleAccepted(status, accepted, title, access::exportType);
                        });
}

void WorkActions::deleteFile()
{
    if (!m_files)
        return;
    auto *dialog = new DeleteFileDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DeleteFileDialog::deletionRequested, this,
            [this, dialog](const QString &fileId, const QString &fileName) {
                startDeletion(fileId, fileName, dialog);
            });
    m_files->list(dialog, [this, dialog](const ApiStatus &status, const QList<FileInfo> &files) {
        if (!status.ok()) {
            dialog->close();
            emit resultMessage(false, status.message);
            return;
        }
        QJsonArray rows;
        for (const FileInfo &file : files) {
            rows.append(QJsonObject{
                    {u"fileId"_s, file.fileId},
                    {u"fileName"_s, file.fileName},
                    {u"fileSize"_s, file.fileSize},
                    {u"transactionCount"_s, file.transactionCount},
                    {u"uploadedAt"_s, toWireTime(file.uploadedAt)},
                    {u"owner"_s, file.owner},
            });
        }
        dialog->setFiles(rows);
    });
    dialog->open();
}

void WorkActions::startDeletion(const QString &fileId, const QString &fileName,
                                DeleteFileDialog *dialog)
{
    if (!m_files || fileId.isEmpty())
        return;
    const QString title = tr("Deleting %1").arg(fileName.isEmpty() ? fileId : fileName);
    m_files->deleteFile(fileId, this,
                        [this, title, dialog = QPointer<DeleteFileDialog>(dialog)](
                                const ApiStatus &status, const AcceptedOperation &accepted) {
                            // Told in the dialog, where the user asked: it closes only
                            // once the service took the request.
                            if (dialog && status.category != ErrorCategory::Aborted)
                                dialog->finishRequest(status.ok(), status.message);
                            handleAccepted(status, accepted, title, access::deletionType);
                        });
}

void WorkActions::download(const QString &operationId)
{
    if (!m_files)
        return;
    auto *dialog = new QFileDialog(m_window, tr("Save the export"), m_lastFolder);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->selectFile(suggestedFileName(operationId));
    connect(dialog, &QFileDialog::fileSelected, this, [this, operationId](const QString &path) {
        if (path.isEmpty() || !m_files)
            return;
        m_lastFolder = QFileInfo(path).absolutePath();
        m_files->downloadExport(operationId, path, this,
                                [this, operationId](const ApiStatus &status, const QString &saved) {
                                    emit downloadFinished(
                                            operationId, status.ok(),
                                            status.ok()
                                                    ? tr("Saved the export to %1.")
                                                              .arg(QDir::toNativeSeparators(saved))
                                                    : status.message,
                                            saved);
                                });
    });
    dialog->open();
}

void WorkActions::handleAccepted(const ApiStatus &status, const AcceptedOperation &accepted,
                                 const QString &title, const QString &operationType)
{
    if (!status.ok()) {
        if (status.category != ErrorCategory::Aborted)
            emit resultMessage(false, status.message);
        return;
    }
    qCInfo(lcApp) << "started" << accepted.operationId;
    emit resultMessage(true, accepted.message.isEmpty() ? title : accepted.message);
    emit operationStarted(accepted.operationId, title, operationType);
}

QString WorkActions::suggestedFileName(const QString &operationId) const
{
    if (m_feed) {
        if (const std::optional<Operation> operation = m_feed->operation(operationId)) {
            const QString name = operation->result.toObject().value(u"fileName"_s).toString();
            if (!name.isEmpty())
                return name;
            const QString format = operation->context.value(u"format"_s).toString();
            if (!format.isEmpty())
                return u"optrack-export.%1"_s.arg(format);
        }
    }
    return u"optrack-export.csv"_s;
}

} // namespace optrack
