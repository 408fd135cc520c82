#pragma once

#include <QString>

/// Resident memory of this process for the memory benchmarks, read from /proc/self/status.
namespace benchdata {

/// A /proc/self/status figure ("VmRSS", "VmHWM") in MiB; -1 when it cannot be read.
double statusMib(const QString &field);

/// VmRSS after deferred deletes ran and freed heap went back to the system, so that the
/// figure is what is held.
double residentMib();

} // namespace benchdata
