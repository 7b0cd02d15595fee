using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Wishes;

namespace Zhuji.Infrastructure.Data.Protection;

/// <summary>
/// The columns encrypted at rest, declared once: phones (deterministic, searchable by exact number), home addresses and
/// the admins' authenticator secrets (random). The model converts them on every read and write, including query parameters compared with them; the
/// start-up migration encrypts what was written before in place.
/// </summary>
public static class ProtectedColumns
{
    /// <summary>The stored text's room: an 11-digit phone seals to 55 characters, a 20-character address to at most 124.</summary>
    public const int PhoneLength = 64, AddressLength = 128;

    private static readonly (Type Entity, string Property, bool Exact)[] Declared =
    [
        (typeof(Registration), nameof(Registration.Phone), true),
        (typeof(Registration), nameof(Registration.Building), false),
        (typeof(Registration), nameof(Registration.Unit), false),
        (typeof(Registration), nameof(Registration.Room), false),
        (typeof(Member), nameof(Member.Phone), true),
        (typeof(RosterEntry), nameof(RosterEntry.Phone), true),
        (typeof(YearEndRollEntry), nameof(YearEndRollEntry.Phone), true),
        (typeof(Wish), nameof(Wish.ContactPhone), false),
        (typeof(Redemption), nameof(Redemption.HomeBuilding), false),
        (typeof(Redemption), nameof(Redemption.HomeUnit), false),
        (typeof(Redemption), nameof(Redemption.HomeRoom), false),
        (typeof(AdminAccount), nameof(AdminAccount.TotpSecret), false),
        (typeof(AdminAccount), nameof(AdminAccount.PendingTotpSecret), false),
    ];

    /// <summary>The declared columns of a built model: table, column, the key column, and how each is sealed.</summary>
    public static IEnumerable<(string Table, string Column, string Key, bool Exact)> In(IModel model) =>
        Declared.Select(d =>
        {
            var entity = model.FindEntityType(d.Entity)!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            return (table.Name, entity.FindProperty(d.Property)!.GetColumnName(table)!, entity.FindPrimaryKey()!.Properties[0].GetColumnName(table)!, d.Exact);
        });

    /// <summary>Sizes the columns for sealed text and, when the context has a key, converts them.</summary>
    public static void Apply(ModelBuilder model, PersonalDataProtector? protector)
    {
        foreach (var (entity, property, exact) in Declared)
        {
            var column = model.Entity(entity).Property(property).HasMaxLength(exact ? PhoneLength : AddressLength);
            if (protector is not null)
            {
                column.HasConversion(exact
                    ? new ValueConverter<string, string>(v => protector.ProtectExact(v), v => protector.Unprotect(v))
                    : new ValueConverter<string, string>(v => protector.ProtectRandom(v), v => protector.Unprotect(v)));
            }
        }
    }
}

/// <summary>Carries the key into the context's options (the pooled context cannot take it in its constructor).</summary>
public sealed class PersonalDataProtectionExtension(PersonalDataProtector protector) : IDbContextOptionsExtension
{
    public PersonalDataProtector Protector { get; } = protector;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) =>
        services.AddSingleton<IModelCacheKeyFactory, ProtectedModelCacheKeyFactory>();

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(PersonalDataProtectionExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "PersonalDataProtection ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["PersonalDataProtection:KeyId"] = ((PersonalDataProtectionExtension)Extension).Protector.KeyId;
    }

    /// <summary>Two keys in one process (tests) are two models: each model's converters hold their key.</summary>
    private sealed class ProtectedModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), designTime, (context as ZhujiDbContext)?.Protector?.KeyId);
    }
}

public static class PersonalDataProtectionOptions
{
    public static DbContextOptionsBuilder UsePersonalDataProtection(this DbContextOptionsBuilder options, PersonalDataProtector protector)
    {
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new PersonalDataProtectionExtension(protector));
        return options;
    }
}
