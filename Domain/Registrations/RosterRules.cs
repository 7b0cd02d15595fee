namespace Zhuji.Domain.Registrations;

/// <summary>A row of an imported roster file, as read (1-based row number as the file shows it).</summary>
public sealed record RosterLine(int Row, string Name, string Phone);

/// <summary>A row the import refused, and why (zh-CN, shown to the unit's admin).</summary>
public sealed record RosterRejection(int Row, string Reason);

/// <summary>What an import does to a unit's roster: the rows to add, those it takes off, and the tally.</summary>
public sealed record RosterImport(
    IReadOnlyList<RosterEntry> Added,
    IReadOnlyList<RosterEntry> Removed,
    int Updated,
    int Unchanged,
    IReadOnlyList<RosterRejection> Rejected);

/// <summary>
/// A unit's roster: who should register, one row per mainland mobile number. An import keeps good rows,
/// refuses bad ones with a reason, renames people whose number is already listed, and with
/// <c>replace</c> takes off everyone the file no longer lists.
/// </summary>
public static class RosterRules
{
    public const int MaxName = 20;

    public static RosterImport Import(long workUnitId, IEnumerable<RosterLine> lines, IReadOnlyDictionary<string, RosterEntry> existing, bool replace, DateTime now)
    {
        var rejected = new List<RosterRejection>();
        var good = new Dictionary<string, RosterLine>();
        foreach (var line in lines)
        {
            var phone = PhoneNumber.Normalize(line.Phone);
            var reason = line.Name.Length == 0 ? "姓名为空"
                : line.Name.Length > MaxName ? $"姓名超过 {MaxName} 个字符"
                : phone is null ? "手机号码无效"
                : good.TryGetValue(phone, out var first) ? $"手机号码与第 {first.Row} 行重复"
                : null;
            if (reason is null)
            {
                good[phone!] = line with { Phone = phone! };
            }
            else
            {
                rejected.Add(new RosterRejection(line.Row, reason));
            }
        }

        var added = new List<RosterEntry>();
        int updated = 0, unchanged = 0;
        foreach (var (phone, line) in good)
        {
            if (!existing.TryGetValue(phone, out var entry))
            {
                added.Add(new RosterEntry(workUnitId, line.Name, phone, now));
            }
            else if (entry.Rename(line.Name, now))
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        var removed = replace ? existing.Values.Where(e => !good.ContainsKey(e.Phone)).ToList() : [];
        return new RosterImport(added, removed, updated, unchanged, rejected);
    }
}
