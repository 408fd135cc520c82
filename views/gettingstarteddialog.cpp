#include "gettingstarteddialog.h"

#include "transactionformat.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int pageWidth = 620;
constexpr int pageHeight = 560;

QString escaped(QByteArrayView text)
{
    return QString::fromUtf8(text).toHtmlEscaped();
}

} // namespace

GettingStartedDialog::GettingStartedDialog(const QList<Account> &accounts, QWidget *parent)
    : QDialog(parent)
    , m_browser(new QTextBrowser(this))
{
    setWindowTitle(tr("Getting started with Optrack"));
    setAccessibleName(tr("Getting started"));
    m_browser->setAccessibleName(tr("Getting started"));
    m_browser->setOpenExternalLinks(false);
    m_browser->setHtml(page(accounts));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
    resize(pageWidth, pageHeight);
}

QString GettingStartedDialog::text() const
{
    return m_browser->toPlainText();
}

QString GettingStartedDialog::page(const QList<Account> &accounts)
{
    QString html = tr("<h3>Operations</h3>"
                      "<p>An <b>operation</b> is a piece of long-running work the service "
                      "tracks for you: uploading a transaction file, exporting data, deleting a "
                      "file (which waits for approval votes), or anything another program "
                      "reports. Each has a status, a progress percentage and steps, the time "
                      "left, its votes and a history.</p>"
                      "<p>Select an operation to see all of that below the table. Double-click "
                      "it, or press Enter, to follow it in a window of its own. Start work "
                      "from the <b>File</b> menu; act on the selected operation from the "
                      "<b>Operation</b> menu.</p>");
    if (!accounts.isEmpty()) {
        html += tr("<h3>Accounts</h3>"
                   "<p>The service on this computer comes with these accounts; switch "
                   "between them with <b>Account</b> in the toolbar:</p><ul>");
        for (const Account &account : accounts)
            html += tr("<li><b>%1</b>: %2</li>")
                            .arg(account.id.toHtmlEscaped(), account.purpose.toHtmlEscaped());
        html += u"</ul>"_s;
    }
    html += tr("<h3>Transaction files</h3>"
               "<p>An upload is a CSV file in UTF-8 whose first line is exactly:</p>"
               "<pre>%1</pre>"
               "<p>and then one transaction per line, for example:</p>"
               "<pre>%2</pre>"
               "<ul><li><b>date</b>: YYYY-MM-DD, a real calendar date</li>"
               "<li><b>account</b>: any text, not empty</li>"
               "<li><b>amount</b>: a decimal number with a point, such as -12.50</li>"
               "<li><b>currency</b>: three capital letters, such as EUR</li>"
               "<li><b>description</b>: any text, may be left out; put it in double quotes "
               "when it holds a comma, and write a quote inside it twice</li></ul>"
               "<p>Every line is checked before anything is stored. The first line that is "
               "wrong fails the upload with its number and what is wrong with it; fix it and "
               "upload the file again.</p>")
                    .arg(escaped(TransactionFormat::header),
                         escaped(TransactionFormat::exampleRow));
    return html;
}

} // namespace optrack
