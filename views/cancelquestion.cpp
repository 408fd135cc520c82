#include "cancelquestion.h"

#include <QPushButton>

using namespace Qt::StringLiterals;

namespace optrack {

CancelQuestion::CancelQuestion(const QString &operationName, QWidget *parent)
    : QMessageBox(QMessageBox::Warning, tr("Cancel operation"),
                  tr("Cancel “%1”?").arg(operationName), QMessageBox::NoButton, parent)
{
    setObjectName(u"cancelQuestion"_s);
    setAccessibleName(tr("Cancel operation"));
    setInformativeText(tr("The service stops it where it is. Steps already done are not "
                          "undone."));
    m_cancelButton = addButton(tr("&Cancel operation"), QMessageBox::DestructiveRole);
    m_cancelButton->setAccessibleName(tr("Cancel the operation"));
    m_keepButton = addButton(tr("&Keep running"), QMessageBox::RejectRole);
    m_keepButton->setAccessibleName(tr("Keep the operation running"));
    for (QPushButton *button : {m_cancelButton, m_keepButton})
        button->setIcon(QIcon());
    setDefaultButton(m_keepButton);
    setEscapeButton(m_keepButton);
    connect(this, &QMessageBox::buttonClicked, this, [this](QAbstractButton *button) {
        if (button == m_cancelButton)
            emit confirmed();
    });
}

} // namespace optrack
