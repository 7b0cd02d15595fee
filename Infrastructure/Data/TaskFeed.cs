using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary><c>?when=</c> on the member's feed.</summary>
public enum FeedWindow
{
    /// <summary>What he can still take (the default when no status is asked for).</summary>
    Upcoming,

    /// <summary>Started, ended, closed or cancelled.</summary>
    Past,

    /// <summary>A status filter alone: every task of that status, newest first.</summary>
    Any,
}

public enum FeedOrder
{
    SoonestFirst,
    LatestFirst,
}

/// <summary>
/// A page's filters: category and status, how many to read (<paramref name="Fetch"/>: a page and one more), the cursor
/// (<paramref name="After"/>: the start and id of the last task seen; null on the first page), and the tasks shown
/// apart (<paramref name="Apart"/>: the invited ones heading the first page), left out of the pages.
/// </summary>
public sealed record FeedFilter(
    ServiceCategory? Category, VolunteerTaskStatus? Status, int Fetch, (DateTime Start, long Id)? After, IReadOnlyList<long>? Apart = null);

/// <summary>
/// A page of tasks as queries: <see cref="Merged"/>, the index-ordered branches each cut to a page and merged in SQL;
/// and <see cref="Few"/>, a city-wide part with few rows, read whole and kept where <see cref="Visible"/>.
/// </summary>
public sealed record FeedQuery(IQueryable<VolunteerTask> Merged, IQueryable<VolunteerTask>? Few, Func<VolunteerTask, bool> Visible, FeedOrder Order, int Fetch)
{
    public async Task<List<VolunteerTask>> ReadAsync(CancellationToken cancellationToken)
    {
        var tasks = await Merged.ToListAsync(cancellationToken);
        if (Few is null)
        {
            return tasks;
        }

        var more = (await Few.ToListAsync(cancellationToken)).Where(Visible);
        return (Order == FeedOrder.SoonestFirst
                ? tasks.Concat(more).OrderBy(t => t.StartsAt).ThenBy(t => t.Id)
                : tasks.Concat(more).OrderByDescending(t => t.StartsAt).ThenByDescending(t => t.Id))
            .Take(Fetch).ToList();
    }
}

/// <summary>
/// The queries behind the task lists. The member's feed is one branch per tier and part (see
/// <see cref="TaskAvailability"/>), each walking an index in feed order and stopping at a page, merged with
/// <c>UNION ALL</c>: an OR of the tiers would make SQLite gather and sort every visible task before taking twenty.
/// </summary>
public static class TaskFeed
{
    /// <summary><c>?when=</c>: upcoming (the default without a status), past, or, with a status alone, any.</summary>
    public static bool TryParse(string? when, VolunteerTaskStatus? status, out FeedWindow window)
    {
        window = string.IsNullOrWhiteSpace(when) ? (status is null ? FeedWindow.Upcoming : FeedWindow.Any)
            : when.Trim().ToLowerInvariant() switch
            {
                "upcoming" => FeedWindow.Upcoming,
                "past" => FeedWindow.Past,
                _ => (FeedWindow)(-1),
            };
        return Enum.IsDefined(window);
    }

    public static FeedQuery ForMember(IQueryable<VolunteerTask> tasks, Home home, FeedWindow window, DateTime now, FeedFilter filter)
    {
        var tiers = new List<IQueryable<VolunteerTask>> { tasks.Where(t => t.Tier == TaskTier.City && t.ScopeId == null) };
        if (home.CommunityId is { } community)
        {
            tiers.Add(tasks.Where(t => t.Tier == TaskTier.Community && t.ScopeId == community));
        }

        if (home.BlockId is { } block)
        {
            tiers.Add(tasks.Where(t => t.Tier == TaskTier.Block && t.ScopeId == block));
        }

        return window switch
        {
            FeedWindow.Upcoming => Of(tiers.Select(t => t.Where(TaskAvailability.Upcoming(now))).ToList(), FeedOrder.SoonestFirst, filter,
                tasks.Where(TaskAvailability.Running(now)), t => ClaimRules.IsVisibleTo(t.Tier, t.ScopeId, home)),
            FeedWindow.Past => Of(
                tiers.SelectMany(t => TaskAvailability.Ended.Select(ended => t.Where(TaskAvailability.EndedEarly(now, ended))).Prepend(t.Where(TaskAvailability.Started(now)))).ToList(),
                FeedOrder.LatestFirst, filter),
            _ => Of(tiers, FeedOrder.LatestFirst, filter),
        };
    }

    /// <summary>
    /// The open tasks a member is invited to (<see cref="TaskInvitation.PinnedInFeed"/>), soonest first, for the head of
    /// his feed: only those the page's <paramref name="filter"/> would show (its <see cref="Filtered"/> rules).
    /// </summary>
    /// <remarks>His invitations by the <c>(MemberId, Id)</c> index, then those tasks by id: two small reads.</remarks>
    public static async Task<List<VolunteerTask>> InvitedAsync(ZhujiDbContext db, long memberId, DateTime now, FeedFilter filter, int take, CancellationToken cancellationToken)
    {
        if (take == 0)
        {
            return [];
        }

        var ids = await db.TaskInvitations.AsNoTracking().Where(i => i.MemberId == memberId).OrderByDescending(i => i.Id)
            .Select(i => i.TaskId).Take(TaskInvitation.MaxPerCall).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        return await Filtered(db.Tasks.AsNoTracking().Where(TaskAvailability.Upcoming(now)).Where(t => ids.Contains(t.Id)), filter)
            .OrderBy(t => t.StartsAt).ThenBy(t => t.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>The tasks a filter lets through, whatever the page: what a list counts (<c>total</c>) and pages through.</summary>
    public static IQueryable<VolunteerTask> Filtered(IQueryable<VolunteerTask> query, FeedFilter filter)
    {
        // A member's own report (自主申报) is his claim's, not a task anyone may take or manage.
        query = query.Where(t => !t.Reported);
        if (filter.Category is { } category)
        {
            query = query.Where(t => t.Category == category);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(t => t.Status == status);
        }

        if (filter.Apart is { Count: > 0 } apart)
        {
            query = query.Where(t => !apart.Contains(t.Id));
        }

        return query;
    }

    public static FeedQuery Of(
        IReadOnlyList<IQueryable<VolunteerTask>> branches, FeedOrder order, FeedFilter filter, IQueryable<VolunteerTask>? few = null, Func<VolunteerTask, bool>? visible = null)
    {
        var soonest = order == FeedOrder.SoonestFirst;
        var (afterStart, afterId) = filter.After ?? default;

        IQueryable<VolunteerTask> Sort(IQueryable<VolunteerTask> query) => soonest
            ? query.OrderBy(t => t.StartsAt).ThenBy(t => t.Id)
            : query.OrderByDescending(t => t.StartsAt).ThenByDescending(t => t.Id);

        IQueryable<VolunteerTask> Filter(IQueryable<VolunteerTask> query)
        {
            query = Filtered(query, filter);
            if (filter.After is not null)
            {
                query = soonest
                    ? query.Where(t => t.StartsAt > afterStart || (t.StartsAt == afterStart && t.Id > afterId))
                    : query.Where(t => t.StartsAt < afterStart || (t.StartsAt == afterStart && t.Id < afterId));
            }

            return Sort(query);
        }

        var merged = branches.Select(b => Filter(b).Take(filter.Fetch)).Aggregate((a, b) => a.Concat(b));
        return new FeedQuery(
            branches.Count == 1 ? merged : Sort(merged).Take(filter.Fetch),
            few is null ? null : Filter(few),
            visible ?? (_ => true),
            order,
            filter.Fetch);
    }
}
