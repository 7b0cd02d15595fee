using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Tasks;

/// <summary>An occurrence of a series: its date, its task and how full it is.</summary>
public sealed record OccurrenceDto(string TaskId, DateOnly Date, DateTime StartsAt, VolunteerTaskStatus Status, int Slots, int ClaimedCount);

/// <summary>A series (周期任务): how it repeats, what each occurrence is, and its occurrences from today on (and the last 7 days).</summary>
public sealed record TaskSeriesDto(
    string Id,
    TaskTier Tier,
    string? ScopeId,
    ServiceCategory Category,
    string Title,
    string Description,
    string Location,
    string StartTime,
    int DurationMinutes,
    int Slots,
    int Flags,
    RecurrenceFrequency Frequency,
    IReadOnlyList<DayOfWeek> DaysOfWeek,
    DateOnly FirstDate,
    DateOnly Until,
    DateOnly GeneratedThrough,
    IReadOnlyList<OccurrenceDto> Occurrences);

/// <summary>
/// The series as its publisher changes it: the fields of a task (the time of day and length taken from
/// <c>startsAt</c>/<c>endsAt</c>) and <c>until</c>. Occurrences not yet begun change; begun or past ones stay.
/// </summary>
public sealed record UpdateTaskSeriesRequest(
    string? Title,
    string? Description,
    string? Location,
    DateTime? StartsAt,
    DateTime? EndsAt,
    int? Slots,
    int? Flags,
    KnowledgeType? KnowledgeType,
    IReadOnlyList<string>? Skills,
    bool? AllowGroupClaims,
    bool? CheckInRequired,
    DateOnly? Until,
    GeofenceRequest? Geofence = null) : ITaskFields;

internal sealed class UpdateTaskSeriesRequestValidator : AbstractValidator<UpdateTaskSeriesRequest>
{
    public UpdateTaskSeriesRequestValidator()
    {
        Include(new TaskFieldsValidator());
        RuleFor(r => r.Until).NotNull().WithMessage("请填写重复截止日期");
    }
}

/// <summary>周期任务: published once with <c>recurrence</c> on POST /tasks; read and changed here.</summary>
public static class TaskSeriesEndpoints
{
    public const string EndedEarly = "周期任务已提前结束";

    public static RouteGroupBuilder MapTaskSeries(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/task-series").WithTags("Tasks").RequireAuthorization();
        group.MapGet("/{id:long}", Get)
            .WithName("GetTaskSeries").ScopedBy(ScopeCheck.Place).WithSummary("周期任务：重复规则与各次任务")
            .ProducesProblem(403).ProducesProblem(404);
        group.MapPut("/{id:long}", Update)
            .WithName("UpdateTaskSeries").ScopedBy(ScopeCheck.Place).WithSummary("修改周期任务：只改尚未开始的各次任务，已开始或已结束的不变")
            .Validate<UpdateTaskSeriesRequest>()
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    /// <summary>POST /tasks with <c>recurrence</c>: the series, and its occurrences of the next two weeks at once.</summary>
    internal static async Task<Results<Created<TaskDto>, ProblemHttpResult>> StartAsync(TaskPlan plan, RecurrenceRequest repeat, AdminServices admin, CancellationToken cancellationToken)
    {
        var (db, now) = (admin.Db, admin.Now);
        var firstDay = ShanghaiTime.ToShanghai(plan.StartsAt).DayOfWeek;
        var days = repeat.DaysOfWeek is { Count: > 0 } given ? given.Distinct().ToList() : [firstDay];
        var series = TaskSeries.Start(plan, new Recurrence(repeat.Frequency!.Value, days, repeat.Until!.Value), admin.Caller.UserId, now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.TaskSeries.Add(series);
        admin.Audit.RecordFor("TaskSeriesPublished", "TaskSeries", series, null,
            new { series.Title, series.Frequency, days = Recurrence.DaysOf(series.DaysMask), series.FirstDate, series.Until, series.Slots, series.Flags });
        await db.SaveChangesAsync(cancellationToken);
        var made = await db.GenerateAsync(series, now, cancellationToken);
        if (made.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return Problems.Validation("recurrence.daysOfWeek", "按所选星期和截止日期，没有可发布的日期");
        }

        await transaction.CommitAsync(cancellationToken);
        var first = made[0];
        return TypedResults.Created($"/api/v1/task-series/{series.Id}", TaskMapping.ToDto(first, first.Shifts, null, now));
    }

    public static async Task<Results<Ok<TaskSeriesDto>, ProblemHttpResult>> Get(long id, ZhujiDbContext db, PlaceDirectory places, Caller caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        var loaded = await OwnAsync(id, db, places, caller, cancellationToken);
        return loaded.Found ? TypedResults.Ok(await DtoAsync(db, loaded.Value, clock.GetUtcNow().UtcDateTime, cancellationToken)) : loaded.Refusal;
    }

    public static async Task<Results<Ok<TaskSeriesDto>, ProblemHttpResult>> Update(
        long id, UpdateTaskSeriesRequest request, [AsParameters] AdminServices admin, GrabStatements statements, CancellationToken cancellationToken)
    {
        var (db, now) = (admin.Db, admin.Now);
        var loaded = await OwnAsync(id, db, admin.Places, admin.Caller, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var series = loaded.Value;
        var today = DateOnly.FromDateTime(ShanghaiTime.ToShanghai(now).DateTime);
        var edit = new TaskEdit(request.Title!.Trim(), request.Description?.Trim() ?? "", request.Location!.Trim(), request.StartsAt!.Value, request.EndsAt!.Value,
            request.Slots!.Value, request.Flags!.Value, request.KnowledgeType ?? series.KnowledgeType, (request.Skills ?? []).Select(s => s.Trim()).Distinct().ToList(),
            request.AllowGroupClaims ?? series.AllowGroupClaims, request.CheckInRequired ?? series.CheckInRequired);
        var before = new { series.Title, series.Location, series.StartMinute, series.DurationMinutes, series.Slots, series.Flags, series.Until };
        series.Revise(edit, request.Until!.Value, today);

        var tell = new List<(VolunteerTask Task, long[] Holders)>();
        var promoted = new List<Promotion>();
        var cancelled = new List<(VolunteerTask Task, long[] Claimers)>();
        await using (var transaction = await db.BeginWriteAsync(cancellationToken))
        {
            // The occurrences not yet begun become what the series is now; those after the new end are cancelled.
            var future = await db.Tasks.Where(t => t.SeriesId == id && t.Status == VolunteerTaskStatus.Published && t.StartsAt > now).ToListAsync(cancellationToken);
            foreach (var task in future)
            {
                var holders = await (from c in db.Claims.Where(Claim.Awaiting)
                                     join m in db.Members on c.MemberId equals m.Id
                                     where c.TaskId == task.Id
                                     select m.UserId).ToArrayAsync(cancellationToken);
                if (task.OccurrenceDate > series.Until)
                {
                    var cancellation = task.Cancel(EndedEarly, now);
                    await db.SaveChangesAsync(cancellationToken);
                    cancelled.Add((task, await db.ApplyAsync(cancellation, cancellationToken)));
                    continue;
                }

                var occurrence = series.EditFor(task.OccurrenceDate!.Value, task.ClaimedCount);
                if (occurrence.StartsAt <= now)
                {
                    continue; // moved earlier than now on today's date: today's stays as it was
                }

                var revision = task.Revise(occurrence, now);
                // Places never below the claims, against a claim racing in: the database sets them (as a task's own update does).
                var slots = series.Slots;
                db.Entry(task).Property(t => t.Slots).IsModified = false;
                await db.Tasks.Where(t => t.Id == task.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.Slots, t => t.ClaimedCount > slots ? t.ClaimedCount : slots), cancellationToken);
                if (revision.Tell && holders.Length > 0)
                {
                    tell.Add((task, holders));
                }
            }

            admin.Audit.Record("TaskSeriesUpdated", "TaskSeries", id, before,
                new { series.Title, series.Location, series.StartMinute, series.DurationMinutes, series.Slots, series.Flags, series.Until, occurrencesChanged = future.Count });
            await db.SaveChangesAsync(cancellationToken);
            foreach (var task in future.Where(t => t.Status == VolunteerTaskStatus.Published))
            {
                promoted.AddRange(await db.PromoteAsync(statements, task.Id, null, now, cancellationToken)); // more places: the line moves up
            }

            await db.GenerateAsync(series, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await WaitlistEndpoints.TellAsync(db, admin.Notifier, promoted, cancellationToken);
        foreach (var (task, claimers) in cancelled)
        {
            admin.Notifier.Tell(Messages.TaskCancelled(task, claimers, EndedEarly));
        }

        foreach (var (task, holders) in tell)
        {
            admin.Notifier.Tell(Messages.TaskChanged(task, holders));
        }

        return TypedResults.Ok(await DtoAsync(db, series, now, cancellationToken));
    }

    /// <summary>A series the caller publishes for (its tier and scope, or above).</summary>
    private static async Task<Loaded<TaskSeries>> OwnAsync(long id, ZhujiDbContext db, PlaceDirectory places, Caller caller, CancellationToken cancellationToken)
    {
        var series = await db.TaskSeries.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return series is null ? Problems.NotFound("周期任务不存在")
            : await places.TaskScopeAsync(series.Tier, series.ScopeId, cancellationToken) is { } place && caller.Administers(place) ? series
            : Problems.Forbidden("只有发布层级的管理员可以管理该周期任务");
    }

    private static async Task<TaskSeriesDto> DtoAsync(ZhujiDbContext db, TaskSeries s, DateTime now, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-7);
        var occurrences = await db.Tasks.AsNoTracking().Where(t => t.SeriesId == s.Id && t.StartsAt >= since).OrderBy(t => t.StartsAt)
            .Select(t => new OccurrenceDto(t.Id.ToString(), t.OccurrenceDate!.Value, t.StartsAt, t.Status, t.Slots, t.ClaimedCount)).ToListAsync(cancellationToken);
        return new TaskSeriesDto(Ids.Format(s.Id), s.Tier, Ids.Format(s.ScopeId), s.Category, s.Title, s.Description, s.Location,
            $"{s.StartMinute / 60:D2}:{s.StartMinute % 60:D2}", s.DurationMinutes, s.Slots, s.Flags, s.Frequency, Recurrence.DaysOf(s.DaysMask), s.FirstDate, s.Until,
            s.GeneratedThrough, occurrences);
    }
}
