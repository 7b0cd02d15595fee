using Microsoft.EntityFrameworkCore;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Api.Features.Content;

public enum ContentCheck
{
    Pass,

    /// <summary>Accepted, but an admin should read it first (WeChat asked for review, or could not be asked).</summary>
    NeedsReview,

    Risky,
}

/// <summary>
/// Text that residents can read (wishes, suggestions) goes through WeChat's msgSecCheck. A risky text is
/// refused; an unavailable check does not block the post but marks it for review. Back-office accounts
/// (no openid) are not checked.
/// </summary>
public sealed class ContentGuard(IWeChatClient wechat, ZhujiDbContext db, ILogger<ContentGuard> logger)
{
    public async Task<ContentCheck> CheckAsync(long userId, string text, CancellationToken cancellationToken)
    {
        var openId = await db.Users.Where(u => u.Id == userId).Select(u => u.OpenId).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(openId))
        {
            return ContentCheck.Pass;
        }

        try
        {
            return await wechat.MsgSecCheckAsync(openId, text, cancellationToken) switch
            {
                ContentVerdict.Risky => ContentCheck.Risky,
                ContentVerdict.Review => ContentCheck.NeedsReview,
                _ => ContentCheck.Pass,
            };
        }
        catch (WeChatException e)
        {
            logger.LogWarning("Content check unavailable ({Api} errcode {ErrCode}); the post is kept for review", e.Api, e.ErrCode);
            return ContentCheck.NeedsReview;
        }
    }
}
