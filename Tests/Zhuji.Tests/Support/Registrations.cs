using System.Net;
using Zhuji.Api.Features.Registrations;

namespace Zhuji.Tests.Support;

/// <summary>Registering and approving members over HTTP, as the mini-program and the community do.</summary>
public static class Registrations
{
    private static int phoneSerial = 1000;

    public static string NewPhone() => $"139{Interlocked.Increment(ref phoneSerial):D8}";

    public static object Body(
        string communityId,
        string blockId,
        string? workUnitId,
        string? name = null,
        string? phone = null,
        string memberType = "InService",
        string[]? skills = null) => new
        {
            name = name ?? "张三",
            phone = phone ?? NewPhone(),
            memberType,
            workUnitId,
            communityId,
            blockId,
            building = "3幢",
            unit = "2单元",
            room = "301",
            skills = skills ?? ["法律咨询"],
        };

    public static Task<RegistrationDto> RegisterAsync(this HttpClient member, object body) =>
        member.PostJsonAsync("/api/v1/registrations", body).ReadAsync<RegistrationDto>(HttpStatusCode.Created);

    public static Task<RegistrationDto> ApproveAsync(this HttpClient admin, string registrationId) =>
        admin.PostAsync($"/api/v1/registrations/{registrationId}/approve", null).ReadAsync<RegistrationDto>(HttpStatusCode.OK);

    /// <summary>Many approved members at once (registered and approved over HTTP, a few at a time).</summary>
    public static async Task<List<(HttpClient Client, string MemberId, string OpenId)>> ApprovedMembersAsync(
        this ZhujiApiFactory factory, int count, string prefix, string communityId, string blockId, string? workUnitId)
    {
        var admin = await factory.CityAdminAsync();
        var result = new (HttpClient, string, string)[count];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var openId = $"{prefix}{i}";
                var member = await factory.LoginAsync(openId);
                var registration = await member.RegisterAsync(Body(communityId, blockId, workUnitId, name: $"党员{i}"));
                var approved = await admin.ApproveAsync(registration.Id);
                result[i] = (member, approved.MemberId!, openId);
            }
            finally
            {
                gate.Release();
            }
        }));
        return result.ToList();
    }

    /// <summary>A new WeChat user registers in the block and the city approves him; returns his (re-logged-in) client and member id.</summary>
    public static async Task<(HttpClient Client, string MemberId, string OpenId)> ApprovedMemberAsync(
        this ZhujiApiFactory factory, string openId, string communityId, string blockId, string? workUnitId, string memberType = "InService", string? phone = null, string? name = null)
    {
        var member = await factory.LoginAsync(openId);
        var registration = await member.RegisterAsync(Body(communityId, blockId, memberType == "Resident" ? null : workUnitId, name: name, phone: phone, memberType: memberType));
        var approved = await (await factory.CityAdminAsync()).ApproveAsync(registration.Id);
        return (await factory.LoginAsync(openId), approved.MemberId!, openId);
    }
}
