using FluentValidation;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;

namespace Zhuji.Api.Features.Auth;

public sealed record WeChatLoginRequest(string? Code);

/// <summary>A back-office login; <c>totp</c> is the authenticator app's 6-digit code, once the account has one (or must).</summary>
public sealed record PasswordLoginRequest(string? Username, string? Password, string? Totp = null);

/// <summary>What an authenticator app needs: the secret (base32), the <c>otpauth://</c> link, and that link as a QR code (a PNG data URL) to scan.</summary>
public sealed record TotpEnrolmentDto(string Secret, string OtpauthUri, string Issuer, string Account, string QrDataUrl);

public sealed record TotpConfirmRequest(string? Code);

public sealed record TotpStatusDto(bool Enabled, DateTime? EnabledAt, bool Required);

public sealed record LoginResponse(string Token, DateTime ExpiresAt, UserDto User);

/// <summary>A role with its scope; <c>scopeName</c> (the street, community, block or unit) is filled in <c>/me</c>.</summary>
public sealed record RoleDto(Role Role, string? ScopeId, string? ScopeName = null);

/// <summary>The caller's back-office account, when he logged in with one (for changing his password).</summary>
public sealed record AccountRefDto(string Id, string Username);

public sealed record RegistrationRefDto(string Id, RegistrationStatus Status);

/// <summary>The logged-in user: his roles with their scopes and, once he has registered, his registration.</summary>
public sealed record UserDto(string Id, string DisplayName, IReadOnlyList<RoleDto> Roles, RegistrationRefDto? Registration);

public sealed record MemberRefDto(string Id, string Name, MemberType MemberType, string CommunityId, string BlockId, string? WorkUnitId);

/// <summary>
/// Who is logged in. For a member also his hours of service over all years and his star level (星级志愿者:
/// <c>star</c> 0–5 by <c>Zhuji:Volunteers:StarHours</c>, its name, and the hours the next star needs; null at the top).
/// </summary>
public sealed record MeResponse(string Id, string DisplayName, IReadOnlyList<RoleDto> Roles, RegistrationRefDto? Registration, MemberRefDto? Member, AccountRefDto? Account,
    decimal? LifetimeHours = null, int? Star = null, string? StarName = null, decimal? NextStarHours = null);

internal sealed class WeChatLoginRequestValidator : AbstractValidator<WeChatLoginRequest>
{
    public WeChatLoginRequestValidator() =>
        RuleFor(r => r.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("登录凭证 code 不能为空")
            .MaximumLength(128).WithMessage("登录凭证 code 过长");
}

internal sealed class PasswordLoginRequestValidator : AbstractValidator<PasswordLoginRequest>
{
    public PasswordLoginRequestValidator()
    {
        RuleFor(r => r.Username).NotEmpty().WithMessage("用户名不能为空").MaximumLength(32).WithMessage("用户名过长");
        RuleFor(r => r.Password).NotEmpty().WithMessage("密码不能为空").MaximumLength(128).WithMessage("密码过长");
        RuleFor(r => r.Totp).MaximumLength(10).WithMessage("动态口令为 6 位数字");
    }
}
