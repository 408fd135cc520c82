#include "uploadprogressdialog.h"

#include "operationstatus.h"
#include "statuspalette.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace optrack {

namespace {

constexpr int progressMaximum = 100;
constexpr int dialogWidth = 420;

} // namespace

UploadProgressDialog::UploadProgressDialog(const QString &fileName, QWidget *parent)
    : QDialog(parent)
    , m_fileName(fileName)
    , m_titleLabel(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_detailLabel(new QLabel(this))
{
    setWindowTitle(tr("Uploading %1").arg(fileName));
    setAccessibleName(tr("Upload progress"));
    m_titleLabel->setText(tr("Sending <b>%1</b> to the service…").arg(m_fileName.toHtmlEscaped()));
    m_titleLabel->setWordWrap(true);
    m_bar->setAccessibleName(tr("Upload progress"));
    m_bar->setRange(0, 0); // nothing counted yet
    m_detailLabel->setAccessibleName(tr("Bytes sent"));
    m_detailLabel->setWordWrap(true);
    m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailLabel->setText(tr("Starting…"));
    StatusPalette::setMutedText(m_detailLabel);

    auto *buttons = new QDialogButtonBox(this);
    m_cancelButton = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancelButton->setAccessibleName(tr("Cancel upload"));
    connect(m_cancelButton, &QPushButton::clicked, this, &UploadProgressDialog::cancelClicked);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_titleLabel);
    layout->addWidget(m_bar);
    layout->addWidget(m_detailLabel);
    layout->addWidget(buttons);
    resize(dialogWidth, sizeHint().height());
}

void UploadProgressDialog::setProgress(qint64 sent, qint64 total)
{
    if (m_failed)
        return;
    const QLocale locale;
    if (total <= 0) {
        m_bar->setRange(0, 0);
        m_detailLabel->setText(tr("%1 sent").arg(locale.formattedDataSize(sent)));
        return;
    }
    m_bar->setRange(0, progressMaximum);
    m_bar->setValue(int(std::lround(progressMaximum * double(std::min(sent, total)) / total)));
    m_detailLabel->setText(
            tr("%1 of %2").arg(locale.formattedDataSize(sent), locale.formattedDataSize(total)));
}

void UploadProgressDialog::setFailed(const QString &reason)
{
    m_failed = true;
    if (m_bar->maximum() == 0)
        m_bar->setRange(0, progressMaximum);
    QPalette barPalette = m_bar->palette();
    barPalette.setColor(QPalette::Highlight,
                        StatusPalette::fill(OperationStatus::Failed, barPalette));
    m_bar->setPalette(barPalette);
    QPalette textPalette = m_detailLabel->palette();
    textPalette.setColor(QPalette::WindowText,
                         StatusPalette::badgeText(OperationStatus::Failed, textPalette));
    m_detailLabel->setPalette(textPalette);
    m_titleLabel->setText(tr("<b>%1</b> was not sent.").arg(m_fileName.toHtmlEscaped()));
    m_detailLabel->setText(tr("The upload failed: %1").arg(reason));
    m_cancelButton->setText(tr("Close"));
    m_cancelButton->setAccessibleName(tr("Close"));
}

int UploadProgressDialog::percent() const
{
    return m_bar->maximum() == 0 ? -1 : m_bar->value();
}

QString UploadProgressDialog::detailText() const
{
    return m_detailLabel->text();
}

void UploadProgressDialog::cancelClicked()
{
    if (!m_failed)
        emit cancelRequested();
    reject();
}

} // namespace optrack
