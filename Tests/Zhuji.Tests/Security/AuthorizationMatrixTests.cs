using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Auth;
using Zhuji.Api.Features.AdminAccounts;
using Zhuji.Api.Features.HelpGroups;
using Zhuji.Api.Features.Mall;
using Zhuji.Api.Features.Notices;
using Zhuji.Api.Features.Stewardships;
using Zhuji.Api.Features.Suggestions;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Features.Wishes;
using Zhuji.Api.Http;
using Zhuji.Domain.Compliance;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Security;

/// <summary>
/// Every endpoint is either on the anonymous allow-list or authenticated and scoped; every scoped endpoint,
/// tried by a caller from the wrong scope (another community, block, street or unit), answers 403 or 404.
/// </summary>
public class AuthorizationMatrixTests : ApiTest
{
    private static readonly string[] AnonymousAllowList = ["WeChatLogin", "PasswordLogin", "Health", "Liveness", "ServiceIndex", "BackOffice", "VerifyCertificate", "VerifyCertificateShortLink", "GetUploadForMediaCheck", "WeChatPush", "VerifyWeChatPush",
        "GetPrivacyNotice", "Readiness", "Metrics", "Favicon"];

    /// <summary>Endpoints that only ever touch the caller's own records and name no other one: no wrong scope to try.</summary>
    private static readonly string[] InherentlySelf =
    [
        "GetMe", "SubmitRegistration", "GetMyRegistration", "ChangeMyRegistration", "ListTasks", "ListMyClaims", "GetMyFlags",
        "ListMyWishes", "ListMyStewardships", "ListMySuggestions", "GetMyPoints", "ListMyRedemptions",
        "UploadPhoto", "IssueCertificate",
        "ListMyConsents", "GiveConsent", "WithdrawConsent", "GetMyPersonalData", "CancelMyAccount", "GetTotpStatus", "EnrolTotp", "ConfirmTotp",
        "ListMyWaitlist", "GetMyReliability", "ListMyNotices", "ListMyInvitations", "ReportService",
    ];

    /// <summary>
    /// Batches decide each item with the single endpoint's scope check: the call itself answers 200, and every item
    /// outside the caller's scope fails alone (<see cref="ABatchRefusesEveryItemOutsideTheCallersScope"/>).
    /// </summary>
    private static readonly string[] PerItemScope = ["ConfirmClaimsBatch", "RejectClaimsBatch", "ApproveRegistrationsBatch", "RejectRegistrationsBatch"];

    private Fixture f = null!;

    [OneTimeSetUp]
    public async Task BuildTwoScopesAsync() => f = await Fixture.CreateAsync(Factory);

    [Test]
    public void EveryEndpointIsAnonymousOnlyByTheAllowListAndOtherwiseAuthorizedAndScoped()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.That(endpoints, Has.Count.GreaterThan(70));
        Assert.Multiple(() =>
        {
            foreach (var endpoint in endpoints)
            {
                var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
                var pattern = endpoint.RoutePattern.RawText ?? "";
                if (pattern.StartsWith("/jobs", StringComparison.Ordinal))
                {
                    Assert.That(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.CityAdmin), Is.True, pattern);
                    continue;
                }

                Assert.That(name, Is.Not.Null, $"{pattern} has no name");
                if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
                {
                    Assert.That(AnonymousAllowList, Does.Contain(name), $"{name} ({pattern}) is anonymous but not on the allow-list");
                    continue;
                }

                Assert.That(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), Is.Not.Empty, $"{name} ({pattern}) has no authorization");
                Assert.That(endpoint.Metadata.GetMetadata<ScopedByMetadata>(), Is.Not.Null, $"{name} ({pattern}) declares no scope check");
            }
        });
    }

    [Test]
    public void EveryScopedEndpointHasAWrongScopeRow()
    {
        var scoped = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ScopedByMetadata>() is { Check: not ScopeCheck.AnyUser })
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName)
            .Except(InherentlySelf)
            .Except(PerItemScope)
            .ToList();
        var rows = Rows(Fixture.Empty).Select(r => r.Endpoint).ToHashSet();
        Assert.That(scoped.Where(name => !rows.Contains(name)), Is.Empty, "add a wrong-scope row for these endpoints");
    }

    [TestCaseSource(nameof(RowNames))]
    public async Task AWrongScopeCallerIsRefused(string endpoint)
    {
        foreach (var row in Rows(f).Where(r => r.Endpoint == endpoint))
        {
            var response = await row.Caller(f).SendAsync(row.Request(f));
            var text = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.AnyOf(403, 404), $"{endpoint}: {row.Request(f).Method} {row.Request(f).RequestUri} answered {(int)response.StatusCode} {text}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), endpoint);

            if (response.StatusCode == HttpStatusCode.NotFound && row.Control is { } control)
            {
                // The thing exists: its rightful owner is not told it does not.
                var owner = await control(f).SendAsync(row.Request(f));
                Assert.That((int)owner.StatusCode, Is.Not.AnyOf(403, 404), $"{endpoint}: the owner's control answered {(int)owner.StatusCode}");
            }
        }
    }

    [Test]
    public async Task ABatchRefusesEveryItemOutsideTheCallersScope()
    {
        var calls = new (string Url, object Body)[]
        {
            ("/api/v1/claims/confirm-batch", new { claimIds = new[] { f.ClaimB } }),
            ("/api/v1/claims/reject-batch", new { claimIds = new[] { f.ClaimB }, reason = "越权" }),
            ("/api/v1/registrations/approve-batch", new { registrationIds = new[] { f.PendingRegistrationB } }),
            ("/api/v1/registrations/reject-batch", new { registrationIds = new[] { f.PendingRegistrationB }, reason = "越权" }),
        };
        foreach (var (url, body) in calls)
        {
            var answer = await f.AdminA.PostJsonAsync(url, body).ReadJsonAsync(HttpStatusCode.OK);
            Assert.That(answer["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()), Is.All.EqualTo("forbidden"), url);
        }

        var pending = await f.AdminB.GetAsync($"/api/v1/communities/{f.CommunityB}/registrations?status=Pending").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(pending["items"]!.AsArray().Select(r => r!.Id()), Does.Contain(f.PendingRegistrationB), "nothing changed");
    }

    private static IEnumerable<string> RowNames() => Rows(Fixture.Empty).Select(r => r.Endpoint).Distinct();

    private sealed record Row(string Endpoint, Func<Fixture, HttpClient> Caller, Func<Fixture, HttpRequestMessage> Request, Func<Fixture, HttpClient>? Control = null);

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Delete(string url) => new(HttpMethod.Delete, url);

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body) => new(method, url)
    {
        Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body ?? new { }, HttpHelpers.Json), Encoding.UTF8, "application/json"),
    };

    private static HttpRequestMessage Post(string url, object? body = null) => Send(HttpMethod.Post, url, body);

    private static HttpRequestMessage Put(string url, object? body) => Send(HttpMethod.Put, url, body);

    /// <summary>Each scoped endpoint, tried from scope A against something of scope B (or of another member).</summary>
    private static IEnumerable<Row> Rows(Fixture x)
    {
        var start = DateTimeOffset.UtcNow.AddDays(3);
        yield return new("CreateRoleAssignment", f => f.AdminA, f => Post("/api/v1/role-assignments", new { openId = "x-matrix", role = "BlockAdmin", scopeId = f.BlockB1 }));
        yield return new("ListRoleAssignments", f => f.AdminA, f => Get($"/api/v1/role-assignments?role=BlockAdmin&scopeId={f.BlockB1}"));
        yield return new("ListRoleAssignments", f => f.MemberA, _ => Get("/api/v1/role-assignments"));
        yield return new("SearchRoleCandidates", f => f.MemberA, _ => Get("/api/v1/role-assignments/candidates?q=张"));
        yield return new("DeleteRoleAssignment", f => f.AdminA, f => Delete($"/api/v1/role-assignments/{f.RoleB}"));
        yield return new("CreateAdminAccount", f => f.AdminA, f => Post("/api/v1/admin-accounts", new { username = "matrixb", password = "password-long-1", displayName = "x", roles = new[] { new { role = "BlockAdmin", scopeId = f.BlockB1 } } }));
        yield return new("ChangeAdminPassword", f => f.MemberA, f => Put($"/api/v1/admin-accounts/{f.AccountB}/password", new { newPassword = "password-long-2" }));
        yield return new("ListAdminAccounts", f => f.MemberA, _ => Get("/api/v1/admin-accounts"));
        yield return new("DisableAdminAccount", f => f.AdminA, f => Post($"/api/v1/admin-accounts/{f.AccountB}/disable"));
        yield return new("EnableAdminAccount", f => f.StreetAdminA, f => Post($"/api/v1/admin-accounts/{f.AccountB}/enable"));
        yield return new("ResetAdminTotp", f => f.AdminA, f => Post($"/api/v1/admin-accounts/{f.AccountB}/totp/reset"));
        yield return new("CreateStreet", f => f.AdminA, _ => Post("/api/v1/streets", new { name = "越权街道" }));
        yield return new("CreateCommunity", f => f.StreetAdminA, f => Post("/api/v1/communities", new { name = "越权社区", streetId = f.StreetA }));
        yield return new("CreateBlock", f => f.AdminA, f => Post($"/api/v1/communities/{f.CommunityA}/blocks", new { name = "越权小区" }));
        yield return new("CreateWorkUnit", f => f.UnitAdminX, _ => Post("/api/v1/work-units", new { name = "越权单位", kind = "CityOrgan" }));
        yield return new("GetCommunityQrCode", f => f.AdminA, f => Get($"/api/v1/communities/{f.CommunityB}/qrcode"));
        yield return new("ApproveRegistration", f => f.StreetAdminA, f => Post($"/api/v1/registrations/{f.PendingRegistrationB}/approve"));
        yield return new("RejectRegistration", f => f.AdminA, f => Post($"/api/v1/registrations/{f.PendingRegistrationB}/reject", new { reason = "越权" }));
        yield return new("ListCommunityRegistrations", f => f.BlockAdminA1, f => Get($"/api/v1/communities/{f.CommunityB}/registrations"));
        yield return new("ListWorkUnitChanges", f => f.UnitAdminX, f => Get($"/api/v1/work-units/{f.UnitY}/changes"));
        yield return new("ImportRoster", f => f.UnitAdminX, f => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/work-units/{f.UnitY}/roster")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("姓名,手机号\n甲,13900000000\n")), "file", "r.csv" } },
        });
        yield return new("GetWorkUnitSummary", f => f.UnitAdminX, f => Get($"/api/v1/work-units/{f.UnitY}/summary"));
        yield return new("PublishTask", f => f.AdminA, f => Post("/api/v1/tasks", TaskHelpers.Body("Community", f.CommunityB, start)));
        yield return new("PublishTask", f => f.BlockAdminA1, f => Post("/api/v1/tasks", TaskHelpers.Body("Block", f.BlockA2, start)));
        yield return new("ListManagedTasks", f => f.MemberA, _ => Get("/api/v1/tasks/managed"));
        yield return new("GetTask", f => f.MemberA, f => Get($"/api/v1/tasks/{f.TaskB}"), f => f.MemberB);
        yield return new("CloseTask", f => f.AdminA, f => Post($"/api/v1/tasks/{f.TaskB}/close"));
        yield return new("CancelTask", f => f.BlockAdminA1, f => Post($"/api/v1/tasks/{f.TaskB}/cancel", new { reason = "越权" }));
        yield return new("ClaimTask", f => f.MemberA, f => Post($"/api/v1/tasks/{f.TaskB}/claims"));
        yield return new("ListTaskClaims", f => f.BlockAdminA1, f => Get($"/api/v1/tasks/{f.TaskB}/claims"));
        yield return new("CancelClaim", f => f.MemberA, f => Delete($"/api/v1/claims/{f.ClaimB}"));
        yield return new("RecordService", f => f.MemberA, f => Post($"/api/v1/claims/{f.ClaimB}/record", new { servedAt = DateTimeOffset.UtcNow, hours = 1, content = "x", place = "x" }), f => f.MemberB);
        yield return new("ConfirmClaim", f => f.AdminA, f => Post($"/api/v1/claims/{f.ClaimB}/confirm"));
        yield return new("RejectClaim", f => f.UnitAdminX, f => Post($"/api/v1/claims/{f.ClaimB}/reject", new { reason = "越权" }));
        yield return new("RevokeFlag", f => f.AdminA, f => Post($"/api/v1/flags/{f.FlagB}/revoke", new { reason = "越权" }));
        yield return new("GetMemberArchive", f => f.AdminA, f => Get($"/api/v1/members/{f.MemberBId}/archive"), f => f.AdminB);
        yield return new("GetMemberArchive", f => f.UnitAdminX, f => Get($"/api/v1/members/{f.MemberBId}/archive"), f => f.MemberB);
        yield return new("EnterServiceRecord", f => f.AdminA, f => Post($"/api/v1/members/{f.MemberBId}/service-records", new { category = "CommunityActivity", title = "x", servedAt = DateTimeOffset.UtcNow.AddDays(-1), hours = 1, content = "x", flags = 1 }));
        yield return new("SubmitWish", f => f.AdminA, f => Post("/api/v1/wishes", new { communityId = f.CommunityB, title = "x", description = "x", contactName = "x", contactPhone = "13900000000", channel = "Phone" }));
        yield return new("GetWish", f => f.MemberA, f => Get($"/api/v1/wishes/{f.WishB}"), f => f.Resident);
        yield return new("PublishWish", f => f.AdminA, f => Post($"/api/v1/wishes/{f.WishB}/publish", new { slots = 1, flags = 1, startsAt = start, endsAt = start.AddHours(1) }));
        yield return new("DeclineWish", f => f.AdminA, f => Post($"/api/v1/wishes/{f.WishB}/decline", new { reason = "越权" }));
        yield return new("WishFeedback", f => f.MemberA, f => Post($"/api/v1/wishes/{f.WishB}/feedback", new { rating = 1 }), f => f.Resident);
        yield return new("ListCommunityWishes", f => f.AdminA, f => Get($"/api/v1/communities/{f.CommunityB}/wishes"));
        yield return new("CreateHelpGroup", f => f.AdminA, f => Post("/api/v1/help-groups", new { communityId = f.CommunityB, name = "越权团" }));
        yield return new("JoinHelpGroup", f => f.MemberA, f => Post($"/api/v1/help-groups/{f.GroupB}/members"));
        yield return new("LeaveHelpGroup", f => f.MemberA, f => Delete($"/api/v1/help-groups/{f.GroupB}/members"));
        yield return new("RemoveHelpGroupMember", f => f.AdminA, f => Delete($"/api/v1/help-groups/{f.GroupB}/members/{f.MemberBId}"));
        yield return new("AppointHelpGroupLeader", f => f.AdminA, f => Put($"/api/v1/help-groups/{f.GroupB}/leader", new { memberId = f.MemberBId }));
        yield return new("ApplyStewardship", f => f.MemberA, f => Post("/api/v1/stewardships", new { blockId = f.BlockB1, target = "1幢1单元", kind = "Facility" }));
        yield return new("ListStewardships", f => f.AdminA, f => Get($"/api/v1/stewardships?communityId={f.CommunityB}"));
        yield return new("ApproveStewardship", f => f.BlockAdminA1, f => Post($"/api/v1/stewardships/{f.StewardshipB}/approve"));
        yield return new("RejectStewardship", f => f.AdminA, f => Post($"/api/v1/stewardships/{f.StewardshipB}/reject", new { reason = "越权" }));
        yield return new("AwardStewardship", f => f.AdminA, f => Post($"/api/v1/stewardships/{f.StewardshipB}/award", new { flags = 1 }));
        yield return new("SetStewardshipSettings", f => f.AdminA, f => Put($"/api/v1/communities/{f.CommunityB}/stewardship-settings", new { stewardsPerTarget = 3 }));
        yield return new("SubmitSuggestion", f => f.MemberA, f => Post("/api/v1/suggestions", new { communityId = f.CommunityB, title = "x", content = "x" }));
        yield return new("ReplySuggestion", f => f.AdminA, f => Post($"/api/v1/suggestions/{f.SuggestionB}/reply", new { reply = "x", adopt = true, flags = 5 }));
        yield return new("ListCommunitySuggestions", f => f.StreetAdminA, f => Get($"/api/v1/communities/{f.CommunityB}/suggestions"));
        yield return new("ListComplianceResults", f => f.UnitAdminX, f => Get($"/api/v1/compliance?workUnitId={f.UnitY}"));
        yield return new("ListComplianceResults", f => f.AdminA, f => Get($"/api/v1/compliance?communityId={f.CommunityB}"));
        yield return new("RunComplianceCheck", f => f.AdminA, _ => Post($"/api/v1/compliance/{DateTime.UtcNow.Year - 1}/run"));
        yield return new("GetComplianceRun", f => f.AdminA, _ => Get("/api/v1/compliance/runs/1"));
        yield return new("GetTodayStats", f => f.AdminA, _ => Get("/api/v1/stats/today"));
        yield return new("ListWorkUnitMembers", f => f.UnitAdminX, f => Get($"/api/v1/work-units/{f.UnitY}/members"));
        yield return new("ListWorkUnitReports", f => f.UnitAdminX, f => Get($"/api/v1/work-units/{f.UnitY}/reports"));
        yield return new("DownloadReport", f => f.UnitAdminX, f => Get($"/api/v1/reports/{f.ReportY}/file"), f => f.UnitAdminY);
        yield return new("GetReport", f => f.UnitAdminX, f => Get($"/api/v1/reports/{f.ReportY}"), f => f.UnitAdminY);
        yield return new("RequestWorkUnitReport", f => f.UnitAdminX, f => Post($"/api/v1/work-units/{f.UnitY}/reports", new { kind = "Quarterly", year = DateTime.UtcNow.Year, quarter = 1 }));
        yield return new("RequestCityReport", f => f.AdminA, _ => Post("/api/v1/reports/city", new { kind = "Annual", year = DateTime.UtcNow.Year - 1 }));
        yield return new("ListReports", f => f.UnitAdminX, _ => Get("/api/v1/reports"));
        yield return new("GetCityStats", f => f.AdminA, _ => Get("/api/v1/stats/city"));
        yield return new("GetWorkUnitStats", f => f.StreetAdminA, _ => Get("/api/v1/stats/work-units"));
        yield return new("GetCommunityStats", f => f.UnitAdminX, _ => Get("/api/v1/stats/communities"));
        yield return new("UpdateStreet", f => f.StreetAdminA, f => Put($"/api/v1/streets/{f.StreetA}", new { name = "越权" }));
        yield return new("DeleteStreet", f => f.StreetAdminA, f => Delete($"/api/v1/streets/{f.StreetA}"));
        yield return new("UpdateCommunity", f => f.AdminA, f => Put($"/api/v1/communities/{f.CommunityA}", new { name = "越权", streetId = f.StreetA }));
        yield return new("DeleteCommunity", f => f.StreetAdminA, f => Delete($"/api/v1/communities/{f.CommunityA}"));
        yield return new("UpdateBlock", f => f.AdminA, f => Put($"/api/v1/blocks/{f.BlockA2}", new { name = "越权" }));
        yield return new("DeleteBlock", f => f.AdminA, f => Delete($"/api/v1/blocks/{f.BlockA2}"));
        yield return new("UpdateWorkUnit", f => f.UnitAdminX, f => Put($"/api/v1/work-units/{f.UnitY}", new { name = "越权", kind = "CityOrgan" }));
        yield return new("DeleteWorkUnit", f => f.UnitAdminY, f => Delete($"/api/v1/work-units/{f.UnitY}"));
        yield return new("UpdateTask", f => f.AdminA, f => Put($"/api/v1/tasks/{f.TaskB}", new
        {
            title = "越权",
            location = "x",
            startsAt = start,
            endsAt = start.AddHours(1),
            slots = 5,
            flags = 1,
            knowledgeType = "Basic",
            skills = Array.Empty<string>(),
            allowGroupClaims = false,
        }));
        yield return new("ListClaimQueue", f => f.AdminA, f => Get($"/api/v1/claims?communityId={f.CommunityB}"));
        yield return new("ListClaimQueue", f => f.UnitAdminX, _ => Get("/api/v1/claims"));
        yield return new("ListCommunityMembers", f => f.AdminA, f => Get($"/api/v1/communities/{f.CommunityB}/members"));
        yield return new("ListCommunityConsents", f => f.AdminA, f => Get($"/api/v1/communities/{f.CommunityB}/consents"));
        yield return new("ListRoster", f => f.UnitAdminX, f => Get($"/api/v1/work-units/{f.UnitY}/roster"));
        yield return new("OpenJobsSession", f => f.AdminA, _ => Post("/api/v1/auth/jobs-session"));
        yield return new("ListAuditEntries", f => f.UnitAdminX, _ => Get("/api/v1/audit"));
        yield return new("CheckTallies", f => f.UnitAdminX, _ => Get("/api/v1/admin/tallies/check"));
        yield return new("CreateMerchant", f => f.AdminA, f => Post("/api/v1/merchants", new { name = "越权商家", kind = "Shop", communityIds = new[] { f.CommunityB } }));
        yield return new("ListMerchants", f => f.UnitAdminX, _ => Get("/api/v1/merchants"));
        yield return new("ListMerchantRedemptions", f => f.AdminA, f => Get($"/api/v1/merchants/{f.MerchantB}/redemptions"), f => f.AdminB);
        yield return new("GetMerchantStatement", f => f.AdminA, f => Get($"/api/v1/merchants/{f.MerchantB}/statements?month={DateTime.UtcNow:yyyy-MM}"), f => f.AdminB);
        yield return new("CreateMallItem", f => f.AdminA, f => Post("/api/v1/mall/items", MallItem(f.MerchantB, f.CommunityB)));
        yield return new("ReviseMallItem", f => f.AdminA, f => Put($"/api/v1/mall/items/{f.ItemB}", MallItem(f.MerchantB, f.CommunityB)));
        yield return new("WithdrawMallItem", f => f.AdminA, f => Post($"/api/v1/mall/items/{f.ItemB}/withdraw"));
        yield return new("Redeem", f => f.MemberA, f => Post($"/api/v1/mall/items/{f.ItemB}/redemptions", new { quantity = 1 }), f => f.MemberB);
        yield return new("CancelRedemption", f => f.MemberA, f => Post($"/api/v1/redemptions/{f.RedemptionB}/cancel"));
        yield return new("VerifyRedemption", f => f.AdminA, f => Post("/api/v1/redemptions/verify", new { code = f.CodeB }));
        yield return new("GetRedemptionQrCode", f => f.MemberA, f => Get($"/api/v1/redemptions/{f.RedemptionB}/qrcode.png"), f => f.MemberB);
        yield return new("GetCheckInCode", f => f.AdminA, f => Get($"/api/v1/tasks/{f.TaskB}/checkin-code"));
        yield return new("GetCheckInCode", f => f.MemberB, f => Get($"/api/v1/tasks/{f.TaskB}/checkin-code"));
        yield return new("GetCheckInCodeQr", f => f.AdminA, f => Get($"/api/v1/tasks/{f.TaskB}/checkin-code.png"));
        yield return new("CheckIn", f => f.MemberA, f => Post($"/api/v1/claims/{f.ClaimB}/check-in", new { code = "123456" }));
        yield return new("CheckOut", f => f.MemberA, f => Post($"/api/v1/claims/{f.ClaimB}/check-out", new { code = "123456" }));
        yield return new("GetUpload", f => f.MemberA, f => Get(f.PhotoB), f => f.MemberB);
        yield return new("GetUpload", f => f.AdminB, f => Get(f.PhotoB), f => f.MemberB);
        yield return new("GetUploadThumbnail", f => f.MemberA, f => Get(f.PhotoB + "/thumbnail"), f => f.MemberB);
        yield return new("GetCertificateFile", f => f.MemberA, f => Get($"/api/v1/certificates/{f.CertificateB}/file"), f => f.MemberB);
        yield return new("GetCertificateFile", f => f.UnitAdminX, f => Get($"/api/v1/certificates/{f.CertificateB}/file"), f => f.AdminB);
        yield return new("JoinWaitlist", f => f.MemberA, f => Post($"/api/v1/tasks/{f.TaskB}/waitlist"), f => f.MemberB);
        yield return new("LeaveWaitlist", f => f.MemberA, f => Delete($"/api/v1/tasks/{f.TaskB}/waitlist"));
        yield return new("GetTaskSeries", f => f.AdminA, f => Get($"/api/v1/task-series/{f.SeriesB}"), f => f.AdminB);
        yield return new("UpdateTaskSeries", f => f.AdminA, f => Put($"/api/v1/task-series/{f.SeriesB}", new
        {
            title = "越权", location = "x", startsAt = start, endsAt = start.AddHours(1), slots = 5, flags = 1, until = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }));
        yield return new("InviteMembers", f => f.AdminA, f => Post($"/api/v1/tasks/{f.TaskB}/invitations"));
        yield return new("ListTaskWaitlist", f => f.AdminA, f => Get($"/api/v1/tasks/{f.TaskB}/waitlist"));
        yield return new("MarkNoShow", f => f.AdminA, f => Post($"/api/v1/claims/{f.ClaimB}/no-show"));
        yield return new("PublishNotice", f => f.AdminA, f => Post("/api/v1/notices", new { title = "越权", body = "越权", audience = new { communityId = f.CommunityB } }));
        yield return new("PublishNotice", f => f.AdminA, f => Post("/api/v1/notices", new { title = "越权", body = "越权", audience = new { taskId = f.TaskB } }));
        yield return new("PublishNotice", f => f.AdminA, f => Post("/api/v1/notices", new { title = "越权", body = "越权", audience = new { helpGroupId = f.GroupB } }));
        yield return new("ListNotices", f => f.MemberA, _ => Get("/api/v1/notices"));
        yield return new("GetNotice", f => f.AdminA, f => Get($"/api/v1/notices/{f.NoticeB}"), f => f.AdminB);
        yield return new("ListNoticeRecipients", f => f.UnitAdminX, f => Get($"/api/v1/notices/{f.NoticeB}/recipients"), f => f.AdminB);
        yield return new("ReadNotice", f => f.MemberA, f => Post($"/api/v1/notices/{f.NoticeB}/read"), f => f.MemberB);
        yield return new("AppraiseMember", f => f.AdminA, f => Post($"/api/v1/members/{f.MemberBId}/appraisals", new { year = DateTime.UtcNow.Year, grade = "优秀" }));
        yield return new("ListCommunityAppraisals", f => f.AdminA, f => Get($"/api/v1/communities/{f.CommunityB}/appraisals"));
        _ = x;
    }

    private static object MallItem(string merchant, string community) =>
        new { merchantId = merchant, communityId = community, title = "越权商品", points = 5, stock = 10, perMemberLimit = 5, kind = "Goods" };

    /// <summary>Two scopes: A (where the callers are) and B (what they try to touch).</summary>
    private sealed class Fixture
    {
        public static readonly Fixture Empty = new();

        public HttpClient AdminA = null!, AdminB = null!, StreetAdminA = null!, BlockAdminA1 = null!, UnitAdminX = null!, UnitAdminY = null!;
        public HttpClient MemberA = null!, MemberB = null!, Resident = null!;
        public string StreetA = "", CommunityA = "", CommunityB = "", BlockA2 = "", BlockB1 = "", UnitY = "", MemberBId = "";
        public string RoleB = "", AccountB = "", PendingRegistrationB = "", TaskB = "", ClaimB = "", FlagB = "", WishB = "", GroupB = "";
        public string StewardshipB = "", SuggestionB = "", ReportY = "", MerchantB = "", ItemB = "", RedemptionB = "", CodeB = "";
        public string PhotoB = "", CertificateB = "", NoticeB = "", SeriesB = "";

        public static async Task<Fixture> CreateAsync(ZhujiApiFactory factory)
        {
            var city = await TestCity.CreateAsync(factory);
            var x = new Fixture
            {
                StreetA = city.StreetA,
                CommunityA = city.CommunityA,
                CommunityB = city.CommunityB,
                BlockA2 = city.BlockA2,
                BlockB1 = city.BlockB1,
                UnitY = city.OtherWorkUnit,
                AdminA = await TestCity.AdminAsync(factory, "mx-admin-a", "CommunityAdmin", city.CommunityA),
                AdminB = await TestCity.AdminAsync(factory, "mx-admin-b", "CommunityAdmin", city.CommunityB),
                StreetAdminA = await TestCity.AdminAsync(factory, "mx-street-a", "StreetAdmin", city.StreetA),
                BlockAdminA1 = await TestCity.AdminAsync(factory, "mx-block-a1", "BlockAdmin", city.BlockA1),
                UnitAdminX = await TestCity.AdminAsync(factory, "mx-unit-x", "WorkUnitAdmin", city.WorkUnit),
                UnitAdminY = await TestCity.AdminAsync(factory, "mx-unit-y", "WorkUnitAdmin", city.OtherWorkUnit),
                Resident = await factory.LoginAsync("mx-resident"),
            };
            (x.MemberA, _, _) = await factory.ApprovedMemberAsync("mx-member-a", city.CommunityA, city.BlockA1, city.WorkUnit);
            (x.MemberB, x.MemberBId, _) = await factory.ApprovedMemberAsync("mx-member-b", city.CommunityB, city.BlockB1, city.OtherWorkUnit);
            var cityAdmin = await factory.CityAdminAsync();

            x.RoleB = (await x.AdminB.PostJsonAsync("/api/v1/role-assignments", new { openId = "mx-block-b1", role = "BlockAdmin", scopeId = city.BlockB1 }).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
            x.AccountB = (await cityAdmin.PostJsonAsync("/api/v1/admin-accounts", new { username = "mxaccountb", password = "password-long-1", displayName = "B", roles = new[] { new { role = "CommunityAdmin", scopeId = city.CommunityB } } })
                .ReadAsync<AdminAccountCreatedResponse>(HttpStatusCode.Created)).Id;
            x.PendingRegistrationB = (await (await factory.LoginAsync("mx-pending-b")).RegisterAsync(Registrations.Body(city.CommunityB, city.BlockB1, city.OtherWorkUnit))).Id;

            var body = TaskHelpers.Body("Community", city.CommunityB, DateTimeOffset.UtcNow.AddDays(2));
            body["allowGroupClaims"] = true;
            x.TaskB = (await x.AdminB.PublishAsync(body)).Id;
            x.ClaimB = (await x.MemberB.ClaimAsync(x.TaskB).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
            x.FlagB = (await x.AdminB.PostJsonAsync($"/api/v1/members/{x.MemberBId}/service-records",
                new { category = "CommunityActivity", title = "服务", servedAt = DateTimeOffset.UtcNow.AddDays(-1), hours = 1, content = "服务", flags = 1 })
                .ReadJsonAsync(HttpStatusCode.Created))["flagEntryId"]!.GetValue<string>();
            x.WishB = (await x.Resident.PostJsonAsync("/api/v1/wishes", new { communityId = city.CommunityB, title = "心愿", description = "心愿", contactName = "王", contactPhone = "13600001111", channel = "MiniProgram" })
                .ReadAsync<WishDto>(HttpStatusCode.Created)).Id;
            x.GroupB = (await x.AdminB.PostJsonAsync("/api/v1/help-groups", new { communityId = city.CommunityB, name = "B团", leaderMemberId = x.MemberBId })
                .ReadAsync<HelpGroupDto>(HttpStatusCode.Created)).Id;
            x.StewardshipB = (await x.MemberB.PostJsonAsync("/api/v1/stewardships", new { blockId = city.BlockB1, target = "2幢1单元", kind = "Stairwell" })
                .ReadAsync<StewardshipDto>(HttpStatusCode.Created)).Id;
            x.SuggestionB = (await x.MemberB.PostJsonAsync("/api/v1/suggestions", new { communityId = city.CommunityB, title = "建议", content = "建议" })
                .ReadAsync<SuggestionDto>(HttpStatusCode.Created)).Id;

            x.MerchantB = (await x.AdminB.PostJsonAsync("/api/v1/merchants", new { name = "B社区超市", kind = "Shop", communityIds = new[] { city.CommunityB } })
                .ReadAsync<MerchantDto>(HttpStatusCode.Created)).Id;
            x.ItemB = (await x.AdminB.PostJsonAsync("/api/v1/mall/items", MallItem(x.MerchantB, city.CommunityB)).ReadAsync<MallItemDto>(HttpStatusCode.Created)).Id;
            var redemption = await x.MemberB.PostJsonAsync($"/api/v1/mall/items/{x.ItemB}/redemptions", new { quantity = 1 }).ReadAsync<RedemptionDto>(HttpStatusCode.Created);
            (x.RedemptionB, x.CodeB) = (redemption.Id, redemption.Code!);
            x.PhotoB = new Uri(await x.MemberB.UploadPhotoAsync()).AbsolutePath;
            // 09:00 Beijing two days on: a recurring task may not cross midnight, whatever the hour the suite runs.
            var day = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(2);
            var series = TaskHelpers.Body("Community", city.CommunityB, TestClock.Shanghai(day.Year, day.Month, day.Day, 9));
            series["recurrence"] = new { frequency = "Daily", until = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
            x.SeriesB = (await x.AdminB.PostJsonAsync("/api/v1/tasks", series).ReadJsonAsync(HttpStatusCode.Created)).Id("seriesId");
            x.NoticeB = (await x.AdminB.PostJsonAsync("/api/v1/notices", new { title = "B通知", body = "B社区通知", audience = new { communityId = city.CommunityB } })
                .ReadAsync<NoticeDto>(HttpStatusCode.Created)).Id;
            x.CertificateB = (await x.MemberB.PostJsonAsync("/api/v1/me/certificates", new { year = DateTime.UtcNow.Year }).ReadJsonAsync(HttpStatusCode.Created))["serial"]!.GetValue<string>();

            await using (var scope = factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<WorkUnitReportJob>().GenerateAsync(ReportKind.Annual, DateTime.UtcNow.Year, 0, CancellationToken.None);
            }

            var reports = await x.UnitAdminY.GetAsync($"/api/v1/work-units/{city.OtherWorkUnit}/reports").ReadJsonAsync(HttpStatusCode.OK);
            x.ReportY = reports["items"]!.AsArray()[0]!.Id();
            return x;
        }
    }
}
