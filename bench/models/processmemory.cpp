#include "processmemory.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QRegularExpression>

#include <malloc.h>

namespace benchdata {

using namespace Qt::StringLiterals;

namespace {

constexpr double kibPerMib = 1024.0;

} // namespace

double statusMib(const QString &field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression line(u"^%1:\\s+(\\d+) kB"_s.arg(field),
                                  QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = line.match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toDouble() / kibPerMib : -1;
}

WholeProcess wholeProcess()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return {statusMib(u"VmRSS"_s), statusMib(u"VmHWM"_s)};
}

void printWholeProcess(const WholeProcess &whole)
{
    qInfo("whole process, resident (VmRSS) %7.1f MiB", whole.residentMib);
    qInfo("whole process, peak (VmHWM)     %7.1f MiB", whole.peakMib);
    qInfo("parts, after malloc_trim:");
}

double trimmedResidentMib()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    malloc_trim(0);
    return statusMib(u"VmRSS"_s);
}

} // namespace benchdata
