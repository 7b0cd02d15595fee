using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Content;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Hosting;
using Zhuji.Api.Http;

namespace Zhuji.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>AutoMapper 15+ is commercially licensed: its key, set in production (without one it logs a warning, allowed for development and tests).</summary>
    public const string AutoMapperLicenseKey = "AutoMapper:LicenseKey";

    /// <summary>HTTP concerns: JSON, errors, bearer auth and scopes, validation, mapping, Swagger.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.Converters.Add(new ShanghaiDateTimeConverter());
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.AddErrorHandling();
        services.AddHttpContextAccessor();
        services.AddMemoryCache();

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddOptions<Features.CheckIn.CheckInOptions>().BindConfiguration(Features.CheckIn.CheckInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<TokenIssuer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider>((o, keys) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Audience,
                    IssuerSigningKey = keys.Key,
                    NameClaimType = ZhujiClaims.Name,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = JobsDashboard.ReadDashboardToken,
                    OnTokenValidated = TokenRevocation.ValidateAsync,
                    OnChallenge = TokenRevocation.ChallengeAsync,
                };
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddZhujiPolicies();
        services.AddSingleton<UserAccessCache>();
        services.AddSingleton<CancelledUsers>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RevokedGrantsAuthorizationResultHandler>();

        services.AddScoped<Caller>();
        services.AddScoped<PlaceDirectory>();
        services.AddScoped<UserProfiles>();
        services.AddScoped<AuditLog>();
        services.AddScoped<ScopeQueries>();
        services.AddScoped<ScopedLoader>();
        services.AddScoped<RegistrationInput>();
        services.AddScoped<RegistrationReader>();
        services.AddScoped<WorkUnitNotices>();
        services.AddScoped<CallerMember>();
        services.AddScoped<TaskAccess>();
        services.AddScoped<TaskReader>();
        services.AddScoped<LedgerPeriods>();
        services.AddScoped<TaskGrabbing>();
        services.AddScoped<GroupClaims>();
        services.AddScoped<ContentGuard>();
        services.AddScoped<PublicLinks>();
        services.AddScoped<Zhuji.Api.Features.Uploads.Photos>();
        services.AddSingleton<DerivedKeys>();

        services.AddValidators();
        services.AddAutoMapper(cfg => cfg.LicenseKey = configuration[AutoMapperLicenseKey], typeof(ApiServiceCollectionExtensions).Assembly);
        services.AddZhujiSwagger();
        services.AddZhujiRateLimiting();
        services.AddZhujiTransportSecurity(configuration);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            // Kestrel answers what it refuses itself without a body; these bounds let the API refuse it instead,
            // as problem+json (RequestHygieneMiddleware): long headers up to 128 KB reach it, non-ASCII header
            // bytes are read as Latin-1 rather than dropping the connection.
            kestrel.Limits.MaxRequestHeadersTotalSize = 128 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 200;
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            RequestLineGuard.Configure(kestrel);
        });
        return services;
    }

    /// <summary>The middleware in order: errors first, then limits, then who is calling.</summary>
    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseSecurityHeaders();
        app.UseBackOfficeFiles();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "v1");
            o.DocumentTitle = "先锋微家 API";
        });
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<RequestHygieneMiddleware>();
        app.UseIdempotencyBuffering();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static void AddValidators(this IServiceCollection services)
    {
        var validators = typeof(ApiServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
                .Select(i => (Service: i, Implementation: t)));
        foreach (var (service, implementation) in validators)
        {
            services.AddSingleton(service, implementation);
        }
    }
}
