#pragma once

#include "operation.h"

#include <QString>
#include <QStringList>

namespace optrack {

/// Who may do what with an operation, and which operation types the service runs itself.
/// The service enforces these rules and the app shows what they allow, so both ask here.
/// They are written over a person's user id and roles (the service's UserAccount and the
/// app's UserInfo both carry them); the state an action also needs (a cancellable operation,
/// a failed one) is asked separately, because the service answers 403 for the one and 409 for
/// the other.
namespace access {

// The contract's roles.
inline const QString userRole = QStringLiteral("user");
inline const QString approverRole = QStringLiteral("approver");
inline const QString staffRole = QStringLiteral("staff");
inline const QString adminRole = QStringLiteral("admin");
inline const QString serviceRole = QStringLiteral("service");
/// Every role, in the contract's order.
const QStringList &knownRoles();

/// The role that votes when a policy or an approval names none.
inline const QString defaultVoterRole = approverRole;

// The operation types of the service's built-in workloads.
inline const QString uploadType = QStringLiteral("file_upload");
inline const QString deletionType = QStringLiteral("file_deletion");
inline const QString exportType = QStringLiteral("data_export");
bool isBuiltInType(const QString &operationType);

/// Staff and admins see every operation (the operations dashboard), every file and every
/// user's transactions in an export.
bool seesEveryOperation(const QStringList &roles);
/// Those who see every operation, and service accounts (a backend reads what it reports on):
/// who may list scope=all and read any single operation.
bool mayListAll(const QStringList &roles);
/// Only a service account starts operations for another user.
bool mayStartFor(const QString &userId, const QStringList &roles, const QString &owner);
/// The owner or a service account reports progress on (PATCHes) an operation.
bool mayUpdate(const QString &userId, const QStringList &roles, const Operation &operation);

/// The built-in workloads: uploading a transaction file needs the user role; exporting, the
/// user role or one that sees everything (staff and admin export everyone's transactions);
/// asking to delete a stored file, the user role (their own files) or admin (any file).
bool mayUpload(const QStringList &roles);
bool mayExport(const QStringList &roles);
bool mayAskToDeleteFiles(const QStringList &roles);

/// The role whose members vote on an approval: its own, else the default.
QString voterRoleOf(const Approval &approval);
/// Holds the voter role of an operation that needs approval, whatever its state.
bool isApproverOf(const QStringList &roles, const Operation &operation);
/// May vote on it now: it waits for approval, the person holds its voter role, does not own
/// it and has not voted yet.
bool mayVoteOn(const QString &userId, const QStringList &roles, const Operation &operation);

/// The owner or an admin may ask to cancel an operation; isCancellable() says whether it
/// still can be.
bool mayCancel(const QString &userId, const QStringList &roles, const Operation &operation);
bool isCancellable(const Operation &operation);

/// The owner or an admin may ask to retry an operation; isRetryable() says whether it can be.
bool mayRetry(const QString &userId, const QStringList &roles, const Operation &operation);
/// A built-in workload (one the service started through its own routes) that failed, was
/// denied or was cancelled.
bool isRetryable(const Operation &operation);
/// A completed export of the service's own: its file can be downloaded.
bool hasExportFile(const Operation &operation);

} // namespace access
} // namespace optrack
