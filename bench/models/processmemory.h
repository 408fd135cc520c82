#pragma once

#include <QString>

/// Resident memory of this process for the memory benchmarks, read from /proc/self/status.
namespace benchdata {

/// A /proc/self/status figure ("VmRSS", "VmHWM") in MiB; -1 when it cannot be read.
double statusMib(const QString &field);

/// The whole process as the system sees it, the headline of every memory benchmark: resident
/// now (VmRSS, with the freed heap that malloc keeps, since the app never calls malloc_trim)
/// and the peak (VmHWM).
struct WholeProcess
{
    double residentMib = -1;
    double peakMib = -1;
};

/// Measured after deferred deletes ran, without trimming the heap. Take it before the
/// benchmark's last trimmedResidentMib(), which gives memory back to the system.
WholeProcess wholeProcess();

/// Prints the headline: the whole process's resident and peak memory.
void printWholeProcess(const WholeProcess &whole);

/// VmRSS after deferred deletes ran and freed heap went back to the system (malloc_trim): what
/// the data hold, for the per-part figures that follow the headline.
double trimmedResidentMib();

} // namespace benchdata
