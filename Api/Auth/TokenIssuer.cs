using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Zhuji.Domain.Identity;

namespace Zhuji.Api.Auth;

public sealed record IssuedToken(string Token, DateTime ExpiresAt);

/// <summary>
/// Signs the bearer token a login returns, carrying the user's grants as they are at login. Token lifetimes
/// are real time (the bearer handler checks them against the system clock), not the business clock.
/// </summary>
public sealed class TokenIssuer(SigningKeyProvider keys, IOptions<AuthOptions> options)
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static readonly JwtSecurityTokenHandler Handler = new() { MapInboundClaims = false };

    public IssuedToken Issue(User user, IEnumerable<Grant> grants)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var expires = now.AddHours(options.Value.TokenLifetimeHours);
        var claims = new List<Claim>
        {
            new(ZhujiClaims.Subject, Http.Ids.Format(user.Id)),
            new(ZhujiClaims.Name, user.DisplayName),
            new(ZhujiClaims.Stamp, user.SecurityStamp),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(grants.Distinct().Select(g => new Claim(ZhujiClaims.Grant, ZhujiClaims.Format(g))));

        var token = new JwtSecurityToken(
            AuthOptions.Issuer,
            AuthOptions.Audience,
            claims,
            notBefore: now.AddSeconds(-5),
            expires: expires,
            signingCredentials: new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256));
        return new IssuedToken(Handler.WriteToken(token), expires);
    }
}
