#pragma once

#include "accessrules.h"
#include "etaestimator.h"
#include "operation.h"
#include "operationevent.h"
#include "widgettesting.h"

#include <QAccessible>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

// Realistic operations for the dashboard tests and their screenshots: the mix an
// operations desk sees during a day (uploads, deletions waiting for votes, exports,
// backend jobs; running, waiting, failed, finished).
namespace dashboardfixtures {

using namespace Qt::StringLiterals;

using optrack::Approval;
using optrack::ApprovalDecision;
using optrack::Operation;
using optrack::OperationStatus;
using optrack::Vote;
using optrack::VoteDecision;

inline QDateTime now()
{
    static const QDateTime fixed = QDateTime::currentDateTimeUtc().addSecs(-30);
    return fixed;
}

inline Operation make(const QString &id, const QString &type, const QString &name,
                      OperationStatus status, const QString &owner, int minutesAgo, double progress,
                      const QStringList &steps = {}, int currentStep = 0,
                      const QString &stepDescription = {})
{
    static qint64 version = 0;
    Operation operation;
    operation.operationId = id;
    operation.operationType = type;
    // The fixtures of built-in types stand for what the service's own workloads ran.
    operation.builtIn = optrack::access::isBuiltInType(type);
    operation.entityId = id.section(u'_', 1);
    operation.displayName = name;
    operation.status = status;
    operation.progressPercentage = progress;
    operation.steps = steps;
    operation.totalSteps = int(steps.size());
    operation.currentStep = currentStep;
    operation.stepDescription = stepDescription;
    operation.context = QJsonObject{{u"userId"_s, owner}};
    operation.createdAt = now().addSecs(-60LL * minutesAgo);
    operation.updatedAt = operation.createdAt.addSecs(45);
    operation.version = ++version;
    if (optrack::isTerminal(status))
        operation.completedAt = operation.updatedAt;
    return operation;
}

inline QStringList uploadSteps()
{
    return {u"Receive file"_s, u"Validate rows"_s, u"Store transactions"_s};
}

inline QStringList deletionSteps()
{
    return {u"Collect approvals"_s, u"Delete file"_s, u"Clean up"_s};
}

inline QStringList exportSteps()
{
    return {u"Select transactions"_s, u"Write file"_s, u"Publish download"_s};
}

inline Vote vote(const QString &voter, VoteDecision decision, const QString &reason, int minutesAgo)
{
    return Vote{voter, decision, reason, now().addSecs(-60LL * minutesAgo)};
}

inline Operation waiting(const QString &id, const QString &file, const QString &owner,
                         int minutesAgo, int required, const QList<Vote> &votes)
{
    Operation operation = make(id, u"file_deletion"_s, u"Deleting %1"_s.arg(file),
                               OperationStatus::WaitingForApproval, owner, minutesAgo, 10,
                               deletionSteps(), 1, u"Collecting approval votes"_s);
    operation.context.insert(u"fileName"_s, file);
    Approval approval;
    approval.required = required;
    approval.votes = votes;
    for (const Vote &v : votes)
        (v.decision == VoteDecision::Approve ? approval.approvals : approval.denials)++;
    approval.voterRole = u"approver"_s;
    approval.expiresAt = operation.createdAt.addSecs(86400);
    operation.approval = approval;
    return operation;
}

/// Thirty operations of every status and six types.
inline QList<Operation> dashboardOperations()
{
    using S = OperationStatus;
    const QString upload = u"file_upload"_s;
    const QString exportType = u"data_export"_s;
    QList<Operation> ops;
    auto running = [&](const QString &id, const QString &type, const QString &name,
                       const QString &owner, int ago, double progress, const QStringList &steps,
                       int step, const QString &description, std::optional<qint64> eta) {
        Operation operation = make(id, type, name, S::InProgress, owner, ago, progress, steps, step,
                                   description);
        operation.etaSeconds = eta;
        if (eta)
            operation.timeRemaining = optrack::EtaEstimator::describe(*eta);
        ops.append(operation);
    };
    running(u"op_u1042"_s, upload, u"Uploading transactions-2026-11.csv"_s, u"alice"_s, 3, 40,
            uploadSteps(), 2, u"Validating row 48,200 of 120,000"_s, 130);
    running(u"op_u1043"_s, upload, u"Uploading payroll-eu-week47.csv"_s, u"dave"_s, 1, 0,
            uploadSteps(), 1, u"Receiving file"_s, std::nullopt);
    running(u"op_e311"_s, exportType, u"Exporting 2026-10 as CSV"_s, u"carol"_s, 6, 72,
            exportSteps(), 2, u"Writing 61,000 rows"_s, 45);
    running(u"op_r88"_s, u"ledger.reconcile"_s, u"Reconciling ledger EU-01"_s, u"ingest-bot"_s, 22,
            88, {}, 0, u"Matching settlements"_s, 240);
    running(u"op_r89"_s, u"ledger.reconcile"_s, u"Reconciling ledger US-02"_s, u"ingest-bot"_s, 18,
            15, {}, 0, u"Loading settlements"_s, 1900);
    running(u"op_i7"_s, u"index.rebuild"_s, u"Rebuilding search index"_s, u"bob"_s, 41, 57,
            {u"Snapshot"_s, u"Rebuild"_s, u"Swap"_s, u"Verify"_s}, 2, u"Rebuilding shard 4 of 7"_s,
            780);
    ops.append(make(u"op_g51"_s, u"report.generate"_s, u"Monthly statement batch"_s, S::Pending,
                    u"ingest-bot"_s, 0, 0));

    ops.append(waiting(u"op_d204"_s, u"report-q3.csv"_s, u"alice"_s, 12, 2,
                       {vote(u"bob"_s, VoteDecision::Approve, u"Superseded by Q3 final"_s, 8)}));
    ops.append(waiting(u"op_d205"_s, u"vendors-2025.csv"_s, u"dave"_s, 35, 1, {}));
    ops.append(waiting(u"op_d206"_s, u"payroll-archive-2019.csv"_s, u"alice"_s, 95, 2, {}));

    Operation approved = waiting(u"op_d199"_s, u"duplicates-oct.csv"_s, u"bob"_s, 50, 1,
                                 {vote(u"carol"_s, VoteDecision::Approve, {}, 44)});
    approved.status = S::Approved;
    approved.approval->decision = ApprovalDecision::Approved;
    approved.progressPercentage = 34;
    approved.currentStep = 2;
    approved.stepDescription = u"Deleting file"_s;
    ops.append(approved);

    auto failed = [&](const QString &id, const QString &type, const QString &name,
                      const QString &owner, int ago, double progress, const QStringList &steps,
                      int step, const QString &error) {
        Operation operation = make(id, type, name, S::Failed, owner, ago, progress, steps, step);
        operation.errorMessage = error;
        ops.append(operation);
    };
    failed(u"op_u1039"_s, upload, u"Uploading card-settlements-nov.csv"_s, u"alice"_s, 27, 63,
           uploadSteps(), 2,
           u"Line 7,341: amount \"12,50\" is not a decimal with a point (use 12.50)"_s);
    failed(u"op_u1031"_s, upload, u"Uploading fx-rates.csv"_s, u"dave"_s, 140, 5, uploadSteps(), 2,
           u"Line 1: the header must be date,account,amount,currency,description"_s);
    failed(u"op_r85"_s, u"ledger.reconcile"_s, u"Reconciling ledger APAC-03"_s, u"ingest-bot"_s,
           210, 91, {}, 0,
           u"Settlement feed timed out after 300 s (upstream 504 from clearing house)"_s);
    failed(u"op_e305"_s, exportType, u"Exporting 2026 as JSON"_s, u"bob"_s, 300, 12, exportSteps(),
           1, u"No space left on the export volume (needs 2.1 GB)"_s);

    auto completed = [&](const QString &id, const QString &type, const QString &name,
                         const QString &owner, int ago, const QStringList &steps) {
        Operation operation
                = make(id, type, name, S::Completed, owner, ago, 100, steps, int(steps.size()));
        operation.completedAt = operation.createdAt.addSecs(60LL * (2 + ago % 7));
        operation.updatedAt = *operation.completedAt;
        if (type == u"data_export"_s)
            operation.result = QJsonObject{{u"rows"_s, 61000}, {u"format"_s, u"csv"_s}};
        ops.append(operation);
    };
    completed(u"op_e309"_s, exportType, u"Exporting 2026-09 as CSV"_s, u"carol"_s, 60,
              exportSteps());
    completed(u"op_e302"_s, exportType, u"Exporting 2026-08..2026-09 as JSON"_s, u"alice"_s, 400,
              exportSteps());
    completed(u"op_u1040"_s, upload, u"Uploading transactions-2026-10.csv"_s, u"alice"_s, 80,
              uploadSteps());
    completed(u"op_u1038"_s, upload, u"Uploading refunds-week46.csv"_s, u"dave"_s, 190,
              uploadSteps());
    completed(u"op_u1036"_s, upload, u"Uploading payroll-eu-week46.csv"_s, u"dave"_s, 320,
              uploadSteps());
    completed(u"op_r84"_s, u"ledger.reconcile"_s, u"Reconciling ledger EU-01"_s, u"ingest-bot"_s,
              260, {});
    completed(u"op_g50"_s, u"report.generate"_s, u"Weekly risk report"_s, u"ingest-bot"_s, 500, {});
    completed(u"op_d190"_s, u"file_deletion"_s, u"Deleting test-upload.csv"_s, u"bob"_s, 600,
              deletionSteps());
    completed(u"op_i6"_s, u"index.rebuild"_s, u"Rebuilding search index"_s, u"bob"_s, 1440,
              {u"Snapshot"_s, u"Rebuild"_s, u"Swap"_s, u"Verify"_s});

    Operation cancelled = make(u"op_e307"_s, exportType, u"Exporting 2025 as CSV"_s, S::Cancelled,
                               u"alice"_s, 150, 22, exportSteps(), 1);
    cancelled.errorMessage = u"Cancelled by alice: wrong year"_s;
    ops.append(cancelled);
    Operation cancelled2 = make(u"op_u1034"_s, upload, u"Uploading old-ledger.csv"_s, S::Cancelled,
                                u"dave"_s, 700, 48, uploadSteps(), 2);
    ops.append(cancelled2);

    Operation denied = waiting(
            u"op_d201"_s, u"ledger-2024.csv"_s, u"dave"_s, 230, 1,
            {vote(u"carol"_s, VoteDecision::Deny, u"Still needed for the 2024 audit"_s, 220)});
    denied.status = S::Denied;
    denied.approval->decision = ApprovalDecision::Denied;
    denied.errorMessage = u"Denied by carol: Still needed for the 2024 audit"_s;
    denied.completedAt = denied.createdAt.addSecs(600);
    ops.append(denied);
    Operation denied2 = waiting(u"op_d195"_s, u"customers.csv"_s, u"bob"_s, 800, 1,
                                {vote(u"erin"_s, VoteDecision::Deny, u"Holds live data"_s, 790)});
    denied2.status = S::Denied;
    denied2.approval->decision = ApprovalDecision::Denied;
    denied2.errorMessage = u"Denied by erin: Holds live data"_s;
    ops.append(denied2);

    ops.append(make(u"op_g52"_s, u"report.generate"_s, u"Quarterly regulator extract"_s, S::Pending,
                    u"ingest-bot"_s, 0, 0));
    return ops;
}

/// The audit trail of op_d204 (waiting, one of two approvals).
inline QList<optrack::OperationEvent> waitingEvents()
{
    using optrack::EventKind;
    const QDateTime start = now().addSecs(-12 * 60);
    auto event = [&](qint64 seq, int secs, const QString &actor, EventKind kind,
                     OperationStatus status, double progress, const QString &message) {
        optrack::OperationEvent e;
        e.seq = seq;
        e.at = start.addSecs(secs);
        e.actor = actor;
        e.kind = kind;
        e.status = status;
        e.progressPercentage = progress;
        e.currentStep = 1;
        e.message = message;
        return e;
    };
    return {
            event(1, 0, u"alice"_s, EventKind::Created, OperationStatus::Pending, 0,
                  u"Deletion of report-q3.csv requested"_s),
            event(2, 1, u"optrackd"_s, EventKind::Status, OperationStatus::WaitingForApproval, 10,
                  u"Waiting for 2 approvals from the approver role"_s),
            event(3, 240, u"bob"_s, EventKind::Vote, OperationStatus::WaitingForApproval, 10,
                  u"Approved: Superseded by Q3 final"_s),
    };
}

/// A canned GET /api/metrics/summary answer.
inline QJsonObject metricsSummary()
{
    auto type = [](const QString &name, int completed, int failed, int cancelled, int denied,
                   int running, int waiting, double p50, double p95, int waitCount,
                   double waitP50) {
        QJsonObject counts{{u"pending"_s, 0},
                           {u"in_progress"_s, running},
                           {u"waiting_for_approval"_s, waiting},
                           {u"approved"_s, 0},
                           {u"denied"_s, denied},
                           {u"completed"_s, completed},
                           {u"failed"_s, failed},
                           {u"cancelled"_s, cancelled}};
        const int finished = completed + failed + cancelled + denied;
        const int total = finished + running + waiting;
        return QJsonObject{
                {u"operationType"_s, name},
                {u"total"_s, total},
                {u"counts"_s, counts},
                {u"finished"_s, finished},
                {u"successRate"_s,
                 finished > 0 ? QJsonValue(double(completed) / finished) : QJsonValue()},
                {u"durationSeconds"_s,
                 QJsonObject{{u"p50"_s, completed > 0 ? QJsonValue(p50) : QJsonValue()},
                             {u"p95"_s, completed > 0 ? QJsonValue(p95) : QJsonValue()},
                             {u"count"_s, completed}}},
                {u"approvalWaitSeconds"_s,
                 QJsonObject{{u"p50"_s, waitCount > 0 ? QJsonValue(waitP50) : QJsonValue()},
                             {u"count"_s, waitCount}}}};
    };
    const QJsonArray types{
            type(u"data_export"_s, 18, 2, 1, 0, 1, 0, 95, 410, 0, 0),
            type(u"file_deletion"_s, 6, 0, 1, 3, 0, 3, 4, 9, 9, 1260),
            type(u"file_upload"_s, 41, 6, 2, 0, 2, 0, 140, 620, 0, 0),
            type(u"index.rebuild"_s, 1, 0, 0, 0, 1, 0, 2400, 2400, 0, 0),
            type(u"ledger.reconcile"_s, 22, 3, 0, 0, 2, 0, 900, 2100, 0, 0),
    };
    auto failure = [](const QString &id, const QString &type, const QString &name,
                      const QString &error, int minutesAgo) {
        return QJsonObject{{u"operationId"_s, id},
                           {u"operationType"_s, type},
                           {u"displayName"_s, name},
                           {u"errorMessage"_s, error},
                           {u"failedAt"_s, optrack::toWireTime(now().addSecs(-60LL * minutesAgo))}};
    };
    const QJsonArray failures{
            failure(u"op_u1039"_s, u"file_upload"_s, u"Uploading card-settlements-nov.csv"_s,
                    u"Line 7,341: amount \"12,50\" is not a decimal with a point (use 12.50)"_s,
                    26),
            failure(u"op_u1031"_s, u"file_upload"_s, u"Uploading fx-rates.csv"_s,
                    u"Line 1: the header must be date,account,amount,currency,description"_s, 139),
            failure(u"op_r85"_s, u"ledger.reconcile"_s, u"Reconciling ledger APAC-03"_s,
                    u"Settlement feed timed out after 300 s (upstream 504 from clearing house)"_s,
                    200),
            failure(u"op_e305"_s, u"data_export"_s, u"Exporting 2026 as JSON"_s,
                    u"No space left on the export volume (needs 2.1 GB)"_s, 298),
    };
    return QJsonObject{
            {u"windowHours"_s, 24}, {u"types"_s, types}, {u"recentFailures"_s, failures}};
}

/// The visible controls under root that take the keyboard focus but give assistive
/// technology no name: empty when every control is named.
inline QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : std::as_const(widgets)) {
        if (!widget->isVisible() || !(widget->focusPolicy() & Qt::TabFocus))
            continue;
        // Qt's own parts (the editor inside a spin box) speak through their named owner.
        QWidget *parent = widget->parentWidget();
        if (widget->objectName().startsWith(u"qt_"_s) && parent
            && !parent->accessibleName().isEmpty()) {
            continue;
        }
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        const QString name = accessible ? accessible->text(QAccessible::Name) : QString();
        if (name.trimmed().isEmpty())
            unnamed.append(
                    QString::fromLatin1(widget->metaObject()->className()) + u" in "_s
                    + QString::fromLatin1(parent ? parent->metaObject()->className() : "nothing"));
    }
    return unnamed;
}

/// PNGs of what a test showed, for a person to look at.
using optrack::testing::saveScreenshot;

} // namespace dashboardfixtures
