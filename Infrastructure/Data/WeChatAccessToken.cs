namespace Zhuji.Infrastructure.Data;

/// <summary>The mini-program's access token, shared by every API instance through the database.</summary>
public sealed class WeChatAccessToken
{
    public string AppId { get; set; } = "";
    public string Token { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
    public DateTime RefreshedAt { get; set; }
}
