using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Infrastructure.WeChat;

/// <summary>
/// Keeps the access token in memory and in the database (one row per app id), so that every instance
/// uses the same token. It is refreshed a few minutes before expiry under a lock. The lock is per
/// process: across instances the stable_token API returns the same token while it is valid, so two
/// instances refreshing at once do not invalidate each other.
/// </summary>
public sealed class WeChatAccessTokenCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile CachedToken? current;

    /// <param name="appId">The mini-program.</param>
    /// <param name="fetch">Asks WeChat for a token (the flag is <c>force_refresh</c>).</param>
    /// <param name="rejected">A token WeChat just refused (40001/40014/42001): never hand it out again.</param>
    /// <param name="cancellationToken">The caller's.</param>
    public async Task<string> GetAsync(string appId, Func<bool, CancellationToken, Task<TokenGrant>> fetch, string? rejected, CancellationToken cancellationToken)
    {
        if (Usable(current, appId, rejected) is { } cached)
        {
            return cached;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Usable(current, appId, rejected) is { } refreshedMeanwhile)
            {
                return refreshedMeanwhile;
            }

            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            var row = await db.WeChatAccessTokens.SingleOrDefaultAsync(t => t.AppId == appId, cancellationToken);
            if (row is not null && Usable(new CachedToken(appId, row.Token, row.ExpiresAt), appId, rejected) is { } shared)
            {
                current = new CachedToken(appId, row.Token, row.ExpiresAt);
                return shared;
            }

            var grant = await fetch(false, cancellationToken);
            if (grant.Token == rejected)
            {
                grant = await fetch(true, cancellationToken);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var expiresAt = now.AddSeconds(grant.ExpiresInSeconds);
            if (row is null)
            {
                db.WeChatAccessTokens.Add(new WeChatAccessToken { AppId = appId, Token = grant.Token, ExpiresAt = expiresAt, RefreshedAt = now });
            }
            else
            {
                row.Token = grant.Token;
                row.ExpiresAt = expiresAt;
                row.RefreshedAt = now;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance stored its token first; with stable_token it is the same one.
            }

            current = new CachedToken(appId, grant.Token, expiresAt);
            return grant.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    private string? Usable(CachedToken? token, string appId, string? rejected) =>
        token is not null && token.AppId == appId && token.Token != rejected &&
        token.ExpiresAt - RefreshMargin > clock.GetUtcNow().UtcDateTime
            ? token.Token
            : null;

    private sealed record CachedToken(string AppId, string Token, DateTime ExpiresAt);
}

public sealed record TokenGrant(string Token, int ExpiresInSeconds);
