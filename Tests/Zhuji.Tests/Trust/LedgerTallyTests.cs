using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Registrations;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>
/// The ledger's summary tables (what a unit's and the city's figures read instead of the ledger) always equal the
/// ledger's sums: after random awards and revocations over HTTP, members approved before and after the cutoff, a
/// member turned resident and back, the tallies match the ledger line for line, the city's standing matches a
/// member-by-member count, and a rebuild from the ledger gives the same rows.
/// </summary>
public class LedgerTallyTests : ApiTest
{
    private readonly TestClock clock = new(TestClock.Shanghai(2026, 3, 2, 10));

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(clock: clock));

    [Test]
    public async Task AfterRandomAwardsAndRevocationsTheTalliesEqualTheLedger()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await Factory.CityAdminAsync();
        var random = new Random(17);

        // Approved in March (evaluated this year), two residents, and three approved after the 1 October cutoff.
        var members = new List<(HttpClient Client, string Id)>();
        for (var i = 0; i < 9; i++)
        {
            var (client, id, _) = await Factory.ApprovedMemberAsync(Unique("tally-"), i % 2 == 0 ? city.CommunityA : city.CommunityB,
                i % 2 == 0 ? city.BlockA1 : city.BlockB1, city.WorkUnit, memberType: i < 7 ? "InService" : "Resident");
            members.Add((client, id));
        }

        clock.Set(TestClock.Shanghai(2026, 10, 9, 10));
        for (var i = 0; i < 3; i++)
        {
            var (client, id, _) = await Factory.ApprovedMemberAsync(Unique("late-"), city.CommunityA, city.BlockA1, city.WorkUnit);
            members.Add((client, id));
        }

        clock.Set(TestClock.Shanghai(2026, 11, 20, 10));
        var awarded = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var member = members[random.Next(members.Count)];
            var served = TestClock.Shanghai(random.Next(4) == 0 ? 2025 : 2026, random.Next(1, 11), random.Next(1, 28), 9);
            var created = await admin.PostJsonAsync($"/api/v1/members/{member.Id}/service-records", new
            {
                category = "CommunityActivity",
                title = $"志愿服务{i}",
                servedAt = served,
                hours = 2,
                content = "入户走访",
                flags = random.Next(1, 4),
            }).ReadJsonAsync(HttpStatusCode.Created);
            awarded.Add(created["flagEntryId"]!.GetValue<string>());

            if (i % 4 == 3)
            {
                var revoked = awarded[random.Next(awarded.Count)];
                awarded.Remove(revoked);
                await admin.PostJsonAsync($"/api/v1/flags/{revoked}/revoke", new { reason = "服务未实际开展" }).ReadAsync<FlagEntryDto>(HttpStatusCode.OK);
            }
        }

        // One in-service member with flags becomes a resident, one resident becomes in service.
        await ChangeTypeAsync(members[0].Client, admin, "Resident", null, city);
        await ChangeTypeAsync(members[7].Client, admin, "InService", city.WorkUnit, city);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var ledgerYears = await db.FlagEntries.GroupBy(f => new { f.MemberId, f.PeriodYear })
            .Select(g => new { g.Key.MemberId, Year = g.Key.PeriodYear, Flags = g.Sum(f => f.Flags) }).ToListAsync();
        var talliedYears = await db.MemberFlagYears.Select(y => new { y.MemberId, y.Year, y.Flags }).ToListAsync();
        var ledgerMonths = await db.FlagEntries.GroupBy(f => new { f.CommunityId, f.PeriodYear, f.PeriodMonth })
            .Select(g => new { g.Key.CommunityId, Year = g.Key.PeriodYear, Month = g.Key.PeriodMonth, Flags = g.Sum(f => f.Flags) }).ToListAsync();
        var talliedMonths = await db.CommunityFlagMonths.Select(m => new { m.CommunityId, m.Year, m.Month, m.Flags }).ToListAsync();
        Assert.That(await db.FlagEntries.CountAsync(f => f.Kind == FlagEntryKind.Revocation), Is.EqualTo(15), "revocations were written");
        Assert.That(talliedYears, Is.EquivalentTo(ledgerYears), "a member's year is the sum of his lines");
        Assert.That(talliedMonths, Is.EquivalentTo(ledgerMonths), "a community's month is the sum of its lines");

        // The city's figures against a member-by-member count from the ledger.
        var policy = CompliancePolicy.Default;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var year in new[] { 2025, 2026 })
        {
            var totals = ledgerYears.Where(y => y.Year == year).ToDictionary(y => y.MemberId, y => y.Flags);
            var states = (await db.Members.Select(m => new { m.Id, m.MemberType, m.FirstApprovedAt }).ToListAsync())
                .Where(m => m.MemberType == MemberType.InService)
                .Select(m => Progress.Today(totals.GetValueOrDefault(m.Id), year, now, policy.IsEvaluated(m.MemberType, m.FirstApprovedAt, year), policy).State).ToList();
            var stats = await admin.GetAsync($"/api/v1/stats/city?year={year}").ReadJsonAsync(HttpStatusCode.OK);
            int Figure(string name) => stats[name]!.GetValue<int>();
            Assert.Multiple(() =>
            {
                Assert.That(Figure("flagsAwarded"), Is.EqualTo(totals.Values.Sum()), $"{year}: flags awarded");
                Assert.That(stats["flagsByMonth"]!.AsArray().Select(m => m!.GetValue<int>()),
                    Is.EqualTo(Enumerable.Range(1, 12).Select(month => ledgerMonths.Where(m => m.Year == year && m.Month == month).Sum(m => m.Flags))), $"{year}: by month");
                Assert.That((Figure("evaluated"), Figure("reached"), Figure("onTrack"), Figure("behind")),
                    Is.EqualTo((states.Count(s => s != ProgressState.NotEvaluated), states.Count(s => s == ProgressState.Reached),
                        states.Count(s => s == ProgressState.OnTrack), states.Count(s => s == ProgressState.Behind))), $"{year}: standing");
            });
        }

        Assert.That(ledgerYears.Where(y => y.Year == 2026).Count(y => y.Flags >= 5), Is.GreaterThan(0), "someone reached the threshold");

        // Kept save by save, every tally is the one a rebuild from the tables makes.
        await Tallies.AssertKeptExactlyAsync(Factory);
    }

    [Test]
    public async Task AnotherThresholdAtStartUpRebuildsTheTallies()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        Assert.That(await TallyMaintenance.EnsureBuiltAsync(db, new TallyCatalog(CompliancePolicy.Default), clock, CancellationToken.None), Is.False, "built at start-up");
        var six = new TallyCatalog(CompliancePolicy.Default with { AnnualThreshold = 6 });
        Assert.That(await TallyMaintenance.EnsureBuiltAsync(db, six, clock, CancellationToken.None), Is.True);
        Assert.That(await db.TallyStates.Select(s => s.Policy).SingleAsync(), Is.EqualTo($"v{TallyCatalog.Version};6:10-01"));
        Assert.That(await TallyMaintenance.EnsureBuiltAsync(db, new TallyCatalog(CompliancePolicy.Default), clock, CancellationToken.None), Is.True);
    }

    private static async Task ChangeTypeAsync(HttpClient member, HttpClient admin, string memberType, string? workUnitId, TestCity city)
    {
        var mine = await member.GetAsync("/api/v1/registrations/mine").ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        var body = Registrations.Body(mine.CommunityId, mine.BlockId, workUnitId,
            name: mine.Name, phone: mine.Phone, memberType: memberType);
        var changed = await member.PutJsonAsync("/api/v1/registrations/mine", body).ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        if (changed.Status.ToString() == "Pending")
        {
            await admin.ApproveAsync(changed.Id);
        }

        Assert.That((await member.GetAsync("/api/v1/registrations/mine").ReadJsonAsync(HttpStatusCode.OK))["memberType"]!.GetValue<string>(), Is.EqualTo(memberType), city.CommunityA);
    }
}
