using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Zhuji.Api.Errors;

namespace Zhuji.Api.Http;

/// <summary>A list's query, bound once (<c>[AsParameters]</c>) and checked once by <see cref="ListQueryFilter"/>.</summary>
public interface IListQuery
{
    /// <summary>What is wrong with it (field → messages); empty when the handler may read <see cref="Page"/>.</summary>
    Dictionary<string, string[]> Problems();

    PageRequest Page { get; }
}

/// <summary><c>?limit=</c> (default 20, 1–100) and <c>?cursor=</c> of every list.</summary>
public readonly record struct ListQuery([FromQuery(Name = "limit")] int? Limit, [FromQuery(Name = "cursor")] string? Cursor) : IListQuery
{
    public PageRequest Page => PageRequest.TryCreate(Limit, Cursor, out var page, out _) ? page : throw new InvalidOperationException("The list query was not checked.");

    public Dictionary<string, string[]> Problems()
    {
        PageRequest.TryCreate(Limit, Cursor, out _, out var errors);
        return errors;
    }
}

/// <summary>
/// A list that also answers as a workbook: <c>?format=xlsx</c> (all rows) besides the page. Phones in the workbook are
/// masked unless <c>?unmasked=true</c> (the caller still sees only the phones his scope shows him; the export is audited).
/// </summary>
public readonly record struct ExportQuery(
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "cursor")] string? Cursor,
    [FromQuery(Name = "format")] string? Format,
    [FromQuery(Name = "unmasked")] bool? Unmasked)
    : IListQuery
{
    public PageRequest Page => new ListQuery(Limit, Cursor).Page;

    /// <summary>The workbook rather than the page.</summary>
    public bool Xlsx => XlsxExport.TryRead(Format, out var xlsx) && xlsx;

    /// <summary>The workbook shows whole phone numbers (<c>?unmasked=true</c>).</summary>
    public bool UnmaskedPhones => Unmasked == true;

    public Dictionary<string, string[]> Problems()
    {
        var errors = new ListQuery(Limit, Cursor).Problems();
        if (!XlsxExport.TryRead(Format, out _))
        {
            errors["format"] = [XlsxExport.BadFormat];
        }

        return errors;
    }
}

/// <summary>
/// Every list's query checked before its handler runs: a bad limit, cursor or format is a 400 naming the field, and the
/// handler reads a valid <see cref="IListQuery.Page"/>. Set once on the API's group; only handlers that take a list
/// query get the check.
/// </summary>
public static class ListQueryFilter
{
    public static RouteGroupBuilder CheckListQueries(this RouteGroupBuilder group) =>
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var at = factory.MethodInfo.GetParameters().Select((p, i) => (p, i)).Where(x => typeof(IListQuery).IsAssignableFrom(x.p.ParameterType)).Select(x => x.i).ToList();
            if (at.Count == 0)
            {
                return next;
            }

            return async context =>
            {
                foreach (var i in at)
                {
                    if (context.Arguments[i] is IListQuery query && query.Problems() is { Count: > 0 } errors)
                    {
                        return (ProblemHttpResult)Problems.Validation(errors);
                    }
                }

                return await next(context);
            };
        });
}
