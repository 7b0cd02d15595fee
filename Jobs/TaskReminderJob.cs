using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Jobs;

/// <summary>
/// Every 10 minutes: a subscribe message to each member whose claimed task (or shift) starts within a day, and
/// again within two hours (<see cref="TaskReminders.Due"/>). Each reminder is sent at most once per claim: its
/// <see cref="TaskReminderLog"/> row (unique per claim and kind) is committed before the send, so a rerun, a
/// retry or a second server finds it and moves on. "Not subscribed" (43101) is an outcome, not a failure; when
/// WeChat is down the row is taken back so the next run tries again.
/// </summary>
[AutomaticRetry(Attempts = 0)]
[DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
public sealed class TaskReminderJob(
    ZhujiDbContext db,
    IWeChatClient wechat,
    IOptions<WeChatOptions> wechatOptions,
    TimeProvider clock,
    ILogger<TaskReminderJob> logger)
{
    public const string Page = "pages/claims/index";

    public async Task<ReminderRunResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!wechatOptions.Value.Templates.TryGetValue(NotificationPurpose.TaskReminder.ToString(), out var template) || string.IsNullOrEmpty(template.Id))
        {
            return new ReminderRunResult(0, 0, 0);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now + TaskReminders.DayBefore;
        // Two reads that each walk an index on the start: tasks without shifts, and shifts.
        var plain = await (from t in db.Tasks
                           where !t.HasShifts && t.StartsAt > now && t.StartsAt <= horizon && t.Status != VolunteerTaskStatus.Cancelled
                           join c in db.Claims on t.Id equals c.TaskId
                           where c.Status == ClaimStatus.Claimed
                           join m in db.Members on c.MemberId equals m.Id
                           join u in db.Users on m.UserId equals u.Id
                           where u.OpenId != null
                           select new Due(c.Id, t.StartsAt, t.Title, t.Location, u.OpenId!)).ToListAsync(cancellationToken);
        var shifts = await (from s in db.TaskShifts
                            where s.StartsAt > now && s.StartsAt <= horizon
                            join t in db.Tasks on s.TaskId equals t.Id
                            where t.Status != VolunteerTaskStatus.Cancelled
                            join c in db.Claims on s.Id equals c.ShiftId
                            where c.Status == ClaimStatus.Claimed
                            join m in db.Members on c.MemberId equals m.Id
                            join u in db.Users on m.UserId equals u.Id
                            where u.OpenId != null
                            select new Due(c.Id, s.StartsAt, t.Title, t.Location, u.OpenId!)).ToListAsync(cancellationToken);
        var due = plain.Concat(shifts).Select(d => (Claim: d, Kind: TaskReminders.Due(d.StartsAt, now))).Where(d => d.Kind is not null).ToList();
        var claimIds = due.Select(d => d.Claim.ClaimId).ToList();
        var done = (await db.TaskReminderLogs.AsNoTracking().Where(l => claimIds.Contains(l.ClaimId)).Select(l => new { l.ClaimId, l.Kind }).ToListAsync(cancellationToken))
            .Select(l => (l.ClaimId, l.Kind)).ToHashSet();

        var tally = new ReminderTally();
        foreach (var (claim, kind) in due.Where(d => !done.Contains((d.Claim.ClaimId, d.Kind!.Value))))
        {
            var log = new TaskReminderLog { ClaimId = claim.ClaimId, Kind = kind!.Value, At = now, Outcome = "Pending" };
            db.TaskReminderLogs.Add(log);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Another run took this one a moment ago.
                db.ChangeTracker.Clear();
                continue;
            }

            var fields = new Dictionary<string, string>
            {
                ["title"] = claim.Title,
                ["time"] = ShanghaiTime.Describe(claim.StartsAt),
                ["place"] = claim.Location,
                ["reason"] = TaskReminders.Lead(kind.Value),
                ["status"] = "已认领",
            };
            var data = SendNotificationJob.Fill(template, fields);
            try
            {
                var result = await wechat.SendSubscribeAsync(new SubscribeMessage(claim.OpenId, template.Id, Page, data), cancellationToken);
                log.Outcome = result.ToString();
                tally.Add(result);
            }
            catch (WeChatException e)
            {
                logger.LogWarning("Task reminder for claim {ClaimId} not sent: WeChat unavailable (errcode {ErrCode})", claim.ClaimId, e.ErrCode);
                db.TaskReminderLogs.Remove(log);
                tally.Failed++;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        if (tally.Sent + tally.NotSubscribed + tally.Failed > 0)
        {
            logger.LogInformation("Task reminders: {Sent} sent, {NotSubscribed} not subscribed, {Failed} failed", tally.Sent, tally.NotSubscribed, tally.Failed);
        }

        return tally.Result;
    }

    private sealed record Due(long ClaimId, DateTime StartsAt, string Title, string Location, string OpenId);
}
