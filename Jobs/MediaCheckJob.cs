using Hangfire;
using Microsoft.EntityFrameworkCore;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Uploads;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Jobs;

/// <summary>Asks WeChat to check one photo and keeps the trace id its verdict will come back under; retried while WeChat is down.</summary>
[AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class MediaCheckJob(ZhujiDbContext db, IWeChatClient wechat)
{
    public async Task RunAsync(long uploadId, string openId, string mediaUrl, CancellationToken cancellationToken)
    {
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is null || upload.MediaTraceId is not null)
        {
            return;
        }

        upload.MediaCheckAsked(await wechat.MediaCheckAsync(openId, mediaUrl, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary><see cref="IPhotoChecks"/> by Hangfire.</summary>
internal sealed class HangfirePhotoChecks(IBackgroundJobClient jobs) : IPhotoChecks
{
    public void Check(long uploadId, string openId, string mediaUrl) =>
        jobs.Enqueue<MediaCheckJob>(j => j.RunAsync(uploadId, openId, mediaUrl, CancellationToken.None));
}
