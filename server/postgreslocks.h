#pragma once

namespace optrack {

/// The advisory locks optrackd takes in a PostgreSQL database, as (key space, key) pairs of
/// pg_advisory_lock(int, int). Advisory locks are per database, so two services in two
/// databases of one cluster never meet.
struct PostgresLocks
{
    /// "optr": keeps optrackd's keys apart from any other program's in the same database.
    static constexpr int keySpace = 0x6f707472;
    /// Held (per transaction) while the schema is migrated.
    static constexpr int migrationKey = 1;
    /// Held (per session) by the connection that writes the operations: one writer at a time,
    /// and a writer that lost its connection has lost the lock with it.
    static constexpr int writerKey = 2;
};

} // namespace optrack
