namespace Zhuji.Domain.Common;

/// <summary>
/// A rule of the domain was broken. <see cref="Code"/> is one of <see cref="ErrorCodes"/>; the message is
/// zh-CN and is shown to the person who caused it. A broken input rule names its fields in
/// <see cref="Errors"/> (the request's JSON names), which the API answers as <c>validation_failed</c>.
/// </summary>
public sealed class DomainException : Exception
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public DomainException(string code, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Code = code;
        Errors = errors ?? NoErrors;
    }

    public string Code { get; }

    /// <summary>Field → messages, for input the entity refused; empty for other rules.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static DomainException InvalidState(string message) => new(ErrorCodes.InvalidState, message);

    public static DomainException Conflict(string message) => new(ErrorCodes.Conflict, message);

    /// <summary>The caller may not do this here (out of his scope, not his role in it).</summary>
    public static DomainException Forbidden(string message) => new(ErrorCodes.Forbidden, message);

    /// <summary>One field's value breaks a rule.</summary>
    public static DomainException Invalid(string field, string message) =>
        new(ErrorCodes.ValidationFailed, message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Several fields break rules: every one is reported, the first message is the summary.</summary>
    public static DomainException Invalid(IReadOnlyCollection<FieldError> errors) =>
        new(ErrorCodes.ValidationFailed, errors.First().Message,
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray()));
}

/// <summary>A rule an input breaks: the field (its JSON name) and the zh-CN message.</summary>
public readonly record struct FieldError(string Field, string Message);
