using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Zhuji.Infrastructure.WeChat;

internal static class WeChatServiceCollectionExtensions
{
    public static IServiceCollection AddWeChat(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();

        var mode = configuration.GetSection(WeChatOptions.Section).GetValue(nameof(WeChatOptions.Mode), WeChatMode.Fake);
        if (mode == WeChatMode.Live)
        {
            services.AddSingleton<WeChatAccessTokenCache>();
            services.AddHttpClient<IWeChatClient, WeChatApiClient>((sp, http) =>
                {
                    var options = sp.GetRequiredService<IOptions<WeChatOptions>>().Value;
                    http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                    http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
                })
                .RemoveAllLoggers();
        }
        else
        {
            services.AddSingleton<FakeWeChatClient>();
            services.AddSingleton<IWeChatClient>(sp => sp.GetRequiredService<FakeWeChatClient>());
        }

        return services;
    }
}
