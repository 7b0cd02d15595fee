using Zhuji.Domain.Identity;

namespace Zhuji.Api.Auth;

/// <summary>Authorization policies named by endpoints. Scope checks beyond the role live in the handlers.</summary>
public static class Policies
{
    public const string CityAdmin = nameof(CityAdmin);

    public static IServiceCollection AddZhujiPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(CityAdmin, p => p.RequireAuthenticatedUser()
                .RequireAssertion(c => ScopeRules.IsCityAdmin(c.User.Grants())));
        return services;
    }
}
