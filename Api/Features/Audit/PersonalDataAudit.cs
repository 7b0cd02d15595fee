using Zhuji.Domain.Auditing;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Audit;

/// <summary>
/// What an assessor asks to see besides decisions: every workbook that leaves the system (lists, reports, statements,
/// a person's own data) and every page of a list that showed whole phone numbers, with who, when, from where, which
/// list and how many. Set once on the API's group; it looks at what the handler answered, so a new list or export is
/// audited without being told.
/// </summary>
public static partial class PersonalDataAudit
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> PhoneOf = new();

    public static RouteGroupBuilder AuditPersonalData(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var answered = result is INestedHttpResult nested ? nested.Result : result as IResult;
            var http = context.HttpContext;
            if (http.User.Identity?.IsAuthenticated != true || answered is null)
            {
                return result;
            }

            var list = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? http.Request.Path.Value ?? "";
            (string Action, object Detail)? access = answered switch
            {
                FileContentHttpResult { ContentType: XlsxExport.ContentType } file => (AuditActions.Exported, new
                {
                    list,
                    file = file.FileDownloadName,
                    unmaskedPhones = string.Equals(http.Request.Query["unmasked"], "true", StringComparison.OrdinalIgnoreCase),
                    query = Query(http.Request),
                }),
                IValueHttpResult { Value: { } value } when UnmaskedPhones(value) is > 0 and var count => (AuditActions.PhonesViewed, new { list, phones = count, query = Query(http.Request) }),
                _ => null,
            };
            if (access is { } entry)
            {
                http.RequestServices.GetRequiredService<AuditLog>().Record(entry.Action, "List", null, null, entry.Detail);
                await http.RequestServices.GetRequiredService<ZhujiDbContext>().SaveChangesAsync(http.RequestAborted);
            }

            return result;
        });

    /// <summary>How many whole phone numbers a page carries (its items' <c>Phone</c>, <c>MemberPhone</c>, <c>ContactPhone</c>, not masked).</summary>
    private static int UnmaskedPhones(object value)
    {
        var type = value.GetType();
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Page<>))
        {
            return 0;
        }

        var phone = PhoneOf.GetOrAdd(type.GetGenericArguments()[0], t => t.GetProperties()
            .FirstOrDefault(p => p.PropertyType == typeof(string) && p.Name.EndsWith("Phone", StringComparison.Ordinal)));
        if (phone is null)
        {
            return 0;
        }

        var items = (System.Collections.IEnumerable)type.GetProperty(nameof(Page<object>.Items))!.GetValue(value)!;
        return items.Cast<object>().Count(i => phone.GetValue(i) is string { Length: > 0 } p && !p.Contains('*', StringComparison.Ordinal));
    }

    /// <summary>
    /// The list's filters as asked (paging aside), so the entry says which people were shown; a phone searched for is
    /// kept masked, as the audit is not where whole numbers are kept.
    /// </summary>
    private static Dictionary<string, string> Query(HttpRequest request) =>
        request.Query.Where(q => q.Key is not ("cursor" or "limit"))
            .ToDictionary(q => q.Key, q => PhoneLike().Replace(q.Value.ToString()[..Math.Min(q.Value.ToString().Length, 100)], m => PhoneNumber.Mask(m.Value)));

    [GeneratedRegex("1[3-9][0-9]{9}")]
    private static partial Regex PhoneLike();
}
