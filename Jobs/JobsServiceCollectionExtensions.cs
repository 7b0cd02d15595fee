using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Hangfire (in-memory on the embedded default, on the server database otherwise), its server, the jobs and their schedule.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section);
        var provider = configuration.GetSection(DatabaseOptions.Section).GetValue(nameof(DatabaseOptions.Provider), DatabaseProvider.Sqlite);
        var storage = options.Storage ?? provider switch
        {
            DatabaseProvider.SqlServer => JobStorageKind.SqlServer,
            DatabaseProvider.PostgreSql => JobStorageKind.PostgreSql,
            _ => JobStorageKind.InMemory,
        };

        services.AddHangfire((provider, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(new DisposalTolerantLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(provider.GetRequiredService<ILoggerFactory>())))
                .UseFilter(new JobMetricsFilter(provider.GetRequiredService<Infrastructure.Observability.ZhujiMetrics>()));
            if (storage == JobStorageKind.SqlServer)
            {
                var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
                    ?? throw new InvalidOperationException("ConnectionStrings:Zhuji is required for Hangfire on SQL Server.");
                config.UseSqlServerStorage(connectionString, new SqlServerStorageOptions { PrepareSchemaIfNecessary = true });
            }
            else if (storage == JobStorageKind.PostgreSql)
            {
                var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
                    ?? throw new InvalidOperationException("ConnectionStrings:Zhuji is required for Hangfire on PostgreSQL.");
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, SchemaName = "hangfire" });
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions());
            }
        });

        if (options.RunServer)
        {
            services.AddHangfireServer(server => server.WorkerCount = Math.Max(1, options.WorkerCount));
        }

        services.AddScoped<PurgeIdempotencyRecordsJob>();
        services.AddScoped<SendNotificationJob>();
        services.AddScoped<AnnualComplianceJob>();
        services.AddScoped<WorkUnitReportJob>();
        services.AddScoped<Infrastructure.Reports.ReportMaker>();
        services.AddScoped<ComplianceReminderJob>();
        services.AddScoped<TaskReminderJob>();
        services.AddScoped<AdminDigestJob>();
        services.AddScoped<PointsExpiryJob>();
        services.AddScoped<DatabaseBackupJob>();
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section);
        services.AddSingleton<INotifier, HangfireNotifier>();
        services.AddScoped<MediaCheckJob>();
        services.AddScoped<PurgeOrphanUploadsJob>();
        services.AddScoped<TallyCheckJob>();
        services.AddScoped<TaskSeriesJob>();
        services.AddScoped<RetentionJob>();
        services.AddSingleton<Infrastructure.Uploads.IPhotoChecks, HangfirePhotoChecks>();
        services.AddSingleton<JobSchedule>();
        services.AddHostedService<JobScheduleStarter>();
        return services;
    }

    private sealed class JobScheduleStarter(JobSchedule schedule) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            schedule.Apply();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
