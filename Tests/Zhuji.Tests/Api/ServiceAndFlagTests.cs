using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Members;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>纪实 → 认定 → 亮旗, the ledger and the archive, with the business Clock moved by the test.</summary>
public class ServiceAndFlagTests() : CityApiTest(TestClock.Shanghai(2025, 12, 30, 10))
{
    [Test]
    public async Task HalfPastMidnightOnNewYearsDayInShanghaiEarnsAFlagOfTheNewYear()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("nye-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2025, 12, 31, 23), flags: 2));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);

        Clock.Set(TestClock.Shanghai(2026, 1, 1, 1));
        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2026, 1, 1, 0, 30)))
            .ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);

        var year2026 = await member.GetAsync("/api/v1/me/flags?year=2026").ReadJsonAsync(HttpStatusCode.OK);
        var year2025 = await member.GetAsync("/api/v1/me/flags?year=2025").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        var current = await member.GetAsync("/api/v1/me/flags").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(year2026["total"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(year2026["entries"]![0]!["servedAt"]!.GetValue<string>(), Is.EqualTo("2026-01-01T00:30:00+08:00"));
            Assert.That(year2025.Total, Is.EqualTo(0));
            Assert.That(current.Year, Is.EqualTo(2026), "the current year is Shanghai's, not UTC's (still 2025 there)");
        });
    }

    [Test]
    public async Task TheRecordComesAfterTheStartAndNeverFromTheFutureOrAnotherDay()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("rec-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2025, 12, 30, 14)));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);

        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2025, 12, 30, 10)))
            .ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        Clock.Set(TestClock.Shanghai(2025, 12, 30, 16));
        var future = await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2025, 12, 30, 18)))
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var otherDay = await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2025, 12, 29, 15)))
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var bad = await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", new { servedAt = TestClock.Shanghai(2025, 12, 30, 15), hours = 0, content = "", place = "", photoUrls = new[] { "ftp://x" } })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(future.Errors.Keys, Does.Contain("servedAt"));
            Assert.That(otherDay.Errors.Keys, Does.Contain("servedAt"));
            Assert.That(bad.Errors.Keys, Is.SupersetOf(new[] { "hours", "content", "place", "photoUrls[0]" }));
        });

        var photo = await member.UploadPhotoAsync();
        var recorded = await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2025, 12, 30, 15), photo))
            .ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Status, Is.EqualTo(ClaimStatus.Submitted));
            Assert.That(recorded.Record!.Hours, Is.EqualTo(2.5m));
            Assert.That(recorded.Record.PhotoUrls, Is.EqualTo(new[] { photo }));
        });
        await member.DeleteAsync($"/api/v1/claims/{claim.Id}").ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Test]
    public async Task TwoAdminsConfirmingAtOnceAwardOneFlagEntry()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("dup-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2025, 12, 30, 14), flags: 3));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2025, 12, 30, 18));
        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2025, 12, 30, 15))).ReadAsync<ClaimDto>(HttpStatusCode.OK);

        var cityAdmin = await Factory.CityAdminAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? CommunityAdmin : cityAdmin).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }))));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        }

        var flags = await member.GetAsync("/api/v1/me/flags?year=2025").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        Assert.Multiple(async () =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(flags.Total, Is.EqualTo(3));
            Assert.That(await db.FlagEntries.CountAsync(e => e.ClaimId == long.Parse(claim.Id)), Is.EqualTo(1));
            Assert.That(await db.AuditEntries.CountAsync(a => a.Action == "ClaimConfirmed" && a.EntityId == claim.Id), Is.EqualTo(1));
        });
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        _ = memberId;
    }

    [Test]
    public async Task RevocationLowersTheTotalAndKeepsBothEntries()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("rev-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var entryId = await ConfirmedFlagAsync(member, flags: 2, overrideFlags: 4);

        var before = await member.GetAsync("/api/v1/me/flags?year=2025").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        var adminB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", City.CommunityB);
        await adminB.PostJsonAsync($"/api/v1/flags/{entryId}/revoke", new { reason = "越权" }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await CommunityAdmin.PostJsonAsync($"/api/v1/flags/{entryId}/revoke", new { reason = "" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var revocation = await CommunityAdmin.PostJsonAsync($"/api/v1/flags/{entryId}/revoke", new { reason = "服务未实际开展" }).ReadAsync<FlagEntryDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/flags/{entryId}/revoke", new { reason = "再次撤销" }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await CommunityAdmin.PostJsonAsync($"/api/v1/flags/{revocation.Id}/revoke", new { reason = "撤销撤销" }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        var after = await member.GetAsync("/api/v1/me/flags?year=2025").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(before.Total, Is.EqualTo(4));
            Assert.That(after.Total, Is.EqualTo(0));
            Assert.That(after.Entries.Select(e => e.Flags), Is.EquivalentTo(new[] { 4, -4 }));
            Assert.That(after.Entries.Single(e => e.Kind == FlagEntryKind.Revocation).RevokesEntryId, Is.EqualTo(entryId));
            Assert.That(revocation.Reason, Is.EqualTo("服务未实际开展"));
        });
    }

    [Test]
    public async Task AClaimCanBeRejectedWithAReasonAndIsThenFinal()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("rj-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2025, 12, 30, 14)));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2025, 12, 30, 18));
        var rejected = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/reject", new { reason = "未到场" }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(rejected.RejectReason, Is.EqualTo("未到场"));
    }

    [Test]
    public async Task TheMembersCommunityConfirmsCityTasksButOtherCommunitiesCannot()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("ct-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await (await Factory.CityAdminAsync()).PublishAsync(TaskHelpers.Body("City", null, TestClock.Shanghai(2025, 12, 30, 14)));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2025, 12, 30, 18));

        var adminB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", City.CommunityB);
        var blockAdmin = await TestCity.AdminAsync(Factory, Unique("ba-"), "BlockAdmin", City.BlockA1);
        await adminB.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await blockAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var list = await CommunityAdmin.GetAsync($"/api/v1/tasks/{task.Id}/claims").ReadAsync<Page<TaskClaimDto>>(HttpStatusCode.OK);
        var listB = await adminB.GetAsync($"/api/v1/tasks/{task.Id}/claims").ReadAsync<Page<TaskClaimDto>>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(list.Items.Single().MemberPhone, Does.Not.Contain("*"));
            Assert.That(listB.Items, Is.Empty);
        });

        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2025, 12, 30, 15))).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        var confirmed = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { flags = 5 }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.That(confirmed.Status.ToString(), Is.EqualTo("Confirmed"));
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { flags = 6 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task ABlockAdminSeesHisBlocksClaimersWithMaskedPhones()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("mask-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var blockAdmin = await TestCity.AdminAsync(Factory, Unique("ba-"), "BlockAdmin", City.BlockA1);
        var task = await blockAdmin.PublishAsync(TaskHelpers.Body("Block", City.BlockA1, TestClock.Shanghai(2025, 12, 31, 9)));
        await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        var list = await blockAdmin.GetAsync($"/api/v1/tasks/{task.Id}/claims").ReadAsync<Page<TaskClaimDto>>(HttpStatusCode.OK);
        Assert.That(list.Items[0].MemberPhone, Does.Match(@"^1\d{2}\*{4}\d{4}$"));
    }

    [Test]
    public async Task TheCommunityEntersServiceOutsideATaskConfirmedAtOnce()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("svc-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var body = new { category = "CommunityActivity", title = "大党委兼职委员履职", servedAt = TestClock.Shanghai(2025, 12, 20, 9), hours = 2, content = "参加社区大党委会议", flags = 2 };
        var created = await CommunityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", body).ReadAsync<EnterServiceResponse>(HttpStatusCode.Created);

        var adminB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", City.CommunityB);
        await adminB.PostJsonAsync($"/api/v1/members/{memberId}/service-records", body).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var future = await CommunityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", body with { servedAt = TestClock.Shanghai(2026, 1, 5, 9) })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await CommunityAdmin.PostJsonAsync("/api/v1/members/987654/service-records", body).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");

        var flags = await member.GetAsync("/api/v1/me/flags?year=2025").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(future.Errors.Keys, Does.Contain("servedAt"));
            Assert.That(flags.Total, Is.EqualTo(2));
            Assert.That(flags.Entries[0].Id, Is.EqualTo(created.FlagEntryId));
            Assert.That(flags.Entries[0].Source, Is.EqualTo(FlagSource.ServiceRecord));
        });
    }

    [Test]
    public async Task TheArchiveIsForTheMemberHisCommunityHisUnitAndTheCityOnly()
    {
        var unitAdmin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", City.WorkUnit);
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("arc-"), City.CommunityA, City.BlockA1, City.WorkUnit, name: "档案人");
        await ConfirmedFlagAsync(member, flags: 3);

        var own = await member.GetAsync($"/api/v1/members/{memberId}/archive?year=2025").ReadAsync<ArchiveDto>(HttpStatusCode.OK);
        await CommunityAdmin.GetAsync($"/api/v1/members/{memberId}/archive?year=2025").ReadAsync<ArchiveDto>(HttpStatusCode.OK);
        await unitAdmin.GetAsync($"/api/v1/members/{memberId}/archive?year=2025").ReadAsync<ArchiveDto>(HttpStatusCode.OK);
        await (await Factory.CityAdminAsync()).GetAsync($"/api/v1/members/{memberId}/archive").ReadAsync<ArchiveDto>(HttpStatusCode.OK);

        var adminB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", City.CommunityB);
        var blockAdmin = await TestCity.AdminAsync(Factory, Unique("ba-"), "BlockAdmin", City.BlockA1);
        var otherMember = (await Factory.ApprovedMemberAsync(Unique("nosy-"), City.CommunityA, City.BlockA1, City.WorkUnit)).Client;
        foreach (var outsider in new[] { adminB, blockAdmin, otherMember })
        {
            await outsider.GetAsync($"/api/v1/members/{memberId}/archive").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        Assert.Multiple(() =>
        {
            Assert.That(own.Member.Name, Is.EqualTo("档案人"));
            Assert.That(own.Total, Is.EqualTo(3));
            Assert.That(own.FlagsByMonth[11], Is.EqualTo(3));
            Assert.That(own.FlagsByQuarter[3], Is.EqualTo(3));
            Assert.That(own.Threshold, Is.EqualTo(5));
            Assert.That(own.Compliant, Is.False);
            Assert.That(own.Services.Single().Status, Is.EqualTo(ClaimStatus.Confirmed));
            Assert.That(own.RegistrationHistory.Select(h => h.Kind), Is.EqualTo(new[] { RegistrationEventKind.Submitted, RegistrationEventKind.Approved }));
        });
    }

    [Test]
    public async Task FlagsStayWithTheMemberWhenHeMoves()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("mov-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        await ConfirmedFlagAsync(member, flags: 2);
        var moved = await member.PutJsonAsync("/api/v1/registrations/mine", Registrations.Body(City.CommunityB, City.BlockB1, City.WorkUnit)).ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        var adminB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", City.CommunityB);
        await adminB.ApproveAsync(moved.Id);

        var flags = await member.GetAsync("/api/v1/me/flags?year=2025").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        var archive = await adminB.GetAsync($"/api/v1/members/{memberId}/archive?year=2025").ReadAsync<ArchiveDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(flags.Total, Is.EqualTo(2));
            Assert.That(archive.Total, Is.EqualTo(2));
            Assert.That(archive.Member.CommunityId, Is.EqualTo(City.CommunityB));
        });
    }

    /// <summary>A task today, claimed, served, confirmed: returns the flag entry's id.</summary>
    private async Task<string> ConfirmedFlagAsync(HttpClient member, int flags, int? overrideFlags = null)
    {
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2025, 12, 30, 14), flags: flags));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2025, 12, 30, 18));
        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2025, 12, 30, 15))).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", overrideFlags is null ? new { } : new { flags = overrideFlags }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Clock.Set(TestClock.Shanghai(2025, 12, 30, 10));
        var mine = await member.GetAsync("/api/v1/me/flags?year=2025").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        return mine.Entries.First(e => e.TaskId == task.Id).Id;
    }

    private static object Record(DateTimeOffset servedAt, string? photo = null) => new
    {
        servedAt,
        hours = 2.5,
        content = "在小区南门发放反诈宣传资料 200 份",
        place = "小区南门",
        photoUrls = photo is null ? Array.Empty<string>() : [photo],
    };
}
