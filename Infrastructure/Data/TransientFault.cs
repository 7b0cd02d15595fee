using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// A database fault that a retry may not meet (a timeout, a deadlock, a lost or busy connection), as opposed to a
/// bug: the API answers it 503 <c>unavailable</c> with Retry-After, and the phone retries with its Idempotency-Key.
/// </summary>
public static class TransientFault
{
    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN.
    private static readonly int[] SqliteTransient = [5, 6, 10, 13, 14];

    // Timeout, deadlock victim, and the connection faults SqlClient names.
    private static readonly int[] SqlServerTransient = [-2, 1205, 233, 10053, 10054, 10060, 40197, 40501, 40613, 49918, 49919, 49920];

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var transient = e switch
            {
                SqliteException s => SqliteTransient.Contains(s.SqliteErrorCode),
                SqlException s => SqlServerTransient.Contains(s.Number),
                DbException d => d.IsTransient,
                TimeoutException => true,
                _ => false,
            };
            if (transient)
            {
                return true;
            }
        }

        return false;
    }
}
