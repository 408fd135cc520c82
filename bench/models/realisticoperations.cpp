#include "realisticoperations.h"

#include "operationcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;
using namespace optrack;

namespace benchdata {

namespace {

constexpr int userCount = 200;
constexpr int hexDigitsInId = 32;
constexpr int maxFileSize = 50'000'000;
constexpr int maxTransactions = 200'000;
constexpr int maxEtaSeconds = 3600;
constexpr int percent = 100;

struct TypeShape
{
    QString type;
    QString verb;
    QStringList steps;
};

const QList<TypeShape> &typeShapes()
{
    static const QList<TypeShape> shapes{
            {u"file_upload"_s,
             u"Uploading"_s,
             {u"Validating rows"_s, u"Storing transactions"_s, u"Indexing"_s}},
            {u"file_deletion"_s,
             u"Deleting"_s,
             {u"Collect approvals"_s, u"Delete file"_s, u"Clean up"_s}},
            {u"data_export"_s,
             u"Exporting"_s,
             {u"Collecting rows"_s, u"Writing file"_s, u"Compressing"_s}},
            {u"report_generation"_s, u"Reporting on"_s, {u"Querying"_s, u"Rendering"_s}},
            {u"data_sync"_s, u"Syncing"_s, {u"Fetching"_s, u"Merging"_s, u"Publishing"_s}},
    };
    return shapes;
}

// 60% completed, 15% in progress, 5% pending, 8% waiting, 7% failed, 5% cancelled.
OperationStatus pickStatus(QRandomGenerator &random)
{
    const int roll = int(random.bounded(percent));
    if (roll < 60)
        return OperationStatus::Completed;
    if (roll < 75)
        return OperationStatus::InProgress;
    if (roll < 80)
        return OperationStatus::Pending;
    if (roll < 88)
        return OperationStatus::WaitingForApproval;
    if (roll < 95)
        return OperationStatus::Failed;
    return OperationStatus::Cancelled;
}

QString randomHex(QRandomGenerator &random, int digits)
{
    QString hex;
    hex.reserve(digits);
    for (int i = 0; i < digits; ++i)
        hex.append(QChar(u"0123456789abcdef"[random.bounded(16)]));
    return hex;
}

QJsonObject operationJson(int index, QRandomGenerator &random)
{
    const OperationStatus status = pickStatus(random);
    const bool waiting = status == OperationStatus::WaitingForApproval;
    const TypeShape &shape = waiting ? typeShapes().at(1)
                                     : typeShapes().at(random.bounded(int(typeShapes().size())));
    const QString owner = u"user%1"_s.arg(random.bounded(userCount), 3, 10, QChar(u'0'));
    const QString fileName = u"transactions-2026-%1.csv"_s.arg(index);
    const QDateTime created = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC)
                                      .addSecs(qint64(index) * 60 + random.bounded(60));
    const QDateTime updated = created.addSecs(random.bounded(maxEtaSeconds));
    const bool terminal = isTerminal(status);
    const int totalSteps = int(shape.steps.size());
    const double progress = status == OperationStatus::Completed ? percent
            : status == OperationStatus::Pending                 ? 0
                                                                 : random.bounded(percent);

    QJsonObject json{
            {u"operationId"_s, QString(u"op_"_s + randomHex(random, hexDigitsInId))},
            {u"operationType"_s, shape.type},
            {u"entityId"_s, u"file_%1"_s.arg(index)},
            {u"displayName"_s, QString(shape.verb + u' ' + fileName)},
            {u"status"_s, statusToWire(status)},
            {u"progressPercentage"_s, progress},
            {u"currentStep"_s, terminal ? totalSteps : 1 + int(random.bounded(totalSteps))},
            {u"totalSteps"_s, totalSteps},
            {u"steps"_s, QJsonArray::fromStringList(shape.steps)},
            {u"stepDescription"_s, shape.steps.at(random.bounded(totalSteps))},
            {u"cancellable"_s, !terminal},
            {u"context"_s,
             QJsonObject{{u"userId"_s, owner},
                         {u"fileName"_s, fileName},
                         {u"fileSize"_s, int(random.bounded(maxFileSize))}}},
            {u"createdAt"_s, toWireTime(created)},
            {u"updatedAt"_s, toWireTime(updated)},
            {u"version"_s, index + 1},
    };
    if (!terminal) {
        const int eta = int(random.bounded(maxEtaSeconds));
        json.insert(u"etaSeconds"_s, eta);
        json.insert(u"timeRemaining"_s, u"about %1 minutes"_s.arg(1 + eta / 60));
    } else {
        json.insert(u"completedAt"_s, toWireTime(updated));
    }
    if (status == OperationStatus::Failed)
        json.insert(u"errorMessage"_s,
                    u"Line %1: amount is not a number"_s.arg(random.bounded(maxTransactions)));
    if (status == OperationStatus::Completed)
        json.insert(u"result"_s,
                    QJsonObject{{u"transactionCount"_s, int(random.bounded(maxTransactions))}});
    if (shape.type == u"file_deletion") {
        QJsonArray votes;
        if (!waiting) {
            votes.append(QJsonObject{{u"voter"_s, u"approver1"_s},
                                     {u"decision"_s, u"approve"_s},
                                     {u"reason"_s, QString()},
                                     {u"at"_s, toWireTime(updated)}});
        }
        json.insert(u"approval"_s,
                    QJsonObject{{u"required"_s, 1},
                                {u"approvals"_s, int(votes.size())},
                                {u"denials"_s, 0},
                                {u"decision"_s, waiting ? u"pending"_s : u"approved"_s},
                                {u"voterRole"_s, u"approver"_s},
                                {u"votes"_s, votes}});
    }
    return json;
}

} // namespace

QList<Operation> realisticOperations(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<Operation> operations;
    operations.reserve(count);
    for (int index = 0; index < count; ++index) {
        // Through bytes, as the feed gets them from the network.
        const QByteArray bytes
                = QJsonDocument(operationJson(index, random)).toJson(QJsonDocument::Compact);
        Operation operation;
        FieldError error;
        if (codec::fromJson(QJsonDocument::fromJson(bytes).object(), &operation, &error))
            operations.append(std::move(operation));
        else
            qFatal("bench data: %s: %s", qPrintable(error.field), qPrintable(error.message));
    }
    return operations;
}

QJsonArray realisticOperationsJson(int count, quint32 seed, int firstIndex)
{
    QRandomGenerator random(seed);
    QJsonArray operations;
    for (int index = firstIndex; index < firstIndex + count; ++index) {
        // Through the codec, so that every field is there as the service sends it.
        Operation operation;
        FieldError error;
        if (!codec::fromJson(operationJson(index, random), &operation, &error))
            qFatal("bench data: %s: %s", qPrintable(error.field), qPrintable(error.message));
        operations.append(codec::toJson(operation));
    }
    return operations;
}

} // namespace benchdata
