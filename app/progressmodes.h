#pragma once

#include "operationprogressdialog.h"

#include <QString>

namespace optrack {

/// Which mode a progress window opens in, per operation type: what the user chose last for
/// that type (the window's mode button, or "Open progress (compact)"), kept in QSettings;
/// else the original design's defaults: an upload and an export show their percentage, a
/// deletion (and anything else) the full view with its steps and voters.
class ProgressModes final
{
public:
    using Mode = OperationProgressDialog::Mode;

    static Mode modeFor(const QString &operationType);
    static void remember(const QString &operationType, Mode mode);
    /// The design's default, whatever was chosen.
    static Mode defaultFor(const QString &operationType);
};

} // namespace optrack
