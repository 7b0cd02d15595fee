using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Rosters;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Infrastructure;

/// <summary>
/// Phones and addresses encrypted at rest: nowhere in the database file (SQLite) or in a dump (PostgreSQL), yet found by
/// exact phone, matched to the roster, readable in a restored backup; a database written before is sealed in place at
/// start; another key is refused at start rather than failing on every read.
/// </summary>
public class EncryptionAtRestTests : ApiTest
{
    private const string Building = "梧桐苑十七幢";
    private const string Room = "一八〇四室";

    [Test]
    public async Task NoPhoneOrAddressIsStoredInPlainTextYetSearchAndTheRosterStillFindThem()
    {
        var (phone, city, admin) = await RegisterAsync(Factory);
        var found = await admin.GetAsync($"/api/v1/communities/{city.CommunityA}/members?q={phone}").ReadJsonAsync(HttpStatusCode.OK);
        var registrations = await admin.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations?q={phone}").ReadJsonAsync(HttpStatusCode.OK);
        var unit = await (await Factory.CityAdminAsync()).GetAsync($"/api/v1/work-units/{city.WorkUnit}/roster?q={phone}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(found["items"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(found["items"]![0]!["phone"]!.GetValue<string>(), Is.EqualTo(phone));
            Assert.That(found["items"]![0]!["address"]!.GetValue<string>(), Does.Contain(Building));
            Assert.That(registrations["items"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(unit["items"]![0]!["registrationStatus"]!.GetValue<string>(), Is.EqualTo("Approved"), "the roster line is matched to his registration by phone");
        });

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            var stored = await db.Database.SqlQueryRaw<string>("SELECT \"Phone\" AS \"Value\" FROM \"Registrations\" WHERE \"Phone\" LIKE 'e1:%'").ToListAsync();
            Assert.That(stored, Is.Not.Empty);
            Assert.That(stored, Has.None.Contains(phone));
        }

        if (ZhujiApiFactory.Postgres is null)
        {
            await using (var scope = Factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ZhujiDbContext>().Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            }

            var file = Path.Combine(Factory.Folder, "zhuji.db");
            var bytes = Directory.GetFiles(Factory.Folder, "zhuji.db*").SelectMany(File.ReadAllBytes).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(Contains(bytes, Encoding.UTF8.GetBytes(phone)), Is.False, $"{phone} in {file}");
                Assert.That(Contains(bytes, Encoding.UTF8.GetBytes(Building)), Is.False, "the building");
                Assert.That(Contains(bytes, Encoding.UTF8.GetBytes(Room)), Is.False, "the room");
                Assert.That(Contains(bytes, Encoding.UTF8.GetBytes("王加密")), Is.True, "the name is not encrypted: the check can see plain text");
            });
        }
        else
        {
            var dump = await PgDumpAsync(Factory);
            Assert.Multiple(() =>
            {
                Assert.That(dump, Does.Not.Contain(phone));
                Assert.That(dump, Does.Not.Contain(Building).And.Not.Contain(Room));
                Assert.That(dump, Does.Contain("王加密"), "the name is not encrypted: the dump is readable");
            });
        }
    }

    [Test]
    [SqliteOnly]
    public async Task ABackupRestoresReadableWithTheKey()
    {
        var (phone, city, _) = await RegisterAsync(Factory);
        string file;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            file = (await scope.ServiceProvider.GetRequiredService<DatabaseBackupJob>().RunAsync(CancellationToken.None))!;
        }

        var restored = Path.Combine(Path.GetTempPath(), "zhuji-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(restored);
        File.Copy(file, Path.Combine(restored, "zhuji.db"));
        await using var again = new ZhujiApiFactory(folder: restored);
        var admin = await TestCity.AdminAsync(again, Unique("restored-"), "CommunityAdmin", city.CommunityA);
        var found = await admin.GetAsync($"/api/v1/communities/{city.CommunityA}/members?q={phone}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(found["items"]![0]!["phone"]!.GetValue<string>(), Is.EqualTo(phone));
        Directory.Delete(restored, recursive: true);
    }

    [Test]
    public async Task ADatabaseWrittenBeforeEncryptionIsSealedInPlaceAtStart()
    {
        await using var first = new ZhujiApiFactory();
        var (phone, city, _) = await RegisterAsync(first);
        var plain = "137" + phone[3..];
        await using (var scope = first.Services.CreateAsyncScope())
        {
            // As an older release (or a bulk load) wrote them: plain text.
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Registrations\" SET \"Phone\" = {0}, \"Building\" = {1} WHERE \"Phone\" = {2}", plain, "老楼三幢", db.Protector!.ProtectExact(phone));
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Members\" SET \"Phone\" = {0} WHERE \"Phone\" = {1}", plain, db.Protector!.ProtectExact(phone));
            await db.Database.ExecuteSqlRawAsync("UPDATE \"RosterEntries\" SET \"Phone\" = {0} WHERE \"Phone\" = {1}", plain, db.Protector!.ProtectExact(phone));
            Assert.That(await db.Database.SqlQueryRaw<string>("SELECT \"Phone\" AS \"Value\" FROM \"Members\" WHERE \"Phone\" = {0}", plain).ToListAsync(), Has.Count.EqualTo(1));
        }

        await using var restarted = new ZhujiApiFactory(folder: first.Folder, clock: null);
        var admin = await TestCity.AdminAsync(restarted, Unique("after-"), "CommunityAdmin", city.CommunityA);
        var found = await admin.GetAsync($"/api/v1/communities/{city.CommunityA}/members?q={plain}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(found["items"]![0]!["address"]!.GetValue<string>(), Does.Contain("老楼三幢"));
        await using (var scope = restarted.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            foreach (var table in new[] { "Registrations", "Members", "RosterEntries" })
            {
                var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\" WHERE \"Phone\" <> '' AND \"Phone\" NOT LIKE 'e1:%'";
                var left = await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
                Assert.That(left, Is.Zero, table);
            }

            var building = await db.Database.SqlQueryRaw<string>("SELECT \"Building\" AS \"Value\" FROM \"Registrations\" WHERE \"Phone\" = {0}", db.Protector!.ProtectExact(plain)).SingleAsync();
            Assert.That(building, Does.StartWith("r1:"));
        }
    }

    [Test]
    public async Task AnotherKeyIsRefusedAtStartWithWhatToDo()
    {
        await using var first = new ZhujiApiFactory();
        await RegisterAsync(first);
        var other = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:DataProtection:Key"] = Convert.ToBase64String(new byte[32]) }, folder: first.Folder);
        var refused = Assert.Throws<InvalidOperationException>(() => _ = other.Server);
        Assert.That(refused!.Message, Does.Contain("Zhuji:DataProtection:Key"));
        try
        {
            await other.DisposeAsync();
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }
    }

    /// <summary>A member registers (phone, building and room) in a new small city and is approved; his unit's roster holds his phone.</summary>
    private static async Task<(string Phone, TestCity City, HttpClient Admin)> RegisterAsync(ZhujiApiFactory factory)
    {
        var city = await TestCity.CreateAsync(factory);
        var phone = Registrations.NewPhone();
        var cityAdmin = await factory.CityAdminAsync();
        using var roster = new MultipartFormDataContent();
        roster.Add(new ByteArrayContent(Encoding.UTF8.GetBytes($"姓名,手机号\n王加密,{phone}\n")), "file", "roster.csv");
        await cityAdmin.PostAsync($"/api/v1/work-units/{city.WorkUnit}/roster", roster).ReadAsync<RosterImportResult>(HttpStatusCode.OK);
        var member = await factory.LoginAsync(Unique("enc-"));
        var body = Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit, name: "王加密", phone: phone);
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body, HttpHelpers.Json))!;
        json["building"] = Building;
        json["room"] = Room;
        var registration = await member.PostJsonAsync("/api/v1/registrations", json).ReadAsync<RegistrationDto>(HttpStatusCode.Created);
        await cityAdmin.ApproveAsync(registration.Id);
        var admin = await TestCity.AdminAsync(factory, Unique("enc-ca-"), "CommunityAdmin", city.CommunityA);
        return (phone, city, admin);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static async Task<string> PgDumpAsync(ZhujiApiFactory factory)
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(factory.PostgresConnection);
        var start = new ProcessStartInfo("pg_dump", ["--data-only", "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", connection.Username!, connection.Database!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = connection.Password ?? "";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, await process.StandardError.ReadToEndAsync());
        return output;
    }
}
