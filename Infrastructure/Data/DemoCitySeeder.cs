using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Places;
using Zhuji.Domain.WorkUnits;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// A demo Zhuji for the embedded default: the five streets, communities with blocks, a dozen work units,
/// admins to log in as (<c>fake:demo-community-admin</c> and friends) and a back-office account
/// <c>cityadmin</c> whose password is written to <c>data/demo-admin-password.txt</c> (never logged).
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
        await AddBackOfficeAccountAsync(now, cancellationToken);

        logger.LogInformation(
            "Seeded the demo city: {Streets} streets, {Communities} communities, {Blocks} blocks, {Units} work units",
            streets.Count, communities.Count, blocks.Count, units.Count);
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

    private async Task AddBackOfficeAccountAsync(DateTime now, CancellationToken cancellationToken)
    {
        var password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 16);
        var user = User.ForAdminAccount("市委组织部后台", now);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        var account = new AdminAccount(user.Id, BackOfficeUsername, "", now);
        account.ChangePassword(hasher.HashPassword(account, password), now);
        db.AdminAccounts.Add(account);
        db.RoleAssignments.Add(new RoleAssignment(user.Id, Grant.City, grantedByUserId: null, now));
        await db.SaveChangesAsync(cancellationToken);

        var file = Path.Combine(InfrastructureServiceCollectionExtensions.DataFolder(configuration, environment), PasswordFile);
        await File.WriteAllTextAsync(file, password + Environment.NewLine, cancellationToken);
        logger.LogInformation("Demo back-office account '{Username}': its password is in {File}", BackOfficeUsername, file);
    }
}
