#include "denyreasondialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace optrack {

namespace {

constexpr int reasonLines = 4;
constexpr int dialogWidth = 420;

} // namespace

DenyReasonDialog::DenyReasonDialog(const QString &operationName, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Deny operation"));
    setAccessibleName(tr("Deny operation"));

    auto *question = new QLabel(tr("Deny <b>%1</b>?").arg(operationName.toHtmlEscaped()), this);
    question->setTextFormat(Qt::RichText);
    question->setWordWrap(true);

    auto *reasonLabel = new QLabel(tr("&Reason (the owner sees it):"), this);
    m_reasonEdit = new QPlainTextEdit(this);
    m_reasonEdit->setAccessibleName(tr("Reason for the denial"));
    m_reasonEdit->setTabChangesFocus(true);
    m_reasonEdit->setPlaceholderText(tr("Why may this not go ahead?"));
    m_reasonEdit->setFixedHeight(m_reasonEdit->fontMetrics().lineSpacing() * reasonLines
                                 + m_reasonEdit->frameWidth() * 2 + 8);
    reasonLabel->setBuddy(m_reasonEdit);

    auto *buttons = new QDialogButtonBox(this);
    m_denyButton = buttons->addButton(tr("&Deny"), QDialogButtonBox::AcceptRole);
    m_denyButton->setAccessibleName(tr("Deny"));
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reasonEdit, &QPlainTextEdit::textChanged, this, &DenyReasonDialog::updateButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(question);
    layout->addWidget(reasonLabel);
    layout->addWidget(m_reasonEdit);
    layout->addWidget(buttons);
    resize(dialogWidth, sizeHint().height());
    updateButtons();
    m_reasonEdit->setFocus();
}

QString DenyReasonDialog::reason() const
{
    return m_reasonEdit->toPlainText().trimmed();
}

void DenyReasonDialog::setReason(const QString &reason)
{
    m_reasonEdit->setPlainText(reason);
}

void DenyReasonDialog::updateButtons()
{
    m_denyButton->setEnabled(!reason().isEmpty());
}

} // namespace optrack
