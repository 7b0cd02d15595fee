using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// Makes a series' occurrences ahead (<see cref="Recurrence.AheadDays"/>): each date's task once. An occurrence another
/// job server made first is found (the unique index on series and date refuses a second), so two servers or a retry
/// never double one; what began already is not made.
/// </summary>
public static class TaskSeriesWriter
{
    public static async Task<IReadOnlyList<VolunteerTask>> GenerateAsync(this ZhujiDbContext db, TaskSeries series, DateTime now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(ShanghaiTime.ToShanghai(now).DateTime);
        var through = today.AddDays(Recurrence.AheadDays);
        var made = new List<VolunteerTask>();
        foreach (var date in series.DatesToMake(today, through).ToList())
        {
            if (series.PlanFor(date).StartsAt <= now ||
                await db.Tasks.AnyAsync(t => t.SeriesId == series.Id && t.OccurrenceDate == date, cancellationToken))
            {
                continue;
            }

            var task = VolunteerTask.Occurrence(series, date, now);
            db.Tasks.Add(task);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                made.Add(task);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                db.Entry(task).State = EntityState.Detached; // another server made it a moment ago
            }
        }

        var last = through < series.Until ? through : series.Until;
        await db.TaskSeries.Where(s => s.Id == series.Id && s.GeneratedThrough < last)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.GeneratedThrough, last), cancellationToken);
        series.Generated(last);
        return made;
    }
}
