using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Members;
using Zhuji.Domain.Places;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.WorkUnits;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Jobs;

/// <summary>
/// The set-based SQL of the annual check and of the reminders is pinned to <see cref="CompliancePolicy"/>: on
/// members of every kind around the cutoff, with flags in and out of the year and revocations, the database
/// decides exactly what the C# rule decides.
/// </summary>
public class CompliancePolicyPinTests : ApiTest
{
    private const int Year = 2025;
    private readonly TestClock clock = new(TestClock.Shanghai(2026, 2, 1, 9));
    private readonly Dictionary<long, (MemberType Type, DateTime FirstApproved, int Flags)> expected = [];

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(clock: clock));

    [OneTimeSetUp]
    public async Task SeedMembersAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<ComplianceOptions>>().Value.Policy;
        var street = new Street(Unique("钉街道"));
        var unit = new WorkUnit(Unique("钉单位"), WorkUnitKind.CityOrgan);
        db.AddRange(street, unit);
        await db.SaveChangesAsync();
        var community = new Community(Unique("钉社区"), street.Id, SceneCode.NewForCommunity());
        db.Add(community);
        await db.SaveChangesAsync();
        var block = new Block("钉小区", community.Id);
        db.Add(block);
        await db.SaveChangesAsync();

        var random = new Random(20261129);
        var cutoff = policy.CutoffUtc(Year);
        var (yearStart, yearEnd) = ShanghaiTime.YearBounds(Year);
        for (var i = 0; i < 120; i++)
        {
            var type = random.Next(5) == 0 ? MemberType.Resident : MemberType.InService;
            var firstApproved = cutoff.AddHours(random.Next(-24 * 200, 24 * 60));
            var user = User.FromWeChat(Unique("pin-"), null, firstApproved);
            db.Add(user);
            await db.SaveChangesAsync();
            var details = new RegistrationDetails($"党员{i}", $"137{i:D8}", type, type == MemberType.InService ? unit.Id : null,
                new HomeAddress(community.Id, block.Id, "1幢", null, "101"), []);
            var (registration, _) = Registration.Submit(user.Id, details, RosterMatch.NotApplicable, PlaceNames.None, firstApproved.AddDays(-1));
            db.Add(registration);
            await db.SaveChangesAsync();
            var member = Member.FromApproval(registration, firstApproved);
            db.Add(member);
            await db.SaveChangesAsync();
            registration.Approve(member, 1, PlaceNames.None, firstApproved);

            var inYear = 0;
            for (var k = random.Next(0, 5); k > 0; k--)
            {
                // Services just inside and just outside the Shanghai year, some revoked.
                var servedAt = random.Next(4) switch
                {
                    0 => yearStart,
                    1 => yearEnd.AddSeconds(-1),
                    2 => yearStart.AddSeconds(-1),
                    _ => yearStart.AddDays(random.Next(1, 360)),
                };
                var flags = random.Next(1, 6);
                var record = new ServiceRecord(member.Id, user.Id, ServiceCategory.CommunityActivity, "钉", servedAt, 1, "钉", flags, 1, yearEnd.AddDays(20));
                db.Add(record);
                await db.SaveChangesAsync();
                var award = FlagEntry.Award(new FlagAward(member.Id, community.Id, flags, FlagSource.ServiceRecord, record.Id, null, "钉", ServiceCategory.CommunityActivity, servedAt), 1, yearEnd.AddDays(20));
                db.Add(award);
                await db.SaveChangesAsync();
                var revoked = random.Next(4) == 0;
                if (revoked)
                {
                    db.Add(award.Revoke("钉", 1, user.Id, yearEnd.AddDays(21)));
                }

                inYear += ShanghaiTime.YearOf(servedAt) == Year && !revoked ? flags : 0;
            }

            await db.SaveChangesAsync();
            expected[member.Id] = (type, firstApproved, inYear);
        }
    }

    [Test]
    public async Task TheAnnualCheckEvaluatesAndJudgesExactlyAsThePolicy()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<ComplianceOptions>>().Value.Policy;
        await scope.ServiceProvider.GetRequiredService<AnnualComplianceJob>().RunAsync(Year, CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var ids = expected.Keys.ToList();
        var stored = await db.ComplianceResults.AsNoTracking().Where(r => r.Year == Year && ids.Contains(r.MemberId)).ToDictionaryAsync(r => r.MemberId);

        var evaluated = expected.Where(e => policy.IsEvaluated(e.Value.Type, e.Value.FirstApproved, Year)).ToList();
        Assert.That(evaluated.Count, Is.InRange(30, 110), "the sample straddles the cutoff and both member types");
        Assert.That(stored.Keys, Is.EquivalentTo(evaluated.Select(e => e.Key)));
        Assert.Multiple(() =>
        {
            foreach (var (id, (_, _, flags)) in evaluated)
            {
                Assert.That(stored[id].Flags, Is.EqualTo(flags), $"member {id}");
                Assert.That(stored[id].Status, Is.EqualTo(policy.IsCompliant(flags) ? ComplianceStatus.Compliant : ComplianceStatus.NonCompliant), $"member {id}");
            }
        });
    }

    [Test]
    public async Task TheRemindersQueryPicksExactlyWhomThePolicyWouldRemind()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<ComplianceOptions>>().Value.Policy;
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var ids = expected.Keys.ToList();
        var behind = await ComplianceQueries.Behind(db, Year, policy).Where(m => ids.Contains(m.Id)).ToListAsync();
        var wanted = expected.Where(e => policy.NeedsReminder(e.Value.Type, e.Value.FirstApproved, Year, e.Value.Flags)).ToList();
        Assert.That(wanted, Is.Not.Empty);
        Assert.That(behind.Select(b => (b.Id, b.Total)), Is.EquivalentTo(wanted.Select(w => (w.Key, w.Value.Flags))));
    }
}
