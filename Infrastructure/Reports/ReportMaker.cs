using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.WorkUnits;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Files;

namespace Zhuji.Infrastructure.Reports;

/// <summary>A report's file and what it says about itself.</summary>
public sealed record MadeReport(string Title, string FileName, byte[] Content, int Rows, DateTime AsOf);

/// <summary>A unit's figures for the city's ranking.</summary>
public sealed record UnitStanding(string Name, WorkUnitKind Kind, int RosterSize, int RegisteredInRoster, double? RegistrationRate, int Evaluated, int Reached, int OnTrack, int Behind)
{
    public double? ReachedShare => Evaluated == 0 ? null : (double)Reached / Evaluated;
}

/// <summary>
/// Makes the workbooks officials sign and file: a unit's quarterly progress (the quarter's months, the year to date,
/// 已达标 / 进度正常 / 进度落后) or annual result (达标 / 不达标, from the roll as it stood on 31 December), and the
/// city's ranking of every unit with a sheet per community on what it publishes (the 泛化 watch).
/// </summary>
public sealed class ReportMaker(ZhujiDbContext db, IOptions<ComplianceOptions> options, TimeProvider clock)
{
    private static readonly string[] Months = Enumerable.Range(1, 12).Select(m => $"{m}月").ToArray();
    private static readonly string[] Quarters = ["一季度", "二季度", "三季度", "四季度"];

    public async Task<MadeReport> UnitAsync(long unitId, ReportPeriod period, CancellationToken cancellationToken)
    {
        var policy = options.Value.Policy;
        var now = clock.GetUtcNow().UtcDateTime;
        var asOf = period.AsOf(now);
        var unit = await db.WorkUnits.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(cancellationToken);
        var rows = await RollAsync(unitId, period, asOf, cancellationToken);
        var title = period.Kind == ReportKind.Annual ? $"{unit} {period.Name}在职党员亮旗考核结果" : $"{unit} {period.Name}在职党员亮旗情况";
        var sheet = period.Kind == ReportKind.Annual ? AnnualSheet(title, rows, period, policy, now) : QuarterSheet(title, rows, period, policy, now, asOf);
        var fileName = $"{unit}-{period.Name.Replace(" ", "")}{(period.Kind == ReportKind.Annual ? "考核结果" : "亮旗情况")}.xlsx";
        return new MadeReport(title, fileName, PrintableWorkbook.Write([sheet]), rows.Count, asOf);
    }

    public async Task<MadeReport> CityAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var policy = options.Value.Policy;
        var now = clock.GetUtcNow().UtcDateTime;
        var asOf = period.AsOf(now);
        var units = await db.WorkUnits.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Name, u.Kind }).ToListAsync(cancellationToken);
        var standings = new List<UnitStanding>(units.Count);
        foreach (var unit in units)
        {
            standings.Add(Standing(unit.Name, unit.Kind, await RollAsync(unit.Id, period, asOf, cancellationToken), period, policy));
        }

        var title = $"诸暨市 {period.Name}在职党员报到与亮旗情况";
        var subtitles = new[] { Subtitle(period, policy, now, asOf) };
        var annual = period.Kind == ReportKind.Annual;
        SheetColumn[] columns =
        [
            new("名次", CellKind.Number), new("单位"), new("类别"), new("名册人数", CellKind.Number), new("已报到（名册内）", CellKind.Number),
            new("报到率", CellKind.Percent), new("参与考核", CellKind.Number), new(annual ? "达标" : "已达标", CellKind.Number),
            new(annual ? "—" : "进度正常", CellKind.Number), new(annual ? "不达标" : "进度落后", CellKind.Number), new(annual ? "达标率" : "已达标比例", CellKind.Percent),
        ];
        object?[] Row(UnitStanding s, int rank) =>
            [rank, s.Name, Labels.Of(s.Kind), s.RosterSize, s.RegisteredInRoster, s.RegistrationRate, s.Evaluated, s.Reached, annual ? null : s.OnTrack, s.Behind, s.ReachedShare];
        var byRate = standings.OrderByDescending(s => s.RegistrationRate ?? -1).ThenByDescending(s => s.ReachedShare ?? -1).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var byProgress = standings.OrderByDescending(s => s.ReachedShare ?? -1).ThenByDescending(s => s.RegistrationRate ?? -1).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var roster = standings.Sum(s => s.RosterSize);
        var registered = standings.Sum(s => s.RegisteredInRoster);
        var summary = new[]
        {
            $"全市 {units.Count} 个单位，名册 {roster} 人，已报到 {registered} 人，报到率 {Rate(registered, roster)}；" +
            $"参与考核 {standings.Sum(s => s.Evaluated)} 人，{(annual ? "达标" : "已达标")} {standings.Sum(s => s.Reached)} 人，" +
            (annual ? $"不达标 {standings.Sum(s => s.Behind)} 人。" : $"进度正常 {standings.Sum(s => s.OnTrack)} 人，进度落后 {standings.Sum(s => s.Behind)} 人。"),
        };
        var sheets = new List<PrintableSheet>
        {
            new("按报到率排名", $"{title}（按报到率排名）", subtitles, columns, byRate.Select((s, i) => Row(s, i + 1)).ToList(), summary),
            new("按达标进度排名", $"{title}（按达标进度排名）", subtitles, columns, byProgress.Select((s, i) => Row(s, i + 1)).ToList(), summary),
        };
        sheets.Add(await CommunitySheetAsync(period, policy, now, asOf, cancellationToken));
        var fileName = $"诸暨市{period.Name.Replace(" ", "")}报到与亮旗情况.xlsx";
        return new MadeReport(title, fileName, PrintableWorkbook.Write(sheets), units.Count, asOf);
    }

    /// <summary>The unit's people with their flags as of the report: for an annual report, the people of 31 December.</summary>
    private async Task<List<RollRow>> RollAsync(long unitId, ReportPeriod period, DateTime asOf, CancellationToken cancellationToken)
    {
        var policy = options.Value.Policy;
        var people = period.Kind == ReportKind.Annual ? await WorkUnitRoll.YearEndPeopleAsync(db, unitId, period.Year, cancellationToken) : null;
        return await WorkUnitRoll.BuildAsync(db, unitId, period.Year, policy, cancellationToken, recordedBefore: asOf, people: people);
    }

    private static UnitStanding Standing(string name, WorkUnitKind kind, List<RollRow> rows, ReportPeriod period, CompliancePolicy policy)
    {
        var rosterSize = rows.Count(r => r.InRoster);
        var registered = rows.Count(r => r.InRoster && Registered(r.RegistrationStatus));
        var evaluated = rows.Where(r => r.Evaluated).ToList();
        if (period.Kind == ReportKind.Annual)
        {
            var reached = evaluated.Count(r => policy.IsCompliant(r.Total));
            return new UnitStanding(name, kind, rosterSize, registered, Share(registered, rosterSize), evaluated.Count, reached, 0, evaluated.Count - reached);
        }

        var states = evaluated.Select(r => Progress.Of(r.Totals.ThroughQuarter(period.Quarter), period.Quarter, true, policy).State).ToList();
        return new UnitStanding(name, kind, rosterSize, registered, Share(registered, rosterSize), evaluated.Count,
            states.Count(s => s == ProgressState.Reached), states.Count(s => s == ProgressState.OnTrack), states.Count(s => s == ProgressState.Behind));
    }

    private static PrintableSheet QuarterSheet(string title, List<RollRow> rows, ReportPeriod period, CompliancePolicy policy, DateTime now, DateTime asOf)
    {
        var (first, _) = period.Months;
        SheetColumn[] columns =
        [
            new("序号", CellKind.Number), new("姓名"), new("手机号"), new("报到状态"), new("在名册"),
            new(Months[first - 1], CellKind.Number), new(Months[first], CellKind.Number), new(Months[first + 1], CellKind.Number),
            new("本季度", CellKind.Number), new("全年累计", CellKind.Number), new("进度"),
        ];
        var states = new List<ProgressState>();
        var data = rows.Select((r, i) =>
        {
            var ytd = r.Totals.ThroughQuarter(period.Quarter);
            var progress = Progress.Of(ytd, period.Quarter, r.Evaluated, policy);
            if (r.Evaluated)
            {
                states.Add(progress.State);
            }

            return new object?[]
            {
                i + 1, r.Name, r.Phone, Labels.Of(r.RegistrationStatus), r.InRoster ? "是" : "否",
                r.FlagsByMonth[first - 1], r.FlagsByMonth[first], r.FlagsByMonth[first + 1], r.Totals.Quarter(period.Quarter), ytd,
                r.Evaluated ? progress.Describe() : r.RegistrationStatus == RollRegistrationStatus.Approved ? Labels.Of(ProgressState.NotEvaluated) : Labels.Of(r.RegistrationStatus),
            };
        }).ToList();
        var summary = new List<string>(RegistrationSummary(rows))
        {
            $"参与考核 {states.Count} 人：已达标 {states.Count(s => s == ProgressState.Reached)} 人，进度正常 {states.Count(s => s == ProgressState.OnTrack)} 人，" +
            $"进度落后 {states.Count(s => s == ProgressState.Behind)} 人（进度要求：至本季度末累计不少于 {Progress.PaceBy(period.Quarter, policy)} 面）。",
            "说明：季度报表只反映进度，年度是否达标以 12 月 31 日后的年度考核结果为准。",
        };
        return new PrintableSheet(period.Name, title, [Subtitle(period, policy, now, asOf)], columns, data, summary, FrozenColumns: 2);
    }

    private static PrintableSheet AnnualSheet(string title, List<RollRow> rows, ReportPeriod period, CompliancePolicy policy, DateTime now)
    {
        var columns = new List<SheetColumn> { new("序号", CellKind.Number), new("姓名"), new("手机号"), new("报到状态"), new("在名册") };
        columns.AddRange(Months.Select(m => new SheetColumn(m, CellKind.Number)));
        columns.AddRange(Quarters.Select(q => new SheetColumn(q, CellKind.Number)));
        columns.Add(new("全年合计", CellKind.Number));
        columns.Add(new("考核结果"));
        columns.Add(new("社区评议"));
        var data = rows.Select((r, i) => new object?[] { i + 1, r.Name, r.Phone, Labels.Of(r.RegistrationStatus), r.InRoster ? "是" : "否" }
            .Concat(r.FlagsByMonth.Cast<object?>()).Concat(r.FlagsByQuarter.Cast<object?>())
            .Append(r.Total)
            .Append(r.Compliant switch { true => "达标", false => "不达标", null => "不参与考核" })
            .Append(r.RegistrationStatus == RollRegistrationStatus.Approved ? r.AppraisalText : "—")
            .ToArray()).ToList();
        var evaluated = rows.Count(r => r.Evaluated);
        var compliant = rows.Count(r => r.Compliant == true);
        var summary = new List<string>(RegistrationSummary(rows))
        {
            $"参与考核 {evaluated} 人：达标 {compliant} 人，不达标 {evaluated - compliant} 人（人员以 {period.Year} 年 12 月 31 日的名册和报到为准）。",
            "社区评议：" + string.Join("，", Enum.GetValues<Domain.Members.AppraisalGrade>().Select(g => $"{Domain.Members.Appraisal.NameOf(g)} {rows.Count(r => r.Appraisal == g)} 人")) +
                $"，未评议 {rows.Count(r => r.RegistrationStatus == RollRegistrationStatus.Approved && r.Appraisal is null)} 人。",
        };
        return new PrintableSheet(period.Name, title, [Subtitle(period, policy, now, now)], columns, data, summary, FrozenColumns: 2);
    }

    /// <summary>
    /// One sheet for every community, a row each: its members, the tasks it published in the period by service kind, the
    /// flags its members earned, and a note where one kind makes most of its tasks (a table per community left ten
    /// near-empty pages in a city's report).
    /// </summary>
    private async Task<PrintableSheet> CommunitySheetAsync(ReportPeriod period, CompliancePolicy policy, DateTime now, DateTime asOf, CancellationToken cancellationToken)
    {
        var (start, end) = period.Kind == ReportKind.Annual ? ShanghaiTime.YearBounds(period.Year) : period.Bounds;
        var communities = await (from c in db.Communities.AsNoTracking()
                                 join s in db.Streets on c.StreetId equals s.Id
                                 orderby s.Name, c.Name
                                 select new { c.Id, c.Name, Street = s.Name }).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking()
            .Where(VolunteerTask.CountsAsPublished).Where(t => t.CommunityId != null && t.StartsAt >= start && t.StartsAt < end)
            .GroupBy(t => new { t.CommunityId, t.Category }).Select(g => new { g.Key.CommunityId, g.Key.Category, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var flags = await db.FlagEntries.AsNoTracking()
            .Where(f => f.ServedAt >= start && f.ServedAt < end && f.RecordedAt < asOf)
            .GroupBy(f => f.CommunityId).Select(g => new { g.Key, Flags = g.Sum(f => f.Flags) })
            .ToDictionaryAsync(g => g.Key, g => g.Flags, cancellationToken);
        var members = await db.Members.AsNoTracking().GroupBy(m => m.CommunityId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var categories = Enum.GetValues<ServiceCategory>();
        var columns = new List<SheetColumn> { new("序号", CellKind.Number), new("街道"), new("社区"), new("在册党员", CellKind.Number), new("发布任务", CellKind.Number) };
        columns.AddRange(categories.Select(c => new SheetColumn(Labels.Of(c), CellKind.Number)));
        columns.AddRange([new("亮旗", CellKind.Number), new("人均亮旗", CellKind.Number), new("关注")]);
        var rows = communities.Select((c, i) =>
        {
            var mine = tasks.Where(t => t.CommunityId == c.Id).ToList();
            var taskTotal = mine.Sum(t => t.Count);
            var memberCount = members.GetValueOrDefault(c.Id);
            var flagTotal = flags.GetValueOrDefault(c.Id);
            var dominant = mine.OrderByDescending(t => t.Count).FirstOrDefault();
            var watch = dominant is not null && taskTotal >= 5 && dominant.Count >= taskTotal * 0.6
                ? $"{Labels.Of(dominant.Category)}占 {Percent(dominant.Count, taskTotal, 0)}，留意任务泛化为日常杂务"
                : "";
            return new object?[] { i + 1, c.Street, c.Name, memberCount, taskTotal }
                .Concat(categories.Select(k => (object?)mine.Where(t => t.Category == k).Sum(t => t.Count)))
                .Concat([flagTotal, memberCount == 0 ? null : Math.Round((double)flagTotal / memberCount, 1), watch])
                .ToArray();
        }).ToList();
        var allTasks = tasks.Sum(t => t.Count);
        var allMembers = members.Values.Sum();
        var allFlags = flags.Values.Sum();
        rows.Add(new object?[] { null, "合计", $"{communities.Count} 个社区", allMembers, allTasks }
            .Concat(categories.Select(k => (object?)tasks.Where(t => t.Category == k).Sum(t => t.Count)))
            .Concat([allFlags, allMembers == 0 ? null : Math.Round((double)allFlags / allMembers, 1), ""])
            .ToArray());
        var watched = rows.Count(r => r[^1] is string { Length: > 0 });
        return new PrintableSheet("各社区任务与亮旗", $"诸暨市 {period.Name}各社区任务与亮旗（按服务类别）", [Subtitle(period, policy, now, asOf)], columns, rows,
            [$"全市 {communities.Count} 个社区本期发布任务 {allTasks} 个，党员亮旗 {allFlags} 面。" +
             (watched == 0 ? "各社区任务类别分布未见集中。" : $"{watched} 个社区的任务集中于一类（见“关注”列），请留意任务是否泛化为日常杂务。")],
            FrozenColumns: 3);
    }

    private static string Subtitle(ReportPeriod period, CompliancePolicy policy, DateTime now, DateTime asOf) =>
        $"统计期间：{period.Span}（北京时间）　年度要求：每人至少 {policy.AnnualThreshold} 面红旗　" +
        (asOf < now ? $"数据截至：{ShanghaiTime.Describe(asOf)}　" : "") + $"生成时间：{ShanghaiTime.Describe(now)}";

    private static IEnumerable<string> RegistrationSummary(List<RollRow> rows)
    {
        var roster = rows.Count(r => r.InRoster);
        var registered = rows.Count(r => r.InRoster && Registered(r.RegistrationStatus));
        yield return $"名册 {roster} 人，已报到 {registered} 人，报到率 {Rate(registered, roster)}；" +
                     $"待审核 {rows.Count(r => r.RegistrationStatus == RollRegistrationStatus.Pending)} 人，未报到 {rows.Count(r => r.RegistrationStatus == RollRegistrationStatus.NotRegistered)} 人；共 {rows.Count} 人。";
    }

    private static bool Registered(RollRegistrationStatus status) => status is RollRegistrationStatus.Approved or RollRegistrationStatus.Pending;

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static string Rate(int part, int whole) => whole == 0 ? "—" : Percent(part, whole, 1);

    /// <summary>"75.0%" whatever the server's culture.</summary>
    private static string Percent(int part, int whole, int decimals) =>
        (100.0 * part / whole).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), CultureInfo.InvariantCulture) + "%";
}
