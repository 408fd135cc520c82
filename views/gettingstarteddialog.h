#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QTextBrowser;

namespace optrack {

/// Help ▸ Getting started: what an operation is, what the accounts of the local service are
/// for and what a transaction file looks like, in a page a newcomer reads in a minute.
class GettingStartedDialog final : public QDialog
{
    Q_OBJECT

public:
    struct Account
    {
        QString id;
        QString purpose;
    };

    explicit GettingStartedDialog(const QList<Account> &accounts, QWidget *parent = nullptr);

    /// The page as plain text (for tests).
    QString text() const;
    QTextBrowser *browser() const { return m_browser; }

    /// The page, in HTML.
    static QString page(const QList<Account> &accounts);

private:
    QTextBrowser *m_browser = nullptr;
};

} // namespace optrack
