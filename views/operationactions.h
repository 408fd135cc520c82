#pragma once

#include "operation.h"

#include <QString>
#include <QStringList>

namespace optrack {

/// Which actions apply to an operation for a user, as the contract allows them: the
/// detail panel shows these buttons and the main window enables these actions. The
/// service still decides; this only keeps buttons that would be refused out of sight.
struct OperationActions
{
    bool cancel = false;
    bool vote = false;
    bool retry = false;
    bool openProgress = false;
    bool download = false;

    static OperationActions forOperation(const Operation &operation, const QString &userId,
                                         const QStringList &roles);

    friend bool operator==(const OperationActions &, const OperationActions &) = default;
};

} // namespace optrack
