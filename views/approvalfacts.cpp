#include "approvalfacts.h"

#include "accessrules.h"
#include "etaestimator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

const QString fileNameKey = u"fileName"_s;
const QString fileIdKey = u"fileId"_s;
const QString fileSizeKey = u"fileSize"_s;
const QString transactionCountKey = u"transactionCount"_s;
const QString ownerKey = u"userId"_s;
constexpr qint64 secondsPerMinute = 60;

QString localTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

QString ApprovalFacts::readableKey(const QString &key)
{
    QString words;
    for (const QChar c : key) {
        if (c == u'_' || c == u'-' || c == u'.') {
            words += u' ';
        } else if (c.isUpper() && !words.isEmpty() && !words.endsWith(u' ')) {
            words += u' ';
            words += c.toLower();
        } else {
            words += c;
        }
    }
    words = words.simplified();
    if (!words.isEmpty())
        words[0] = words.at(0).toUpper();
    return words;
}

QString ApprovalFacts::readableValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::trunc(number) == number && std::abs(number) < 1e15)
            return QLocale().toString(qint64(number));
        return QLocale().toString(number, 'g', 10);
    }
    case QJsonValue::Bool:
        return value.toBool() ? tr("yes") : tr("no");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return tr("none");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

QString ApprovalFacts::votesSoFar(const Approval &approval)
{
    QString tally = approval.required == 1
            ? tr("%1 of 1 approval").arg(approval.approvals)
            : tr("%1 of %2 approvals").arg(approval.approvals).arg(approval.required);
    if (approval.votes.isEmpty())
        return tr("%1: none yet").arg(tally);
    QStringList votes;
    for (const Vote &vote : approval.votes)
        votes.append(vote.decision == VoteDecision::Approve ? tr("%1 approved").arg(vote.voter)
                                                            : tr("%1 denied").arg(vote.voter));
    return tr("%1: %2").arg(tally, votes.join(u", "_s));
}

QString ApprovalFacts::requested(const QDateTime &at, const QDateTime &now)
{
    const qint64 ago = at.secsTo(now);
    if (ago < secondsPerMinute)
        return tr("%1 (just now)").arg(localTime(at));
    return tr("%1 (%2 ago)").arg(localTime(at), EtaEstimator::describe(ago));
}

QString ApprovalFacts::timeout(const QDateTime &expiresAt, const QDateTime &now)
{
    const qint64 left = now.secsTo(expiresAt);
    if (left <= 0)
        return tr("now (%1)").arg(localTime(expiresAt));
    return tr("in %1 (%2)").arg(EtaEstimator::describe(left), localTime(expiresAt));
}

QList<ApprovalFacts::Row> ApprovalFacts::rows(const Operation &operation, const QDateTime &now)
{
    QList<Row> rows;
    const QJsonObject &context = operation.context;
    if (operation.operationType == access::deletionType) {
        const QString name = context.value(fileNameKey).toString();
        rows.append({tr("File"), name.isEmpty() ? context.value(fileIdKey).toString() : name});
        if (context.contains(fileSizeKey))
            rows.append(
                    {tr("Size"),
                     QLocale().formattedDataSize(qint64(context.value(fileSizeKey).toDouble()))});
        if (context.contains(transactionCountKey)) {
            const qint64 count = qint64(context.value(transactionCountKey).toDouble());
            rows.append({tr("Rows"),
                         count == 1 ? tr("1 transaction")
                                    : tr("%1 transactions").arg(QLocale().toString(count))});
        }
    } else {
        for (auto it = context.constBegin(); it != context.constEnd(); ++it) {
            if (it.key() != ownerKey)
                rows.append({readableKey(it.key()), readableValue(it.value())});
        }
    }
    if (!operation.owner().isEmpty())
        rows.append({tr("Owner"), operation.owner()});
    if (operation.createdAt.isValid())
        rows.append({tr("Requested"), requested(operation.createdAt, now)});
    if (operation.approval) {
        rows.append({tr("Votes so far"), votesSoFar(*operation.approval)});
        if (operation.approval->expiresAt.isValid())
            rows.append({tr("Times out"), timeout(operation.approval->expiresAt, now)});
    }
    return rows;
}

} // namespace optrack
