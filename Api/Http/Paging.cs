using System.Linq.Expressions;
using System.Buffers.Text;
using System.Text;

namespace Zhuji.Api.Http;

/// <summary>
/// A page of a list: <c>{ items, nextCursor }</c> (null when there is no more), and <c>total</c> on the first page of
/// the lists whose count is cheap (a queue, a community's tasks, a year's results); null elsewhere, where the cursor
/// says whether there is more.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor, [property: System.ComponentModel.Description("共几条（仅部分列表的首页给出）")] int? Total = null);

/// <summary>
/// <c>?limit=</c> (default 20, 1–100) and <c>?cursor=</c>. A cursor is the sort key of the last item seen,
/// encoded so that clients treat it as opaque; a cursor that was not ours is a 400.
/// </summary>
public readonly record struct PageRequest(int Limit, string? After)
{
    public const int DefaultLimit = 20;
    public const string InvalidCursor = "分页游标无效";
    public const int MaxLimit = 100;

    public static bool TryCreate(int? limit, string? cursor, out PageRequest page, out Dictionary<string, string[]> errors)
    {
        errors = [];
        page = default;
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"每页条数须在 1 到 {MaxLimit} 之间"];
        }

        string? after = null;
        if (!string.IsNullOrEmpty(cursor) && !TryDecode(cursor, out after))
        {
            errors["cursor"] = [InvalidCursor];
        }

        if (errors.Count > 0)
        {
            return false;
        }

        page = new PageRequest(size, after);
        return true;
    }

    /// <summary>The id after which the next page starts (for lists ordered by id).</summary>
    public long? AfterId => Ids.ParseOrNull(After);

    /// <summary>Takes one item more than the page to know whether another page follows.</summary>
    public int Fetch => Limit + 1;

    public Page<T> ToPage<T>(IReadOnlyList<T> fetched, Func<T, string> cursorOf) =>
        fetched.Count > Limit
            ? new Page<T>(fetched.Take(Limit).ToList(), Encode(cursorOf(fetched[Limit - 1])))
            : new Page<T>(fetched, null);

    public static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    private static bool TryDecode(string cursor, out string? value)
    {
        value = null;
        if (cursor.Length > 200)
        {
            return false;
        }

        try
        {
            value = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return value.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>
/// Keyset paging on an id: the rows past the cursor of a list ordered by id, ascending (<see cref="After{T}"/>) or
/// descending (<see cref="Before{T}"/>); the whole query on the first page. The cursor's id is a parameter of the SQL,
/// not a literal, so every page shares one plan.
/// </summary>
public static class KeysetPaging
{
    public static IQueryable<T> After<T>(this IQueryable<T> query, PageRequest page, Expression<Func<T, long>> id) =>
        Past(query, page, id, Expression.GreaterThan);

    public static IQueryable<T> Before<T>(this IQueryable<T> query, PageRequest page, Expression<Func<T, long>> id) =>
        Past(query, page, id, Expression.LessThan);

    private static IQueryable<T> Past<T>(IQueryable<T> query, PageRequest page, Expression<Func<T, long>> id, Func<Expression, Expression, BinaryExpression> compare)
    {
        if (page.AfterId is not { } after)
        {
            return query;
        }

        var cursor = Expression.Property(Expression.Constant(new Cursor(after)), nameof(Cursor.Id));
        return query.Where(Expression.Lambda<Func<T, bool>>(compare(id.Body, cursor), id.Parameters));
    }

    private sealed record Cursor(long Id);
}
