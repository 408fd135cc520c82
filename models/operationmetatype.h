#pragma once

#include "operation.h"
#include "operationevent.h"

#include <QMetaType>

// OperationTableModel::OperationRole carries the whole operation in a QVariant.
Q_DECLARE_METATYPE(optrack::Operation)
Q_DECLARE_METATYPE(optrack::OperationEvent)
