using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Members;
using Zhuji.Domain.Places;
using Zhuji.Domain.Privacy;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.WorkUnits;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// A demo Zhuji for the embedded default: the five streets, communities with blocks, a dozen work units,
/// admins to log in as (<c>fake:demo-community-admin</c> and friends) and one back-office account per role
/// (<c>cityadmin</c>, <c>streetadmin</c>, <c>communityadmin</c>, <c>blockadmin</c>, <c>unitadmin</c>) whose passwords
/// are written to <c>data/demo-accounts.txt</c> (the city's also to <c>data/demo-admin-password.txt</c>; never logged).
/// </summary>
public sealed class DemoCitySeeder(
    ZhujiDbContext db,
    IPasswordHasher<AdminAccount> hasher,
    IHostEnvironment environment,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<DemoCitySeeder> logger)
{
    public const string CommunityAdminOpenId = "demo-community-admin";
    public const string StreetAdminOpenId = "demo-street-admin";
    public const string BlockAdminOpenId = "demo-block-admin";
    public const string WorkUnitAdminOpenId = "demo-unit-admin";
    public const string BackOfficeUsername = "cityadmin";
    public const string PasswordFile = "demo-admin-password.txt";
    public const string AccountsFile = "demo-accounts.txt";

    private static readonly (string Street, (string Community, string[] Blocks)[] Communities)[] City =
    [
        ("暨阳街道", [("城西社区", ["西施小区", "金海岸小区", "城西新村"]), ("东二社区", ["东方花园", "阳光公寓"]), ("苎萝社区", ["苎萝新村", "江滨花园"])]),
        ("浣东街道", [("浣纱社区", ["浣纱新村", "绿城小区"]), ("戚家山社区", ["戚家山小区"])]),
        ("陶朱街道", [("陶朱社区", ["望云小区", "香榧苑"]), ("三都社区", ["三都花园"])]),
        ("暨南街道", [("暨南社区", ["南屏小区", "高湖花苑"])]),
        ("大唐街道", [("大唐社区", ["袜艺小区", "唐仁花园"])]),
    ];

    private static readonly (string Name, WorkUnitKind Kind)[] Units =
    [
        ("诸暨市委组织部", WorkUnitKind.CityOrgan),
        ("诸暨市财政局", WorkUnitKind.CityOrgan),
        ("诸暨市教育体育局", WorkUnitKind.CityOrgan),
        ("诸暨市卫生健康局", WorkUnitKind.CityOrgan),
        ("诸暨市住房和城乡建设局", WorkUnitKind.CityOrgan),
        ("诸暨市公安局", WorkUnitKind.CityOrgan),
        ("暨阳街道办事处", WorkUnitKind.TownshipOrgan),
        ("浣东街道办事处", WorkUnitKind.TownshipOrgan),
        ("陶朱街道办事处", WorkUnitKind.TownshipOrgan),
        ("诸暨市国有资产经营有限公司", WorkUnitKind.StateOwnedEnterprise),
        ("诸暨市水务集团有限公司", WorkUnitKind.StateOwnedEnterprise),
        ("诸暨市人民医院", WorkUnitKind.Institution),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var streets = City.Select(s => new Street(s.Street)).ToList();
        db.Streets.AddRange(streets);
        var units = Units.Select(u => new WorkUnit(u.Name, u.Kind)).ToList();
        db.WorkUnits.AddRange(units);
        await db.SaveChangesAsync(cancellationToken);

        var communities = new List<Community>();
        foreach (var (street, plan) in streets.Zip(City))
        {
            communities.AddRange(plan.Communities.Select(c => new Community(c.Community, street.Id, SceneCode.NewForCommunity())));
        }

        db.Communities.AddRange(communities);
        await db.SaveChangesAsync(cancellationToken);

        var blocks = communities
            .Zip(City.SelectMany(s => s.Communities))
            .SelectMany(pair => pair.Second.Blocks.Select(name => new Block(name, pair.First.Id)))
            .ToList();
        db.Blocks.AddRange(blocks);
        await db.SaveChangesAsync(cancellationToken);

        await AddAdminAsync(CommunityAdminOpenId, "城西社区党委", new Grant(Role.CommunityAdmin, communities[0].Id), now, cancellationToken);
        await AddAdminAsync(StreetAdminOpenId, "暨阳街道党工委", new Grant(Role.StreetAdmin, streets[0].Id), now, cancellationToken);
        await AddAdminAsync(BlockAdminOpenId, "西施小区党支部", new Grant(Role.BlockAdmin, blocks[0].Id), now, cancellationToken);
        await AddAdminAsync(WorkUnitAdminOpenId, "财政局机关党委", new Grant(Role.WorkUnitAdmin, units[1].Id), now, cancellationToken);
        var (shop, property) = await AddMerchantsAsync(communities[0], now, cancellationToken);
        var cityAdminUserId = await AddBackOfficeAccountsAsync(streets[0], communities[0], blocks[0], units[1], shop, now, cancellationToken);
        await AddMallItemsAsync(communities[0], shop, property, cityAdminUserId, now, cancellationToken);
        var members = await AddMembersAsync(communities, blocks, units, cityAdminUserId, now, cancellationToken);
        var tasks = await AddTasksAsync(communities[0], blocks[0], members, cityAdminUserId, now, cancellationToken);

        logger.LogInformation(
            "Seeded the demo city: {Streets} streets, {Communities} communities, {Blocks} blocks, {Units} work units, {Members} members, {Tasks} tasks",
            streets.Count, communities.Count, blocks.Count, units.Count, members.Count, tasks);
    }

    /// <summary>
    /// Upcoming tasks in the three tiers (the first community's are Table 2 of the 先锋微家 case: D 社区's
    /// list of January 2022, with its festival task replaced by one of the season), one running now that
    /// <c>demo-member-1</c> holds (so the member loop can be walked at once: record, then confirm) and one
    /// awaiting confirmation, and past ones served, confirmed and closed, so that members have flags. Every
    /// task's <c>claimedCount</c> is its claims'.
    /// </summary>
    private async Task<int> AddTasksAsync(Community community, Block block, List<Member> members, long publisherUserId, DateTime now, CancellationToken cancellationToken)
    {
        var day = ShanghaiTime.StartOfDay(now);
        (string Title, string Location, int Slots, int Flags, ServiceCategory Category)[] upcoming =
        [
            ("认领“二胎免费孕前优生健康检查”", "城西社区", 10, 1, ServiceCategory.MicroWish),
            ("摸排小区党员活动", "西施小区 1、2 期", 50, 1, ServiceCategory.CommunityActivity),
            ("社区楼道内志愿者招募入户宣传", "社区各小区", 60, 1, ServiceCategory.CommunityActivity),
            (SeasonalActivity(ShanghaiTime.ToShanghai(day.AddDays(5)).DateTime), "城西社区", 18, 1, ServiceCategory.CommunityActivity),
            ("反诈宣传", "金海岸小区", 1, 3, ServiceCategory.CommunityActivity),
            ("守护“小门”，党员来协助", "各小区", 25, 1, ServiceCategory.CommunityActivity),
        ];

        var ours = members.Where(m => m.CommunityId == community.Id).ToList();
        var count = 0;
        for (var i = 0; i < upcoming.Length; i++)
        {
            var (title, location, slots, flags, category) = upcoming[i];
            var startsAt = day.AddDays(2 + i).AddHours(9);
            var task = Publish(new TaskPlan(TaskTier.Community, community.Id, community.Id, category, title, "", location,
                startsAt, startsAt.AddHours(3), slots, flags, KnowledgeType.Basic, [], false, []), now.AddDays(-1));
            count++;
            if (slots == 1)
            {
                // A full task: the feed shows it with nothing remaining.
                await db.SaveChangesAsync(cancellationToken);
                db.Claims.Add(Claim.Grab(task.Id, null, ours[1].Id, now.AddHours(-2)));
            }
        }

        var shiftsStart = day.AddDays(3).AddHours(8);
        Publish(new TaskPlan(TaskTier.Community, community.Id, community.Id, ServiceCategory.CommunityActivity, "社区疫情防控工作", "每半天 7 人",
            "城西社区办公室", shiftsStart, shiftsStart.AddHours(9), 14, 1, KnowledgeType.Basic, [], false,
            [new ShiftPlan(shiftsStart, shiftsStart.AddHours(4), 7), new ShiftPlan(shiftsStart.AddHours(5), shiftsStart.AddHours(9), 7)]), now);
        Publish(new TaskPlan(TaskTier.City, null, null, ServiceCategory.CommunityActivity, "全市文明城市创建志愿服务", "路口文明劝导",
            "各社区主要路口", day.AddDays(5).AddHours(8), day.AddDays(5).AddHours(11), 200, 2, KnowledgeType.Basic, [], true, []), now);
        Publish(new TaskPlan(TaskTier.City, null, null, ServiceCategory.HelpGroup, "“律”动社区：法律咨询进小区", "为居民提供法律咨询",
            "城西社区党群服务中心", day.AddDays(6).AddHours(9), day.AddDays(6).AddHours(12), 5, 3, KnowledgeType.Professional, ["法律咨询"], false, []), now);
        Publish(new TaskPlan(TaskTier.Block, block.Id, block.CommunityId, ServiceCategory.RedSteward, "楼道清理", "清理 3 幢楼道杂物",
            "西施小区 3 幢", day.AddDays(4).AddHours(9), day.AddDays(4).AddHours(11), 6, 1, KnowledgeType.Basic, [], false, []), now);
        count += 4;

        // Running now: demo-member-1 holds a claim he can record at once; another member's record awaits the
        // community's confirmation (待认定).
        var running = now.AddHours(-1);
        var current = Publish(new TaskPlan(TaskTier.Community, community.Id, community.Id, ServiceCategory.CommunityActivity, "垃圾分类定时定点督导",
            "在投放点引导居民分类投放", "城西社区各投放点", running, running.AddHours(4), 8, 1, KnowledgeType.Basic, [], false, []), running.AddDays(-2));
        count++;
        await db.SaveChangesAsync(cancellationToken);
        db.Claims.Add(Claim.Grab(current.Id, null, ours[0].Id, running.AddDays(-1)));
        var waiting = Claim.Grab(current.Id, null, ours[2].Id, running.AddDays(-1));
        waiting.Record(new ServiceRecordDetails(running.AddMinutes(10), 1, "在 2 号投放点引导居民分类投放", "城西社区 2 号投放点", []),
            ours[2].UserId, current.StartsAt, current.EndsAt, now);
        db.Claims.Add(waiting);

        // On site (线下检验): a task that needs check-in with the organiser's rotating code, inside a 300 m circle;
        // demo-member-1 can check in now, and one member has checked in and out (the queue shows his times).
        var onSite = Publish(new TaskPlan(TaskTier.Community, community.Id, community.Id, ServiceCategory.CommunityActivity, "社区义诊秩序引导",
            "到场后扫描组织者手机上的签到码签到，结束时签退", "城西社区党群服务中心", running, running.AddHours(4), 6, 1, KnowledgeType.Basic, [], false, [],
            CheckInRequired: true, Geofence: new Geofence(29.7136, 120.2420, 300)), running.AddDays(-2));
        count++;
        await db.SaveChangesAsync(cancellationToken);
        db.Claims.Add(Claim.Grab(onSite.Id, null, ours[0].Id, running.AddDays(-1)));
        var attended = Claim.Grab(onSite.Id, null, ours[1].Id, running.AddDays(-1));
        attended.CheckIn(onSite.StartsAt, onSite.EndsAt, running.AddMinutes(-10));
        attended.CheckOut(onSite.StartsAt, onSite.EndsAt, onSite.Location, 0, now.AddMinutes(-5));
        db.Claims.Add(attended);

        // Past service: a task a month for the last months, claimed, served, confirmed and closed.
        var served = members.Where(m => m.CommunityId == community.Id || m.Id % 3 == 0).Take(12).ToList();
        for (var month = 1; month <= 4; month++)
        {
            var startsAt = day.AddDays(-30 * month).AddHours(9);
            var task = Publish(new TaskPlan(TaskTier.City, null, null, ServiceCategory.CommunityActivity, $"环境整治志愿服务（第 {month} 期）", "",
                "城西社区", startsAt, startsAt.AddHours(3), 30, 1 + month % 2, KnowledgeType.Basic, [], false, []), startsAt.AddDays(-7));
            await db.SaveChangesAsync(cancellationToken);
            foreach (var member in served.Where((_, i) => (i + month) % 3 != 0))
            {
                var claim = Claim.Grab(task.Id, null, member.Id, startsAt.AddDays(-3));
                claim.Record(new ServiceRecordDetails(startsAt.AddHours(1), 2, "参与环境整治，清理卫生死角", "城西社区", []), member.UserId, startsAt, task.EndsAt, startsAt.AddHours(4));
                db.Claims.Add(claim);
                await db.SaveChangesAsync(cancellationToken);
                db.FlagEntries.Add(claim.Confirm(task, member, publisherUserId, startsAt, task.EndsAt, startsAt.AddDays(1)));
            }

            task.Close(startsAt.AddDays(2));
            count++;
        }

        await db.SaveChangesAsync(cancellationToken);

        // The counts the grab path keeps, from the claims just made.
        await db.Tasks.ExecuteUpdateAsync(
            u => u.SetProperty(t => t.ClaimedCount, t => db.Claims.Count(c => c.TaskId == t.Id && c.Status != ClaimStatus.Cancelled)),
            cancellationToken);
        return count;

        VolunteerTask Publish(TaskPlan plan, DateTime publishedAt)
        {
            var task = VolunteerTask.Publish(plan, publisherUserId, publishedAt);
            db.Tasks.Add(task);
            return task;
        }
    }

    /// <summary>A community activity of the season the date falls in (no lantern festival in December).</summary>
    public static string SeasonalActivity(DateTime local) => local.Month switch
    {
        1 or 2 => "元宵节家庭手工灯笼制作",
        3 => "植树节社区绿地认养",
        4 => "清明文明祭扫宣传",
        5 or 6 => "端午节包粽子送邻里",
        7 or 8 => "暑期“四点半课堂”志愿辅导",
        9 => "中秋节邻里月饼分享会",
        10 => "重阳节走访慰问老党员",
        11 => "冬季消防安全入户宣传",
        _ => "冬至包饺子送孤寡老人",
    };

    /// <summary>
    /// Members <c>demo-member-1</c>… in every community: most in service, some resident; approved except a
    /// few still pending at 城西社区 for the demo admin to review. Each unit's roster lists its in-service
    /// members plus two people who never registered.
    /// </summary>
    private async Task<List<Member>> AddMembersAsync(List<Community> communities, List<Block> blocks, List<WorkUnit> units, long approverUserId, DateTime now, CancellationToken cancellationToken)
    {
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
        string[] given = ["建国", "丽华", "伟", "芳", "军", "敏", "静", "强", "磊", "洋", "艳", "勇", "杰", "娟", "涛", "明"];
        string[][] skills = [["法律咨询"], ["心理疏导"], ["政策解读"], ["医疗保健"], ["电脑维修"], [], ["书法"], ["理发"]];

        var names = new PlaceNames(communities.ToDictionary(c => c.Id, c => c.Name), blocks.ToDictionary(b => b.Id, b => b.Name), units.ToDictionary(u => u.Id, u => u.Name));
        var registrations = new List<(Registration Registration, bool Approve)>();
        var n = 0;
        foreach (var community in communities)
        {
            var communityBlocks = blocks.Where(b => b.CommunityId == community.Id).ToList();
            for (var i = 0; i < 5; i++)
            {
                n++;
                var user = User.FromWeChat($"demo-member-{n}", null, now);
                var name = surnames[n % surnames.Length] + given[(n * 7) % given.Length];
                user.Rename(name);
                db.Users.Add(user);
                await db.SaveChangesAsync(cancellationToken);

                // Each read the notice when he registered; most also let check-in use their position.
                db.Consents.Add(Consent.Give(user.Id, ConsentKind.Privacy, PrivacyNotice.Version, PrivacyNotice.Version, now.AddDays(-242)));
                if (n % 5 != 4)
                {
                    db.Consents.Add(Consent.Give(user.Id, ConsentKind.Location, PrivacyNotice.Version, PrivacyNotice.Version, now.AddDays(-242)));
                }

                var resident = n % 6 == 0;
                var details = new RegistrationDetails(
                    name,
                    $"1380000{n:D4}",
                    resident ? MemberType.Resident : MemberType.InService,
                    resident ? null : units[n % units.Count].Id,
                    new HomeAddress(community.Id, communityBlocks[i % communityBlocks.Count].Id, $"{1 + i}幢", $"{1 + (n % 3)}单元", $"{1 + (n % 6)}0{1 + (n % 4)}"),
                    skills[n % skills.Length]);
                var match = resident ? RosterMatch.NotApplicable : RosterMatch.Matched;
                var (registration, submitted) = Registration.Submit(user.Id, details, match, names, now.AddDays(-242));
                db.Registrations.Add(registration);
                db.AddEffects(submitted);
                registrations.Add((registration, !(community == communities[0] && i >= 3)));
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        var members = new List<Member>();
        foreach (var (registration, approve) in registrations.Where(r => r.Approve))
        {
            var member = Member.FromApproval(registration, now.AddDays(-240));
            db.Members.Add(member);
            await db.SaveChangesAsync(cancellationToken);
            db.AddEffects(registration.Approve(member, approverUserId, names, now.AddDays(-240)));
            members.Add(member);
        }

        var serial = 9000;
        foreach (var unit in units)
        {
            foreach (var registration in registrations.Select(r => r.Registration).Where(r => r.WorkUnitId == unit.Id))
            {
                db.RosterEntries.Add(new RosterEntry(unit.Id, registration.Name, registration.Phone, now.AddDays(-250)));
            }

            db.RosterEntries.Add(new RosterEntry(unit.Id, "未报到甲", $"1390000{serial++:D4}", now.AddDays(-250)));
            db.RosterEntries.Add(new RosterEntry(unit.Id, "未报到乙", $"1390000{serial++:D4}", now.AddDays(-250)));
        }

        await db.SaveChangesAsync(cancellationToken);
        return members;
    }

    private async Task AddAdminAsync(string openId, string displayName, Grant grant, DateTime now, CancellationToken cancellationToken)
    {
        var user = User.FromWeChat(openId, null, now);
        user.Rename(displayName);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        db.RoleAssignments.Add(new RoleAssignment(user.Id, grant, grantedByUserId: null, now));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// One back-office account per role over the demo city's first street, community, block and 诸暨市财政局; the
    /// city's password goes to <see cref="PasswordFile"/> (as before) and every account's to <see cref="AccountsFile"/>.
    /// </summary>
    private async Task<long> AddBackOfficeAccountsAsync(Street street, Community community, Block block, WorkUnit unit, Merchant shop, DateTime now, CancellationToken cancellationToken)
    {
        (string Username, string DisplayName, Grant Grant, string Who)[] accounts =
        [
            (BackOfficeUsername, "市委组织部后台", Grant.City, "市委组织部（全市）"),
            ("streetadmin", $"{street.Name}党工委", new Grant(Role.StreetAdmin, street.Id), $"{street.Name}党工委"),
            ("communityadmin", $"{community.Name}党委", new Grant(Role.CommunityAdmin, community.Id), $"{community.Name}党组织"),
            ("blockadmin", $"{block.Name}党支部", new Grant(Role.BlockAdmin, block.Id), $"{block.Name}党支部"),
            ("unitadmin", $"{unit.Name}机关党委", new Grant(Role.WorkUnitAdmin, unit.Id), $"{unit.Name}党组织"),
            ("merchantadmin", $"{shop.Name}收银台", new Grant(Role.MerchantAdmin, shop.Id), $"{shop.Name}（积分商家）"),
        ];
        var lines = new List<string> { "# 演示城市后台账号（仅本机演示数据；删除 data 目录即重置）", "# 用户名\t密码\t身份" };
        long cityUserId = 0;
        foreach (var (username, displayName, grant, who) in accounts)
        {
            var password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 16);
            var user = User.ForAdminAccount(displayName, now);
            db.Users.Add(user);
            await db.SaveChangesAsync(cancellationToken);
            var account = new AdminAccount(user.Id, username, "", now);
            account.ChangePassword(hasher.HashPassword(account, password), user, now);
            db.AdminAccounts.Add(account);
            db.RoleAssignments.Add(new RoleAssignment(user.Id, grant, grantedByUserId: null, now));
            await db.SaveChangesAsync(cancellationToken);
            lines.Add($"{username}\t{password}\t{who}");
            if (grant == Grant.City)
            {
                cityUserId = user.Id;
                await File.WriteAllTextAsync(Path.Combine(Folder, PasswordFile), password + Environment.NewLine, cancellationToken);
            }
        }

        await File.WriteAllLinesAsync(Path.Combine(Folder, AccountsFile), lines, cancellationToken);
        logger.LogInformation("Demo back-office accounts ({Accounts}): their passwords are in {File}", string.Join(", ", accounts.Select(a => a.Username)), Path.Combine(Folder, AccountsFile));
        return cityUserId;
    }

    /// <summary>The first community's shop and property company, which take points (积分商场).</summary>
    private async Task<(Merchant Shop, Merchant Property)> AddMerchantsAsync(Community community, DateTime now, CancellationToken cancellationToken)
    {
        var creator = await db.Users.Where(u => u.OpenId == CommunityAdminOpenId).Select(u => u.Id).SingleAsync(cancellationToken);
        var shop = new Merchant("城西惠民超市", MerchantKind.Shop, [community.Id], creator, now);
        var property = new Merchant("城西物业服务中心", MerchantKind.PropertyCompany, [community.Id], creator, now);
        db.Merchants.AddRange(shop, property);
        await db.SaveChangesAsync(cancellationToken);
        return (shop, property);
    }

    private async Task AddMallItemsAsync(Community community, Merchant shop, Merchant property, long cityAdminUserId, DateTime now, CancellationToken cancellationToken)
    {
        db.MallItems.AddRange(
            new MallItem(shop.Id, community.Id, new MallItemPlan("五常大米一袋（5 斤）", "凭兑换码到城西惠民超市服务台领取", null, 40, 30, 2, MallItemKind.Goods, 25m, null, null),
                shop.Kind, cityAdminUserId, now),
            new MallItem(shop.Id, community.Id, new MallItemPlan("家电清洗一次", "超市合作师傅上门清洗油烟机或空调一台，提前一天预约", null, 100, 10, 1, MallItemKind.Service, 60m, null, null),
                shop.Kind, cityAdminUserId, now),
            new MallItem(property.Id, community.Id, new MallItemPlan("抵扣物业费 10 元", "公益积分抵扣物业费：核销后由物业在当月物业费中扣减", null, 50, 1000, 12, MallItemKind.PropertyFeeOffset, 10m, null, null),
                property.Kind, cityAdminUserId, now));
        await db.SaveChangesAsync(cancellationToken);
    }

    private string Folder => InfrastructureServiceCollectionExtensions.DataFolder(configuration, environment);
}
