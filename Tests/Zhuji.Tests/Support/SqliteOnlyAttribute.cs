namespace Zhuji.Tests.Support;

/// <summary>
/// A test about SQLite itself (its file, its write gate, its query plans, its busy faults) or one that needs the
/// embedded default (the browser walk-through): skipped in the PostgreSQL pass (<c>--filter TestCategory!=SqliteOnly</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SqliteOnlyAttribute() : CategoryAttribute("SqliteOnly");
