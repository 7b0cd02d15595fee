namespace Zhuji.Api.Http;

/// <summary>What a create answers when the contract asks only for the new id.</summary>
public sealed record IdResponse(string Id);
