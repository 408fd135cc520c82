#include "uploaddialog.h"

#include "statuspalette.h"
#include "transactionformat.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace optrack {

namespace {

constexpr int dialogWidth = 560;

QLabel *codeLine(QByteArrayView text, QWidget *parent)
{
    auto *label = new QLabel(QString::fromUtf8(text), parent);
    label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setFrameShape(QFrame::StyledPanel);
    label->setMargin(6);
    label->setBackgroundRole(QPalette::Base);
    label->setAutoFillBackground(true);
    return label;
}

} // namespace

UploadDialog::UploadDialog(const QString &folder, QWidget *parent)
    : QDialog(parent)
    , m_folder(folder)
    , m_path(new QLineEdit(this))
{
    setWindowTitle(tr("Upload a transaction file"));
    setAccessibleName(tr("Upload a transaction file"));

    auto *intro = new QLabel(tr("A transaction file is CSV in UTF-8. Its first line must be "
                                "exactly:"),
                             this);
    intro->setWordWrap(true);
    m_header = codeLine(TransactionFormat::header, this);
    m_header->setAccessibleName(tr("Expected first line"));
    auto *exampleIntro = new QLabel(tr("Then one transaction per line, for example:"), this);
    auto *example = codeLine(TransactionFormat::exampleRow, this);
    example->setAccessibleName(tr("Example transaction"));
    auto *rules = new QLabel(tr("Dates as YYYY-MM-DD, amounts with a point, currencies as three "
                                "capital letters. Every line is checked before anything is "
                                "stored."),
                             this);
    rules->setWordWrap(true);
    StatusPalette::setMutedText(rules);

    auto *fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_path);
    m_path->setAccessibleName(tr("File to upload"));
    m_path->setPlaceholderText(tr("Choose a .csv file"));
    m_path->setClearButtonEnabled(true);
    m_browseButton = new QPushButton(tr("&Browse…"), this);
    m_browseButton->setAccessibleName(tr("Choose the file"));
    m_browseButton->setAutoDefault(false);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(fileLabel);
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_browseButton);

    auto *buttons = new QDialogButtonBox(this);
    m_uploadButton = buttons->addButton(tr("&Upload"), QDialogButtonBox::AcceptRole);
    m_uploadButton->setAccessibleName(tr("Upload"));
    m_uploadButton->setDefault(true);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (filePath().isEmpty())
            return;
        emit fileChosen(filePath());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_browseButton, &QPushButton::clicked, this, &UploadDialog::browse);
    connect(m_path, &QLineEdit::textChanged, this, &UploadDialog::updateState);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_header);
    layout->addWidget(exampleIntro);
    layout->addWidget(example);
    layout->addWidget(rules);
    layout->addSpacing(6);
    layout->addLayout(fileRow);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(dialogWidth, sizeHint().height());
    updateState();
}

QString UploadDialog::filePath() const
{
    return m_path->text().trimmed();
}

void UploadDialog::setFilePath(const QString &path)
{
    m_path->setText(path);
}

void UploadDialog::browse()
{
    auto *chooser = new QFileDialog(this, tr("Choose a transaction file"), m_folder,
                                    tr("Transaction files (*.csv);;All files (*)"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::ExistingFile);
    chooser->setAcceptMode(QFileDialog::AcceptOpen);
    connect(chooser, &QFileDialog::fileSelected, this, &UploadDialog::setFilePath);
    chooser->open();
}

void UploadDialog::updateState()
{
    m_uploadButton->setEnabled(!filePath().isEmpty());
}

} // namespace optrack
