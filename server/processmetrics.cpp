#include "processmetrics.h"

#include <QDir>
#include <QFile>
#include <QList>

#include <sys/resource.h>
#include <unistd.h>

namespace optrack {

namespace {

// Fields of /proc/self/stat counted after the command name's closing parenthesis (proc(5)
// numbers them from 1 with the pid; the command name is field 2).
constexpr int userTicksField = 14;
constexpr int systemTicksField = 15;
constexpr int startTicksField = 22;
constexpr int virtualBytesField = 23;
constexpr int residentPagesField = 24;
constexpr int firstFieldAfterName = 3;

QByteArray readProcFile(const char *path)
{
    // /proc files report a size of 0: read until the end, not by size.
    QFile file(QString::fromLatin1(path));
    return file.open(QIODevice::ReadOnly | QIODevice::Unbuffered) ? file.readAll() : QByteArray();
}

/// /proc/self/stat split into fields; index i holds field i + firstFieldAfterName.
QList<QByteArray> statFields()
{
    const QByteArray stat = readProcFile("/proc/self/stat");
    const qsizetype nameEnd = stat.lastIndexOf(')');
    if (nameEnd < 0)
        return {};
    return stat.mid(nameEnd + 1).simplified().split(' ');
}

double field(const QList<QByteArray> &fields, int number)
{
    return fields.value(number - firstFieldAfterName).toDouble();
}

/// The boot time in seconds since the epoch (/proc/stat's btime), 0 when unknown.
double bootTime()
{
    for (const QByteArray &line : readProcFile("/proc/stat").split('\n')) {
        if (line.startsWith("btime "))
            return line.mid(6).trimmed().toDouble();
    }
    return 0;
}

QByteArray metric(const char *name, const char *type, const char *help, double value)
{
    return QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' + name
            + ' ' + QByteArray::number(value, 'g', 15) + '\n';
}

} // namespace

QByteArray ProcessMetrics::prometheusText()
{
    QByteArray out;
    const QList<QByteArray> fields = statFields();
    const double ticksPerSecond = double(::sysconf(_SC_CLK_TCK));
    const double pageBytes = double(::sysconf(_SC_PAGESIZE));
    if (fields.size() > residentPagesField - firstFieldAfterName && ticksPerSecond > 0) {
        out += metric("process_cpu_seconds_total", "counter",
                      "User and system CPU time of the service, in seconds.",
                      (field(fields, userTicksField) + field(fields, systemTicksField))
                              / ticksPerSecond);
        out += metric("process_resident_memory_bytes", "gauge", "Resident memory, in bytes.",
                      field(fields, residentPagesField) * pageBytes);
        out += metric("process_virtual_memory_bytes", "gauge", "Virtual memory, in bytes.",
                      field(fields, virtualBytesField));
        if (const double boot = bootTime(); boot > 0) {
            out += metric("process_start_time_seconds", "gauge",
                          "When the service started, in seconds since the epoch.",
                          boot + field(fields, startTicksField) / ticksPerSecond);
        }
    }
    const QDir descriptors(QStringLiteral("/proc/self/fd"));
    if (descriptors.exists()) {
        out += metric(
                "process_open_fds", "gauge", "Open file descriptors (sockets included).",
                double(descriptors.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                               .size()));
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        out += metric("process_max_fds", "gauge", "The most file descriptors it may open.",
                      double(limit.rlim_cur));
    }
    return out;
}

} // namespace optrack
