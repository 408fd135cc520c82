#include "progressmodes.h"

#include "accessrules.h"

#include <QSettings>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

const QString settingsGroup = u"progressMode"_s;
const QString fullValue = u"full"_s;
const QString percentValue = u"percent"_s;

QString keyOf(const QString &operationType)
{
    // Types are dotted names ("ledger.reconcile"); a slash would open a settings group.
    return settingsGroup + u'/' + QString(operationType).replace(u'/', u'_');
}

} // namespace

ProgressModes::Mode ProgressModes::defaultFor(const QString &operationType)
{
    if (operationType == access::uploadType || operationType == access::exportType)
        return Mode::Percent;
    return Mode::Full;
}

ProgressModes::Mode ProgressModes::modeFor(const QString &operationType)
{
    const QString chosen = QSettings().value(keyOf(operationType)).toString();
    if (chosen == fullValue)
        return Mode::Full;
    if (chosen == percentValue)
        return Mode::Percent;
    return defaultFor(operationType);
}

void ProgressModes::remember(const QString &operationType, Mode mode)
{
    if (operationType.isEmpty())
        return;
    QSettings().setValue(keyOf(operationType), mode == Mode::Full ? fullValue : percentValue);
}

} // namespace optrack
