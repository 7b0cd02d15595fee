using Zhuji.Domain.Registrations;

namespace Zhuji.Domain.Tests;

/// <summary>RosterRules.Import: which rows a unit's roster takes, renames, refuses and drops.</summary>
public class RosterRuleTests
{
    private static readonly Dictionary<string, RosterEntry> Existing = new()
    {
        ["13900000001"] = new RosterEntry(Given.Unit, "王建国", "13900000001", Given.Now.AddDays(-10)),
        ["13900000002"] = new RosterEntry(Given.Unit, "李丽华", "13900000002", Given.Now.AddDays(-10)),
    };

    [Test]
    public void RefusesEachBadRowWithItsReason()
    {
        var import = RosterRules.Import(Given.Unit,
            [new(2, "", "13900000009"), new(3, new string('名', 21), "13900000008"), new(4, "张三", "12345"), new(5, "赵六", "139 0000 0007"), new(6, "钱七", "+86 13900000007")],
            new Dictionary<string, RosterEntry>(), replace: false, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(import.Rejected, Is.EqualTo(new[]
            {
                new RosterRejection(2, "姓名为空"),
                new RosterRejection(3, "姓名超过 20 个字符"),
                new RosterRejection(4, "手机号码无效"),
                new RosterRejection(6, "手机号码与第 5 行重复"),
            }));
            Assert.That(import.Added.Single().Phone, Is.EqualTo("13900000007"));
        });
    }

    [Test]
    public void RenamesAKnownNumberAndCountsTheUnchanged()
    {
        var existing = Existing.ToDictionary(e => e.Key, e => new RosterEntry(Given.Unit, e.Value.Name, e.Value.Phone, Given.Now.AddDays(-10)));
        var import = RosterRules.Import(Given.Unit, [new(2, "王建军", "13900000001"), new(3, "李丽华", "13900000002")], existing, replace: false, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That((import.Updated, import.Unchanged, import.Added.Count, import.Removed.Count), Is.EqualTo((1, 1, 0, 0)));
            Assert.That(existing["13900000001"].Name, Is.EqualTo("王建军"));
        });
    }

    [Test]
    public void ReplacingDropsWhoTheFileNoLongerLists()
    {
        var import = RosterRules.Import(Given.Unit, [new(2, "王建国", "13900000001")], Existing, replace: true, Given.Now);
        Assert.That(import.Removed.Select(r => r.Phone), Is.EqualTo(new[] { "13900000002" }));
    }

    [Test]
    public void WithoutReplaceNobodyIsDropped() =>
        Assert.That(RosterRules.Import(Given.Unit, [], Existing, replace: false, Given.Now).Removed, Is.Empty);
}
