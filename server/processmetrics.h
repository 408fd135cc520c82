#pragma once

#include <QByteArray>

namespace optrack {

/// The service process's own figures under Prometheus' standard names (process_*): resident
/// and virtual memory, open and allowed file descriptors, CPU time and the start time. Read
/// from Linux's /proc at each scrape; a figure that cannot be read is left out.
class ProcessMetrics
{
public:
    static QByteArray prometheusText();
};

} // namespace optrack
