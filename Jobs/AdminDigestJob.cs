using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Jobs;

/// <summary>
/// Every morning: each admin who has bound WeChat and may confirm service is told how many records wait in his
/// queue (the same claims the back office's 待认定 shows him: his tier's tasks and his communities' members).
/// Nobody is told "0". No retries: a second run would tell him twice.
/// </summary>
[AutomaticRetry(Attempts = 0)]
[DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
public sealed class AdminDigestJob(
    ZhujiDbContext db,
    IWeChatClient wechat,
    IOptions<WeChatOptions> wechatOptions,
    TimeProvider clock,
    ILogger<AdminDigestJob> logger)
{
    public const string Page = "pages/admin/queue";

    public async Task<ReminderRunResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!wechatOptions.Value.Templates.TryGetValue(NotificationPurpose.AdminDigest.ToString(), out var template) || string.IsNullOrEmpty(template.Id))
        {
            return new ReminderRunResult(0, 0, 0);
        }

        var admins = await (from r in db.RoleAssignments
                            where r.Role == Role.CityAdmin || r.Role == Role.StreetAdmin || r.Role == Role.CommunityAdmin || r.Role == Role.BlockAdmin
                            join u in db.Users on r.UserId equals u.Id
                            where u.OpenId != null
                            select new { r.UserId, r.Role, r.ScopeId, OpenId = u.OpenId! }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var tally = new ReminderTally();
        foreach (var admin in admins.GroupBy(a => (a.UserId, a.OpenId)))
        {
            var waiting = await WaitingAsync(admin.Select(a => new Grant(a.Role, a.ScopeId)).ToList(), cancellationToken);
            if (waiting == 0)
            {
                continue;
            }

            var fields = new Dictionary<string, string>
            {
                ["title"] = $"{waiting} 条服务纪实待认定",
                ["time"] = ShanghaiTime.Describe(now),
                ["reason"] = "请及时审核认定",
                ["status"] = "待认定",
            };
            var data = SendNotificationJob.Fill(template, fields);
            try
            {
                var result = await wechat.SendSubscribeAsync(new SubscribeMessage(admin.Key.OpenId, template.Id, Page, data), cancellationToken);
                tally.Add(result);
            }
            catch (WeChatException e)
            {
                logger.LogWarning("Digest to user {UserId} not sent: WeChat unavailable (errcode {ErrCode})", admin.Key.UserId, e.ErrCode);
                tally.Failed++;
            }
        }

        logger.LogInformation("Admin digest: {Sent} sent, {NotSubscribed} not subscribed, {Failed} failed", tally.Sent, tally.NotSubscribed, tally.Failed);
        return tally.Result;
    }

    /// <summary>The submitted records these grants may decide (see <see cref="ClaimRules.MayDecide"/>).</summary>
    private async Task<int> WaitingAsync(IReadOnlyList<Grant> grants, CancellationToken cancellationToken)
    {
        var submitted = db.Claims.AsNoTracking().Where(c => c.Status == ClaimStatus.Submitted);
        if (ScopeRules.IsCityAdmin(grants))
        {
            return await submitted.CountAsync(cancellationToken);
        }

        var streets = grants.Where(g => g.Role == Role.StreetAdmin).Select(g => g.ScopeId!.Value).ToList();
        var communities = grants.Where(g => g.Role == Role.CommunityAdmin).Select(g => g.ScopeId!.Value).ToList();
        communities.AddRange(await db.Communities.Where(c => streets.Contains(c.StreetId)).Select(c => c.Id).ToListAsync(cancellationToken));
        var blocks = grants.Where(g => g.Role == Role.BlockAdmin).Select(g => g.ScopeId!.Value);
        return await submitted.DecidableBy(db, communities, blocks).CountAsync(cancellationToken);
    }
}
