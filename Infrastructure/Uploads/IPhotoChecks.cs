namespace Zhuji.Infrastructure.Uploads;

/// <summary>
/// Sends an uploaded photo to WeChat's image check (Live mode), later, in a job: the upload answers at once, and a
/// WeChat outage only delays the check.
/// </summary>
public interface IPhotoChecks
{
    /// <param name="mediaUrl">A URL WeChat can download without a token (signed, valid for an hour).</param>
    void Check(long uploadId, string openId, string mediaUrl);
}
