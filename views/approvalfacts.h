#pragma once

#include "operation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace optrack {

/// What an approver decides on, as label and value rows: for a file deletion the file's
/// name, size, rows and owner; for any other operation its context as readable pairs;
/// then, for every approval, who asked and when, the votes so far and how long until the
/// approval times out. Computed against a given "now" so that a countdown can be
/// refreshed and tested.
class ApprovalFacts
{
    Q_DECLARE_TR_FUNCTIONS(ApprovalFacts)

public:
    struct Row
    {
        QString label;
        QString value;
        friend bool operator==(const Row &, const Row &) = default;
    };

    static QList<Row> rows(const Operation &operation, const QDateTime &now);
    /// "invoiceCount" and "invoice_count" read "Invoice count".
    static QString readableKey(const QString &key);
    /// A context value as words: numbers in the locale, yes/no, compact JSON for the rest.
    static QString readableValue(const QJsonValue &value);
    /// "1 of 2 approvals: bob approved".
    static QString votesSoFar(const Approval &approval);
    /// "6 Dec 2026 10:18 (about 13 minutes ago)", or "(just now)" within a minute.
    static QString requested(const QDateTime &at, const QDateTime &now);
    /// "in about 3 hours (7 Dec 2026 08:26)", or that it has passed.
    static QString timeout(const QDateTime &expiresAt, const QDateTime &now);
};

} // namespace optrack
