using System.ComponentModel;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Protection;
using Zhuji.Infrastructure.Data.Tallies;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>The database (SQLite or SQL Server), the WeChat client (Live or Fake) and the options they read.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        var connectionString = ConnectionStringFor(database.Provider, configuration, environment);

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextPool<ZhujiDbContext, SqliteZhujiDbContext>((sp, o) => WhatFollowsASave(sp, QuietAboutExpectedFailures(o.UseSqlite(connectionString)
                    .AddInterceptors(new SqlitePragmas(), new SqliteCommandGate()))));
                services.AddHostedService<SqliteCheckpointer>();
                services.AddSingleton(sp => new SqliteClaimWriter(connectionString, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SqliteClaimWriter>>()));
                services.AddSingleton<IClaimSlotWriter>(sp => sp.GetRequiredService<SqliteClaimWriter>());
                services.AddHostedService(sp => sp.GetRequiredService<SqliteClaimWriter>());
                services.AddSingleton(_ => new SqlitePreparedReads(connectionString, GrabStatements.Read));
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<ZhujiDbContext, SqlServerZhujiDbContext>((sp, o) => WhatFollowsASave(sp, QuietAboutExpectedFailures(o.UseSqlServer(connectionString))));
                services.AddScoped<IClaimSlotWriter, DirectClaimSlotWriter>();
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<ZhujiDbContext, PostgreSqlZhujiDbContext>((sp, o) => WhatFollowsASave(sp, QuietAboutExpectedFailures(o.UseNpgsql(WithAutoPrepare(connectionString)))));
                services.AddScoped<IClaimSlotWriter, DirectClaimSlotWriter>();
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{database.Provider}'.");
        }

        services.AddSingleton(Data.Protection.PersonalDataKey.Create(configuration, environment));
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<Observability.ZhujiMetrics>();
        services.AddSingleton(PointsOptions.Read(configuration));
        services.AddSingleton(sp => new TallyCatalog(sp.GetRequiredService<IOptions<ComplianceOptions>>().Value.Policy));
        services.AddSingleton<PointsFollowFlags>();
        services.AddSingleton<ISaveFollower, TallyFollower>();
        services.AddSingleton<ISaveFollower, AuditSubjects>();
        services.AddSingleton<SaveFollowersInterceptor>();
        services.AddScoped<GrabStatements>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ComplianceOptions>, ComplianceOptionsValidator>();
        services.AddOptions<VolunteerOptions>().BindConfiguration(VolunteerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VolunteerOptions>, VolunteerOptionsValidator>();
        services.AddScoped<DatabaseInitializer>();
        services.AddHostedService<DatabaseInitializerHostedService>();
        services.AddScoped<DemoCitySeeder>();
        services.AddSingleton<Zhuji.Infrastructure.Uploads.IUploadStore, Zhuji.Infrastructure.Uploads.FolderUploadStore>();
        services.AddOptions<Privacy.PrivacyOptions>().BindConfiguration(Privacy.PrivacyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Privacy.RetentionOptions>().BindConfiguration(Privacy.RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Uploads.UploadOptions>().BindConfiguration(Uploads.UploadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Uploads.DecodeGate>();
        services.AddSingleton<IPasswordHasher<AdminAccount>, PasswordHasher<AdminAccount>>();
        services.AddWeChat(configuration, environment);
        return services;
    }

    /// <summary>
    /// What every save carries along: before it, the points of the flag lines it adds (<see cref="PointsFollowFlags"/>);
    /// after its rows, in its transaction, the tallies of what it changes (<see cref="TallyFollower"/>, declared in
    /// <see cref="TallyCatalog"/>) and the ids of the entities its audit rows record (<see cref="AuditSubjects"/>).
    /// </summary>
    /// <summary>What every context of every provider has: the followers of a save, and the key that seals phones and addresses.</summary>
    private static DbContextOptionsBuilder WhatFollowsASave(IServiceProvider services, DbContextOptionsBuilder options) =>
        options.AddInterceptors(services.GetRequiredService<PointsFollowFlags>(), services.GetRequiredService<SaveFollowersInterceptor>())
            .UsePersonalDataProtection(services.GetRequiredService<Data.Protection.PersonalDataProtector>());

    /// <summary>
    /// <c>ConnectionStrings:Zhuji</c>, or on SQLite a file in the app's data folder. SQL Server has no default.
    /// </summary>
    public static string ConnectionStringFor(DatabaseProvider provider, IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (provider != DatabaseProvider.Sqlite)
        {
            throw new OptionsValidationException(DatabaseOptions.ConnectionStringName, typeof(DatabaseOptions),
                [$"ConnectionStrings:Zhuji is required when Zhuji:Database:Provider is {provider}."]);
        }

        var dataFolder = DataFolder(configuration, environment);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "zhuji.db") }.ToString();
    }

    /// <summary>
    /// PostgreSQL: the statements a request repeats (the grab, the feed, the caller's lookups) prepared once per
    /// connection instead of parsed and planned every time, unless the connection string says otherwise
    /// (<c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared statements). Measured on the bench:
    /// claims 480 → 801/s, feed p95 64 → 28 ms (docs/benchmarks.md).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
    }

    /// <summary>
    /// EF logs every failed command and save at Error with its stack; most are expected (a unique index keeping a
    /// race to one winner, a concurrency token refusing a second decision) and answered 409. The API's exception
    /// handler logs what was not expected, once; EF's own lines go to Debug.
    /// </summary>
    private static DbContextOptionsBuilder QuietAboutExpectedFailures(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            // SQLite rebuilds a table to add a foreign key (migration WorkUnitChangeRegistration), outside a transaction.
            (RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information),
            // SQLite migrations Trust and Reports update rows with SQL while a table's rebuild is pending (EF warns of the
            // order on every fresh database): the updates fill columns the same migration has just added (Users,
            // RoleAssignments, Reports), and the rebuild that follows copies them. The intended order; said once, here.
            (Microsoft.EntityFrameworkCore.Diagnostics.SqliteEventId.TableRebuildPendingWarning, LogLevel.Debug)));

    /// <summary>The service's own folder: the SQLite file, its backups, uploads and development keys, unless set apart.</summary>
    [DefaultValue("(data/ under the content root: Api/data)")]
    public const string DataFolderKey = "Zhuji:DataFolder";

    /// <summary>
    /// The app's own folder for its SQLite file and development keys (created on first use):
    /// <c>Zhuji:DataFolder</c>, by default <c>data/</c> under the content root.
    /// </summary>
    public static string DataFolder(IConfiguration configuration, IHostEnvironment environment)
    {
        var folder = configuration[DataFolderKey] is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment.ContentRootPath, "data");
        Directory.CreateDirectory(folder);
        return folder;
    }

}
