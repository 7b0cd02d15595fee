namespace Zhuji.Domain.Common;

/// <summary>
/// A rule of the domain was broken. <see cref="Code"/> is one of <see cref="ErrorCodes"/>;
/// the message is zh-CN and is shown to the person who caused it.
/// </summary>
public sealed class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public static DomainException InvalidState(string message) => new(ErrorCodes.InvalidState, message);
    public static DomainException Conflict(string message) => new(ErrorCodes.Conflict, message);
}
